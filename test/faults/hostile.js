'use strict';
// Row "whatever Akkio answers" (issue 11): answers that are valid HTTP and valid JSON but meant
// to hurt a client, and settings a workflow can carry. Each ends as an item or a clear error;
// nothing pollutes the n8n process, outlives its deadline, leaks the key or reaches production.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const tls = require('node:tls');
const { deepJson } = require('../simulator');
const { TRAIN, runAkkio, startSimulator, generateLeadRows, routed, everythingVisible } = require('./support');
const { rl } = require('../support/akkio');

const AKKIO = 'n8n-nodes-akkio.akkio';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Where a training lives: `/api/v1/models/train/<one segment>[/status|/result]`. */
const TRAINING_PATH = /^\/api\/v1\/models\/train\/(new|(?!\.\.?\/)[^/]+\/(status|result))$/;

let sim;
let modelId;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001, datasets: [{ id: 'stuck', rows: generateLeadRows({ count: 60 }), stuck: true }] });
	modelId = sim.addModel({ datasetId: 'leads-sample', predictFields: 'Positive Lead' }).id;
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.faults.clear();
	sim.clearLog();
});

/** The error text a user sees: message and description. */
const shown = (run) => `${run.error?.message ?? ''}\n${run.error?.description ?? ''}`;

describe('prototype pollution', () => {
	const POLLUTING = JSON.stringify({
		status: 'success',
		predictions: [
			{
				'Positive Lead': '1',
				'Probability Positive Lead is 0': 0.2,
				'Probability Positive Lead is 1': 0.8,
				'Probability __proto__ is polluted': 0.5,
				'Probability constructor is hijacked': 0.25,
				'Probability Positive Lead is __proto__': 0.125,
			},
		],
	}).replace('}]}', ',"__proto__":{"injected":1},"constructor":{"prototype":{"injected":2}}}]}');

	afterEach(() => {
		delete Object.prototype.polluted;
		delete Object.hijacked;
	});

	test("Predict's regrouping of `Probability <field> is <class>` keys writes into no prototype", async () => {
		sim.faults.script({ route: 'legacy', method: 'POST' }, [{ status: 200, body: POLLUTING }]);
		const run = await runAkkio(sim, {
			nodeType: AKKIO,
			items: [{ json: { Industry: 'Retail' } }],
			parameters: { resource: 'model', operation: 'predict', modelId: rl(modelId) },
		});
		expect(Object.prototype.polluted).toBeUndefined();
		expect(Object.hijacked).toBeUndefined();
		expect({}.injected).toBeUndefined();
		expect(run.status).toBe('success');
		const { prediction } = run.success[0].json;
		// The odd names are kept as data, as Akkio sent them.
		expect(Object.getPrototypeOf(prediction)).toBe(Object.prototype);
		expect(Object.keys(prediction.probabilities)).toEqual(['Positive Lead', '__proto__', 'constructor']);
		expect(Object.entries(prediction.probabilities['Positive Lead'])).toEqual([
			['0', 0.2],
			['1', 0.8],
			['__proto__', 0.125],
		]);
		expect(Object.getOwnPropertyDescriptor(prediction.probabilities, '__proto__').value).toEqual({ polluted: 0.5 });
		expect(prediction.confidence).toEqual({ 'Positive Lead': 0.8 });
		expect(Object.getOwnPropertyDescriptor(prediction, '__proto__').value).toEqual({ injected: 1 });
	});
});

/** Rewrites the JSON the simulator's training routes answer with (submit, status, result). */
function rewrite(method, transform) {
	const original = sim.training[method];
	sim.training[method] = function rewritten(...args) {
		const response = original.apply(this, args);
		if (!/json/.test(String(response.headers['content-type']))) return response;
		return { ...response, body: transform(JSON.parse(response.body)) };
	};
	return () => {
		sim.training[method] = original;
	};
}

describe('odd but valid JSON where text was expected', () => {
	const OWN_TO_STRING = { toString: 1 };
	const ODD = [
		['an object', { a: 1 }],
		['an object with its own toString', OWN_TO_STRING],
		['a list', [OWN_TO_STRING]],
	];
	let restore;
	afterEach(() => restore?.());

	test.each(ODD)('stats, data_story and field_importance hold %s: the training still becomes an item', async (_, odd) => {
		restore = rewrite('result', (result) =>
			JSON.stringify({
				...result,
				stats: [result.stats[0].map((row, index) => (index === 0 ? { ...row, field_name: odd, field_type: odd } : row)), [{ class_name: odd }]],
				data_story: [
					{ name: odd, outcomes: [{ outcome: odd, causes: [{ field: odd, top_value: odd, bottom_value: odd }] }] },
					...result.data_story,
				],
				field_importance: { ...result.field_importance, odd, toString: odd },
			}),
		);
		for (const output of ['summary', 'perClassRows', 'fieldImportanceRows']) {
			const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true, output } });
			expect(shown(run)).not.toMatch(/primitive value/);
			expect(run.status).toBe('success');
			expect(run.success.length).toBeGreaterThan(0);
			if (output === 'summary') {
				expect(run.success[0].json.data_story).toEqual(expect.any(String));
				expect(run.success[0].json.data_story).not.toMatch(/\[object|undefined/);
			}
		}
	});

	test.each(ODD)("a 422's detail.loc holding %s: a clear 422 error", async (_, odd) => {
		sim.faults.script({ route: 'submit' }, [{ status: 422, body: { detail: [{ loc: ['body', odd, 'duration'], msg: 'must be one of 10, 60' }] } }]);
		const run = await runAkkio(sim, { parameters: TRAIN });
		expect(run.error.message).toMatch(/^Akkio rejected the request: body\..*duration: must be one of 10, 60$/);
		expect(run.error.message).not.toMatch(/\[object/);
	});
});

