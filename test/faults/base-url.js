'use strict';
// Row "base URL hardening": https is required except for loopback hosts; a trailing slash or a
// trailing /api/v1 is handled; anything unusable is a clear error before any request.
const { TRAIN, runAkkio, startSimulator, watchConnections } = require('./support');

let sim;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001 });
});
afterAll(async () => sim.close());
beforeEach(() => sim.clearLog());

const withBase = (baseUrl) => ({ akkioApi: { apiKey: sim.apiKey, baseUrl } });

describe('accepted, and every request goes to /api/v1 on the simulator', () => {
	test.each([
		['as is', (url) => url],
		['with a trailing slash', (url) => `${url}/`],
		['with several trailing slashes', (url) => `${url}///`],
		['with a trailing /api/v1', (url) => `${url}/api/v1`],
		['with a trailing /api/v1/', (url) => `${url}/api/v1/`],
		['with spaces around it', (url) => `  ${url}/api/v1 \n`],
		['upper-case scheme and host name', (url) => url.replace('http://', 'HTTP://')],
		['localhost (plain http allowed on loopback)', (url) => url.replace('127.0.0.1', 'localhost')],
	])('%s', async (_, make) => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true }, credentials: withBase(make(sim.url)) });
		expect(run.status).toBe('success');
		const paths = sim.requests.map((r) => r.path);
		expect(paths[0]).toBe('/api/v1/models/train/new');
		for (const path of paths) expect(path).toMatch(/^\/api\/v1\/models\/train\/[^/]+(\/(status|result))?$/);
	});

	test('a proxy path prefix is kept in front of /api/v1', async () => {
		const run = await runAkkio(sim, { parameters: TRAIN, credentials: withBase(`${sim.url}/akkio-proxy/api/v1/`) });
		expect(sim.requests.map((r) => r.path)).toEqual(['/akkio-proxy/api/v1/models/train/new']);
		// The simulator is not a proxy: its 404 is reported in Akkio's words.
		expect(run.error.message).toBe('Akkio has no such dataset');
	});
});

describe('refused before any request, with a clear error', () => {
	const PREFIX = 'The Base URL of the Akkio API credential is not usable: ';
	test.each([
		['empty', () => '   ', /it is empty/],
		['not a URL', () => 'api.akkio.com', /it is not a URL \(expected something like https:\/\/api\.akkio\.com\)/],
		['a bare host and port', () => `127.0.0.1:${sim.port}`, /scheme "127\.0\.0\.1:" is not http or https|not a URL/],
		['plain http to a remote host', () => 'http://api.akkio.com', /plain http, which would send the API key unencrypted/],
		['plain http to a host that only starts like loopback', () => `http://127.0.0.1.nip.io:${sim.port}`, /plain http/],
		['plain http to a localhost look-alike', () => `http://localhost.example.com:${sim.port}`, /plain http/],
		['plain http to 0.0.0.0', () => `http://0.0.0.0:${sim.port}`, /plain http/],
		['ftp', () => `ftp://127.0.0.1:${sim.port}`, /scheme "ftp:" is not http or https/],
		['file', () => 'file:///etc/passwd', /scheme "file:" is not http or https/],
		['javascript', () => 'javascript:alert(1)', /scheme "javascript:" is not http or https/],
		['user name and password', () => `http://user:secret@127.0.0.1:${sim.port}`, /contains a user name or password/],
		['a query string', () => `${sim.url}/?key=1`, /query string or fragment/],
		['a fragment', () => `${sim.url}/#api`, /query string or fragment/],
		['https without a host', () => 'https://', /not a URL/],
	])('%s', async (_, make, reason) => {
		const port = sim.port;
		const connections = watchConnections(port);
		try {
			const run = await runAkkio(sim, { parameters: TRAIN, credentials: withBase(make()) });
			expect(run.status).toBe('error');
			expect(run.error.message.startsWith(PREFIX)).toBe(true);
			expect(run.error.message.slice(PREFIX.length)).toMatch(reason);
			expect(run.error.description).toMatch(/set Base URL to https:\/\/api\.akkio\.com/);
			expect(sim.requests).toHaveLength(0);
			expect(connections.count()).toBe(0);
		} finally {
			connections.stop();
		}
	});

	test('the same check applies to every operation', async () => {
		for (const parameters of [
			{ operation: 'getStatus', taskId: 't' },
			{ operation: 'getResult', taskId: 't' },
			{ operation: 'wait', taskId: 't' },
		]) {
			const run = await runAkkio(sim, { parameters, credentials: withBase('http://api.akkio.com') });
			expect(run.error.message).toMatch(/Base URL .* plain http/);
		}
		expect(sim.requests).toHaveLength(0);
	});
});

test('https to a remote host is accepted (the check does not refuse the default)', async () => {
	// No network here: a host that cannot resolve fails at DNS, after the Base URL check.
	const run = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId: 't' }, credentials: withBase('https://akkio.invalid/api/v1/') });
	expect(run.error.message).not.toMatch(/Base URL/);
	expect(run.error.message).toMatch(/^Akkio could not be reached \((ENOTFOUND|EAI_AGAIN)\) after 4 attempts$/);
});
