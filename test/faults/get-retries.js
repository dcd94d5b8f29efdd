'use strict';
// Row "idempotent GETs": status and result requests are retried on 429, 5xx, resets, timeouts
// and unreadable 200 bodies; at most 4 attempts, with jittered exponential backoff, honouring
// Retry-After (seconds and HTTP date), and every attempt inside the request budget.
const { TRAIN, runAkkio, startSimulator, routed } = require('./support');

const SCALE = 0.001;
/** A request timeout in real seconds (not scaled): hang and slow faults end after this. */
const TIMEOUT = { requestTimeoutSeconds: '={{ 0.2 }}' };

let sim;
let taskId;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: SCALE });
	const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
	expect(run.status).toBe('success');
	taskId = run.success[0].json.task_id;
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.faults.clear();
	sim.clearLog();
});

const RECOVERABLE = [
	['500', 500],
	['502', 502],
	['503', 503],
	['504', 504],
	['429 with Retry-After in seconds', { status: 429, retryAfter: 1 }],
	['429 with Retry-After as an HTTP date', { status: 429, retryAfter: 1, retryAfterDate: true }],
	['a connection reset before any response', 'reset'],
	['a reset after the server did the work', { kind: 'reset', afterEffect: true }],
	['no answer at all (request timeout)', 'hang'],
	['an answer slower than the request timeout', { kind: 'slow', ms: 1500 }],
	['an HTML 502 page from a proxy', 'html'],
	['an HTML 504 page', { kind: 'html', status: 504 }],
	['a truncated JSON body with 200', 'truncated'],
	['a non-JSON body with 200', 'nonjson'],
];

describe.each([['status'], ['result']])('GET %s', (route) => {
	test.each(RECOVERABLE)('%s twice, then the real answer: retried, the item succeeds', async (_, fault) => {
		sim.faults.script({ route }, [fault, fault]);
		// Wait for Training: one status GET (the task is finished) and one result GET.
		const run = await runAkkio(sim, { parameters: { operation: 'wait', taskId, output: 'raw', options: TIMEOUT } });
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');
		expect(run.success).toHaveLength(1);
		expect(run.success[0].json.status).toBe('success');
		const requests = routed(sim, route);
		expect(requests.map((r) => r.faulted)).toEqual([expect.any(String), expect.any(String), null]);
		expect(requests[2].status).toBe(200);
	});
});

test('Get Status and Get Result retry too (no request options there: default timeout)', async () => {
	sim.faults.script({ route: 'status' }, [502, { status: 429, retryAfter: 1 }, 'reset']);
	const status = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId } });
	expect(status.success[0].json).toMatchObject({ task_id: taskId, status: 'SUCCEEDED', done: true });
	expect(routed(sim, 'status')).toHaveLength(4);

	sim.faults.script({ route: 'result' }, ['html', 'truncated', 503]);
	const result = await runAkkio(sim, { parameters: { operation: 'getResult', taskId, output: 'raw' } });
	expect(result.success[0].json.status).toBe('success');
	expect(routed(sim, 'result')).toHaveLength(4);
});

describe('retries are bounded: 4 attempts, then a clear error', () => {
	test.each([
		['503', 503, /^Akkio answered with a server error after 4 attempts$/],
		['502 HTML', 'html', /^Akkio answered with a server error after 4 attempts$/],
		['429', { status: 429, retryAfter: 1 }, /^Akkio's rate limit was reached after 4 attempts$/],
		['reset', 'reset', /^Akkio could not be reached \(ECONNRESET\) after 4 attempts$/],
		['timeout', 'hang', /^Akkio did not answer in time after 4 attempts$/],
		['truncated 200', 'truncated', /^Akkio answered with a body that is not valid JSON$/],
	])('%s every time', async (_, fault, message) => {
		sim.faults.script({ route: 'status' }, Array(10).fill(fault));
		const run = await runAkkio(sim, { parameters: { operation: 'wait', taskId, options: TIMEOUT } });
		expect(run.status).toBe('error');
		expect(run.error.message).toMatch(message);
		expect(run.error.name).toBe('NodeApiError');
		expect(routed(sim, 'status')).toHaveLength(4);
		expect(routed(sim, 'result')).toHaveLength(0);
	});
});

test.each([
	[400, /^Akkio answered with an unexpected status$/],
	[401, /^Akkio rejected the API key$/],
	[403, /^The API key has no access to this training$/],
	[404, /^Akkio has no such training$/],
	[422, /^Akkio rejected the request: /],
])('%i is an answer, not a glitch: never retried', async (code, message) => {
	sim.faults.script({ route: 'status' }, [code, code]);
	const run = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId } });
	expect(run.error.message).toMatch(message);
	expect(run.error.httpCode).toBe(String(code)); // shown beside the message, not in it
	expect(routed(sim, 'status')).toHaveLength(1);
});

