'use strict';
// Row "soak": 20 % mixed injected faults on every route across 50 items in one execution.
// Every item ends correctly (its result, or a clear error on the error output) and no dataset
// gets a second training. The fault seed changes per run and is in the test name;
// SOAK_SEED=<n> npx jest test/faults -t soak replays it.
const { TRAIN, CHECK_IN_AKKIO, runAkkio, startSimulator, generateLeadRows, routed } = require('./support');

const ITEMS = 50;
const SEED = Number(process.env.SOAK_SEED) || Math.floor(Math.random() * 1e9);
const KINDS = [
	500,
	502,
	503,
	504,
	{ status: 429, retryAfter: 1 },
	{ status: 429, retryAfter: 2, retryAfterDate: true },
	'reset',
	{ kind: 'reset', afterEffect: true },
	{ kind: 'hang', afterEffect: true },
	{ kind: 'slow', ms: 600 },
	'html',
	{ kind: 'html', status: 504, afterEffect: true },
	'truncated',
	'nonjson',
];
/** The only endings an item may have besides its result. */
const CLEAR_ERRORS = [
	/^Akkio (could not be reached \(\w+\)|did not answer in time|answered with a server error) while the training was being submitted; it was not retried$/,
	/^Akkio answered the training submit with a body that is not valid JSON; it was not retried$/,
	/^Akkio (answered with a server error|could not be reached \(\w+\)|did not answer in time|'s rate limit was reached) after 4 attempts$/,
	/^Akkio answered with a body that is not valid JSON$/,
];
const CRASH = /TypeError|ReferenceError|Cannot read prop|is not a function|undefined is not/;

let sim;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001 });
	for (let i = 0; i < ITEMS; i++) sim.addDataset({ id: `soak-${i}`, rows: generateLeadRows({ count: 60, seed: i + 1 }) });
});
afterAll(async () => sim.close());

test(`50 items, 20 % mixed faults on every route (seed ${SEED}): each item ends correctly, no duplicate training`, async () => {
	sim.faults.random({ probability: 0.2, kinds: KINDS, seed: SEED });
	const items = Array.from({ length: ITEMS }, (_, i) => ({ json: { dataset: `soak-${i}`, duration: [10, 60, 300][i % 3] } }));
	const run = await runAkkio(sim, {
		items,
		onError: 'continueErrorOutput',
		parameters: {
			...TRAIN,
			datasetId: '={{ $json.dataset }}',
			duration: '={{ $json.duration }}',
			waitForCompletion: true,
			options: { requestTimeoutSeconds: '={{ 0.25 }}' },
		},
	});
	const context = `seed ${SEED}; rerun with SOAK_SEED=${SEED}`;
	expect({ context, status: run.status, error: run.error && run.error.message }).toEqual({ context, status: 'success', error: undefined });
	expect(run.serialized).not.toMatch(CRASH);

	// One output item per input item, on one of the two outputs.
	const ended = [...run.success, ...run.errors].map((item) => item.pairedItem.item).sort((a, b) => a - b);
	expect(ended).toEqual(items.map((_, i) => i));

	for (const item of run.success) {
		const dataset = `soak-${item.pairedItem.item}`;
		expect(item.json).toMatchObject({ status: 'SUCCEEDED', predict_fields: ['Positive Lead'], macro_f1: expect.any(Number) });
		const [training] = sim.trainings.filter((t) => t.datasetId === dataset);
		expect(item.json.task_id).toBe(training.taskId);
	}
	for (const item of run.errors) {
		const dataset = `soak-${item.pairedItem.item}`;
		const { error, details } = item.json;
		if (!CLEAR_ERRORS.some((pattern) => pattern.test(error))) throw new Error(`${context}: unclear error for ${dataset}: ${error}`);
		expect(details).toEqual(expect.any(String));
		// A submit whose outcome is unknown tells the user how to check for a new model.
		if (/submit/.test(error)) expect(details).toMatch(CHECK_IN_AKKIO);
	}

	// Never a second training for one item: every dataset has at most one, and successes exactly one.
	const counts = items.map((item) => sim.trainingCount(item.json.dataset));
	expect(counts.filter((count) => count > 1)).toEqual([]);
	for (const item of run.success) expect(counts[item.pairedItem.item]).toBe(1);
	expect(sim.trainings).toHaveLength(counts.reduce((a, b) => a + b, 0));

	// The faults really happened, of many kinds, on every route.
	const injected = sim.faults.injected;
	expect(injected.length).toBeGreaterThan(12);
	expect(new Set(injected.map((f) => f.name)).size).toBeGreaterThanOrEqual(6);
	expect(new Set(injected.map((f) => f.route))).toEqual(new Set(['submit', 'status', 'result']));
	// Most items get through: faults are retried where that is safe.
	expect(run.success.length).toBeGreaterThanOrEqual(25);
	// Submits are retried only on 429 and 503: never more than 4 per item.
	for (const item of items) {
		expect(routed(sim, 'submit').filter((r) => r.body && r.body.dataset_id === item.json.dataset).length).toBeLessThanOrEqual(4);
	}
});
