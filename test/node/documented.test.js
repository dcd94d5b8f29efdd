'use strict';
// The nodes against Akkio's documented answers (test/simulator/CONTRACT.md), and against every
// variant of what the pages leave unsaid (test/simulator/variants.js): each describe.each below
// runs the affected operations once per variant, through n8n-core's engine.
const fs = require('node:fs');
const path = require('node:path');
const { runAkkio, startSimulator, pkg, akkioCredentials, rl, leads } = require('../support/akkio');
const { callNodeMethod } = require('../harness/load-options');
const { generateLeadRows, UNDOCUMENTED, SAMPLE_DATASET_ID, OTHER_TEAM_DATASET_ID } = require('../simulator');

const AKKIO = 'n8n-nodes-akkio.akkio';
const TRAIN_NODE = 'n8n-nodes-akkio.akkioTrain';
const run = (sim, options) => runAkkio(sim, { nodeType: AKKIO, ...options });
/** A 10 s training of the sample dataset, waited for: the path that must work under every variant. */
const trainAndWait = (sim) =>
	runAkkio(sim, {
		parameters: { operation: 'train', datasetId: rl(SAMPLE_DATASET_ID), predictFields: 'Positive Lead', duration: 10, waitForCompletion: true },
	});
const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The top-level keys of the first `{ ... }` in the README's row for "<Resource> → **<Operation>**". */
function documentedKeys(resource, operation) {
	const row = readme.split('\n').find((line) => line.startsWith(`| ${resource} → **${operation}**`));
	expect(row).toBeDefined();
	const output = row.split('|').slice(-2)[0];
	let shape = /`(\{.*?\})`/.exec(output)[1];
	while (/[[{][^[\]{}]*[\]}]/.test(shape.slice(1, -1))) shape = shape[0] + shape.slice(1, -1).replace(/[[{][^[\]{}]*[\]}]/g, '') + shape.slice(-1);
	return shape
		.slice(1, -1)
		.split(',')
		.map((part) => part.split(':')[0].trim())
		.filter(Boolean)
		.sort();
}

describe('Dataset → Get reports the row count Akkio sends', () => {
	let sim;
	beforeAll(async () => {
		sim = await startSimulator({ timeScale: 0.001 });
	});
	afterAll(async () => sim.close());

	test('row_count is the dataset\'s number of rows ("rows": 887 is a count), and no row data is output', async () => {
		sim.addDataset({ id: 'seven-rows', name: 'Seven', rows: generateLeadRows({ count: 7 }) });
		const got = await run(sim, { parameters: { resource: 'dataset', operation: 'get', datasetId: rl('seven-rows') } });
		expect(got.status).toBe('success');
		expect(got.success[0].json).toEqual({ dataset_id: 'seven-rows', name: 'Seven', row_count: 7, fields: expect.any(Array) });
		expect(Object.keys(got.success[0].json).sort()).toEqual(documentedKeys('Dataset', 'Get'));
	});

	test('the count follows Add Rows, so the recovery advice of Add Rows ("check the row count") works', async () => {
		const created = await run(sim, { parameters: { resource: 'dataset', operation: 'create', name: 'Counted' } });
		const datasetId = created.success[0].json.dataset_id;
		const count = async () => (await run(sim, { parameters: { resource: 'dataset', operation: 'get', datasetId: rl(datasetId) } })).success[0].json.row_count;
		expect(await count()).toBe(0);
		await run(sim, { items: leads(12), parameters: { resource: 'dataset', operation: 'addRows', datasetId: rl(datasetId), options: { batchSize: 5 } } });
		expect(await count()).toBe(12);
	});

	test('Include Rows is gone: Akkio documents no row data', () => {
		const { Akkio } = pkg.classes;
		const names = JSON.stringify(new Akkio().description.properties);
		expect(names).not.toMatch(/includeRows/);
		expect(readme.split('\n').find((line) => line.startsWith('| Dataset → **Get**'))).not.toMatch(/Include Rows/);
	});
});

