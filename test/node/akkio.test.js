'use strict';
// The Akkio node (datasets and predictions over the legacy /v1 routes) and the editor's pickers,
// in n8n-core's engine against the simulator.
const { runAkkio, startSimulator, pkg, akkioCredentials, rl, leads } = require('../support/akkio');
const { callNodeMethod } = require('../harness/load-options');
const { loadPackageWithN8nLoader } = require('../harness/engine');

const AKKIO = 'n8n-nodes-akkio.akkio';
const run = (sim, options) => runAkkio(sim, { nodeType: AKKIO, ...options });

let sim;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001 });
});
afterAll(async () => sim.close());
beforeEach(() => sim.clearLog());

/** Every legacy request carries the key as api_key: in the query for GET only, else in the body; never a header. */
function expectLegacyKeyPlacement(requests) {
	expect(requests.length).toBeGreaterThan(0);
	for (const request of requests) {
		expect(request.route).toBe('legacy');
		expect(request.headers['x-api-key']).toBeUndefined();
		if (request.method === 'GET') {
			expect(request.apiKeyIn).toBe('query');
		} else {
			expect(request.apiKeyIn).toBe('body');
			expect(request.query.api_key).toBeUndefined();
		}
	}
}

async function newDataset(name = 'Test leads') {
	const created = await run(sim, { parameters: { resource: 'dataset', operation: 'create', name } });
	expect(created.status).toBe('success');
	return created.success[0].json.dataset_id;
}

describe('Dataset', () => {
	test('Create makes an empty dataset', async () => {
		const created = await run(sim, { items: [{ json: { n: 'A' } }, { json: { n: 'B' } }], parameters: { resource: 'dataset', operation: 'create', name: '={{ "Leads " + $json.n }}' } });
		expect(created.success.map((i) => [i.json.name, i.pairedItem.item])).toEqual([['Leads A', 0], ['Leads B', 1]]);
		for (const item of created.success) expect(sim.getDataset(item.json.dataset_id).rows).toEqual([]);
		expectLegacyKeyPlacement(sim.requests);
	});

	test.each([
		['0 rows (an empty item)', 0, [{ json: {} }], 0],
		['1 row', 1, leads(1), 1],
		['exactly one batch', 3, leads(3), 1],
		['one more than a batch', 4, leads(4), 2],
		['many batches', 10, leads(10), 4],
	])('Add Rows, %s', async (_, rowCount, items, requestCount) => {
		const datasetId = await newDataset();
		sim.clearLog();
		const added = await run(sim, {
			items,
			parameters: { resource: 'dataset', operation: 'addRows', datasetId: rl(datasetId), options: { batchSize: 3 } },
		});
		expect(added.status).toBe('success');
		expect(added.success).toHaveLength(1);
		expect(added.success[0].json).toMatchObject({ dataset_id: datasetId, rows_sent: rowCount, batches: requestCount });
		expect(added.success[0].pairedItem).toEqual(items.map((_, item) => ({ item })));
		expect(sim.requests).toHaveLength(requestCount);
		expect(sim.requests.map((r) => r.body.rows.length)).toEqual(
			Array.from({ length: requestCount }, (_, i) => Math.min(3, rowCount - 3 * i)),
		);
		expect(sim.getDataset(datasetId).rows).toEqual(items.filter((i) => Object.keys(i.json).length).map((i) => i.json));
		if (requestCount) expectLegacyKeyPlacement(sim.requests);
	});

	test('List, Get and Delete', async () => {
		const datasetId = await newDataset('To delete');
		await run(sim, { items: leads(5), parameters: { resource: 'dataset', operation: 'addRows', datasetId: rl(datasetId) } });

		const listed = await run(sim, { parameters: { resource: 'dataset', operation: 'list', returnAll: true } });
		expect(listed.success.map((i) => i.json)).toEqual(expect.arrayContaining([{ dataset_id: 'leads-sample', name: 'B2B Leads' }, { dataset_id: datasetId, name: 'To delete' }]));
		expect(listed.success.map((i) => i.json.dataset_id)).not.toContain('other-team-data');
		const limited = await run(sim, { parameters: { resource: 'dataset', operation: 'list', limit: 1 } });
		expect(limited.success).toHaveLength(1);

		const got = await run(sim, { parameters: { resource: 'dataset', operation: 'get', datasetId: rl(datasetId) } });
		expect(got.success[0].json).toMatchObject({ dataset_id: datasetId, name: 'To delete', row_count: 5 });
		expect(got.success[0].json.fields).toEqual(expect.arrayContaining([{ name: 'Positive Lead', type: expect.any(String) }]));
		expect(got.success[0].json.rows).toBeUndefined();

		const deleted = await run(sim, { parameters: { resource: 'dataset', operation: 'delete', datasetId: rl(datasetId) } });
		expect(deleted.success[0].json).toEqual({ dataset_id: datasetId, deleted: true });
		const gone = await run(sim, { parameters: { resource: 'dataset', operation: 'get', datasetId: rl(datasetId) } });
		expect(gone.error.message).toBe('Akkio has no such dataset');
		expectLegacyKeyPlacement(sim.requests);
	});

	test('the dataset can be given by URL', async () => {
		const got = await run(sim, {
			parameters: { resource: 'dataset', operation: 'get', datasetId: { __rl: true, mode: 'url', value: 'https://app.akkio.com/datasets/leads-sample' } },
		});
		expect(got.success[0].json.dataset_id).toBe('leads-sample');
	});
});

