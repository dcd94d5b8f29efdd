'use strict';
// Row "the API key never appears": every failure path runs with a recognisable key, with and
// without Continue On Fail, and the whole serialized run data (output items, node errors),
// the execution error with every own property (message, description, stack, cause chain,
// errorResponse, context) and every captured log line are searched for it. Servers that echo
// the key back (in an error body, an HTML page, a status or a result) are included.
const {
	TRAIN,
	runAkkio,
	startSimulator,
	reservedClosedPort,
	generateLeadRows,
	until,
	everythingVisible,
} = require('./support');

const KEY = 'LEAK-CANARY-7f3a9c';
const WRONG_KEY = 'WRONG-LEAK-CANARY-7f3a9c';
/** Any of these in anything visible is a leak (the key, a wrong key, or a fragment of either). */
const NEEDLES = [/LEAK-CANARY/i, /7f3a9c/i];
const TIMEOUT = { requestTimeoutSeconds: '={{ 0.2 }}' };
/** GET-only paths: a spurious timeout on a busy machine is retried, and only leaks matter here. */
const FAST_TIMEOUT = { requestTimeoutSeconds: '={{ 0.1 }}' };
const WAIT = { ...TRAIN, waitForCompletion: true, options: TIMEOUT };

let sim;
let foreign;
let closedPort;
let taskId;
beforeAll(async () => {
	foreign = await startSimulator({ timeScale: 0.001, apiKey: KEY });
	sim = await startSimulator({
		timeScale: 0.001,
		apiKey: KEY,
		datasets: [
			{ id: 'fails-with-text', rows: generateLeadRows({ count: 60 }), failWithError: 'Column "Plan" is empty' },
			{ id: 'fails-silently', rows: generateLeadRows({ count: 60 }), failWithoutError: true },
			{ id: 'times-out', rows: generateLeadRows({ count: 60 }), unknownTimeout: true },
			{ id: 'stuck', rows: generateLeadRows({ count: 60 }), stuck: true },
		],
	});
	closedPort = await reservedClosedPort();
	const run = await runAkkio(sim, { parameters: WAIT, credentials: creds() });
	taskId = run.success[0].json.task_id;
});
afterAll(async () => {
	await sim.close();
	await foreign.close();
});
beforeEach(() => {
	sim.faults.clear();
	sim.clearLog();
});

function creds(overrides = {}) {
	return { akkioApi: { apiKey: KEY, baseUrl: sim.url, ...overrides } };
}

const status = (parameters = {}) => ({ parameters: { operation: 'getStatus', taskId: () => taskId, ...parameters } });
const wait = (parameters = {}) => ({ parameters: { operation: 'wait', taskId: () => taskId, options: TIMEOUT, ...parameters } });
const result = (parameters = {}) => ({ parameters: { operation: 'getResult', taskId: () => taskId, output: 'raw', ...parameters } });
const train = (parameters = {}) => ({ parameters: { ...WAIT, ...parameters } });
const every = (fault) => Array(4).fill(fault);