describe('Create reads the documented answer', () => {
	test('dataset_id and dataset_name; a 200 whose status is not "success" is an error', async () => {
		const sim = await startSimulator({ timeScale: 0.001 });
		try {
			const created = await run(sim, { parameters: { resource: 'dataset', operation: 'create', name: 'Named' } });
			expect(created.success[0].json).toEqual({ dataset_id: expect.any(String), name: 'Named' });
			expect(sim.getDataset(created.success[0].json.dataset_id).name).toBe('Named');

			sim.faults.script({ route: 'legacy', method: 'POST' }, [{ status: 200, body: { status: 'Dataset limit reached' } }]);
			const refused = await run(sim, { parameters: { resource: 'dataset', operation: 'create', name: 'One too many' } });
			expect(refused.status).toBe('error');
			expect(refused.error.message).toBe('Akkio did not succeed: Dataset limit reached');
			expect(refused.error.description).toMatch(/^Akkio said: Dataset limit reached\. /);
			expect(refused.error.description).toMatch(/List the datasets/); // how to check whether it was created anyway
		} finally {
			await sim.close();
		}
	});
});

describe('Model → List outputs what Akkio sends', () => {
	test('{ model_id, name } only, as the Models page shows and the README says', async () => {
		const sim = await startSimulator({ timeScale: 0.001 });
		try {
			const model = sim.addModel({ datasetId: SAMPLE_DATASET_ID, predictFields: ['Positive Lead'] });
			const listed = await run(sim, { parameters: { resource: 'model', operation: 'list', returnAll: true } });
			expect(listed.success.map((item) => item.json)).toEqual([{ model_id: model.id, name: 'B2B Leads – Positive Lead' }]);
			expect(documentedKeys('Model', 'List')).toEqual(['model_id', 'name']);
		} finally {
			await sim.close();
		}
	});
});

describe('a wrong or revoked key on a legacy route reads as a key problem everywhere', () => {
	let sim;
	let reference;
	beforeAll(async () => {
		sim = await startSimulator({ timeScale: 0.001 });
		sim.addModel({ id: 'some-model', datasetId: SAMPLE_DATASET_ID, predictFields: ['Positive Lead'] });
		// What the /api/v1 routes' 401 reads like: the message every key problem must read like.
		reference = (await runAkkio(sim, {
			parameters: { operation: 'train', datasetId: rl(SAMPLE_DATASET_ID), predictFields: 'Positive Lead', duration: 10 },
			credentials: akkioCredentials(sim, { apiKey: 'revoked-key' }),
		})).error;
		expect(reference.message).toBe('Akkio rejected the API key');
	});
	afterAll(async () => sim.close());
	const wrongKey = () => akkioCredentials(sim, { apiKey: 'revoked-key' });
	/** The same message, and the same advice after Akkio's own words. */
	function expectKeyProblem(error) {
		expect(error.message).toBe(reference.message);
		expect(error.description).toMatch(/^Akkio said: missing or invalid API key\. /);
		// One line (the editor shows no line breaks): the advice follows Akkio's words as a sentence.
		const advice = (description) => description.replace(/^Akkio said: [^.]*\. /, '');
		expect(advice(error.description)).toEqual(advice(reference.description));
		expect(advice(error.description)).toMatch(/^Check the API Key/);
	}

	test.each([
		['Dataset → List', { resource: 'dataset', operation: 'list' }],
		['Dataset → Get', { resource: 'dataset', operation: 'get', datasetId: rl(SAMPLE_DATASET_ID) }],
		['Dataset → Create', { resource: 'dataset', operation: 'create', name: 'x' }],
		['Dataset → Add Rows', { resource: 'dataset', operation: 'addRows', datasetId: rl(SAMPLE_DATASET_ID) }],
		['Dataset → Delete', { resource: 'dataset', operation: 'delete', datasetId: rl('no-matter') }],
		['Model → List', { resource: 'model', operation: 'list' }],
		['Model → Predict', { resource: 'model', operation: 'predict', modelId: rl('some-model') }],
		['Model → Delete', { resource: 'model', operation: 'delete', modelId: rl('some-model') }],
	])('%s', async (_, parameters) => {
		sim.clearLog();
		const failed = await run(sim, { items: leads(1), parameters, credentials: wrongKey() });
		expect(failed.status).toBe('error');
		expectKeyProblem(failed.error);
		expect(failed.error.httpCode).toBe('404'); // Akkio's own code stays visible
		expect(sim.requests.map((r) => [r.route, r.status])).toEqual([['legacy', 404]]); // asked once, not retried
		expect(sim.getModel('some-model')).toBeTruthy();
	});

	test.each([
		['the Dataset picker (Akkio)', AKKIO, 'listSearch', 'searchDatasets', {}],
		['the Model picker', AKKIO, 'listSearch', 'searchModels', {}],
		['the Dataset picker (Akkio Train)', TRAIN_NODE, 'listSearch', 'searchDatasets', {}],
		['the field dropdowns (Akkio Train)', TRAIN_NODE, 'loadOptions', 'getDatasetFields', { operation: 'train', datasetId: rl(SAMPLE_DATASET_ID) }],
	])('%s', async (_, nodeType, kind, method, parameters) => {
		const picked = await callNodeMethod({ ...pkg, credentials: wrongKey(), nodeType, kind, method, parameters });
		expect(picked.result).toBeUndefined();
		expectKeyProblem(picked.error);
	});
});