describe('bounds: depth and size', () => {
	test.each([
		['an object', false],
		['a list', true],
	])('a status 50000 levels deep (%s) in a field Get Status never reads: a clear error, no stack overflow', async (_, array) => {
		const body = `{"status": "IN_PROGRESS", "metadata": {}, "x_debug": ${deepJson(50000, { array })}}`;
		sim.faults.script({ route: 'status' }, Array(4).fill({ status: 200, body }));
		const run = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId: 'task-1' } });
		expect(shown(run)).not.toMatch(/call stack/i);
		expect(run.error.message).toMatch(/nested more than \d+ levels deep/);
	});

	test('a result 10000 levels deep: a clear error naming the task, no stack overflow', async () => {
		sim.faults.script({ route: 'result' }, Array(4).fill({ status: 200, body: `{"stats": ${deepJson(10000)}}` }));
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true, output: 'raw' } });
		expect(shown(run)).not.toMatch(/call stack/i);
		expect(run.error.message).toMatch(/nested more than \d+ levels deep/);
		expect(shown(run)).toContain(sim.trainings.at(-1).taskId);
	});

	test('an answer larger than the size bound: a clear error', async () => {
		const body = `{"status": "IN_PROGRESS", "pad": "${'x'.repeat(33 * 1024 * 1024)}"}`;
		sim.faults.script({ route: 'status' }, Array(4).fill({ status: 200, body }));
		const run = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId: 'task-1' } });
		expect(run.error.message).toMatch(/larger than \d+ MiB/);
	});
});

describe('task IDs from Akkio made only of dots', () => {
	test.each([['.'], ['..'], ['...']])('%s: refused before it reaches a path', async (taskId) => {
		sim.faults.script({ route: 'submit' }, [{ status: 201, body: { task_id: taskId } }]);
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		for (const request of sim.requests) expect(request.path).toMatch(TRAINING_PATH);
		expect(run.error.message).toBe(`Akkio accepted the training but sent a task ID that cannot be used: "${taskId}"`);
		expect(run.error.description).toMatch(/check whether a new model appeared/);
	});
});

describe('deadlines', () => {
	test('Request Timeout bounds the whole answer: a body trickled past it is cut', async () => {
		sim.faults.script({ route: 'status' }, Array(4).fill({ kind: 'trickle', ms: 40, bytes: 1 }));
		const run = await runAkkio(sim, {
			parameters: { operation: 'getStatus', taskId: 'task-1', options: { requestTimeoutSeconds: '={{ 0.4 }}' } },
		});
		const statuses = routed(sim, 'status');
		// Each answer would take about 2 s to arrive: none was read to its end.
		expect(statuses.filter((request) => request.finishedAt !== null)).toEqual([]);
		expect(run.error.message).toMatch(/^Akkio did not answer in time after 4 attempts$/);
	});

	test("a Wait's Timeout bounds a request in flight: an answer that never ends does not keep it running", async () => {
		sim.faults.script({ route: 'status' }, [{ kind: 'endless', ms: 20 }]);
		const run = await runAkkio(sim, {
			timeScale: 1,
			cancelAfterMs: 15000,
			parameters: { operation: 'wait', taskId: 'task-1', options: { timeoutMinutes: '={{ 0.02 }}', requestTimeoutSeconds: 3600 } },
		});
		expect(run.canceled).toBeFalsy();
		expect(run.error.message).toMatch(/^Training task-1 was still running after [\d.]+ minutes, the node's timeout$/);
		expect(run.error.description).toContain('task ID task-1');
	});
});

describe('errors after a successful submit name the task and how to pick it up', () => {
	test.each([
		['429 on every status check', 'status', Array(4).fill({ status: 429, retryAfter: 0 })],
		['connection reset on every status check', 'status', Array(4).fill('reset')],
		['502 on every result fetch', 'result', Array(4).fill(502)],
		['a result that is not JSON', 'result', Array(4).fill('nonjson')],
	])('%s', async (_, route, faults) => {
		sim.faults.script({ route }, faults);
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		const taskId = sim.trainings.at(-1).taskId;
		expect(run.error.message).toContain(taskId);
		expect(run.error.description).toContain(`Get Status or Wait with task ID ${taskId}`);
		expect(run.error.description).toMatch(/instead of submitting again/);
		expect(routed(sim, 'submit')).toHaveLength(1);
	});
});

test('the 200-character excerpt of an error page never cuts a character in half', async () => {
	for (let offset = 195; offset <= 200; offset++) {
		sim.faults.clear();
		sim.faults.script({ route: 'status' }, Array(4).fill({ status: 502, body: `${'x'.repeat(offset)}${'😀'.repeat(10)}` }));
		const run = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId: 'task-1' } });
		expect(run.error.description).toMatch(/Akkio said: x+(?:😀)*…/u);
		expect(shown(run)).not.toMatch(LONE_SURROGATE);
	}
});

