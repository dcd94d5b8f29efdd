'use strict';
// The rules every request of both nodes follows, each shown once through one operation: retries,
// no second send of a change after an unknown fate, hostile answers, the key never shown, the
// Base URL check, the rate ceiling, Stop during a request, and the credential's own test.
const { runAkkio, startSimulator, akkioCredentials, until, pkg, rl, leads, TRAIN, AKKIO, useSimulator } = require('../support/akkio');
const { testCredential } = require('../harness/engine');
const { deepJson, generateLeadRows, reservedClosedPort } = require('../simulator');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const tls = require('node:tls');

let counter = 0;
const stand = useSimulator({ timeScale: 0.001 });
const routed = (route) => stand.sim.requests.filter((r) => r.route === route);
/** A dataset of its own, so that row and training counts belong to one test. */
function freshDataset() {
	const id = `transport-${++counter}`;
	stand.sim.addDataset({ id, rows: generateLeadRows({ count: 30 }) });
	return id;
}

describe('retries', () => {
	test.each([
		['429 with Retry-After', { status: 429, retryAfter: 1 }],
		['503 as an HTML page', { kind: 'html', status: 503 }],
	])('%s twice on the submit, then accepted: one training', async (_, fault) => {
		const datasetId = freshDataset();
		stand.sim.faults.script({ route: 'submit' }, [fault, fault]);
		const run = await runAkkio(stand.sim, { parameters: { ...TRAIN, datasetId, waitForCompletion: true } });
		expect(run.success[0].json.status).toBe('SUCCEEDED');
		expect(routed('submit').map((r) => r.status)).toEqual([fault.status, fault.status, 201]);
		expect(stand.sim.trainingCount(datasetId)).toBe(1);
	});

	test('a read is retried after a reset; 4 attempts at most, then a clear error; a 4xx is an answer, never retried', async () => {
		stand.sim.faults.script({ route: 'status' }, ['reset']);
		expect((await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId: 't1' } })).success[0].json.status).toBe('PENDING');
		stand.sim.faults.script({ route: 'status' }, Array(10).fill(503));
		const failed = await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId: 't2' } });
		expect(failed.error.message).toBe('Akkio answered with a server error after 4 attempts');
		stand.sim.faults.clear();
		stand.sim.faults.script({ route: 'status' }, [403]);
		const refused = await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId: 't3' } });
		expect([refused.error.message, refused.error.httpCode]).toEqual(['The API key has no access to this training', '403']);
		expect(routed('status').map((r) => r.status)).toEqual([null, 200, 503, 503, 503, 503, 403]);
	});
	test('connection refused every time: 4 attempts, then an error that points at the Base URL', async () => {
		const run = await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId: 't' }, credentials: akkioCredentials(stand.sim, { baseUrl: `http://127.0.0.1:${await reservedClosedPort()}` }) });
		expect(run.error.message).toBe('Akkio could not be reached (ECONNREFUSED) after 4 attempts');
		expect(run.error.description).toMatch(/Base URL/);
	});

	test('a Retry-After beyond 120 s is not waited out: the 429 is reported at once, with what to do', async () => {
		stand.sim.faults.script({ route: 'status' }, [{ status: 429, retryAfter: 3600 }]);
		const run = await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId: 't' } });
		expect([run.error.message, routed('status').length]).toEqual(["Akkio's rate limit was reached", 1]);
		expect(run.error.description).toMatch(/Max Requests per Second/);
	});

	test('Request Timeout bounds the whole answer: a body trickled past it is cut', async () => {
		stand.sim.faults.script({ route: 'status' }, Array(4).fill({ kind: 'trickle', ms: 40, bytes: 1 }));
		const run = await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId: 't', options: { requestTimeoutSeconds: '={{ 0.4 }}' } } });
		expect(run.error.message).toBe('Akkio did not answer in time after 4 attempts');
		expect(routed('status').filter((r) => r.finishedAt !== null)).toEqual([]); // none was read to its end
	});
});