describe.each(UNDOCUMENTED.legacyErrors)('legacy refusals answered as legacyErrors: %s are errors in Akkio\'s words', (legacyErrors) => {
	let sim;
	beforeAll(async () => {
		sim = await startSimulator({ timeScale: 0.001, legacyErrors });
	});
	afterAll(async () => sim.close());

	test.each([
		['Dataset → Get, an unknown dataset', { resource: 'dataset', operation: 'get', datasetId: rl('no-such-dataset') }, 'Dataset not found'],
		['Dataset → Delete, an unknown dataset', { resource: 'dataset', operation: 'delete', datasetId: rl('no-such-dataset') }, 'Dataset not found'],
		['Dataset → Add Rows, another team\'s dataset', { resource: 'dataset', operation: 'addRows', datasetId: rl(OTHER_TEAM_DATASET_ID) }, 'You do not have access to this dataset'],
		['Model → Predict, an unknown model', { resource: 'model', operation: 'predict', modelId: rl('no-such-model') }, 'Model not found'],
		['Model → Delete, an unknown model', { resource: 'model', operation: 'delete', modelId: rl('no-such-model') }, 'Model not found'],
	])('%s', async (_, parameters, words) => {
		const failed = await run(sim, { items: leads(2), parameters });
		expect(failed.status).toBe('error');
		expect(failed.success).toEqual([]);
		expect(failed.error.description).toMatch(new RegExp(`^Akkio said: ${words}\\. `));
		if (legacyErrors === 'status200') expect(failed.error.message).toBe(`Akkio did not succeed: ${words}`);

		const continued = await run(sim, { items: leads(2), parameters, onError: 'continueErrorOutput' });
		// Add Rows still reports its dataset, with nothing sent.
		expect(continued.success.map((item) => item.json.rows_sent)).toEqual(parameters.operation === 'addRows' ? [0] : []);
		expect(continued.errors.length).toBeGreaterThan(0);
		for (const item of continued.errors) expect(Object.keys(item.json).sort()).toEqual(['details', 'error']);
	});

	test('nothing is counted as added when Akkio refused the rows', async () => {
		const added = await run(sim, {
			items: leads(3),
			onError: 'continueErrorOutput',
			parameters: { resource: 'dataset', operation: 'addRows', datasetId: rl(OTHER_TEAM_DATASET_ID) },
		});
		expect(added.errors.map((item) => item.pairedItem)).toEqual([[{ item: 0 }, { item: 1 }, { item: 2 }]]);
		expect(added.success.map((item) => item.json)).toEqual([{ dataset_id: OTHER_TEAM_DATASET_ID, rows_sent: 0, batches: 0, items_skipped: 0 }]);
	});
});

describe.each(UNDOCUMENTED.unknownTask)('a task ID Akkio does not know (unknownTask: %s)', (unknownTask) => {
	let sim;
	beforeAll(async () => {
		sim = await startSimulator({ timeScale: 0.001, unknownTask });
	});
	afterAll(async () => sim.close());

	test('Get Status says PENDING or fails naming the task ID problem; it never claims the task ended', async () => {
		const checked = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId: 'never-issued' }, onError: 'continueErrorOutput' });
		if (unknownTask === 'pending') {
			expect(checked.success.map((item) => item.json)).toEqual([{ task_id: 'never-issued', status: 'PENDING', done: false }]);
		} else {
			expect(checked.success).toEqual([]);
			expect(checked.errors[0].json.error).toBe('Akkio has no such training');
			expect(checked.errors[0].json.details).toMatch(/Check the task ID/);
		}
	});

	test('Wait ends with an error either way: at once on a 404, at its timeout on PENDING', async () => {
		const waited = await runAkkio(sim, { parameters: { operation: 'wait', taskId: 'never-issued', options: { timeoutMinutes: 1 } } });
		expect(waited.status).toBe('error');
		expect(waited.error.message).toMatch(unknownTask === 'pending' ? /^Training never-issued was still running after 1 minutes/ : /^Akkio has no such training$/);
	});

	test('a real training is still waited for and read', async () => {
		const trained = await trainAndWait(sim);
		expect(trained.status).toBe('success');
		expect(trained.success[0].json.model_id).toEqual(expect.any(String));
	});
});

