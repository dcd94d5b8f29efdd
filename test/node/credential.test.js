'use strict';
// The credential's own test request, run the way n8n's credentials tester runs it. It rests on
// documented answers only (the legacy dataset list: "status": "success" for a valid key, 404
// {"status": "missing or invalid API key"} for a wrong one), so it must hold whatever Akkio
// answers for a task ID it does not know, and it must never send the key where the node would not.
const { watchConnections } = require('../support/observe');
const { testCredential } = require('../harness/engine');
const { startSimulator, pkg, runAkkio } = require('../support/akkio');
const { UNDOCUMENTED } = require('../simulator');

const { AkkioApi } = pkg.classes;
const KEY_REJECTED = 'Akkio rejected the API key. Copy it again from Team Settings → API Keys.';

describe.each(UNDOCUMENTED.unknownTask)('unknown task IDs answer %s', (unknownTask) => {
	let sim;
	beforeAll(async () => {
		sim = await startSimulator({ unknownTask });
	});
	afterAll(async () => sim.close());
	beforeEach(() => sim.clearLog());

	test('a valid key passes', async () => {
		const result = await testCredential(AkkioApi, { apiKey: sim.apiKey, baseUrl: sim.url });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('a valid key with spaces around it passes (it is trimmed)', async () => {
		const result = await testCredential(AkkioApi, { apiKey: `  ${sim.apiKey} `, baseUrl: `${sim.url}/api/v1/` });
		expect(result.status).toBe('OK');
		expect(sim.requests.map((r) => r.query.api_key)).toEqual([sim.apiKey]);
	});

	test('a wrong key fails with a clear message', async () => {
		const result = await testCredential(AkkioApi, { apiKey: 'not-the-key', baseUrl: sim.url });
		expect(result).toEqual({ status: 'Error', message: KEY_REJECTED });
	});

	test('an empty key fails the same way', async () => {
		const result = await testCredential(AkkioApi, { apiKey: '   ', baseUrl: sim.url });
		expect(result).toEqual({ status: 'Error', message: KEY_REJECTED });
	});
});

describe('where the test request goes', () => {
	let sim;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(async () => sim.close());
	beforeEach(() => sim.clearLog());

	test('exactly where the Akkio node\'s Dataset → List goes, with the key where the node puts it', async () => {
		await testCredential(AkkioApi, { apiKey: sim.apiKey, baseUrl: sim.url });
		await runAkkio(sim, { nodeType: 'n8n-nodes-akkio.akkio', parameters: { resource: 'dataset', operation: 'list' } });
		const [tested, listed] = sim.requests;
		for (const request of [tested, listed]) {
			expect(request).toMatchObject({ method: 'GET', path: '/v1/datasets', apiKeyIn: 'query', status: 200 });
			expect(request.headers['x-api-key']).toBeUndefined();
		}
		expect(tested.query).toEqual(listed.query);
	});

	// The node refuses each of these Base URLs before any request (test/faults/base-url.js); the
	// credential test must refuse them too, unsent.
	test.each([
		['a user name and password', (url) => url.replace('http://', 'http://user:secret@'), /contains a user name or password/],
		['a query string', (url) => `${url}/?key=1`, /contains a query string or fragment/],
		['a fragment', (url) => `${url}/#api`, /contains a query string or fragment/],
		['plain http to a host that only looks like loopback', (url) => url.replace('127.0.0.1', '127.0.0.1.example.invalid'), /plain http, which would send the API key unencrypted/],
		['another scheme', (url) => url.replace('http://', 'ftp://'), /scheme "ftp:" is not http or https/],
	])('a Base URL with %s is refused before any connection', async (_, make, reason) => {
		const connections = watchConnections(sim.port);
		let result;
		try {
			result = await testCredential(AkkioApi, { apiKey: sim.apiKey, baseUrl: make(sim.url) });
		} finally {
			connections.stop();
		}
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(reason);
		expect(result.message).toMatch(/The API key was not sent\.$/);
		expect(result.message).not.toContain(sim.apiKey);
		expect(connections.count()).toBe(0);
		expect(sim.requests).toHaveLength(0);
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