describe('a change is never sent twice after an unknown fate; the error says how to check', () => {
	test.each([
		['Train Model, reset after Akkio started it', undefined, (d) => ({ ...TRAIN, datasetId: d }), { route: 'submit' }, { kind: 'reset', afterEffect: true }, /check whether a new model appeared/],
		['Dataset → Create, an unreadable answer', AKKIO, () => ({ resource: 'dataset', operation: 'create', name: 'New' }), { route: 'legacy', method: 'POST' }, 'truncated', /List the datasets \(Dataset → List\) and check whether it appeared/],
		['Dataset → Add Rows, no answer in time', AKKIO, (d) => ({ resource: 'dataset', operation: 'addRows', datasetId: rl(d), options: { requestTimeoutSeconds: 1 } }), { route: 'legacy', method: 'POST' }, { kind: 'hang', afterEffect: true }, /Check the dataset's row count \(Dataset → Get\) before sending these rows again/],
	])('%s', async (_, nodeType, parameters, matcher, fault, check) => {
		const datasetId = freshDataset();
		stand.sim.faults.script(matcher, [fault, fault]);
		const run = await runAkkio(stand.sim, { nodeType, items: leads(1), parameters: parameters(datasetId), onError: 'continueErrorOutput' });
		expect(run.errors[0].json.error).toMatch(/it was not retried$/);
		expect(run.errors[0].json.details).toMatch(check);
		expect(stand.sim.filterRequests(matcher)).toHaveLength(1);
	});

	test('a read with an unreadable answer is tried again', async () => {
		stand.sim.faults.script({ route: 'legacy' }, ['truncated']);
		const listed = await runAkkio(stand.sim, { nodeType: AKKIO, parameters: { resource: 'dataset', operation: 'list' } });
		expect(listed.status).toBe('success');
		expect(stand.sim.requests).toHaveLength(2);
	});
});

describe('hostile answers: a clear error, never a crash', () => {
	const shownAsCrash = /primitive value|call stack|Cannot read prop|undefined is not|\[object Object\]/i;

	test.each([['null'], ['[]'], ['"text"'], ['42'], ['{"status": 7, "metadata": "x"}']])('a status answer %s reads as UNKNOWN, not done', async (body) => {
		stand.sim.faults.script({ route: 'status' }, [{ status: 200, body }]);
		const run = await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId: 't' } });
		expect(run.success[0].json).toEqual({ task_id: 't', status: 'UNKNOWN', done: false });
		expect(run.visible).not.toMatch(shownAsCrash);
	});

	test.each([['null'], ['{"task_id": 5}']])('a submit answer %s: no task ID, and how to check', async (body) => {
		stand.sim.faults.script({ route: 'submit' }, [{ status: 201, body }]);
		const run = await runAkkio(stand.sim, { parameters: TRAIN });
		expect(run.error.message).toBe('Akkio accepted the training but sent no task_id');
		expect(run.error.description).toMatch(/Check the dataset in the Akkio app/);
	});

	test('a result with odd types where text was expected still becomes an item', async () => {
		const odd = { toString: 1 };
		stand.sim.faults.script({ route: 'result' }, [{ status: 200, body: JSON.stringify({ status: 'success', model_id: 'm', stats: [[{ class_name: odd, field_name: odd, count: 1 }]], data_story: [{ name: odd, outcomes: [{ outcome: odd, causes: [{ field: odd }] }] }], field_importance: { odd, toString: odd } }) }]);
		const run = await runAkkio(stand.sim, { parameters: { operation: 'getResult', taskId: 't' } });
		expect(run.success).toHaveLength(1);
		expect(run.visible).not.toMatch(shownAsCrash);
	});

	test.each([['an object', false], ['a list', true]])('an answer nested 50000 levels deep (%s)', async (_, array) => {
		stand.sim.faults.script({ route: 'status' }, Array(4).fill({ status: 200, body: `{"status": "IN_PROGRESS", "x": ${deepJson(50000, { array })}}` }));
		const run = await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId: 't' } });
		expect(run.error.message).toMatch(/nested more than \d+ levels deep/);
		expect(run.visible).not.toMatch(shownAsCrash);
	});

	test('an answer larger than the size bound', async () => {
		stand.sim.faults.script({ route: 'status' }, Array(4).fill({ status: 200, body: `{"status": "IN_PROGRESS", "pad": "${'x'.repeat(33 * 1024 * 1024)}"}` }));
		const run = await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId: 't' } });
		expect(run.error.message).toMatch(/larger than \d+ MiB/);
	});

	test("an answer that never ends is cut at the Wait's Timeout", async () => {
		stand.sim.faults.script({ route: 'status' }, [{ kind: 'endless', ms: 20 }]);
		const run = await runAkkio(stand.sim, { timeScale: 1, parameters: { operation: 'wait', taskId: 'task-1', options: { timeoutMinutes: '={{ 0.02 }}', requestTimeoutSeconds: 3600 } } });
		expect(run.error.message).toMatch(/^Training task-1 was still running after [\d.]+ minutes, the node's timeout$/);
	});

	test('a task ID made of dots is refused before it reaches a path', async () => {
		stand.sim.faults.script({ route: 'submit' }, [{ status: 201, body: { task_id: '..' } }]);
		const run = await runAkkio(stand.sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		expect(run.error.message).toBe('Akkio accepted the training but sent a task ID that cannot be used: ".."');
		expect(stand.sim.requests.map((r) => r.route)).toEqual(['submit']);
	});

	test('__proto__ and constructor keys in a prediction write into no prototype', async () => {
		const body = JSON.stringify({ status: 'success', predictions: [{ 'Positive Lead': '1', 'Probability Positive Lead is 1': 0.8, 'Probability __proto__ is polluted': 0.5 }] }).replace('}]}', ',"__proto__":{"injected":1},"constructor":{"prototype":{"injected":2}}}]}');
		stand.sim.faults.script({ route: 'legacy', method: 'POST' }, [{ status: 200, body }]);
		const model = stand.sim.addModel({ datasetId: 'leads-sample', predictFields: ['Positive Lead'] });
		const run = await runAkkio(stand.sim, { nodeType: AKKIO, items: [{ json: { Industry: 'Retail' } }], parameters: { resource: 'model', operation: 'predict', modelId: rl(model.id) } });
		expect(run.visible).not.toMatch(shownAsCrash);
		expect([{}.polluted, {}.injected, Object.prototype.polluted]).toEqual([undefined, undefined, undefined]);
	});
});

