'use strict';
// Odd but valid answers: unknown extra fields everywhere, metadata missing or of another type,
// FAILED with and without an error text, UNKNOWN_TIMEOUT (metadata {}, missing, null), a status
// stuck forever, statuses Akkio may add later. Each ends as a result or a clear error.
const { TRAIN, runAkkio, startSimulator, generateLeadRows, routed } = require('./support');

let sim;
beforeAll(async () => {
	sim = await startSimulator({
		timeScale: 0.001,
		datasets: [
			{ id: 'fails-with-text', rows: generateLeadRows({ count: 60 }), failWithError: 'Column "Plan" has only one value' },
			{ id: 'fails-silently', rows: generateLeadRows({ count: 60 }), failWithoutError: true },
			{ id: 'timeout-empty', rows: generateLeadRows({ count: 60 }), unknownTimeout: 'empty' },
			{ id: 'timeout-missing', rows: generateLeadRows({ count: 60 }), unknownTimeout: 'missing' },
			{ id: 'timeout-null', rows: generateLeadRows({ count: 60 }), unknownTimeout: 'null' },
			{ id: 'stuck', rows: generateLeadRows({ count: 60 }), stuck: true },
		],
	});
});
afterAll(async () => sim.close());
let restore = [];
beforeEach(() => sim.clearLog());
afterEach(() => {
	for (const undo of restore) undo();
	restore = [];
});

/** Rewrites the JSON the simulator's training routes answer with (submit, status, result). */
function rewrite(method, transform) {
	const original = sim.training[method];
	sim.training[method] = function rewritten(...args) {
		const response = original.apply(this, args);
		if (!/json/.test(String(response.headers['content-type']))) return response;
		return { ...response, body: JSON.stringify(transform(JSON.parse(response.body), ...args)) };
	};
	restore.push(() => {
		sim.training[method] = original;
	});
}

/** Adds unknown fields to every object, at every depth. */
function withExtras(value) {
	if (Array.isArray(value)) return value.map(withExtras);
	if (value === null || typeof value !== 'object') return value;
	const copy = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withExtras(v)]));
	return { ...copy, x_future_field: { nested: [1, 'two', null] }, 'weird key ü': null };
}

describe('unknown extra fields in every answer, at every depth', () => {
	beforeEach(() => {
		for (const method of ['submit', 'status', 'result']) rewrite(method, withExtras);
	});

	test.each([['summary'], ['perClassRows'], ['fieldImportanceRows']])('train and wait, output %s', async (output) => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true, output } });
		expect(run.status).toBe('success');
		expect(run.success.length).toBeGreaterThan(0);
		if (output === 'summary') expect(run.success[0].json.macro_f1).toEqual(expect.any(Number));
	});

	test('Raw keeps them; Get Status stays flat', async () => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true, output: 'raw' } });
		expect(run.success[0].json.x_future_field).toEqual({ nested: [1, 'two', null] });
		const taskId = sim.trainings[sim.trainings.length - 1].taskId;
		const status = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId } });
		expect(Object.keys(status.success[0].json).sort()).toEqual(['done', 'location', 'status', 'task_id']);
	});
});

describe('metadata missing or of another type in every status', () => {
	test.each([
		['missing', ({ metadata, ...rest }) => rest],
		['null', (body) => ({ ...body, metadata: null })],
		['a text', (body) => ({ ...body, metadata: 'IN_PROGRESS' })],
		['a list', (body) => ({ ...body, metadata: [body.metadata] })],
	])('%s: polling goes on, the result comes from the documented path', async (_, transform) => {
		rewrite('status', transform);
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		expect(run.status).toBe('success');
		const taskId = run.success[0].json.task_id;
		expect(routed(sim, 'result').map((r) => r.path)).toEqual([`/api/v1/models/train/${taskId}/result`]);
	});

	test('estimate_seconds of the wrong type is ignored', async () => {
		rewrite('status', (body) => (body.metadata ? { ...body, metadata: { ...body.metadata, estimate_seconds: 'soon' } } : body));
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		expect(run.status).toBe('success');
	});

	test('a status spelled in lower case, and one Akkio may add later, are understood', async () => {
		rewrite('status', (body) => ({ ...body, status: body.status === 'SUCCEEDED' ? ' succeeded ' : 'QUEUED' }));
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		expect(run.status).toBe('success');
	});
});

describe('FAILED', () => {
	test('with Akkio\'s error text: in the error, and in Get Status', async () => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, datasetId: 'fails-with-text', waitForCompletion: true } });
		expect(run.error.message).toMatch(/^Akkio training \S+ failed: Column "Plan" has only one value$/);
		expect(run.error.description).toMatch(/Akkio's own explanation/);
		const taskId = sim.trainings[sim.trainings.length - 1].taskId;
		const status = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId } });
		expect(status.success[0].json).toEqual({ task_id: taskId, status: 'FAILED', done: true, error: 'Column "Plan" has only one value' });
	});

	test.each([
		['without an error text', (body) => body],
		['with metadata missing', ({ metadata, ...rest }) => rest],
		['with an empty error text', (body) => ({ ...body, metadata: { type: 'FAILED', error: '  ' } })],
		['with an error that is not a text', (body) => ({ ...body, metadata: { type: 'FAILED', error: { code: 7 } } })],
	])('%s: a clear default explanation', async (_, transform) => {
		rewrite('status', (body) => (body.status === 'FAILED' ? transform(body) : body));
		const run = await runAkkio(sim, { parameters: { ...TRAIN, datasetId: 'fails-silently', waitForCompletion: true } });
		expect(run.error.message).toMatch(/^Akkio training \S+ failed: Akkio reported the training as failed without saying why/);
		expect(run.error.description).toMatch(/Akkio sent no reason/);
		expect(routed(sim, 'result')).toHaveLength(0);
	});
});

test.each([['timeout-empty'], ['timeout-missing'], ['timeout-null']])('UNKNOWN_TIMEOUT (%s metadata) ends the wait with a clear error', async (datasetId) => {
	const run = await runAkkio(sim, { parameters: { ...TRAIN, datasetId, waitForCompletion: true } });
	expect(run.error.message).toMatch(/^Akkio training \S+ failed: Akkio lost track of the training \(UNKNOWN_TIMEOUT\)/);
	expect(routed(sim, 'result')).toHaveLength(0);
});

test('a status stuck forever ends at the node\'s timeout, naming the task ID', async () => {
	const run = await runAkkio(sim, {
		// Twice the 60 s budget: the first check comes at the budget's end, then more until the timeout.
		parameters: { ...TRAIN, datasetId: 'stuck', waitForCompletion: true, options: { timeoutMinutes: 2 } },
	});
	const taskId = sim.trainings[sim.trainings.length - 1].taskId;
	expect(run.error.message).toBe(`Training ${taskId} was still running after 2 minutes, the node's timeout`);
	expect(run.error.description).toContain(taskId);
	expect(routed(sim, 'status').length).toBeGreaterThanOrEqual(2);
});
