'use strict';
// The simulator answers as Akkio's pages show (the examples below are copied from the pages
// CONTRACT.md lists), every
// undocumented point is an option whose values answer as CONTRACT.md says, and CONTRACT.md
// names every route the nodes call and every variant.
const fs = require('node:fs');
const path = require('node:path');
const { startSimulator, manualClock, UNDOCUMENTED, SAMPLE_DATASET_ID } = require('./simulator');
const { callJson } = require('./support/http');

const contract = fs.readFileSync(path.join(__dirname, 'simulator', 'CONTRACT.md'), 'utf8');

/** Keys and value types, at every level (the first entry of a list stands for all). */
function shape(value) {
	if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.keys(value).sort().map((key) => [key, shape(value[key])]));
	}
	return value === null ? 'null' : typeof value;
}

function client(sim) {
	return async (method, route, { query, body, key } = {}) => {
		const qs = query ? `?${new URLSearchParams(query)}` : '';
		const { status, json } = await callJson(`${sim.url}${route}${qs}`, { method, headers: key === undefined ? {} : { 'x-api-key': key }, body });
		return { status, json };
	};
}

// The pages' own examples.
const PAGES = {
	datasetList: { status: 'success', datasets: [{ id: '7pmPB4MXU390Bs0Axxnd', name: 'Telco-Customer-Churn.csv' }] },
	datasetGet: { status: 'success', name: 'titanic-sheet-titanic', rows: 887, fields: [{ type: 'category', name: 'Survived' }] },
	keyRejected: { status: 'missing or invalid API key' },
	datasetCreate: { status: 'success', dataset_id: 'YOUR_DATASET_ID', dataset_name: 'YOUR_DATASET_NAME' },
	addRows: { status: 'success' },
	modelList: { status: 'success', models: [{ id: 'mpcfo01LuKwZKkH8fMwN', name: 'titanic-sheet-titanic' }] },
	predict: { status: 'success', predictions: [{ Survived: '0', 'Probability Survived is 0': 0.8, 'Probability Survived is 1': 0.19 }] },
	modelDelete: { status: 'success' },
	trainNew: { task_id: '<task_id>' },
	statusInProgress: { status: 'IN_PROGRESS', metadata: { type: 'IN_PROGRESS' } },
	statusSucceeded: { status: 'SUCCEEDED', metadata: { type: 'SUCCEEDED', location: '/api/v1/models/train/<task_id>/result' } },
	result: { status: 'success', model_id: 'AyooDGG4IB7iJDkgLKJR', stats: [[{}]], field_importance: {}, data_story: [{}] },
};

