'use strict';
// Row "request budget" (issue 11): what Akkio sees is what Max Requests per Second promises, as
// Akkio counts it: at most ⌊ceiling⌋ request starts in any one-second window (the simulator's
// peakRequestsPerWindow), fractional ceilings included, and timed finer than a millisecond.
const { TRAIN, runAkkio, startSimulator } = require('./support');

let sim;
let taskId;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001 });
	const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: false } });
	expect(run.status).toBe('success');
	taskId = run.success[0].json.task_id;
});
afterAll(async () => sim.close());
beforeEach(() => sim.clearLog());

/** `count` Get Status items on one task: one status request each, all queued at once. */
async function statusRequests(count, { scale, maxRequestsPerSecond }) {
	const run = await runAkkio(sim, {
		items: Array.from({ length: count }, () => ({})),
		parameters: { operation: 'getStatus', taskId, options: { maxRequestsPerSecond } },
		timeScale: scale,
	});
	expect(run.error).toBeUndefined();
	expect(run.success).toHaveLength(count);
	expect(sim.requests).toHaveLength(count);
}

test('a fractional ceiling (4.5) lets Akkio see at most 4 requests in any second', async () => {
	// Before: the window was shortened to 4 / 4.5 s, so 8 requests landed in one second.
	const scale = 0.05;
	await statusRequests(24, { scale, maxRequestsPerSecond: 4.5 });
	expect(sim.peakRequestsPerWindow(1000 * scale)).toBeLessThanOrEqual(4);
});

test('a ceiling below 1 (0.5) is one request every two seconds', async () => {
	const scale = 0.1;
	await statusRequests(4, { scale, maxRequestsPerSecond: 0.5 });
	expect(sim.peakRequestsPerWindow(2000 * scale)).toBe(1);
});

test('timed finer than a millisecond: no sixth request in a window, whatever the wall clock\'s resolution', async () => {
	// Before: the budget read Date.now(), so a slot freed up to one clock tick early (1 ms at
	// best) and a sixth request could start inside the window Akkio counts. The wall clock's
	// resolution is coarser on some systems; here it is made 10 ms so every window edge shows it.
	const realNow = Date.now;
	const epoch = realNow() - performance.now();
	Date.now = () => epoch + Math.floor(performance.now() / 10) * 10;
	try {
		const scale = 0.1;
		await statusRequests(150, { scale, maxRequestsPerSecond: 5 });
		expect(sim.peakRequestsPerWindow(1000 * scale)).toBeLessThanOrEqual(5);
	} finally {
		Date.now = realNow;
	}
});
