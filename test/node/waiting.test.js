'use strict';
// Timeouts and cancellation of a waiting node.
const { runAkkio, startSimulator } = require('../support/akkio');
const { generateLeadRows } = require('../simulator');
const { recordOutgoingRequests } = require('../support/outgoing');

const STUCK = { operation: 'train', datasetId: 'stuck', predictFields: 'Positive Lead', duration: 60, waitForCompletion: true };

let sim;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001, datasets: [{ id: 'stuck', rows: generateLeadRows(), stuck: true }] });
});
afterAll(async () => sim.close());
beforeEach(() => sim.clearLog());

test('the timeout names the task ID and says how to pick it up later', async () => {
	// 2 minutes of Akkio time at 10 ms per second: 1.2 s. The first check is at the 60 s budget's end.
	const run = await runAkkio(sim, { parameters: { ...STUCK, options: { timeoutMinutes: 2 } }, timeScale: 0.01 });
	expect(run.status).toBe('error');
	const taskId = sim.trainings[sim.trainings.length - 1].taskId;
	expect(run.error.message).toBe(`Training ${taskId} was still running after 2 minutes, the node's timeout`);
	expect(run.error.description).toMatch(/raise Timeout/);
	expect(run.error.description).toContain(`Get Status or Wait using task ID ${taskId}`);
	expect(sim.requests.filter((r) => r.route === 'status').length).toBeGreaterThan(1);
});

test('the default timeout fits the duration: six budgets plus ten minutes', async () => {
	const fast = { ...STUCK, duration: 10 };
	const started = Date.now();
	const run = await runAkkio(sim, { parameters: fast, timeScale: 0.0002 });
	const elapsedAkkioSeconds = (Date.now() - started) / 1000 / 0.0002;
	expect(run.error.message).toMatch(/still running after 11 minutes/);
	expect(elapsedAkkioSeconds).toBeGreaterThanOrEqual(660);
});

test('with Continue On Fail a timed-out item goes to the error output and the others finish', async () => {
	const items = [{ json: { d: 'leads-sample' } }, { json: { d: 'stuck' } }, { json: { d: 'leads-sample' } }];
	const run = await runAkkio(sim, {
		items,
		onError: 'continueErrorOutput',
		parameters: { ...STUCK, datasetId: '={{ $json.d }}', options: { timeoutMinutes: 2 } },
	});
	expect(run.success.map((i) => i.pairedItem.item)).toEqual([0, 2]);
	expect(run.errors.map((i) => i.pairedItem.item)).toEqual([1]);
	expect(run.errors[0].json.error).toMatch(/^Training \S+ was still running after 2 minutes/);
});

describe('cancelling the execution', () => {
	test('stops polling at once: no request reaches Akkio after the cancel', async () => {
		const slow = await startSimulator({ timeScale: 0.01, datasets: [{ id: 'stuck', rows: generateLeadRows(), stuck: true }] });
		const outgoing = recordOutgoingRequests();
		try {
			const running = runAkkio(slow, { parameters: STUCK, timeScale: 0.01 });
			// Let it submit and poll a few times (first check at 9 s = 90 ms, then every 1 s = 10 ms).
			while (slow.requests.filter((r) => r.route === 'status').length < 3) {
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			const cancelledAt = performance.now();
			running.cancel();
			const run = await running;
			expect(run.canceled).toBe(true);
			expect(['canceled', 'error']).toContain(run.status);
			expect(performance.now() - cancelledAt).toBeLessThan(1000);
			await new Promise((resolve) => setTimeout(resolve, 150));
			expect(outgoing.openedAfter(cancelledAt)).toEqual([]);
			expect(outgoing.opened.length).toBeGreaterThanOrEqual(slow.requests.length);
		} finally {
			outgoing.restore();
			await slow.close();
		}
	});

	test('during a long sleep (an estimate far away) the node ends promptly', async () => {
		const slow = await startSimulator({ timeScale: 0.05 });
		try {
			const running = runAkkio(slow, {
				parameters: { ...STUCK, datasetId: 'leads-sample', duration: 1800 },
				timeScale: 0.05,
			});
			// First check comes at 270 s (13.5 s real): cancel while sleeping toward it.
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(slow.requests.map((r) => r.route)).toEqual(['submit']);
			const cancelledAt = Date.now();
			running.cancel();
			await running;
			expect(Date.now() - cancelledAt).toBeLessThan(1000);
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(slow.requests.map((r) => r.route)).toEqual(['submit']);
		} finally {
			await slow.close();
		}
	});
});
