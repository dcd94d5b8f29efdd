import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { API_ROOT_PATH, DEFAULT_BASE_URL, isLegacyPath, keyRefusal, LEGACY_DATASETS_PATH } from '../nodes/shared/routes';

/** What the credential test shows when Akkio refuses the key. */
const KEY_REJECTED = 'Akkio rejected the API key. Copy it again from Team Settings → API Keys.';

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
	 * (HTTP 401), and pasted keys often carry it, so it is trimmed. The key only goes below the
	 * Base URL, and only when the nodes would send it there: anything else fails unsent.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const refusal = keyRefusal(credentials.baseUrl, requestOptions.url, requestOptions.baseURL);
		if (refusal !== undefined) throw new Error(`${refusal}. The API key was not sent.`);
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

	/**
	 * A request whose answers Akkio documents both ways (test/simulator/CONTRACT.md): the legacy
	 * dataset list answers `{"status": "success", "datasets": [...]}` to a valid key and HTTP 404
	 * `{"status": "missing or invalid API key"}` to a missing or wrong one; /api/v1 routes answer
	 * 401. It goes where the Akkio node's Dataset → List goes, and `authenticate` refuses it unsent
	 * wherever the node would refuse to send the key.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: LEGACY_DATASETS_PATH,
			method: 'GET',
		},
		rules: [
			{ type: 'responseCode', properties: { value: 404, message: KEY_REJECTED } },
			{ type: 'responseCode', properties: { value: 401, message: KEY_REJECTED } },
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
