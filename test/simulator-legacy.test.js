'use strict';

// Tests of the simulator's models: trainings that succeed become Akkio models
// (sim.models), served by the legacy /v1/models route (list, predict with
// probabilities and explanations, train, delete). Real HTTP with Node's fetch.

const http = require('http');
const { startSimulator, manualClock, SAMPLE_DATASET_ID, OTHER_TEAM_DATASET_ID } = require('./simulator');
const { split, rowsWithTarget } = require('./simulator/model');
const { modelName } = require('./simulator/model-store');
const { callJson } = require('./support/http');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sum = (values) => values.reduce((a, b) => a + b, 0);
const LEAD = 'Positive Lead';
const P0 = `Probability ${LEAD} is 0`;
const P1 = `Probability ${LEAD} is 1`;

function client(sim) {
	const call = async (method, path, { body, query, headers = {} } = {}) =>
		await callJson(sim.url + path + (query ? `?${new URLSearchParams(query)}` : ''), { method, headers, body });
	const key = sim.apiKey;
	const api = {
		call,
		// /api/v1: X-API-Key header
		submit: (body) => call('POST', '/api/v1/models/train/new', { body, headers: { 'X-API-Key': key } }),
		status: (taskId) => call('GET', `/api/v1/models/train/${taskId}/status`, { headers: { 'X-API-Key': key } }),
		result: (taskId) => call('GET', `/api/v1/models/train/${taskId}/result`, { headers: { 'X-API-Key': key } }),
		// legacy /v1: api_key in the query (GET) or the body (POST, DELETE)
		listModels: () => call('GET', '/v1/models', { query: { api_key: key } }),
		predict: (id, data, extra = {}) => call('POST', '/v1/models', { body: { api_key: key, id, data, ...extra } }),
		deleteModel: (id) => call('DELETE', '/v1/models', { body: { api_key: key, id } }),
		datasets: (body) => call('POST', '/v1/datasets', { body: { api_key: key, ...body } }),
		/** Submits a training and returns its task id (asserting 201). */
		start: async (body) => {
			const res = await api.submit({ dataset_id: SAMPLE_DATASET_ID, duration: 60, ...body });
			expect(res.status).toBe(201);
			return res.json.task_id;
		},
	};
	return api;
}