describe('by default the simulator answers as the pages show', () => {
	let sim;
	let call;
	let clock;
	beforeAll(async () => {
		clock = manualClock();
		sim = await startSimulator({ clock });
		call = client(sim);
	});
	afterAll(() => sim.close());
	const legacy = (method, route, fields = {}) =>
		method === 'GET' ? call(method, route, { query: { api_key: sim.apiKey, ...fields } }) : call(method, route, { body: { api_key: sim.apiKey, ...fields } });

	test('the legacy dataset routes: list, get (rows is a count), create, add rows, and the key answer', async () => {
		const list = await legacy('GET', '/v1/datasets');
		expect([list.status, shape(list.json)]).toEqual([200, shape(PAGES.datasetList)]);

		const created = await legacy('POST', '/v1/datasets', { name: 'Contract check' });
		expect([created.status, shape(created.json)]).toEqual([200, shape(PAGES.datasetCreate)]);
		expect(created.json.dataset_name).toBe('Contract check');

		const rows = [{ a: 'x', b: 1 }, { a: 'y', b: 2 }, { a: 'z', b: 3 }];
		const added = await legacy('POST', '/v1/datasets', { id: created.json.dataset_id, rows });
		expect([added.status, added.json]).toEqual([200, PAGES.addRows]);

		const got = await legacy('GET', '/v1/datasets', { id: created.json.dataset_id });
		expect([got.status, shape(got.json)]).toEqual([200, shape(PAGES.datasetGet)]);
		expect(got.json.rows).toBe(3);

		for (const [method, route] of [['GET', '/v1/datasets'], ['POST', '/v1/datasets'], ['DELETE', '/v1/datasets'], ['GET', '/v1/models'], ['POST', '/v1/models'], ['DELETE', '/v1/models']]) {
			const wrong = method === 'GET' ? await call(method, route, { query: { api_key: 'wrong' } }) : await call(method, route, { body: { api_key: 'wrong', id: 'x' } });
			expect([method, route, wrong.status, wrong.json]).toEqual([method, route, 404, PAGES.keyRejected]);
			const missing = await call(method, route, method === 'GET' ? {} : { body: { id: 'x' } });
			expect([method, route, missing.status, missing.json]).toEqual([method, route, 404, PAGES.keyRejected]);
		}
	});

	test('the legacy model routes: list (id and name only), predict, delete', async () => {
		const model = sim.addModel({ datasetId: SAMPLE_DATASET_ID, predictFields: ['Positive Lead'] });
		const list = await legacy('GET', '/v1/models');
		expect([list.status, shape(list.json)]).toEqual([200, shape(PAGES.modelList)]);

		const predicted = await legacy('POST', '/v1/models', { id: model.id, data: [{ 'Webinars Attended': 3 }] });
		expect(predicted.status).toBe(200);
		const rename = (prediction) => Object.fromEntries(Object.entries(prediction).map(([key, value]) => [key.replace(/Positive Lead|Survived/, 'F').replace(/is \S+$/, 'is c'), value]));
		expect(shape({ ...predicted.json, predictions: predicted.json.predictions.map(rename) })).toEqual(
			shape({ ...PAGES.predict, predictions: PAGES.predict.predictions.map(rename) }),
		);

		const deleted = await legacy('DELETE', '/v1/models', { id: model.id });
		expect([deleted.status, deleted.json]).toEqual([200, PAGES.modelDelete]);
	});

	test('the training routes: submit, status as the examples, result as the example', async () => {
		const submitted = await call('POST', '/api/v1/models/train/new', { key: sim.apiKey, body: { dataset_id: SAMPLE_DATASET_ID, predict_fields: ['Positive Lead'], duration: 60 } });
		expect([submitted.status, shape(submitted.json)]).toEqual([201, shape(PAGES.trainNew)]);
		const taskId = submitted.json.task_id;
		clock.advance(30000);
		const running = await call('GET', `/api/v1/models/train/${taskId}/status`, { key: sim.apiKey });
		const { estimate_seconds: estimate, ...documented } = running.json.metadata;
		expect(typeof estimate).toBe('number'); // "If provided, an estimate of how many seconds ..."
		expect({ ...running.json, metadata: documented }).toEqual(PAGES.statusInProgress);
		clock.advance(1e9);
		const done = await call('GET', `/api/v1/models/train/${taskId}/status`, { key: sim.apiKey });
		expect(done.json).toEqual(JSON.parse(JSON.stringify(PAGES.statusSucceeded).replace('<task_id>', taskId)));
		const result = await call('GET', `/api/v1/models/train/${taskId}/result`, { key: sim.apiKey });
		expect(result.status).toBe(200);
		expect(Object.keys(result.json).sort()).toEqual(Object.keys(PAGES.result).sort());
		expect(result.json.status).toBe('success');
		const wrongKey = await call('GET', `/api/v1/models/train/${taskId}/status`, { key: 'wrong' });
		expect(wrongKey.status).toBe(401);
	});
});