describe('Model', () => {
	let modelId;
	beforeAll(async () => {
		const trained = await runAkkio(sim, {
			parameters: { operation: 'train', datasetId: rl('leads-sample'), predictFields: ['Positive Lead'], duration: 10, waitForCompletion: true },
		});
		modelId = trained.success[0].json.model_id;
	});

	test('List shows the trained model', async () => {
		const listed = await run(sim, { parameters: { resource: 'model', operation: 'list', returnAll: true } });
		expect(listed.success.map((i) => i.json.model_id)).toContain(modelId);
		expectLegacyKeyPlacement(sim.requests);
	});

	test.each([
		['1 row', 1, 1],
		['exactly one batch', 2, 1],
		['one more than a batch', 3, 2],
	])('Predict, %s: each item comes back with its prediction, paired', async (_, count, requests) => {
		const items = leads(count, 11);
		const predicted = await run(sim, {
			items,
			parameters: { resource: 'model', operation: 'predict', modelId: rl(modelId), options: { batchSize: 2 } },
		});
		expect(predicted.status).toBe('success');
		expect(sim.requests).toHaveLength(requests);
		expect(predicted.success).toHaveLength(count);
		predicted.success.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const { prediction, ...rest } = item.json;
			expect(rest).toEqual(items[index].json);
			expect(['0', '1']).toContain(prediction['Positive Lead']);
			expect(Object.keys(prediction.probabilities).sort()).toEqual(['0', '1']);
			expect(prediction.probabilities['0'] + prediction.probabilities['1']).toBeCloseTo(1, 6);
			expect(prediction.confidence).toBe(prediction.probabilities[prediction['Positive Lead']]);
		});
		expectLegacyKeyPlacement(sim.requests);
	});

	test('Explain, and the prediction merged into the item itself', async () => {
		const predicted = await run(sim, {
			items: leads(2, 5),
			parameters: { resource: 'model', operation: 'predict', modelId: rl(modelId), options: { explain: true, predictionKey: '' } },
		});
		const item = predicted.success[0].json;
		expect(item['Positive Lead']).toMatch(/^[01]$/);
		expect(typeof item.confidence).toBe('number');
		// One contribution per field of the row, a finite number each.
		expect(Object.keys(item.explanation)).toEqual(expect.arrayContaining(['Job Title', 'Industry']));
		expect(Object.values(item.explanation).every(Number.isFinite)).toBe(true);
		expect(sim.requests[0].body.explain).toBe(true);
	});

	test('a wrong model fails its items; with Continue On Fail the other items still score', async () => {
		const items = [...leads(2, 1).map((i) => ({ json: { ...i.json, model: modelId } })), { json: { model: 'no-such-model' } }];
		const predicted = await run(sim, {
			items,
			onError: 'continueErrorOutput',
			parameters: { resource: 'model', operation: 'predict', modelId: '={{ $json.model }}' },
		});
		expect(predicted.success.map((i) => i.pairedItem.item)).toEqual([0, 1]);
		expect(predicted.errors.map((i) => i.pairedItem.item)).toEqual([2]);
		expect(predicted.errors[0].json.error).toBe('Akkio has no such model');
	});

	test('Delete', async () => {
		const extra = sim.addModel({ datasetId: 'leads-sample', predictFields: ['Plan'] });
		const deleted = await run(sim, { parameters: { resource: 'model', operation: 'delete', modelId: rl(extra.id) } });
		expect(deleted.success[0].json).toEqual({ model_id: extra.id, deleted: true });
		expect(sim.getModel(extra.id)).toBeFalsy();
	});
});

