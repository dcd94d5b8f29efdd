'use strict';
// Row "cancellation": with faults in flight (a slow or hung response, a retry backoff, a
// Retry-After wait, the request budget), cancelling the execution ends the node within about a
// second, and no request reaches Akkio after the cancel.
const { TRAIN, runAkkio, startSimulator, routed, delay, until } = require('./support');

/** "About a second", with room for a busy 2-core machine. */
const ABOUT_A_SECOND = 1500;

let sim;
beforeAll(async () => {
	// Real time: waits are long enough to cancel in the middle of them.
	sim = await startSimulator({ timeScale: 1 });
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.faults.clear();
	sim.clearLog();
});

/**
 * Starts the run, waits until `ready()` (the fault is in flight), cancels, and checks the end:
 * prompt, reported as cancelled or errored, and nothing sent afterwards (a request already on
 * the wire may land within a few ms of the cancel).
 */
async function cancelWhen(options, ready, what) {
	const running = runAkkio(sim, { timeScale: 1, ...options });
	await until(ready, 10000, what);
	await delay(50); // well inside the wait or the in-flight request
	const before = sim.requests.length;
	const cancelledAt = sim.now();
	running.cancel();
	const run = await running;
	const endedAt = sim.now();
	expect(run.canceled).toBe(true);
	expect(['canceled', 'error']).toContain(run.status);
	expect(endedAt - cancelledAt).toBeLessThan(ABOUT_A_SECOND);
	// Nothing new, now or a little later (a backoff or budget timer left behind would fire).
	await delay(300);
	expect(sim.requestsAfter(cancelledAt + 5)).toEqual([]);
	expect(sim.requests.length).toBe(before);
	return run;
}

test('a slow status answer in flight (request timeout 30 s)', async () => {
	sim.faults.script({ route: 'status' }, [{ kind: 'slow', ms: 20000 }]);
	const run = await cancelWhen(
		{ parameters: { operation: 'getStatus', taskId: 'slow' } },
		() => routed(sim, 'status').length === 1,
		'the slow request',
	);
	expect(routed(sim, 'status')).toHaveLength(1);
	expect(run.error.message).toBe('The execution was cancelled');
});

test('a hung submit in flight: cancelled, not retried, no second training', async () => {
	sim.faults.script({ route: 'submit' }, [{ kind: 'hang', afterEffect: true }]);
	await cancelWhen({ parameters: TRAIN }, () => routed(sim, 'submit').length === 1, 'the hung submit');
	expect(routed(sim, 'submit')).toHaveLength(1);
	expect(sim.trainingCount('leads-sample')).toBe(1);
});

test('a retry backoff after 503s (exponential: 1-2 s before the third try)', async () => {
	sim.faults.script({ route: 'status' }, [503, 503, 503]);
	await cancelWhen(
		{ parameters: { operation: 'getStatus', taskId: 'backoff' } },
		() => routed(sim, 'status').length === 2,
		'the second attempt',
	);
	expect(routed(sim, 'status')).toHaveLength(2);
});

test('a Retry-After wait on the submit (60 s): no further submit', async () => {
	sim.faults.script({ route: 'submit' }, [{ status: 429, retryAfter: 60 }]);
	const trainings = sim.trainingCount();
	await cancelWhen({ parameters: TRAIN }, () => routed(sim, 'submit').length === 1, 'the 429');
	expect(routed(sim, 'submit')).toHaveLength(1);
	expect(sim.trainingCount()).toBe(trainings);
});

test('a Retry-After wait given as an HTTP date, while waiting for a training', async () => {
	sim.faults.script({ route: 'status' }, [{ status: 429, retryAfter: 60, retryAfterDate: true }]);
	await cancelWhen(
		{ parameters: { operation: 'wait', taskId: 'dated' } },
		() => routed(sim, 'status').length === 1,
		'the 429',
	);
});

test('items queued behind the request budget (one request per 10 s)', async () => {
	const items = [{ json: { id: 'a' } }, { json: { id: 'b' } }, { json: { id: 'c' } }];
	await cancelWhen(
		{ items, parameters: { operation: 'wait', taskId: '={{ $json.id }}', options: { maxRequestsPerSecond: 0.1 } } },
		() => routed(sim, 'status').length === 1,
		'the first status check',
	);
	expect(routed(sim, 'status')).toHaveLength(1);
});
