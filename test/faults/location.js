'use strict';
// Row "location hardening": a result `location` (or an HTTP redirect) pointing anywhere but the
// Akkio API receives zero requests; the documented result path is used instead. A task ID
// containing `/`, `..`, `?`, `#` or `%` never changes the request path.
const http = require('node:http');
const { TRAIN, runAkkio, startSimulator, routed } = require('./support');

/** A server that only counts what reaches it (a foreign host must see nothing). */
async function startTrap(host = '127.0.0.1') {
	const hits = [];
	const server = http.createServer((req, res) => {
		hits.push({ method: req.method, url: req.url, headers: req.headers });
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{"status":"SUCCEEDED","stolen":true}');
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, resolve);
	});
	return {
		hits,
		host,
		port: server.address().port,
		url: `http://${host}:${server.address().port}`,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

let sim;
let trap;
let otherHost;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001 });
	trap = await startTrap();
	// Another host on the loopback network, standing in for a foreign one (skipped if unbindable).
	otherHost = await startTrap('127.0.0.2').catch(() => undefined);
});
afterAll(async () => {
	await sim.close();
	await trap.close();
	if (otherHost) await otherHost.close();
});
beforeEach(() => {
	sim.faults.clear();
	sim.clearLog();
	trap.hits.length = 0;
	if (otherHost) otherHost.hits.length = 0;
});

function setLocation(style) {
	sim.training.options.locationStyle = style;
}
afterEach(() => setLocation('rooted'));

describe('a result location pointing elsewhere is never requested', () => {
	const port = () => sim.port;
	const cases = [
		['another port on 127.0.0.1', (t) => `${trap.url}/api/v1/models/train/${t.id}/result`],
		['another port, protocol-relative', (t) => `//127.0.0.1:${trap.port}/api/v1/models/train/${t.id}/result`],
		['another port, https', (t) => `https://127.0.0.1:${trap.port}/api/v1/models/train/${t.id}/result`],
		['the same port under another host name', (t) => `http://localhost:${port()}/api/v1/models/train/${t.id}/result`],
		['user info hiding the real host', (t) => `http://127.0.0.1:${port()}@127.0.0.1:${trap.port}/api/v1/models/train/${t.id}/result`],
		['backslashes (parsed as slashes)', (t) => `/\\127.0.0.1:${trap.port}/api/v1/models/train/${t.id}/result`],
		['a path escaping the API root', () => '/api/v1/../../steal'],
		['an encoded escape of the API root', () => '/api/v1/%2e%2e/%2e%2e/steal'],
		['a relative path escaping the API root', () => '../../steal'],
		['a javascript: URL', () => 'javascript:fetch("//evil")'],
		['a data: URL', () => 'data:application/json,{"status":"success"}'],
		['a fragment', (t) => `/api/v1/models/train/${t.id}/result#x`],
	];
	test.each(cases)('%s', async (_, style) => {
		setLocation(style);
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		expect(run.status).toBe('success');
		expect(run.success[0].json.macro_f1).toEqual(expect.any(Number));
		expect(trap.hits).toHaveLength(0);
		// Every request stayed on the documented Akkio routes.
		const taskId = sim.trainings[sim.trainings.length - 1].taskId;
		expect(sim.requests.map((r) => r.path)).toEqual([
			'/api/v1/models/train/new',
			...routed(sim, 'status').map(() => `/api/v1/models/train/${taskId}/status`),
			`/api/v1/models/train/${taskId}/result`,
		]);
		expect(run.logText).toMatch(/points outside the Akkio API; the documented result path was used instead/);
	});

	test('another host on the loopback network (127.0.0.2, same port number as nothing else)', async () => {
		if (!otherHost) return; // this machine cannot bind 127.0.0.2: covered by the cases above
		setLocation((t) => `${otherHost.url}/api/v1/models/train/${t.id}/result`);
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		expect(run.status).toBe('success');
		expect(otherHost.hits).toHaveLength(0);
	});

	test('a location on the API itself is followed (relative or rooted)', async () => {
		setLocation((t) => `models/train/${encodeURIComponent(t.id)}/result`);
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		expect(run.status).toBe('success');
		expect(run.logText).not.toMatch(/points outside/);
	});
});

describe('an HTTP redirect is never followed', () => {
	test.each([
		[301, () => `${trap.url}/steal`],
		[302, () => `//127.0.0.1:${trap.port}/steal`],
		[307, () => `http://localhost:${sim.port}/api/v1/models/train/x/status`],
		[308, () => '/api/v1/models/train/x/status'],
	])('%i: reported, not retried, nothing reaches the target', async (code, location) => {
		sim.faults.script({ route: 'status' }, [{ status: code, headers: { location: location() }, body: '' }]);
		const run = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId: 'x' } });
		expect(run.status).toBe('error');
		expect(run.error.message).toBe(`Akkio answered with a redirect to ${location()}, which the node does not follow`);
		expect(run.error.httpCode).toBe(String(code));
		expect(run.error.description).toMatch(/only ever sent to the Base URL/);
		expect(trap.hits).toHaveLength(0);
		expect(sim.requests).toHaveLength(1);
	});
});

describe('a task ID never changes the request path', () => {
	const IDS = [
		'a/b',
		'../new',
		'a/../../../v1/datasets',
		'..%2F..%2Fnew',
		'x?y=1',
		'x?api_key=1&z',
		'x#frag',
		'100%',
		'%',
		'%zz',
		'%2e%2e',
		'.%2e',
		'..;',
		'a\\b',
		'a/.',
		'ü/ß',
	];
	const segmentOf = (path, endpoint) => {
		const match = new RegExp(`^/api/v1/models/train/([^/?#]+)/${endpoint}$`).exec(path);
		return match && decodeURIComponent(match[1]);
	};

	test.each(IDS)('Get Status, Get Result and Wait with %p', async (taskId) => {
		for (const operation of ['getStatus', 'getResult', 'wait']) {
			await runAkkio(sim, {
				parameters: { operation, taskId, output: 'raw', options: { timeoutMinutes: '={{ 0.05 }}' } },
				onError: 'continueRegularOutput',
			});
		}
		expect(sim.requests.length).toBeGreaterThanOrEqual(3);
		for (const request of sim.requests) {
			expect(['status', 'result']).toContain(request.route);
			expect(request.query).toEqual({});
			expect(segmentOf(request.path, request.route)).toBe(taskId);
		}
	});

	test('task IDs from Akkio itself (submit answer) stay one segment through status and result', async () => {
		const weird = await startSimulator({ timeScale: 0.001, taskIdStyle: (_, i) => `../../v1/datasets?x=${i}#%2F` });
		try {
			const run = await runAkkio(weird, { parameters: { ...TRAIN, waitForCompletion: true } });
			expect(run.status).toBe('success');
			const [training] = weird.trainings;
			expect(run.success[0].json.task_id).toBe(training.taskId);
			for (const request of weird.requests.slice(1)) {
				expect(segmentOf(request.path, request.route)).toBe(training.taskId);
			}
			expect(routed(weird, 'result')).toHaveLength(1);
			expect(routed(weird, 'legacy')).toHaveLength(0);
		} finally {
			await weird.close();
		}
	});
});