describe('what the pages leave unsaid is an option, each value answering as CONTRACT.md says', () => {
	const withSim = (options, work) => async () => {
		const clock = manualClock();
		const sim = await startSimulator({ clock, ...options });
		try {
			await work(sim, client(sim), clock);
		} finally {
			await sim.close();
		}
	};

	test('the defaults are the first value of each option', withSim({}, async (sim) => {
		for (const [name, values] of Object.entries(UNDOCUMENTED)) expect([name, sim.options[name]]).toEqual([name, values[0]]);
	}));

	test('an unknown option value is refused', async () => {
		await expect(startSimulator({ unknownTask: 'maybe' })).rejects.toThrow(/unknownTask must be one of pending, 404/);
	});

	test.each([
		['pending', 200, { status: 'PENDING', metadata: { type: 'PENDING' } }],
		['404', 404, { detail: 'Task not found' }],
	])('unknownTask: %s', (value, status, json) =>
		withSim({ unknownTask: value }, async (sim, call) => {
			expect(await call('GET', '/api/v1/models/train/never-issued/status', { key: sim.apiKey })).toEqual({ status, json });
		})());

	test.each([
		['400', 400, () => ({ detail: 'Task is not finished' })],
		['404', 404, () => ({ detail: 'Task is not finished' })],
		['422', 422, (taskId) => ({ detail: [{ type: 'value_error', loc: ['path', 'task_id'], msg: 'Task is not finished', input: taskId }] })],
		['status200', 200, () => ({ status: 'IN_PROGRESS', metadata: { type: 'IN_PROGRESS', estimate_seconds: expect.any(Number) } })],
	])('earlyResult: %s', (value, status, json) =>
		withSim({ earlyResult: value }, async (sim, call, clock) => {
			const submitted = await call('POST', '/api/v1/models/train/new', { key: sim.apiKey, body: { dataset_id: SAMPLE_DATASET_ID, predict_fields: ['Positive Lead'], duration: 60 } });
			const taskId = submitted.json.task_id;
			clock.advance(30000);
			expect(await call('GET', `/api/v1/models/train/${taskId}/result`, { key: sim.apiKey })).toEqual({ status, json: json(taskId) });
			clock.advance(1e9);
			expect((await call('GET', `/api/v1/models/train/${taskId}/result`, { key: sim.apiKey })).status).toBe(200);
		})());

	test.each([
		['status', 404, { status: 'Dataset not found' }],
		['status200', 200, { status: 'Dataset not found' }],
		['error', 404, { error: 'Dataset not found' }],
	])('legacyErrors: %s', (value, status, json) =>
		withSim({ legacyErrors: value }, async (sim, call) => {
			expect(await call('GET', '/v1/datasets', { query: { api_key: sim.apiKey, id: 'no-such-dataset' } })).toEqual({ status, json });
			// the documented key answer is the same in every variant
			expect(await call('GET', '/v1/datasets', { query: { api_key: 'wrong', id: 'no-such-dataset' } })).toEqual({ status: 404, json: PAGES.keyRejected });
			// routing answers keep their HTTP code
			expect((await call('GET', '/v1/nothing-here', { query: { api_key: sim.apiKey } })).status).toBe(404);
		})());

	test.each([
		['ignore', 200],
		['reject', 400],
	])('predictExtraFields: %s', (value, status) =>
		withSim({ predictExtraFields: value }, async (sim, call) => {
			const model = sim.addModel({ datasetId: SAMPLE_DATASET_ID, predictFields: ['Positive Lead'], ignoreFields: ['Plan'] });
			const known = await call('POST', '/v1/models', { body: { api_key: sim.apiKey, id: model.id, data: [{ 'Webinars Attended': 2, Plan: 'Pro', 'Positive Lead': '1' }] } });
			expect(known.status).toBe(200);
			const extra = await call('POST', '/v1/models', { body: { api_key: sim.apiKey, id: model.id, data: [{ 'Webinars Attended': 2, email: 'a@b.c' }] } });
			expect(extra.status).toBe(status);
			if (status === 400) expect(extra.json).toEqual({ status: 'Unknown fields: email' });
		})());
});

describe('CONTRACT.md', () => {
	test('names every route the nodes call', () => {
		const routes = [
			'`GET /v1/datasets?api_key=`',
			'`GET /v1/datasets?api_key=&id=`',
			'`POST /v1/datasets {name, api_key}`',
			'`POST /v1/datasets {id, rows, api_key}`',
			'`DELETE /v1/datasets {id, api_key}`',
			'`GET /v1/models?api_key=`',
			'`POST /v1/models {id, data, api_key}`',
			'`DELETE /v1/models {id, api_key}`',
			'`POST /api/v1/models/train/new`',
			'`GET /api/v1/models/train/{task_id}/status`',
			'`GET /api/v1/models/train/{task_id}/result`',
		];
		for (const route of routes) expect([route, contract.includes(`| ${route}`)]).toEqual([route, true]);
	});

	test('lists every value of every undocumented option', () => {
		for (const [name, values] of Object.entries(UNDOCUMENTED)) {
			for (const value of values) {
				const row = `| \`${name}: '${value}'\``;
				expect([row, contract.includes(row)]).toEqual([row, true]);
			}
		}
	});
});
