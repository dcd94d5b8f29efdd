'use strict';
// Each operation and output mode, run in n8n-core's engine against the simulator over HTTP.
const { runAkkio, startSimulator } = require('../support/akkio');

const TRAIN = { operation: 'train', datasetId: 'leads-sample', predictFields: 'Positive Lead', duration: 60 };

let sim;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001 });
});
afterAll(async () => sim.close());
beforeEach(() => sim.clearLog());

async function submit(parameters = {}) {
	const run = await runAkkio(sim, { parameters: { ...TRAIN, ...parameters } });
	expect(run.status).toBe('success');
	return run.success[0].json.task_id;
}

async function finishedTask() {
	const taskId = await submit();
	const run = await runAkkio(sim, { parameters: { operation: 'wait', taskId, output: 'raw' } });
	expect(run.status).toBe('success');
	return taskId;
}

describe('Train Model', () => {
	test('submits the training and outputs the task ID at once', async () => {
		const run = await runAkkio(sim, {
			parameters: { ...TRAIN, options: { extraAttention: true, force: true, ignoreFields: 'Location, Plan' } },
		});
		expect(run.status).toBe('success');
		expect(run.success).toHaveLength(1);
		const item = run.success[0];
		expect(item.json).toEqual({
			task_id: expect.any(String),
			status: 'SUBMITTED',
			dataset_id: 'leads-sample',
			predict_fields: ['Positive Lead'],
			duration: 60,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		const [request] = sim.requests;
		expect(sim.requests).toHaveLength(1);
		expect(request).toMatchObject({ method: 'POST', path: '/api/v1/models/train/new', status: 201 });
		expect(request.headers['x-api-key']).toBe(sim.apiKey);
		expect(request.body).toEqual({
			dataset_id: 'leads-sample',
			predict_fields: ['Positive Lead'],
			duration: 60,
			extra_attention: true,
			force: true,
			ignore_fields: ['Location', 'Plan'],
		});
		expect(sim.trainingCount('leads-sample')).toBeGreaterThan(0);
	});

	test('with Wait for Completion it outputs the summary of the trained model', async () => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		expect(run.status).toBe('success');
		const summary = run.success[0].json;
		expect(summary).toMatchObject({
			status: 'SUCCEEDED',
			predict_fields: ['Positive Lead'],
			model_id: expect.any(String),
			task_id: expect.any(String),
		});
		for (const key of ['accuracy', 'macro_f1', 'weighted_f1']) {
			expect(summary[key]).toBeGreaterThan(0.5);
			expect(summary[key]).toBeLessThanOrEqual(1);
		}
		expect(summary.top_fields).toHaveLength(3);
		expect(summary.data_story).toMatch(/^Positive Lead = /);
		const importances = summary.field_importance.map((f) => f.importance);
		expect([...importances].sort((a, b) => b - a)).toEqual(importances);
		const routes = sim.requests.map((r) => r.route);
		expect(routes[0]).toBe('submit');
		expect(routes[routes.length - 1]).toBe('result');
		expect(run.success[0].pairedItem).toEqual({ item: 0 });
	});

	test('several items: one training each, outputs in input order with pairedItem', async () => {
		const items = [
			{ json: { duration: 10, field: 'Positive Lead' } },
			{ json: { duration: 300, field: 'Plan' } },
			{ json: { duration: 60, field: 'Positive Lead' } },
		];
		const run = await runAkkio(sim, {
			items,
			parameters: {
				...TRAIN,
				predictFields: '={{ $json.field }}',
				duration: '={{ $json.duration }}',
				waitForCompletion: true,
			},
		});
		expect(run.status).toBe('success');
		expect(run.success.map((i) => i.json.predict_fields[0])).toEqual(['Positive Lead', 'Plan', 'Positive Lead']);
		expect(run.success.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// The longest training is submitted first, so it is not the one left waiting.
		const submits = sim.requests.filter((r) => r.route === 'submit').map((r) => r.body.duration);
		expect(submits).toEqual([300, 60, 10]);
	});
});

describe('Get Status', () => {
	test('a running task: not done, with the estimate', async () => {
		const slow = await startSimulator({ timeScale: 0.05 });
		try {
			const submitted = await runAkkio(slow, { parameters: TRAIN, timeScale: 0.05 });
			const taskId = submitted.success[0].json.task_id;
			await new Promise((resolve) => setTimeout(resolve, 600)); // past the queue (10 % of 3 s)
			const run = await runAkkio(slow, { parameters: { operation: 'getStatus', taskId }, timeScale: 0.05 });
			expect(run.success[0].json).toEqual({
				task_id: taskId,
				status: 'IN_PROGRESS',
				done: false,
				estimate_seconds: expect.any(Number),
			});
			expect(run.success[0].json.estimate_seconds).toBeGreaterThan(0);
			expect(run.success[0].json.estimate_seconds).toBeLessThanOrEqual(60);
		} finally {
			await slow.close();
		}
	});

	test('a finished task: done, with the result location', async () => {
		const taskId = await finishedTask();
		const run = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId } });
		expect(run.success[0].json).toEqual({
			task_id: taskId,
			status: 'SUCCEEDED',
			done: true,
			location: `/api/v1/models/train/${taskId}/result`,
		});
	});

	test('a failed task: done, with Akkio\'s error text', async () => {
		const submitted = await runAkkio(sim, { parameters: { ...TRAIN, predictFields: 'No Such Field' } });
		const taskId = submitted.success[0].json.task_id;
		await new Promise((resolve) => setTimeout(resolve, 150));
		const run = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId } });
		expect(run.success[0].json).toMatchObject({ task_id: taskId, status: 'FAILED', done: true });
		expect(run.success[0].json.error).toMatch(/No Such Field/);
	});

	test('many task IDs, one status item each', async () => {
		const items = [{ json: { id: 'a' } }, { json: { id: 'b' } }, { json: { id: 'c' } }];
		const run = await runAkkio(sim, { items, parameters: { operation: 'getStatus', taskId: '={{ $json.id }}' } });
		expect(run.success.map((i) => [i.json.task_id, i.json.status, i.pairedItem.item])).toEqual([
			['a', 'PENDING', 0],
			['b', 'PENDING', 1],
			['c', 'PENDING', 2],
		]);
	});
});