test('the key never shows, in any encoding, when a server echoes it back', async () => {
	const key = "  ESC+CANARY/9d2e41*()!~'  ";
	const keyed = await startSimulator({ timeScale: 0.001, apiKey: key.trim() });
	try {
		const echoes = [
			{ kind: 'echo', status: 404 },
			{ kind: 'echo', status: 302 },
			{ status: 400, body: `{"detail": "bad body: {\\"api_key\\": ${JSON.stringify(JSON.stringify(key.trim())).slice(1, -1)}}"}` },
			{ status: 502, body: `upstream said api_key=${encodeURIComponent(key.trim()).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}` },
			{ status: 502, body: `upstream said ${new URLSearchParams({ api_key: key.trim() })}` },
			// JSON without words in it is shown as it came: the key escaped letter by letter.
			{ status: 400, body: `{"echo": "${[...key.trim()].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}` },
		];
		for (const fault of echoes) {
			for (const onError of [undefined, 'continueErrorOutput']) {
				keyed.faults.clear();
				keyed.faults.script({ route: 'legacy' }, Array(4).fill(fault));
				const run = await runAkkio(keyed, { nodeType: AKKIO, onError, parameters: { resource: 'dataset', operation: 'list' }, credentials: akkioCredentials(keyed, { apiKey: key }) });
				expect(run.error || run.errors[0]).toBeTruthy();
				expect(run.visible.replace(/\\+u([0-9a-f]{4})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)))).not.toMatch(/CANARY|9d2e41/i);
			}
		}
		expect(keyed.requests[0].query.api_key).toBe(key.trim()); // it was sent, trimmed
	} finally {
		await keyed.close();
	}
});

test.each([
	['plain http to a remote host', 'http://api.akkio.com', /plain http, which would send the API key unencrypted/],
	['a user name and password', 'http://user:secret@127.0.0.1:1', /contains a user name or password/],
	['not a URL', 'api.akkio.com', /it is not a URL/],
])('a Base URL with %s is refused before any request', async (_, baseUrl, reason) => {
	const run = await runAkkio(stand.sim, { parameters: TRAIN, credentials: akkioCredentials(stand.sim, { baseUrl }) });
	expect(run.error.message).toMatch(/^The Base URL of the Akkio API credential is not usable: /);
	expect(run.error.message).toMatch(reason);
	expect(run.error.description).toMatch(/set Base URL to https:\/\/api\.akkio\.com/);
});

test('an Akkio that answers 429 past 5 requests a second: every item still ends with its result, none trains twice', async () => {
	const limited = await startSimulator({ timeScale: 0.01, rateLimit: { perSecond: 5, retryAfter: 0 } });
	try {
		const ids = Array.from({ length: 8 }, (_, i) => limited.addDataset({ id: `limited-${i}`, rows: generateLeadRows({ count: 20 }) }).id);
		const run = await runAkkio(limited, { timeScale: 0.01, items: ids.map((d) => ({ json: { d } })), parameters: { ...TRAIN, duration: 10, datasetId: '={{ $json.d }}', waitForCompletion: true } });
		expect(run.success.map((i) => i.json.status)).toEqual(ids.map(() => 'SUCCEEDED'));
		expect(ids.map((d) => limited.trainingCount(d))).toEqual(ids.map(() => 1));
	} finally {
		await limited.close();
	}
});

test('Stop during a request in flight ends the node; with Continue On Fail its input passes on, no item says "cancelled"', async () => {
	stand.sim.faults.script({ route: 'legacy', method: 'POST' }, [{ kind: 'slow', ms: 20000 }]);
	const input = leads(1)[0].json;
	const running = runAkkio(stand.sim, { nodeType: AKKIO, onError: 'continueErrorOutput', items: [{ json: input }], parameters: { resource: 'dataset', operation: 'addRows', datasetId: rl(freshDataset()) } });
	await until(() => stand.sim.requests.length > 0, 'the request in flight');
	running.cancel();
	const run = await running;
	expect(run.nodeError.message).toBe('The execution was cancelled');
	expect([run.errors, run.success.map((i) => i.json)]).toEqual([[], [input]]);
});