/** [name, run options, faults: [route, specs][], credentials overrides] */
const PATHS = [
	['success: train, wait and raw result', train({ output: 'raw' })],
	['401 on submit (wrong key)', train(), [], { apiKey: WRONG_KEY }],
	['401 on status (wrong key)', status(), [], { apiKey: WRONG_KEY }],
	['401 on wait (wrong key with spaces around it)', wait(), [], { apiKey: `  ${WRONG_KEY}\t` }],
	['403 (another team\'s dataset)', train({ datasetId: 'other-team-data' })],
	['422 (unknown dataset)', train({ datasetId: 'no-such-dataset' })],
	['422 (bad predict field list)', train({ predictFields: '={{ ["Plan", "Nope"] }}' })],
	['404 on result', result({ taskId: 'no-such-task' })],
	['400 on result (not finished)', result(), [['result', [{ status: 400, body: { detail: 'Task is not finished' } }]]]],
	['429 exhausted on status', status(), [['status', every({ status: 429, retryAfter: 1 })]]],
	['429 with a Retry-After beyond the limit', status(), [['status', [{ status: 429, retryAfter: 3600 }]]]],
	['429 exhausted on submit', train(), [['submit', every({ status: 429, retryAfterDate: true })]]],
	...[500, 502, 503, 504].flatMap((code) => [
		[`${code} exhausted on status`, status(), [['status', every(code)]]],
		[`${code} on submit`, train(), [['submit', every(code)]]],
	]),
	['502 exhausted on result', result(), [['result', every(502)]]],
	['HTML 502 page on status', status(), [['status', every('html')]]],
	['HTML 504 page on submit', train(), [['submit', [{ kind: 'html', status: 504, afterEffect: true }]]]],
	['reset on status', status(), [['status', every('reset')]]],
	['reset on submit', train(), [['submit', [{ kind: 'reset', afterEffect: true }]]]],
	['timeout on status', wait({ options: FAST_TIMEOUT }), [['status', every('hang')]]],
	['timeout on submit', train(), [['submit', ['hang']]]],
	['slow answer on result', wait({ options: FAST_TIMEOUT }), [['result', every({ kind: 'slow', ms: 1000 })]]],
	['connection refused on submit', train(), [], { baseUrl: () => `http://127.0.0.1:${closedPort}` }],
	['connection refused on status', status(), [], { baseUrl: () => `http://127.0.0.1:${closedPort}` }],
	['truncated status', status(), [['status', every('truncated')]]],
	['truncated submit', train(), [['submit', ['truncated']]]],
	['non-JSON result', result(), [['result', every('nonjson')]]],
	['FAILED with Akkio\'s error text', train({ datasetId: 'fails-with-text' })],
	['FAILED without an error text', train({ datasetId: 'fails-silently' })],
	['FAILED (Get Status output)', status({ taskId: () => sim.trainings.find((t) => t.datasetId === 'fails-with-text').taskId })],
	['UNKNOWN_TIMEOUT', train({ datasetId: 'times-out' })],
	['stuck forever: the node\'s timeout', train({ datasetId: 'stuck', options: { ...TIMEOUT, timeoutMinutes: '={{ 0.5 }}' } })],
	['a result location on a foreign host', train(), [], {}, { locationStyle: (task) => `${foreign.url}/api/v1/models/train/${task.id}/result` }],
	['a redirect to a foreign host', status(), [['status', every({ status: 302, headers: { location: () => `${foreign.url}/steal` } })]]],
	['invalid parameter', train({ duration: '={{ 45 }}' })],
	['Base URL with plain http to a remote host', train(), [], { baseUrl: 'http://api.akkio.com' }],
	['Base URL that is not a URL', train(), [], { baseUrl: KEY }],
	['Base URL with the key as user info', train(), [], { baseUrl: () => `http://user:${KEY}@127.0.0.1:${sim.port}` }],
	// Servers echoing the key back: everything the node reads is scrubbed.
	['401 echoing the key (JSON)', status(), [['status', [{ status: 401, body: { detail: `Invalid API key ${KEY}` } }]]]],
	['401 echoing the wrong key with spaces', train(), [['submit', [{ status: 401, body: { detail: `Invalid API key "${WRONG_KEY}"` } }]]], { apiKey: ` ${WRONG_KEY} ` }],
	['500 echoing the key (text)', status(), [['status', every({ status: 500, body: `boom; headers: x-api-key=${KEY}` })]]],
	['502 echoing the key on submit', train(), [['submit', [{ status: 502, body: `<html><body>upstream ${KEY}</body></html>` }]]]],
	['422 echoing the key in loc and msg', train(), [['submit', [{ status: 422, body: { detail: [{ loc: ['header', KEY], msg: `bad ${KEY}` }] } }]]]],
	['non-JSON 200 echoing the key', status(), [['status', every({ status: 200, body: `OK ${KEY}` })]]],
	['FAILED status echoing the key', wait(), [['status', [{ status: 200, body: { status: 'FAILED', metadata: { error: `key ${KEY} has no access` } } }]]]],
	['status echoing the key as a field name', status(), [['status', [{ status: 200, body: { status: 'IN_PROGRESS', [KEY]: KEY, metadata: { [`x-${KEY}`]: [KEY] } } }]]]],
	['result echoing the key everywhere', result(), [['result', [{ status: 200, body: { model_id: KEY, stats: [[{ class_name: KEY, [KEY]: 1 }]], data_story: [KEY] } }]]]],
	['submit echoing the key as task ID', train({ waitForCompletion: false }), [['submit', [{ status: 201, body: { task_id: `t-${KEY}` } }]]]],
];

/** Resolves the lazily computed values (task IDs, ports) in run options and faults. */
function resolve(value) {
	if (typeof value === 'function') return value();
	if (Array.isArray(value)) return value.map(resolve);
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
	return value;
}

function expectNoLeak(run, name) {
	const visible = everythingVisible(run);
	expect(visible.length).toBeGreaterThan(100);
	for (const needle of NEEDLES) {
		const match = needle.exec(visible);
		if (match) {
			const around = visible.slice(Math.max(0, match.index - 200), match.index + 100);
			throw new Error(`${name}: the key leaked: …${around}…`);
		}
	}
}

describe.each([
	['the node stops on error', undefined],
	['Continue On Fail (error output)', 'continueErrorOutput'],
])('%s', (_, onError) => {
	test.each(PATHS)('%s', async (name, options, faults = [], credentialOverrides = {}, simOptions) => {
		const saved = {};
		if (simOptions) {
			for (const [key, value] of Object.entries(simOptions)) {
				saved[key] = sim.training.options[key];
				sim.training.options[key] = value;
			}
		}
		try {
			for (const [route, specs] of faults) sim.faults.script({ route }, resolve(specs));
			const run = await runAkkio(sim, {
				...resolve(options),
				onError,
				credentials: creds(resolve(credentialOverrides)),
			});
			expect(run.status).toBeDefined();
			expectNoLeak(run, name);
			if (sim.requests.length > 0 && !credentialOverrides.apiKey) {
				// The key really was in play: Akkio received it.
				expect(sim.requests[0].headers['x-api-key']).toBe(KEY);
			}
			expect(foreign.requests).toHaveLength(0);
		} finally {
			for (const [key, value] of Object.entries(saved)) sim.training.options[key] = value;
		}
	});
});

test('cancelled during a slow answer and during a retry backoff: nothing leaks', async () => {
	for (const fault of [{ kind: 'slow', ms: 5000 }, { status: 429, retryAfter: 60 }]) {
		sim.faults.clear();
		sim.clearLog();
		sim.faults.script({ route: 'status' }, [fault]);
		const running = runAkkio(sim, { timeScale: 1, parameters: { operation: 'getStatus', taskId }, credentials: creds() });
		await until(() => sim.requests.length > 0, 5000, 'the status request');
		running.cancel();
		const run = await running;
		expect(run.canceled).toBe(true);
		expectNoLeak(run, `cancel during ${JSON.stringify(fault)}`);
	}
});
