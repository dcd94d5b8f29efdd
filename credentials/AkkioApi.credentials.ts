import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { API_ROOT_PATH, DEFAULT_BASE_URL, isLegacyPath, trainingTaskPath } from '../nodes/shared/routes';

/** Akkio's first API generation (`/v1/datasets`, `/v1/models`) predates the X-API-Key header. */
function isLegacyRequest(request: IHttpRequestOptions): boolean {
	try {
		return isLegacyPath(new URL(request.url, request.baseURL).pathname);
	} catch {
		return false;
	}
}

/** The Base URL as the nodes use it (routes.normalizeBaseUrl), as an expression for the test request. */
const BASE_URL_EXPRESSION = `={{String($credentials.baseUrl || "${DEFAULT_BASE_URL}").trim().replace(/\\/+$/, "").replace(/${API_ROOT_PATH.replace(/\//g, '\\/')}$/, "")}}`;

export class AkkioApi implements ICredentialType {
	name = 'akkioApi';

	displayName = 'Akkio API';

	icon: Icon = { light: 'file:../icons/akkio.svg', dark: 'file:../icons/akkio.dark.svg' };

	documentationUrl = 'https://api-docs.akkio.com/concepts/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Your team API key, from Team Settings → API Keys in the Akkio app. Leading and trailing spaces are removed before use.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				'Akkio API host. Change it only for a proxy or a test server. HTTPS is required except for localhost.',
		},
	];

	/**
	 * The current API (/api/v1) takes the key in the X-API-Key header. The legacy routes take it
	 * as an `api_key` field: in the JSON body where there is one (POST, DELETE), in the query
	 * string only for GET, which has no body. Akkio rejects a key with surrounding whitespace
	 * (HTTP 401), and pasted keys often carry it, so it is trimmed.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const apiKey = String(credentials.apiKey ?? '').trim();
		if (!isLegacyRequest(requestOptions)) {
			return { ...requestOptions, headers: { ...requestOptions.headers, 'X-API-Key': apiKey } };
		}
		const method = (requestOptions.method ?? 'GET').toUpperCase();
		if (method === 'GET' || method === 'HEAD') {
			return { ...requestOptions, qs: { ...requestOptions.qs, api_key: apiKey } };
		}
		const body = (requestOptions.body ?? {}) as IDataObject;
		return { ...requestOptions, body: { ...body, api_key: apiKey }, json: true };
	}

	// Celery-backed status lookups answer 200 (PENDING) for any task ID, so a made-up ID is a
	// cheap authenticated call that needs no existing resource.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: trainingTaskPath('n8n-credential-check', 'status'),
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Akkio rejected the API key. Copy it again from Team Settings → API Keys.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The API key is valid but its team has no API access.',
				},
			},
		],
	};
}