describe.each(UNDOCUMENTED.earlyResult)('/result before success (earlyResult: %s)', (earlyResult) => {
	let sim;
	beforeAll(async () => {
		sim = await startSimulator({ timeScale: 0.001, earlyResult });
	});
	afterAll(async () => sim.close());

	test.each([
		['a running training', { predictFields: 'Positive Lead', duration: 1800 }],
		['a failed training', { predictFields: 'No Such Field', duration: 10 }],
	])('Get Result of %s is an error, never a result', async (_, training) => {
		const submitted = await runAkkio(sim, { parameters: { operation: 'train', datasetId: rl(SAMPLE_DATASET_ID), ...training }, timeScale: 1 });
		const taskId = submitted.success[0].json.task_id;
		if (training.duration === 10) while (sim.taskDoneAt(taskId) === null) await new Promise((resolve) => setTimeout(resolve, 20));
		for (const output of ['summary', 'raw', 'perClassRows']) {
			const got = await runAkkio(sim, { parameters: { operation: 'getResult', taskId, output }, onError: 'continueErrorOutput' });
			expect([output, got.success]).toEqual([output, []]);
			expect(got.errors).toHaveLength(1);
			expect(got.errors[0].json.error).toMatch(
				/^Akkio has no result for this task$|^Akkio rejected the request: path\.task_id: Task (is not finished|did not succeed)$|^Akkio has no result for this task yet: it answered with the task's status \((PENDING|IN_PROGRESS|FAILED)\)$/,
			);
			// The 422 carries Akkio's words in its message; the others say how to get a result.
			if (earlyResult !== '422') expect(got.errors[0].json.details).toMatch(/Get Status until done is true/);
		}
	});

	test('Wait for Training reads the result once the training SUCCEEDED', async () => {
		const trained = await trainAndWait(sim);
		expect(trained.status).toBe('success');
		expect(trained.success[0].json.macro_f1).toEqual(expect.any(Number));
	});
});

describe.each(UNDOCUMENTED.predictExtraFields)('Predict given columns the model does not know (predictExtraFields: %s)', (predictExtraFields) => {
	let sim;
	let modelId;
	beforeAll(async () => {
		sim = await startSimulator({ timeScale: 0.001, predictExtraFields });
		modelId = sim.addModel({ datasetId: SAMPLE_DATASET_ID, predictFields: ['Positive Lead'] }).id;
	});
	afterAll(async () => sim.close());
	beforeEach(() => sim.clearLog());
	const crmLeads = () => leads(3, 17).map(({ json }, index) => ({ json: { id: `lead-${index}`, email: `lead${index}@example.com`, ...json } }));

	test('sending every field works where Akkio ignores unknown ones and fails in Akkio\'s words where it refuses them', async () => {
		const predicted = await run(sim, { items: crmLeads(), parameters: { resource: 'model', operation: 'predict', modelId: rl(modelId) }, onError: 'continueErrorOutput' });
		if (predictExtraFields === 'ignore') {
			expect(predicted.success).toHaveLength(3);
		} else {
			expect(predicted.success).toEqual([]);
			expect(predicted.errors.map((item) => item.pairedItem.item)).toEqual([0, 1, 2]);
			expect(predicted.errors[0].json.details).toBe('Akkio said: Unknown fields: id, email.');
		}
	});

	test('All Fields Except Selected leaves them out; each item still comes back whole, with its prediction', async () => {
		const items = crmLeads();
		const predicted = await run(sim, {
			items,
			parameters: { resource: 'model', operation: 'predict', modelId: rl(modelId), fieldsToSend: 'except', fieldNames: 'id, email' },
		});
		expect(predicted.status).toBe('success');
		predicted.success.forEach((item, index) => {
			const { prediction, ...rest } = item.json;
			expect(rest).toEqual(items[index].json);
			expect(['0', '1']).toContain(prediction['Positive Lead']);
			expect(item.pairedItem).toEqual({ item: index });
		});
		for (const row of sim.requests[0].body.data) expect(Object.keys(row)).not.toEqual(expect.arrayContaining(['id']));
		expect(sim.requests[0].body.data.map((row) => Object.keys(row).filter((key) => key === 'id' || key === 'email'))).toEqual([[], [], []]);
	});
});

