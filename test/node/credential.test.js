'use strict';
// The credential's own test request, run the way n8n's credentials tester runs it.
const { testCredential } = require('../harness/engine');
const { startSimulator, pkg } = require('../support/akkio');

const { AkkioApi } = pkg.classes;

let sim;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => sim.close());

test('a valid key passes', async () => {
	const result = await testCredential(AkkioApi, { apiKey: sim.apiKey, baseUrl: sim.url });
	expect(result.status).toBe('OK');
	const request = sim.requests[sim.requests.length - 1];
	expect(request.method).toBe('GET');
	expect(request.path).toBe('/api/v1/models/train/n8n-credential-check/status');
	expect(request.headers['x-api-key']).toBe(sim.apiKey);
});

test('a valid key with spaces around it passes (it is trimmed)', async () => {
	const result = await testCredential(AkkioApi, { apiKey: `  ${sim.apiKey} `, baseUrl: `${sim.url}/api/v1/` });
	expect(result.status).toBe('OK');
	expect(sim.requests[sim.requests.length - 1].headers['x-api-key']).toBe(sim.apiKey);
});

test('a wrong key fails with a clear message', async () => {
	const result = await testCredential(AkkioApi, { apiKey: 'not-the-key', baseUrl: sim.url });
	expect(result).toEqual({
		status: 'Error',
		message: 'Akkio rejected the API key. Copy it again from Team Settings → API Keys.',
	});
});

test('the credential is shaped as n8n expects', () => {
	const credential = new AkkioApi();
	expect(credential.name).toBe('akkioApi');
	expect(credential.displayName).toBe('Akkio API');
	const apiKey = credential.properties.find((p) => p.name === 'apiKey');
	expect(apiKey).toMatchObject({ required: true, typeOptions: { password: true } });
	expect(credential.properties.find((p) => p.name === 'baseUrl').default).toBe('https://api.akkio.com');
	expect(credential.icon).toEqual({ light: 'file:../icons/akkio.svg', dark: 'file:../icons/akkio.dark.svg' });
	expect(credential.documentationUrl).toMatch(/^https:\/\//);
});
