import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
			default: 'https://api.akkio.com',
			description:
				'Akkio API host. Change it only for a proxy or a test server. HTTPS is required except for localhost.',
		},
	];

	// Akkio rejects a key with surrounding whitespace (HTTP 401), and pasted keys often carry it.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-API-Key': '={{String($credentials.apiKey).trim()}}',
			},
		},
	};

	// Celery-backed status lookups answer 200 (PENDING) for any task ID, so a made-up ID is a
	// cheap authenticated call that needs no existing resource.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String($credentials.baseUrl || "https://api.akkio.com").trim().replace(/\\/+$/, "").replace(/\\/api\\/v1$/, "")}}',
			url: '/api/v1/models/train/n8n-credential-check/status',
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