describe('simulator: models and legacy /v1/models', () => {
	let sim;
	let api;
	let clock;
	const finish = () => clock.advance(1e9); // every training submitted so far is terminal

	/** Trains through /api/v1 and returns { taskId, result } (the result read over HTTP). */
	async function trainViaApi(body) {
		const taskId = await api.start(body);
		finish();
		const res = await api.result(taskId);
		expect(res.status).toBe(200);
		return { taskId, result: res.json };
	}

	beforeAll(async () => {
		clock = manualClock();
		sim = await startSimulator({ clock });
		api = client(sim);
	});
	afterAll(() => sim.close());

	describe('trained models become Akkio models', () => {
		test('listed by GET /v1/models once the training SUCCEEDED, not before', async () => {
			const taskId = await api.start({ predict_fields: [LEAD], ignore_fields: ['Plan', 'Annual Contract Value'] });
			clock.advance(1); // queued / running
			expect((await api.status(taskId)).json.status).not.toBe('SUCCEEDED');
			const modelId = sim.task(taskId).modelId;
			expect((await api.listModels()).json.models.map((m) => m.id)).not.toContain(modelId);
			expect((await api.predict(modelId, [{}])).status).toBe(404);

			finish();
			expect((await api.status(taskId)).json.status).toBe('SUCCEEDED');
			const list = await api.listModels();
			expect(list.status).toBe(200);
			const item = list.json.models.find((m) => m.id === modelId);
			expect(list.json.status).toBe('success');
			expect(item).toEqual({ id: modelId, name: 'B2B Leads – Positive Lead' }); // the Models page: id and name only

			const { json: result } = await api.result(taskId);
			expect(result.model_id).toBe(modelId);
			const model = sim.models.get(modelId);
			expect(model).toMatchObject({
				id: modelId,
				name: modelName('B2B Leads', [LEAD]),
				datasetId: SAMPLE_DATASET_ID,
				predictFields: [LEAD],
				ignoreFields: ['Plan', 'Annual Contract Value'],
				team: sim.team,
				createdAt: sim.taskDoneAt(taskId),
				source: 'training',
				taskId,
			});
			expect(model.result).toEqual(result); // the same fit
		});

		test('the model appears in real time as soon as status says SUCCEEDED', async () => {
			const own = await startSimulator({ timeScale: 0.001 });
			const ownApi = client(own);
			try {
				const taskId = await ownApi.start({ predict_fields: ['Plan'], duration: 10 });
				let status;
				do {
					await sleep(2);
					status = (await ownApi.status(taskId)).json.status;
				} while (status !== 'SUCCEEDED');
				const { models } = (await ownApi.listModels()).json;
				expect(models.map((m) => m.id)).toEqual([own.task(taskId).modelId]);
			} finally {
				await own.close();
			}
		});

		test('failed trainings produce no model', async () => {
			const before = sim.models.size;
			const taskId = await api.start({ predict_fields: ['No Such Field'] });
			finish();
			expect((await api.status(taskId)).json.status).toBe('FAILED');
			expect(sim.models.size).toBe(before);
			expect(sim.models.has(sim.task(taskId).modelId)).toBe(false);
		});
	});

	describe('POST /v1/models predicts', () => {
		let modelId;
		let result;
		let rows;
		beforeAll(async () => {
			({ result } = await trainViaApi({ predict_fields: [LEAD] }));
			modelId = result.model_id;
			rows = sim.getDataset(SAMPLE_DATASET_ID).rows;
		});

		test('one prediction per row, in order: a class string and probabilities summing to 1', async () => {
			const data = rows.slice(0, 25);
			const res = await api.predict(modelId, data);
			expect(res.status).toBe(200);
			expect(res.json.predictions).toHaveLength(25);
			res.json.predictions.forEach((prediction) => {
				expect(Object.keys(prediction).sort()).toEqual([LEAD, P0, P1]);
				expect(['0', '1']).toContain(prediction[LEAD]);
				expect(prediction[P0] + prediction[P1]).toBeCloseTo(1, 12);
				const winner = prediction[P1] > prediction[P0] ? '1' : '0';
				expect(prediction[LEAD]).toBe(winner);
			});
			// in order: predicting rows one by one gives the same answers
			const single = await api.predict(modelId, [data[7]]);
			expect(single.json.predictions[0]).toEqual(res.json.predictions[7]);
			// and the HTTP answer is what the kept model computes
			expect(res.json.predictions).toEqual(sim.models.get(modelId).predict(data));
		});

		test('follows the generator: more webinars, a likelier positive lead', async () => {
			const base = rows.slice(0, 30);
			const none = (await api.predict(modelId, base.map((row) => ({ ...row, 'Webinars Attended': 0 })))).json;
			const many = (await api.predict(modelId, base.map((row) => ({ ...row, 'Webinars Attended': 6 })))).json;
			base.forEach((_, i) => {
				expect(many.predictions[i][P1]).toBeGreaterThan(none.predictions[i][P1]);
			});
		});

		test('reproduces the holdout predictions behind the result stats', async () => {
			const usable = rowsWithTarget(rows, { name: LEAD, type: 'category' });
			const { test: holdout } = split(usable, SAMPLE_DATASET_ID, LEAD);
			const { predictions } = (await api.predict(modelId, holdout)).json;
			for (const cls of result.stats[0]) {
				let tp = 0;
				let fp = 0;
				let fn = 0;
				holdout.forEach((row, i) => {
					const predicted = predictions[i][LEAD] === cls.class_name;
					const actual = row[LEAD] === cls.class_name;
					if (predicted && actual) tp++;
					else if (predicted) fp++;
					else if (actual) fn++;
				});
				expect([tp, fp, fn]).toEqual([cls['true positives'], cls['false positives'], cls['false negatives']]);
			}
		});

		test('rows with missing, unknown or malformed values still predict', async () => {
			const data = [
				{},
				{ 'Job Title': 'Astronaut', 'Company Size': 'lots', Industry: null, 'Webinars Attended': '' },
				{ 'Webinars Attended': '7', Unrelated: { nested: true } },
				{ [LEAD]: '1' }, // the target itself is not an input
			];
			const { status, json } = await api.predict(modelId, data);
			expect(status).toBe(200);
			expect(json.predictions).toHaveLength(4);
			for (const prediction of json.predictions) {
				expect(Number.isFinite(prediction[P1])).toBe(true);
				expect(prediction[P0] + prediction[P1]).toBeCloseTo(1, 12);
			}
			// values the model never saw carry no evidence: the same as an empty row
			expect(json.predictions[1]).toEqual(json.predictions[0]);
			expect(json.predictions[3]).toEqual(json.predictions[0]);
			// a numeric string counts as the number
			const seven = (await api.predict(modelId, [{ 'Webinars Attended': 7 }])).json.predictions[0];
			expect(json.predictions[2]).toEqual(seven);
		});

		test('explain: true adds a per-feature explanation to every prediction', async () => {
			const data = rows.slice(0, 5);
			const plain = (await api.predict(modelId, data)).json.predictions;
			const { status, json } = await api.predict(modelId, data, { explain: true });
			expect(status).toBe(200);
			const features = Object.keys(result.field_importance).filter((name) => name !== LEAD);
			json.predictions.forEach((prediction, i) => {
				const { explanation, ...values } = prediction;
				expect(values).toEqual(plain[i]);
				expect(Object.keys(explanation)).toEqual(features);
				for (const value of Object.values(explanation)) expect(Number.isFinite(value)).toBe(true);
			});
			// a lone webinar count explains the whole move away from the empty-row prediction
			const [empty, lone] = (await api.predict(modelId, [{}, { 'Webinars Attended': 8 }], { explain: true })).json
				.predictions;
			const cls = lone[LEAD];
			const key = `Probability ${LEAD} is ${cls}`;
			expect(lone.explanation['Webinars Attended']).toBeCloseTo(lone[key] - empty[key], 12);
			expect(Object.values(empty.explanation).every((value) => value === 0)).toBe(true);
			expect(plain[0]).not.toHaveProperty('explanation');
		});

		test('an empty data array answers no predictions', async () => {
			const res = await api.predict(modelId, []);
			expect(res.status).toBe(200);
			expect(res.json).toEqual({ status: 'success', predictions: [] });
		});

		test('a numeric target predicts numbers; explanations add up to prediction - mean', async () => {
			const { result: acv } = await trainViaApi({ predict_fields: ['Annual Contract Value'], ignore_fields: ['Plan'] });
			const target = 'Annual Contract Value';
			const big = { 'Job Title': 'Executive', 'Years of Experience': 18, 'Company Size': 15000, Industry: 'Software' };
			const small = { 'Job Title': 'Assistant', 'Years of Experience': 2, 'Company Size': 8, Industry: 'Education' };
			const { status, json } = await api.predict(acv.model_id, [big, small, {}], { explain: true });
			expect(status).toBe(200);
			const [forBig, forSmall, forEmpty] = json.predictions;
			expect(Object.keys(forBig).sort()).toEqual([target, 'explanation']);
			expect(typeof forBig[target]).toBe('number');
			expect(forBig[target]).toBeGreaterThan(forSmall[target]);
			const mean = acv.data_story[0].outcomes[0].avg_case; // the training mean, rounded
			expect(forEmpty[target]).toBeCloseTo(mean, 1);
			for (const prediction of json.predictions) {
				expect(sum(Object.values(prediction.explanation))).toBeCloseTo(prediction[target] - mean, 1);
			}
			// the holdout MAE in the stats is what these predictions score
			const usable = rowsWithTarget(rows, { name: target, type: 'number' });
			const { test: holdout } = split(usable, SAMPLE_DATASET_ID, target);
			const { predictions } = (await api.predict(acv.model_id, holdout)).json;
			const mae = sum(holdout.map((row, i) => Math.abs(predictions[i][target] - row[target]))) / holdout.length;
			expect(mae).toBeCloseTo(acv.stats[0].mae, 6);
		});

		test('a model of several fields answers each one, explanations nested per field', async () => {
			const { result: both } = await trainViaApi({ predict_fields: ['Plan', 'Annual Contract Value'] });
			const { json } = await api.predict(both.model_id, [rows[0]], { explain: true });
			const [prediction] = json.predictions;
			expect(['Free', 'Pro', 'Enterprise']).toContain(prediction.Plan);
			expect(
				prediction['Probability Plan is Free'] +
					prediction['Probability Plan is Pro'] +
					prediction['Probability Plan is Enterprise'],
			).toBeCloseTo(1, 12);
			expect(typeof prediction['Annual Contract Value']).toBe('number');
			expect(Object.keys(prediction.explanation)).toEqual(['Plan', 'Annual Contract Value']);
			expect(prediction.explanation.Plan).toHaveProperty('Company Size');
		});
	});

	describe('errors', () => {
		let modelId;
		beforeAll(() => {
			modelId = sim.addModel({ datasetId: SAMPLE_DATASET_ID, predictFields: [LEAD] }).id;
		});

		test('predict validation answers {"status": ...} with 400, 403 or 404', async () => {
			const cases = [
				[{ data: [{}] }, 400], // no id
				[{ id: '', data: [{}] }, 400],
				[{ id: 42, data: [{}] }, 400],
				[{ id: 'no-such-model', data: [{}] }, 404],
				[{ id: modelId }, 400], // no data
				[{ id: modelId, data: {} }, 400],
				[{ id: modelId, data: [{}, 3] }, 400],
				[{ id: modelId, data: [[1, 2]] }, 400],
				[{ id: modelId, data: [null] }, 400],
				[{ id: modelId, data: [{}], explain: 'yes' }, 400],
			];
			for (const [body, status] of cases) {
				const res = await api.call('POST', '/v1/models', { body: { api_key: sim.apiKey, ...body } });
				expect([body, res.status]).toEqual([body, status]);
				expect(Object.keys(res.json)).toEqual(['status']);
				expect(typeof res.json.status).toBe('string');
				expect(res.json.status).not.toBe('success');
			}
		});

		test("another team's model answers 403 and is not listed", async () => {
			const foreign = sim.addModel({ datasetId: OTHER_TEAM_DATASET_ID, predictFields: [LEAD] });
			expect(foreign.team).not.toBe(sim.team);
			const res = await api.predict(foreign.id, [{}]);
			expect(res.status).toBe(403);
			expect(res.json).toEqual({ status: 'You do not have access to this model' });
			expect((await api.deleteModel(foreign.id)).status).toBe(403);
			expect((await api.listModels()).json.models.map((m) => m.id)).not.toContain(foreign.id);
			const seededOtherTeam = sim.addModel({ datasetId: SAMPLE_DATASET_ID, predictFields: ['Plan'], team: 'x' });
			expect((await api.predict(seededOtherTeam.id, [{}])).status).toBe(403);
		});

		test('invalid JSON is 400, other methods 405, other paths 404', async () => {
			const bad = await api.call('POST', '/v1/models', { body: '{"api_key":' });
			expect(bad.status).toBe(400);
			expect(bad.json).toHaveProperty('status');
			expect((await api.call('PUT', '/v1/models', { query: { api_key: sim.apiKey } })).status).toBe(405);
			expect((await api.call('GET', '/v1/models/x', { query: { api_key: sim.apiKey } })).status).toBe(404);
		});
	});

	describe('authentication and the request log', () => {
		test('every /v1/models route needs the api_key field, never the header', async () => {
			const header = { 'X-API-Key': sim.apiKey };
			const attempts = [
				api.call('GET', '/v1/models', { headers: header }),
				api.call('GET', '/v1/models', { query: { api_key: 'wrong' } }),
				api.call('POST', '/v1/models', { headers: header, body: { id: 'x', data: [] } }),
				api.call('POST', '/v1/models', { body: { api_key: ` ${sim.apiKey}`, id: 'x', data: [] } }),
				api.call('DELETE', '/v1/models', { headers: header, body: { id: 'x' } }),
				api.call('DELETE', '/v1/models', { body: { api_key: 'wrong', id: 'x' } }),
			];
			for (const res of await Promise.all(attempts)) {
				expect(res.status).toBe(404); // the Datasets page's "404" tab
				expect(res.json).toEqual({ status: 'missing or invalid API key' });
			}
			// GET reads the query only: a key in a GET body (fetch refuses to send one) is not enough
			const status = await new Promise((resolve, reject) => {
				const body = JSON.stringify({ api_key: sim.apiKey });
				const req = http.request(`${sim.url}/v1/models`, {
					method: 'GET',
					headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
				});
				req.on('response', (res) => {
					res.resume();
					resolve(res.statusCode);
				});
				req.on('error', reject);
				req.end(body);
			});
			expect(status).toBe(404);
		});

		test('the log shows route "legacy" and where the key was', async () => {
			const model = sim.addModel({ datasetId: SAMPLE_DATASET_ID, predictFields: ['Plan'] });
			sim.clearLog();
			await api.listModels();
			await api.predict(model.id, [{}]);
			await api.call('POST', '/v1/models', { query: { api_key: sim.apiKey }, body: { id: model.id, data: [] } });
			await api.deleteModel(model.id);
			const log = sim.requests;
			expect(log.map((entry) => [entry.method, entry.route, entry.apiKeyIn, entry.status])).toEqual([
				['GET', 'legacy', 'query', 200],
				['POST', 'legacy', 'body', 200],
				['POST', 'legacy', 'query', 200], // tolerated, like /v1/datasets
				['DELETE', 'legacy', 'body', 200],
			]);
			expect(log[0].query.api_key).toBe(sim.apiKey);
			expect(log[1].body.api_key).toBe(sim.apiKey);
			expect(log[1].query).not.toHaveProperty('api_key');
			expect(log[3].body).toEqual({ api_key: sim.apiKey, id: model.id });
			expect(log.every((entry) => entry.headers['x-api-key'] === undefined)).toBe(true);
		});
	});

	describe('DELETE /v1/models', () => {
		test('answers {"status": "success"} and the model is gone for good', async () => {
			const { taskId, result } = await trainViaApi({ predict_fields: [LEAD], duration: 10 });
			const res = await api.deleteModel(result.model_id);
			expect(res.status).toBe(200);
			expect(res.json).toEqual({ status: 'success' });
			expect((await api.predict(result.model_id, [{}])).status).toBe(404);
			expect((await api.deleteModel(result.model_id)).status).toBe(404);
			expect((await api.listModels()).json.models.map((m) => m.id)).not.toContain(result.model_id);
			expect(sim.models.has(result.model_id)).toBe(false);
			// the training's result is still readable; the model does not come back
			expect((await api.result(taskId)).status).toBe(200);
			expect(sim.models.has(result.model_id)).toBe(false);
		});

		test('missing id is 400', async () => {
			const res = await api.call('DELETE', '/v1/models', { body: { api_key: sim.apiKey } });
			expect(res.status).toBe(400);
			expect(res.json).toEqual({ status: 'Missing model id' });
		});
	});

	describe('models learn the dataset rows as they were at submit time', () => {
		// y follows x (x >= 5 -> "yes") or the opposite; "noise" carries nothing.
		const make = (count, flip, offset = 0) =>
			Array.from({ length: count }, (_, i) => {
				const x = (i + offset) % 10;
				const high = x >= 5;
				return { x, noise: ['a', 'b', 'c'][(i * 7) % 3], y: high !== flip ? 'yes' : 'no' };
			});

		test('a dataset created and filled through /v1/datasets, trained, predicted', async () => {
			const created = await api.datasets({ name: 'Signups' });
			expect(created.status).toBe(200);
			const id = created.json.dataset_id;
			expect((await api.datasets({ id, rows: make(40, false) })).status).toBe(200);

			const first = await api.start({ dataset_id: id, predict_fields: ['y'], duration: 10 });
			// rows added after the submit belong to the next training only
			expect((await api.datasets({ id, rows: make(160, true, 3) })).status).toBe(200);
			const second = await api.start({ dataset_id: id, predict_fields: ['y'], duration: 10 });
			finish();

			const probe = [{ x: 9, noise: 'a' }, { x: 0, noise: 'a' }];
			const firstId = sim.task(first).modelId;
			const secondId = sim.task(second).modelId;
			const firstAnswers = (await api.predict(firstId, probe)).json.predictions.map((p) => p.y);
			const secondAnswers = (await api.predict(secondId, probe)).json.predictions.map((p) => p.y);
			expect(firstAnswers).toEqual(['yes', 'no']);
			expect(secondAnswers).toEqual(['no', 'yes']);

			const listed = (await api.listModels()).json.models.filter((m) => sim.getModel(m.id).datasetId === id);
			expect(listed.map((m) => m.id)).toEqual([firstId, secondId]);
			expect(listed[0].name).toBe('Signups – y');
			// the model outlives later edits of its dataset, even its deletion
			expect((await api.call('DELETE', '/v1/datasets', { body: { api_key: sim.apiKey, id } })).status).toBe(200);
			expect((await api.predict(firstId, probe)).json.predictions.map((p) => p.y)).toEqual(['yes', 'no']);
		});
	});

	describe('sim.addModel', () => {
		test('fits on the dataset right away and predicts', () => {
			const model = sim.addModel({ id: 'seeded-plan', datasetId: SAMPLE_DATASET_ID, predictFields: 'Plan' });
			expect(model).toMatchObject({
				id: 'seeded-plan',
				name: 'B2B Leads – Plan',
				predictFields: ['Plan'],
				ignoreFields: [],
				source: 'seeded',
				taskId: null,
			});
			expect(sim.models.get('seeded-plan')).toBe(model);
			expect(model.result.model_id).toBe('seeded-plan');
			const [big, small] = model.predict([
				{ 'Company Size': 12000, 'Job Title': 'Executive' },
				{ 'Company Size': 8, 'Job Title': 'Assistant' },
			]);
			expect(big['Probability Plan is Enterprise']).toBeGreaterThan(small['Probability Plan is Enterprise']);
			expect(small.Plan).toBe('Free');
		});

		test('throws when the dataset or a field is unknown, or the data cannot train', () => {
			expect(() => sim.addModel({ datasetId: 'nope', predictFields: [LEAD] })).toThrow(/not found/);
			expect(() => sim.addModel({ datasetId: SAMPLE_DATASET_ID, predictFields: ['Nope'] })).toThrow(/Nope/);
			expect(() => sim.addModel({ datasetId: SAMPLE_DATASET_ID, predictFields: [] })).toThrow(TypeError);
			sim.addDataset({ id: 'tiny', rows: [{ a: 1, b: 'x' }] });
			expect(() => sim.addModel({ datasetId: 'tiny', predictFields: ['b'] })).toThrow(/Not enough rows/);
		});

		test('removeModel() deletes', async () => {
			sim.addModel({ id: 'short-lived', datasetId: SAMPLE_DATASET_ID, predictFields: [LEAD] });
			expect(sim.removeModel('short-lived')).toBe(true);
			expect((await api.predict('short-lived', [{}])).status).toBe(404);
		});
	});
});
