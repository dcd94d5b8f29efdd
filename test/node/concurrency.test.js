'use strict';
// Many items in one execution: they wait concurrently, share one request budget (as the
// simulator sees it), fail alone, keep their order, and all stop on cancel.
const { runAkkio, startSimulator } = require('../support/akkio');
const { generateLeadRows } = require('../simulator');
const { recordOutgoingRequests } = require('../support/outgoing');

// Budget windows must be long against event-loop jitter on a shared 2-core machine: one
// Akkio second is 250 ms here.
const SCALE = 0.25;
const TRAIN = {
	operation: 'train',
	datasetId: '={{ $json.dataset }}',
	predictFields: '={{ $json.field }}',
	duration: '={{ $json.duration }}',
	waitForCompletion: true,
};

function items(count, overrides = () => ({})) {
	return Array.from({ length: count }, (_, i) => ({
		json: { dataset: 'leads-sample', field: i % 2 ? 'Plan' : 'Positive Lead', duration: 10, ...overrides(i) },
	}));
}

test('24 items wait concurrently and never exceed the request budget', async () => {
	const sim = await startSimulator({ timeScale: SCALE, trainingMs: () => 4 * 1000 * SCALE });
	try {
		const started = sim.now();
		const run = await runAkkio(sim, { items: items(24), parameters: TRAIN, timeScale: SCALE });
		const wallSeconds = (sim.now() - started) / 1000 / SCALE;
		expect(run.status).toBe('success');
		expect(run.success).toHaveLength(24);
		expect(run.success.map((i) => i.pairedItem.item)).toEqual([...Array(24).keys()]);
		expect(run.success.map((i) => i.json.predict_fields[0])).toEqual(items(24).map((i) => i.json.field));
		expect(new Set(run.success.map((i) => i.json.task_id)).size).toBe(24);

		// The simulator's view: at most 5 request starts in any (scaled) second.
		expect(sim.peakRequestsPerWindow(1000 * SCALE)).toBeLessThanOrEqual(5);
		// Concurrency: run one after the other, 24 trainings of 4 s would take over 96 s of
		// Akkio time; together they are limited by the budget (about 3 requests each at 5/s).
		expect(sim.requests.length / 24).toBeLessThanOrEqual(4.5);
		expect(wallSeconds).toBeLessThan(60);
		const overlapping = sim.trainings.filter((t) => t.createdAt < sim.taskDoneAt(sim.trainings[0].taskId));
		expect(overlapping.length).toBeGreaterThan(1);
	} finally {
		await sim.close();
	}
});

test('a lower Max Requests per Second is what the simulator sees', async () => {
	const sim = await startSimulator({ timeScale: SCALE, trainingMs: () => 2 * 1000 * SCALE });
	try {
		const run = await runAkkio(sim, {
			items: items(10),
			parameters: { ...TRAIN, options: { maxRequestsPerSecond: 2 } },
			timeScale: SCALE,
		});
		expect(run.status).toBe('success');
		expect(sim.peakRequestsPerWindow(1000 * SCALE)).toBeLessThanOrEqual(2);
	} finally {
		await sim.close();
	}
});

test('one failing task neither holds up nor fails the others', async () => {
	const sim = await startSimulator({
		timeScale: 0.01,
		datasets: [{ id: 'stuck', rows: generateLeadRows(), stuck: true }],
	});
	try {
		const list = items(20, (i) => (i === 3 ? { field: 'Missing Field' } : i === 11 ? { dataset: 'stuck' } : {}));
		const run = await runAkkio(sim, {
			items: list,
			onError: 'continueErrorOutput',
			parameters: { ...TRAIN, options: { timeoutMinutes: 5 } },
			timeScale: 0.01,
		});
		expect(run.status).toBe('success');
		expect(run.errors.map((i) => i.pairedItem.item)).toEqual([3, 11]);
		expect(run.errors[0].json.error).toMatch(/Missing Field/);
		expect(run.errors[1].json.error).toMatch(/still running after 5 minutes/);
		expect(run.success.map((i) => i.pairedItem.item)).toEqual([...Array(20).keys()].filter((i) => i !== 3 && i !== 11));
		// The healthy trainings were fetched as soon as they ended, long before the stuck one timed out.
		const results = sim.requests.filter((r) => r.route === 'result');
		expect(results).toHaveLength(18);
		const stuckTask = sim.trainings.find((t) => t.datasetId === 'stuck').taskId;
		const lastResult = Math.max(...results.map((r) => r.startedAt));
		const lastStuckCheck = Math.max(...sim.requests.filter((r) => r.path.includes(stuckTask)).map((r) => r.startedAt));
		expect(lastResult).toBeLessThan(lastStuckCheck);
	} finally {
		await sim.close();
	}
});

test('cancelling stops every wait at once', async () => {
	const sim = await startSimulator({ timeScale: 0.01, datasets: [{ id: 'stuck', rows: generateLeadRows(), stuck: true }] });
	const outgoing = recordOutgoingRequests();
	try {
		const running = runAkkio(sim, { items: items(20, () => ({ dataset: 'stuck' })), parameters: TRAIN, timeScale: 0.01 });
		while (sim.requests.filter((r) => r.route === 'status').length < 40) {
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		const cancelledAt = performance.now();
		running.cancel();
		const run = await running;
		expect(run.canceled).toBe(true);
		expect(performance.now() - cancelledAt).toBeLessThan(1000);
		expect(run.success).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 300));
		// Not one request was opened once the cancel had been given.
		expect(outgoing.openedAfter(cancelledAt)).toEqual([]);
		// The recorder sees every request the simulator saw (and those cut off on the way).
		expect(outgoing.opened.length).toBeGreaterThanOrEqual(sim.requests.length);
	} finally {
		outgoing.restore();
		await sim.close();
	}
});