describe('Add Rows is never repeated blindly', () => {
	const addRows = (datasetId, options = {}) => ({ resource: 'dataset', operation: 'addRows', datasetId: rl(datasetId), options: { batchSize: 2, ...options } });

	test('a batch cut off after Akkio stored it is not sent again; the next batches go on with Continue On Fail', async () => {
		const datasetId = await newDataset('Ambiguous');
		sim.clearLog();
		sim.faults.script({ route: 'legacy', method: 'POST' }, [{ kind: 'reset', afterEffect: true }]);
		const items = leads(5, 8);
		const added = await run(sim, { items, onError: 'continueErrorOutput', parameters: addRows(datasetId) });
		expect(added.errors).toHaveLength(1);
		expect(added.errors[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(added.errors[0].json.error).toMatch(/while rows were being added; it was not retried$/);
		expect(added.errors[0].json.details).toMatch(/row count/);
		expect(added.success[0].json).toMatchObject({ rows_sent: 3, batches: 2 });
		// Akkio kept the first batch (the answer was lost); it was never sent twice.
		expect(sim.getDataset(datasetId).rows).toEqual(items.map((i) => i.json));
		expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
	});

	test('a 503 means Akkio did not take the batch: it is sent again, once', async () => {
		const datasetId = await newDataset('Busy');
		sim.clearLog();
		sim.faults.script({ route: 'legacy', method: 'POST' }, [503]);
		const items = leads(2, 9);
		const added = await run(sim, { items, parameters: addRows(datasetId, { maxRequestsPerSecond: 5 }) });
		expect(added.status).toBe('success');
		expect(added.success[0].json).toMatchObject({ rows_sent: 2, batches: 1 });
		expect(sim.getDataset(datasetId).rows).toEqual(items.map((i) => i.json));
		expect(sim.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([503, 200]);
	});

	test('without Continue On Fail the node stops at the failed batch', async () => {
		const datasetId = await newDataset('Stops');
		sim.faults.script({ route: 'legacy', method: 'POST' }, [{ kind: 'reset', afterEffect: false }]);
		const added = await run(sim, { items: leads(4, 10), parameters: addRows(datasetId) });
		expect(added.status).toBe('error');
		expect(added.error.message).toMatch(/while rows were being added; it was not retried/);
		expect(sim.getDataset(datasetId).rows).toEqual([]);
	});
});

describe('the loop: rows in, a model trained on them, predictions out', () => {
	test('create → add rows → train on what was added → predict', async () => {
		const datasetId = await newDataset('Fresh leads');
		await run(sim, { items: leads(150, 21), parameters: { resource: 'dataset', operation: 'addRows', datasetId: rl(datasetId), options: { batchSize: 40 } } });
		const trained = await runAkkio(sim, {
			parameters: { operation: 'train', datasetId: rl(datasetId), predictFields: ['Positive Lead'], duration: 10, waitForCompletion: true },
		});
		expect(trained.status).toBe('success');
		expect(trained.success[0].json.metrics[0].support).toBeGreaterThan(0);
		const predicted = await run(sim, {
			items: leads(3, 99),
			parameters: { resource: 'model', operation: 'predict', modelId: rl(trained.success[0].json.model_id) },
		});
		expect(predicted.success).toHaveLength(3);
	});
});

describe('pickers, called the way the n8n editor calls them', () => {
	const credentials = () => akkioCredentials(sim);
	/** Akkio Train's field dropdown for a dataset picked from the list. */
	const loadFields = (dataset, types = pkg) =>
		callNodeMethod({
			nodeTypes: types.nodeTypes,
			credentialTypes: types.credentialTypes,
			credentials: credentials(),
			nodeType: 'n8n-nodes-akkio.akkioTrain',
			kind: 'loadOptions',
			method: 'getDatasetFields',
			parameters: { operation: 'train', datasetId: { __rl: true, mode: 'list', value: dataset } },
		});

	test('Dataset list search (both nodes)', async () => {
		for (const nodeType of ['n8n-nodes-akkio.akkioTrain', AKKIO]) {
			const all = await callNodeMethod({ ...pkg, credentials: credentials(), nodeType, kind: 'listSearch', method: 'searchDatasets' });
			expect(all.error).toBeUndefined();
			expect(all.result.results).toEqual(expect.arrayContaining([{ name: 'B2B Leads', value: 'leads-sample', url: 'https://app.akkio.com/datasets/leads-sample' }]));
			const filtered = await callNodeMethod({ ...pkg, credentials: credentials(), nodeType, kind: 'listSearch', method: 'searchDatasets', filter: 'b2b' });
			expect(filtered.result.results).toEqual([{ name: 'B2B Leads', value: 'leads-sample', url: 'https://app.akkio.com/datasets/leads-sample' }]);
		}
	});

	test('the same through the classes n8n\'s own package loader loads from dist/', async () => {
		const { nodeTypes, credentialTypes } = await loadPackageWithN8nLoader();
		const fields = await loadFields('leads-sample', { nodeTypes, credentialTypes });
		expect(fields.result.map((f) => f.value)).toContain('Positive Lead');
		const datasets = await callNodeMethod({ nodeTypes, credentialTypes, credentials: credentials(), nodeType: AKKIO, kind: 'listSearch', method: 'searchDatasets' });
		expect(datasets.result.results).toEqual(expect.arrayContaining([{ name: 'B2B Leads', value: 'leads-sample', url: 'https://app.akkio.com/datasets/leads-sample' }]));
	});

	test('Model list search', async () => {
		const models = await callNodeMethod({ ...pkg, credentials: credentials(), nodeType: AKKIO, kind: 'listSearch', method: 'searchModels' });
		expect(models.result.results.length).toBeGreaterThan(0);
		expect(models.result.results[0]).toEqual({ name: expect.stringContaining('B2B Leads'), value: expect.any(String), url: expect.stringMatching(/^https:\/\/app\.akkio\.com\/models\//) });
	});

	test('Predict Fields and Ignore Fields load the chosen dataset\'s fields, the type shown once, underneath', async () => {
		const fields = await loadFields('leads-sample');
		expect(fields.error).toBeUndefined();
		expect(fields.result).toEqual(
			expect.arrayContaining([
				{ name: 'Positive Lead', value: 'Positive Lead', description: 'Type: category' },
				{ name: 'Company Size', value: 'Company Size', description: 'Type: number' },
			]),
		);
		expectLegacyKeyPlacement(sim.requests);
	});

	test('without a dataset chosen the field list is empty, not an error (the editor would show "Error fetching options")', async () => {
		const fields = await loadFields('');
		expect(fields.error).toBeUndefined();
		expect(fields.result).toEqual([]);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('the key never shows on the legacy routes', () => {
	const CANARY = 'LEGACY-CANARY-5d1e7';
	test.each([
		['a wrong key', { resource: 'dataset', operation: 'list' }, `${CANARY}-wrong`],
		['an unknown dataset', { resource: 'dataset', operation: 'get', datasetId: rl('nope') }, undefined],
		['another team\'s dataset', { resource: 'dataset', operation: 'addRows', datasetId: rl('other-team-data') }, undefined],
		['an unknown model', { resource: 'model', operation: 'predict', modelId: rl('nope') }, undefined],
		['a failing picker', null, `${CANARY}-wrong`],
	])('%s', async (_, parameters, wrongKey) => {
		const canarySim = await startSimulator({ timeScale: 0.001, apiKey: CANARY });
		try {
			const credentialData = akkioCredentials(canarySim, wrongKey ? { apiKey: wrongKey } : {});
			if (parameters === null) {
				const picked = await callNodeMethod({ ...pkg, credentials: credentialData, nodeType: AKKIO, kind: 'listSearch', method: 'searchDatasets' });
				expect(picked.error.message).toBe('Akkio rejected the API key');
				expect(JSON.stringify({ ...picked.error, message: picked.error.message, stack: picked.error.stack })).not.toContain(CANARY);
				expect(JSON.stringify(picked.logs)).not.toContain(CANARY);
				return;
			}
			const failed = await run(canarySim, { items: leads(1), parameters, credentials: credentialData });
			expect(failed.status).toBe('error');
			expect(failed.serialized).not.toContain(CANARY);
			expect(String(failed.error.stack)).not.toContain(CANARY);
			expect(canarySim.requests.length).toBeGreaterThan(0);
		} finally {
			await canarySim.close();
		}
	});
});