describe('the key in every form it travels in', () => {
	// The literal key is recognisable in every form: a match of either needle anywhere is a leak.
	const NEEDLES = [/ESC-?CANARY/i, /9d2e41/i];
	const KEYS = [
		['with + / =', 'ESC+CANARY/9d2e41=='],
		["with * ( ) ! ~ '", "ESC*CANARY(9d2e41)!~'"],
		['with spaces around it and inside', '  ESC CANARY 9d2e41  '],
	];
	const expectNoLeak = (run, name) => {
		const visible = everythingVisible(run);
		for (const needle of NEEDLES) {
			const match = needle.exec(visible);
			if (match) throw new Error(`${name}: the key leaked: …${visible.slice(Math.max(0, match.index - 200), match.index + 100)}…`);
		}
	};
	let keyed;
	afterEach(async () => keyed?.close());

	test.each(KEYS)('key %s: echoed by a 404, a 302 to a sign-in page, a JSON echo and lower-case escapes', async (_, key) => {
		keyed = await startSimulator({ timeScale: 0.001, apiKey: key.trim() });
		const url = encodeURIComponent(key.trim());
		const cases = [
			['a 404 echoing the URL (Dataset → List)', { kind: 'echo', status: 404 }],
			['a 302 to a sign-in page carrying the URL', { kind: 'echo', status: 302 }],
			['a 400 echoing the JSON body', { status: 400, body: `{"detail": "bad body: {\\"api_key\\": ${JSON.stringify(JSON.stringify(key.trim()).replace(/\//g, '\\/')).slice(1, -1)}}"}` }],
			['a page with lower-case escapes', { status: 502, body: `upstream said api_key=${url.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}` }],
			['a page with form encoding', { status: 502, body: `upstream said ${new URLSearchParams({ api_key: key.trim() })}` }],
		];
		for (const [name, fault] of cases) {
			for (const onError of [undefined, 'continueErrorOutput']) {
				keyed.clearLog();
				keyed.faults.clear();
				keyed.faults.script({ route: 'legacy' }, Array(4).fill(fault));
				const run = await runAkkio(keyed, {
					nodeType: AKKIO,
					onError,
					parameters: { resource: 'dataset', operation: 'list' },
					credentials: { akkioApi: { apiKey: key, baseUrl: keyed.url } },
				});
				expect(keyed.requests[0].query.api_key).toBe(key.trim());
				expect(run.error ?? run.errors[0]).toBeTruthy();
				expectNoLeak(run, `${name} (${onError ?? 'stop'})`);
			}
		}
	});
});

describe('the time scale cannot change what Akkio sees', () => {
	let tlsSim;
	let certDir;
	let createSecureContext;
	beforeAll(async () => {
		// A stand-in for a remote Akkio: https on 0.0.0.0, which reaches this machine but is not
		// a loopback name, with a certificate made here and trusted only while this row runs.
		certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'akkio-tls-'));
		const [keyFile, certFile] = [path.join(certDir, 'key.pem'), path.join(certDir, 'cert.pem')];
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=akkio.test',
			'-addext', 'subjectAltName=IP:0.0.0.0', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
		const credentials = { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) };
		tlsSim = await startSimulator({ timeScale: 0.001, tls: credentials });
		createSecureContext = tls.createSecureContext;
		tls.createSecureContext = (options = {}) =>
			createSecureContext({ ...options, ca: options.ca ?? [...tls.rootCertificates, String(credentials.cert)] });
	});
	afterAll(async () => {
		tls.createSecureContext = createSecureContext;
		await tlsSim?.close();
		fs.rmSync(certDir, { recursive: true, force: true });
	});

	test('a workflow carrying timeScale 0.01, on a Base URL that is not loopback: the budget counts real seconds', async () => {
		const items = Array.from({ length: 12 }, (_, index) => ({ json: { taskId: `task-${index}` } }));
		const run = await runAkkio(tlsSim, {
			timeScale: 0.01,
			items,
			parameters: { operation: 'getStatus', taskId: '={{ $json.taskId }}' },
			credentials: { akkioApi: { apiKey: tlsSim.apiKey, baseUrl: `https://0.0.0.0:${tlsSim.port}` } },
		});
		expect(run.error).toBeUndefined();
		expect(tlsSim.requests).toHaveLength(12);
		// Akkio's clock is real: at most 5 requests (the default ceiling) in any one second.
		expect(tlsSim.peakRequestsPerWindow(1000)).toBeLessThanOrEqual(5);
	});
});
