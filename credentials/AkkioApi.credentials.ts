import type { ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_BASE_URL, isLegacyPath, keyRefusal, LEGACY_DATASETS_PATH, requestUrl } from '../nodes/shared/routes';

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
			description: 'From Team Settings → API Keys in the Akkio app (surrounding spaces are removed)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: 'Change it only for a proxy or a test server. HTTPS is required except for localhost.',
		},
	];

	/**
	 * The current API (/api/v1) takes the key in the X-API-Key header. The legacy routes
	 * (`/v1/datasets`, `/v1/models`) take it as an `api_key` field: in the JSON body where there is
	 * one (POST, DELETE), in the query string only for GET, which has no body. Akkio rejects a key
	 * with surrounding whitespace (HTTP 401), and pasted keys often carry it, so it is trimmed. The
	 * key only goes below the Base URL, and only when the nodes would send it there: anything else
	 * fails unsent (keyRefusal, which also guarantees the URL parses).
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, request: IHttpRequestOptions) {
		const refusal = keyRefusal(credentials.baseUrl, request.url, request.baseURL);
		if (refusal) throw new Error(`${refusal}. The API key was not sent.`);
		const apiKey = String(credentials.apiKey ?? '').trim();
		if (!isLegacyPath(new URL(requestUrl(request.url, request.baseURL)).pathname)) return { ...request, headers: { ...request.headers, 'X-API-Key': apiKey } };
		if (['GET', 'HEAD'].includes((request.method ?? 'GET').toUpperCase())) return { ...request, qs: { ...request.qs, api_key: apiKey } };
		return { ...request, body: { ...(request.body as object), api_key: apiKey }, json: true };
	}

	/**
	 * A request whose answers Akkio documents both ways (test/simulator/CONTRACT.md): the legacy
	 * dataset list answers `{"status": "success", "datasets": [...]}` to a valid key and HTTP 404
	 * `{"status": "missing or invalid API key"}` to a missing or wrong one; /api/v1 routes answer
	 * 401. It goes where the Akkio node's Dataset → List goes, and `authenticate` refuses it unsent
	 * wherever the node would refuse to send the key. The Base URL is normalized as the nodes do
	 * (routes.normalizeBaseUrl: trimmed, without trailing slashes or /api/v1).
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{String($credentials.baseUrl || "${DEFAULT_BASE_URL}").trim().replace(/\\/+$/, "").replace(/\\/api\\/v1$/, "")}}`,
			url: LEGACY_DATASETS_PATH,
			method: 'GET',
		},
		rules: [404, 401, 403].map((value) => ({
			type: 'responseCode' as const,
			properties: { value, message: value === 403 ? 'The API key is valid but its team has no API access.' : 'Akkio rejected the API key. Copy it again from Team Settings → API Keys.' },
		})),
	};
}