describe('rows as Akkio documents them: flat, and only the fields chosen', () => {
	let sim;
	let modelId;
	beforeAll(async () => {
		sim = await startSimulator({ timeScale: 0.001 });
		modelId = sim.addModel({ datasetId: SAMPLE_DATASET_ID, predictFields: ['Positive Lead'] }).id;
	});
	afterAll(async () => sim.close());
	beforeEach(() => sim.clearLog());
	const newDataset = async (name) => (await run(sim, { parameters: { resource: 'dataset', operation: 'create', name } })).success[0].json.dataset_id;
	const addRows = (datasetId, extra = {}) => ({ resource: 'dataset', operation: 'addRows', datasetId: rl(datasetId), ...extra });
	const nested = [
		{ json: { name: 'Ana', city: 'Lyon' } },
		{ json: { name: 'Ben', address: { city: 'Oslo', zip: '0150' } } },
		{ json: { name: 'Cy', tags: ['vip'] } },
	];

	test.each([
		['Add Rows', (datasetId) => addRows(datasetId)],
		['Predict', () => ({ resource: 'model', operation: 'predict', modelId: rl(modelId) })],
	])('%s refuses a nested value before anything is sent, naming the item and the field', async (_, parameters) => {
		const datasetId = await newDataset('Nested');
		sim.clearLog();
		const refused = await run(sim, { items: nested, parameters: parameters(datasetId) });
		expect(refused.status).toBe('error');
		expect(refused.error.message).toBe(
			'Fields to Send: field "address" holds an object, and Akkio takes flat rows (text, numbers, true/false or empty values) [item 1]',
		);
		expect(refused.error.description).toMatch(/All Fields Except Selected/);
		expect(sim.requests).toHaveLength(0);
		expect(sim.getDataset(datasetId).rows).toEqual([]);
	});

	test('with Continue On Fail only the nested items fail; the flat one is added', async () => {
		const datasetId = await newDataset('Partly nested');
		const added = await run(sim, { items: nested, parameters: addRows(datasetId), onError: 'continueErrorOutput' });
		expect(added.errors.map((item) => [item.pairedItem, item.json.error])).toEqual([
			[[{ item: 1 }], expect.stringMatching(/^Fields to Send: field "address" holds an object.* \[item 1\]$/)],
			[[{ item: 2 }], expect.stringMatching(/^Fields to Send: field "tags" holds a list.* \[item 2\]$/)],
		]);
		expect(added.success[0].json).toMatchObject({ rows_sent: 1 });
		expect(sim.getDataset(datasetId).rows).toEqual([{ name: 'Ana', city: 'Lyon' }]);
	});

	test.each([
		['All Fields', {}, [{ a: 1, b: 'x', c: true }, { a: 2, b: null }]],
		['Selected Fields', { fieldsToSend: 'selected', fieldNames: 'b, a' }, [{ b: 'x', a: 1 }, { b: null, a: 2 }]],
		['All Fields Except Selected', { fieldsToSend: 'except', fieldNames: 'c, d' }, [{ a: 1, b: 'x' }, { a: 2, b: null }]],
		['Selected Fields, leaving a nested one out', { fieldsToSend: 'selected', fieldNames: '={{ ["a"] }}' }, [{ a: 1 }, { a: 2 }]],
	])('Add Rows, %s', async (_, choice, rows) => {
		const datasetId = await newDataset('Chosen');
		sim.clearLog();
		const items = [{ json: { a: 1, b: 'x', c: true } }, { json: { a: 2, b: null, d: choice.fieldNames === '={{ ["a"] }}' ? { deep: 1 } : 'flat' } }];
		if (!choice.fieldsToSend) items[1].json = { a: 2, b: null };
		const added = await run(sim, { items, parameters: addRows(datasetId, choice) });
		expect(added.status).toBe('success');
		expect(sim.requests[0].body.rows).toEqual(rows);
		expect(sim.getDataset(datasetId).rows).toEqual(rows);
	});

	test('Selected Fields needs field names, checked before any request', async () => {
		const refused = await run(sim, { items: leads(1), parameters: addRows(SAMPLE_DATASET_ID, { fieldsToSend: 'selected', fieldNames: ' ' }) });
		expect(refused.error.message).toBe('Fields: needs at least one field name [item 0]');
		expect(sim.requests).toHaveLength(0);
	});
});