describe('Get Result and the output modes', () => {
	let taskId;
	beforeAll(async () => {
		taskId = await finishedTask();
	});

	test('Raw is Akkio\'s response untouched', async () => {
		const run = await runAkkio(sim, { parameters: { operation: 'getResult', taskId, output: 'raw' } });
		expect(run.success).toHaveLength(1);
		const raw = run.success[0].json;
		expect(raw.status).toBe('success');
		expect(Array.isArray(raw.stats[0])).toBe(true);
		expect(raw.stats[0][0]).toHaveProperty('true positives');
		expect(Object.keys(raw.field_importance)).toContain('Job Title');
		expect(Object.values(raw.field_importance).every(Number.isFinite)).toBe(true);
		expect(Array.isArray(raw.data_story)).toBe(true);
		const [request] = sim.requests.filter((r) => r.route === 'result');
		expect(request.path).toBe(`/api/v1/models/train/${taskId}/result`);
	});

	test('Summary (the default) computes the metrics from stats', async () => {
		const raw = (await runAkkio(sim, { parameters: { operation: 'getResult', taskId, output: 'raw' } })).success[0].json;
		const run = await runAkkio(sim, { parameters: { operation: 'getResult', taskId } });
		const summary = run.success[0].json;
		const rows = raw.stats[0];
		const support = rows.reduce((s, r) => s + r.count, 0);
		const accuracy = rows.reduce((s, r) => s + r['true positives'], 0) / support;
		expect(summary.accuracy).toBeCloseTo(accuracy, 4);
		expect(summary.macro_f1).toBeCloseTo(rows.reduce((s, r) => s + r.f1, 0) / rows.length, 4);
		expect(summary.weighted_f1).toBeCloseTo(rows.reduce((s, r) => s + r.f1 * r.count, 0) / support, 4);
		expect(summary.model_id).toBe(raw.model_id);
		expect(summary.predict_fields).toEqual(['Positive Lead']);
	});

	test('Per-Class Rows: one flat item per class', async () => {
		const run = await runAkkio(sim, { parameters: { operation: 'getResult', taskId, output: 'perClassRows' } });
		expect(run.success.map((i) => i.json.class_name)).toEqual(['0', '1']);
		for (const item of run.success) {
			expect(item.json).toMatchObject({ task_id: taskId, field_name: 'Positive Lead' });
			expect(item.json).toHaveProperty('true_positives');
			expect(item.pairedItem).toEqual({ item: 0 });
			for (const value of Object.values(item.json)) expect(typeof value).not.toBe('object');
		}
	});

	test('Field Importance Rows: one item per field, highest first', async () => {
		const run = await runAkkio(sim, { parameters: { operation: 'getResult', taskId, output: 'fieldImportanceRows' } });
		expect(run.success.length).toBeGreaterThan(5);
		expect(run.success.map((i) => i.json.rank)).toEqual(run.success.map((_, index) => index + 1));
		const values = run.success.map((i) => i.json.importance);
		expect([...values].sort((a, b) => b - a)).toEqual(values);
	});

	test('a numeric target passes its stats through untouched', async () => {
		const run = await runAkkio(sim, {
			parameters: { ...TRAIN, predictFields: 'Annual Contract Value', waitForCompletion: true },
		});
		expect(run.status).toBe('success');
		const summary = run.success[0].json;
		const raw = await runAkkio(sim, { parameters: { operation: 'getResult', taskId: summary.task_id, output: 'raw' } });
		expect(raw.success[0].json.stats[0]).not.toHaveProperty('true positives');
		expect(summary.stats).toEqual(raw.success[0].json.stats);
		expect(summary.accuracy).toBeUndefined();
		expect(summary.metrics).toBeUndefined();
		const rows = await runAkkio(sim, { parameters: { operation: 'getResult', taskId: summary.task_id, output: 'perClassRows' } });
		expect(rows.success.length).toBeGreaterThan(0);
		expect(rows.success[0].json).toMatchObject({ task_id: summary.task_id, field_name: 'Annual Contract Value' });
	});

	test('a result asked for too early is Akkio\'s error, not a crash', async () => {
		const early = await submit({ duration: 1800 });
		const run = await runAkkio(sim, { parameters: { operation: 'getResult', taskId: early } });
		expect(run.status).toBe('error');
		expect(run.error.message).toBe('Akkio has no result for this task');
		expect(run.error.description).toBe(
			'Akkio said: Task is not finished. A result is only there once the training has SUCCEEDED. Use Wait for Training, or Get Status until done is true, then Get Result.',
		);
	});
});