describe('backoff timing (time scale 0.01: one Akkio second is 10 ms)', () => {
	const scale = 0.01;
	const gaps = (requests) => requests.slice(1).map((r, i) => r.startedAt - requests[i].finishedAt);

	test('exponential with equal jitter: retry n waits between 2^(n-1)/2 and 2^(n-1) seconds, and items spread out', async () => {
		const ids = Array.from({ length: 8 }, (_, i) => `jitter-${i}`);
		for (const id of ids) sim.faults.script({ path: `/api/v1/models/train/${id}/status` }, [503, 503, 503]);
		const run = await runAkkio(sim, {
			items: ids.map((id) => ({ json: { id } })),
			timeScale: scale,
			parameters: { operation: 'getStatus', taskId: '={{ $json.id }}' },
		});
		expect(run.status).toBe('success');
		const firstGaps = [];
		for (const id of ids) {
			const requests = sim.requests.filter((r) => r.path.includes(`/${id}/`));
			expect(requests.map((r) => r.status)).toEqual([503, 503, 503, 200]);
			const [g1, g2, g3] = gaps(requests);
			// Lower bounds only (a busy machine makes sleeps longer, never shorter).
			expect(g1).toBeGreaterThanOrEqual(1000 * scale * 0.5 - 2);
			expect(g2).toBeGreaterThanOrEqual(1000 * scale * 1 - 2);
			expect(g3).toBeGreaterThanOrEqual(1000 * scale * 2 - 2);
			firstGaps.push(g1);
		}
		// Jitter: eight items failing at the same moment do not all come back at the same moment.
		expect(Math.max(...firstGaps) - Math.min(...firstGaps)).toBeGreaterThan(0.5);
	});

	test.each([
		['in seconds', { status: 429, retryAfter: 30 }],
		['as an HTTP date', { status: 429, retryAfter: 30, retryAfterDate: true }],
	])('Retry-After %s is waited out (30 Akkio seconds = 300 ms, far above the backoff)', async (_, fault) => {
		sim.faults.script({ route: 'status' }, [fault]);
		const run = await runAkkio(sim, { timeScale: scale, parameters: { operation: 'getStatus', taskId } });
		expect(run.status).toBe('success');
		const requests = routed(sim, 'status');
		expect(requests.map((r) => r.status)).toEqual([429, 200]);
		expect(gaps(requests)[0]).toBeGreaterThanOrEqual(300 - 5);
	});

	test('a Retry-After beyond 120 s is not waited out: the 429 is reported at once', async () => {
		sim.faults.script({ route: 'status' }, [{ status: 429, retryAfter: 3600 }]);
		const run = await runAkkio(sim, { timeScale: scale, parameters: { operation: 'getStatus', taskId } });
		expect(run.status).toBe('error');
		expect(run.error.message).toBe("Akkio's rate limit was reached");
		expect(run.error.description).toMatch(/Max Requests per Second/);
		expect(routed(sim, 'status')).toHaveLength(1);
	});
});

test('retries stay inside the request budget: 2 requests per second, retries included', async () => {
	const scale = 0.2; // one Akkio second = 200 ms
	const own = await startSimulator({ timeScale: scale });
	try {
		own.faults.script({ route: 'status' }, Array(8).fill(503));
		const items = Array.from({ length: 6 }, (_, i) => ({ json: { id: `budget-${i}` } }));
		const run = await runAkkio(own, {
			items,
			timeScale: scale,
			parameters: {
				...TRAIN,
				operation: 'wait',
				taskId: '={{ $json.id }}',
				// Unknown IDs answer PENDING forever: 1 minute of Akkio time ends the wait.
				options: { maxRequestsPerSecond: 2, timeoutMinutes: '={{ 0.1 }}' },
			},
			onError: 'continueRegularOutput',
		});
		expect(run.status).toBe('success');
		const faulted = own.requests.filter((r) => r.faulted);
		expect(faulted).toHaveLength(8);
		expect(own.requests.length).toBeGreaterThanOrEqual(10);
		expect(own.peakRequestsPerWindow(1000 * scale)).toBeLessThanOrEqual(2);
	} finally {
		await own.close();
	}
});