test("the credential's test: a valid key (spaces trimmed) passes, a wrong one says what to do", async () => {
	expect(await testCredential(pkg.classes.AkkioApi, { apiKey: ` ${stand.sim.apiKey} `, baseUrl: `${stand.sim.url}/api/v1/` })).toEqual({ status: 'OK', message: 'Connection successful!' });
	expect(await testCredential(pkg.classes.AkkioApi, { apiKey: 'not-the-key', baseUrl: stand.sim.url })).toEqual({ status: 'Error', message: 'Akkio rejected the API key. Copy it again from Team Settings → API Keys.' });
	expect(stand.sim.requests.map((r) => [r.path, r.apiKeyIn, r.headers['x-api-key']])).toEqual([['/v1/datasets', 'query', undefined], ['/v1/datasets', 'query', undefined]]);
});

describe('the rate ceiling, as Akkio counts it', () => {
	// Server-side counts are safe here whatever the load: the node takes a slot when a request
	// starts and frees it one window after the answer arrived, so two starts on one slot are a
	// window apart on the simulator's clock too (it logs a start before it answers).
	test('at most 5 requests in any Akkio second, and a lower Max Requests per Second is what Akkio sees', async () => {
		const paced = await startSimulator({ timeScale: 0.05 });
		try {
			const items = Array.from({ length: 12 }, (_, i) => ({ json: { id: `t-${i}` } }));
			await runAkkio(paced, { timeScale: 0.05, items, parameters: { operation: 'getStatus', taskId: '={{ $json.id }}' } });
			expect(paced.requests).toHaveLength(12);
			expect(paced.peakRequestsPerWindow(50)).toBeLessThanOrEqual(5); // unpaced, all 12 would start within a few ms
			paced.clearLog();
			await runAkkio(paced, { timeScale: 0.05, items: items.slice(0, 6), parameters: { operation: 'getStatus', taskId: '={{ $json.id }}', options: { maxRequestsPerSecond: 2 } } });
			expect(paced.peakRequestsPerWindow(50)).toBeLessThanOrEqual(2);
		} finally {
			await paced.close();
		}
	});

	test('the hidden test clock is ignored off loopback: a remote Akkio sees real seconds', async () => {
		// A remote Akkio: https on 0.0.0.0 (not a loopback name), a certificate trusted only here.
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akkio-tls-'));
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=akkio.test', '-addext', 'subjectAltName=IP:0.0.0.0', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`], { stdio: 'ignore' });
		const credentials = { key: fs.readFileSync(`${dir}/key.pem`), cert: fs.readFileSync(`${dir}/cert.pem`) };
		const remote = await startSimulator({ timeScale: 0.001, tls: credentials });
		const createSecureContext = tls.createSecureContext;
		tls.createSecureContext = (options = {}) => createSecureContext({ ...options, ca: options.ca ?? [...tls.rootCertificates, String(credentials.cert)] });
		try {
			const items = Array.from({ length: 7 }, (_, i) => ({ json: { id: `t-${i}` } }));
			const run = await runAkkio(remote, { timeScale: 0.01, items, parameters: { operation: 'getStatus', taskId: '={{ $json.id }}' }, credentials: akkioCredentials(remote, { baseUrl: `https://0.0.0.0:${remote.port}` }) });
			expect(run.success).toHaveLength(7);
			expect(remote.peakRequestsPerWindow(1000)).toBeLessThanOrEqual(5); // on the test clock all 7 would come within 20 ms
		} finally {
			tls.createSecureContext = createSecureContext;
			await remote.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

test('Request Timeout bounds the whole answer even when memory is collected during the request (a fresh worker\'s first request)', async () => {
	// Node keeps an AbortSignal.timeout only weakly once it is combined with AbortSignal.any:
	// collected, it never fires and the answer is read to its end. Collect often to show it.
	require('node:v8').setFlagsFromString('--expose-gc');
	const gc = require('node:vm').runInNewContext('gc');
	stand.sim.faults.script({ route: 'status' }, Array(4).fill({ kind: 'trickle', ms: 100, bytes: 1 }));
	const collecting = setInterval(gc, 10);
	try {
		const run = await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId: 't1', options: { requestTimeoutSeconds: 0.3 } } });
		expect(run.error && run.error.message).toBe('Akkio did not answer in time after 4 attempts');
	} finally {
		clearInterval(collecting);
	}
});