describe('Wait for Training', () => {
	test('waits for several tasks and emits their results in input order', async () => {
		const ids = [await submit({ duration: 300 }), await submit({ duration: 10 })];
		const run = await runAkkio(sim, {
			items: ids.map((id) => ({ json: { id } })),
			parameters: { operation: 'wait', taskId: '={{ $json.id }}', output: 'summary' },
		});
		expect(run.status).toBe('success');
		expect(run.success.map((i) => i.json.task_id)).toEqual(ids);
		expect(run.success.map((i) => i.pairedItem.item)).toEqual([0, 1]);
	});

	test('SUBMITTED (the docs\' word for PENDING) is waited out like PENDING', async () => {
		const prose = await startSimulator({ timeScale: 0.001, statusStyle: 'prose', pendingFraction: 0.5 });
		try {
			const run = await runAkkio(prose, { parameters: { ...TRAIN, waitForCompletion: true } });
			expect(run.status).toBe('success');
			expect(run.success[0].json.status).toBe('SUCCEEDED');
		} finally {
			await prose.close();
		}
	});
});

describe('result location variants', () => {
	test.each([
		['rooted at /api/v1', 'rooted'],
		['relative to the API root', 'relative'],
	])('%s', async (_, locationStyle) => {
		const variant = await startSimulator({ timeScale: 0.001, locationStyle });
		try {
			const run = await runAkkio(variant, { parameters: { ...TRAIN, waitForCompletion: true, output: 'raw' } });
			expect(run.status).toBe('success');
			const result = variant.requests.find((r) => r.route === 'result');
			expect(result.path).toMatch(/^\/api\/v1\/models\/train\/[^/]+\/result$/);
			expect(result.status).toBe(200);
		} finally {
			await variant.close();
		}
	});

	test('an absolute location on another host is never requested', async () => {
		const foreign = await startSimulator({ timeScale: 0.001 });
		const variant = await startSimulator({
			timeScale: 0.001,
			locationStyle: (task) => `${foreign.url}/api/v1/models/train/${task.taskId}/result`,
		});
		try {
			const run = await runAkkio(variant, { parameters: { ...TRAIN, waitForCompletion: true } });
			expect(run.status).toBe('success');
			expect(foreign.requests).toHaveLength(0);
			expect(variant.requests.filter((r) => r.route === 'result')).toHaveLength(1);
			expect(run.logText).toMatch(/points outside the Akkio API/);
		} finally {
			await variant.close();
			await foreign.close();
		}
	});
});
