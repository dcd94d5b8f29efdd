'use strict';

// Tests of the Akkio simulator itself (test/simulator/). They talk to it over real
// HTTP with Node's built-in fetch, the way the node under test will.

const {
	startSimulator,
	reservedClosedPort,
	manualClock,
	generateLeadRows,
	SAMPLE_DATASET_ID,
	OTHER_TEAM_DATASET_ID,
} = require('./simulator');
const { holdoutSize } = require('./simulator/model');
const { callJson } = require('./support/http');

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'UNKNOWN_TIMEOUT']);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition, limitMs = 2000) {
	const deadline = Date.now() + limitMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await sleep(2);
	}
}

function client(sim) {
	const call = async (method, path, { body, key = sim.apiKey, headers = {}, signal, raw } = {}) =>
		await callJson(sim.url + path, { method, headers: key === null ? headers : { ...headers, 'X-API-Key': key }, body, signal, raw });
	const api = {
		call,
		submit: (body, options) => call('POST', '/api/v1/models/train/new', { body, ...options }),
		status: (taskId, options) => call('GET', `/api/v1/models/train/${taskId}/status`, options),
		result: (taskId, options) => call('GET', `/api/v1/models/train/${taskId}/result`, options),
		/** Submits and returns the task id (asserting 201). */
		start: async (body) => {
			const res = await api.submit({ dataset_id: SAMPLE_DATASET_ID, duration: 60, ...body });
			expect(res.status).toBe(201);
			return res.json.task_id;
		},
		/** Polls every 5 ms until terminal; returns every status body seen. */
		poll: async (taskId, limitMs = 2000) => {
			const seen = [];
			const deadline = Date.now() + limitMs;
			for (;;) {
				const res = await api.status(taskId);
				seen.push(res.json);
				if (TERMINAL.has(res.json.status) || Date.now() > deadline) return seen;
				await sleep(5);
			}
		},
	};
	return api;
}

describe('Akkio simulator', () => {
	let sim;
	let api;

	beforeAll(async () => {
		// 60 nominal seconds last 60 ms; most tests override the duration explicitly.
		sim = await startSimulator({ timeScale: 0.001 });
		api = client(sim);
	});
	afterAll(() => sim.close());
	afterEach(() => sim.faults.clear());

	describe('authentication', () => {
		test('a missing or wrong X-API-Key answers 401 in FastAPI style', async () => {
			for (const key of [null, 'wrong-key', `${sim.apiKey} x`, sim.apiKey.toUpperCase()]) {
				const res = await api.status('n8n-credential-check', { key });
				expect(res.status).toBe(401);
				expect(res.json).toEqual({ detail: 'Invalid API key' });
			}
		});

		test('an unknown task ID answers 200 PENDING by default (option unknownTask)', async () => {
			const res = await api.status('n8n-credential-check');
			expect(res.status).toBe(200);
			expect(res.json).toEqual({ status: 'PENDING', metadata: { type: 'PENDING' } });
		});

		test('unknown routes answer 404 and wrong methods 405, before auth', async () => {
			expect((await api.call('GET', '/api/v1/nope', { key: null })).status).toBe(404);
			expect((await api.call('GET', '/api/v1/models/train/new', { key: null })).json).toEqual({
				detail: 'Method Not Allowed',
			});
		});
	});

	describe('submit validation', () => {
		test('missing fields are all reported with FastAPI 422 items', async () => {
			const res = await api.submit({});
			expect(res.status).toBe(422);
			expect(res.json.detail.map((item) => item.loc)).toEqual([
				['body', 'dataset_id'],
				['body', 'predict_fields'],
				['body', 'duration'],
			]);
			for (const item of res.json.detail) {
				expect(item).toMatchObject({ type: 'missing', msg: 'Field required' });
			}
		});

		test('invalid values name the offending location', async () => {
			const res = await api.submit({
				dataset_id: 7,
				predict_fields: ['Positive Lead', 3],
				duration: 61,
				ignore_fields: 'Plan',
				extra_attention: 'maybe',
			});
			expect(res.status).toBe(422);
			const byLoc = Object.fromEntries(res.json.detail.map((item) => [item.loc.join('.'), item]));
			expect(byLoc['body.dataset_id'].type).toBe('string_type');
			expect(byLoc['body.predict_fields.1'].type).toBe('string_type');
			expect(byLoc['body.duration'].msg).toBe('Input should be 10, 60, 300 or 1800');
			expect(byLoc['body.ignore_fields'].type).toBe('list_type');
			expect(byLoc['body.extra_attention'].type).toBe('bool_parsing');
		});

		test('empty predict_fields, invalid JSON and unknown datasets are 422', async () => {
			const empty = await api.submit({ dataset_id: SAMPLE_DATASET_ID, predict_fields: [], duration: 10 });
			expect(empty.json.detail[0]).toMatchObject({ loc: ['body', 'predict_fields'], type: 'too_short' });

			const broken = await api.submit('{"dataset_id": ');
			expect(broken.status).toBe(422);
			expect(broken.json.detail[0].type).toBe('json_invalid');

			const unknown = await api.submit({ dataset_id: 'nope', predict_fields: ['x'], duration: 10 });
			expect(unknown.status).toBe(422);
			expect(unknown.json.detail[0]).toMatchObject({ loc: ['body', 'dataset_id'], msg: 'Dataset not found' });
		});

		test("another team's dataset is 403 and creates nothing", async () => {
			const res = await api.submit({ dataset_id: OTHER_TEAM_DATASET_ID, predict_fields: ['Plan'], duration: 10 });
			expect(res.status).toBe(403);
			expect(res.json).toEqual({ detail: 'Your organization does not have access to this dataset' });
			expect(sim.trainingCount(OTHER_TEAM_DATASET_ID)).toBe(0);
		});

		test('unknown body fields are tolerated and the payload is recorded', async () => {
			const before = sim.trainingCount(SAMPLE_DATASET_ID);
			const res = await api.submit({
				dataset_id: SAMPLE_DATASET_ID,
				predict_fields: ['Positive Lead'],
				duration: 10,
				some_future_option: { a: 1 },
			});
			expect(res.status).toBe(201);
			expect(res.json.task_id).toMatch(/^[A-Za-z0-9_-]{24}$/);
			expect(sim.trainingCount(SAMPLE_DATASET_ID)).toBe(before + 1);
			const last = sim.trainings[sim.trainings.length - 1];
			expect(last).toMatchObject({ taskId: res.json.task_id, datasetId: SAMPLE_DATASET_ID });
			expect(last.payload.some_future_option).toEqual({ a: 1 });
		});
	});

	describe('task lifecycle', () => {
		test('PENDING, then IN_PROGRESS with a nominal estimate, then SUCCEEDED with a location', async () => {
			// A manual clock makes every phase boundary exact, whatever the machine's load.
			const clock = manualClock(1000);
			const own = await startSimulator({ timeScale: 0.01, clock });
			try {
				const ownApi = client(own);
				// 300 nominal seconds at timeScale 0.01 = 3000 ms: 300 ms queued, then 2700 ms running.
				const taskId = await ownApi.start({ predict_fields: ['Positive Lead'], duration: 300 });
				expect((await ownApi.status(taskId)).json).toEqual({ status: 'PENDING', metadata: { type: 'PENDING' } });
				clock.advance(299);
				expect((await ownApi.status(taskId)).json.status).toBe('PENDING');
				clock.advance(1);
				expect((await ownApi.status(taskId)).json).toEqual({
					status: 'IN_PROGRESS',
					metadata: { type: 'IN_PROGRESS', estimate_seconds: 270 }, // nominal: 2700 ms / 0.01
				});
				clock.advance(2000);
				expect((await ownApi.status(taskId)).json.metadata.estimate_seconds).toBe(70);
				expect(await ownApi.result(taskId)).toMatchObject({ status: 400, json: { detail: 'Task is not finished' } });
				expect(own.taskDoneAt(taskId)).toBeNull();
				clock.advance(700);
				expect((await ownApi.status(taskId)).json).toEqual({
					status: 'SUCCEEDED',
					metadata: { type: 'SUCCEEDED', location: `/api/v1/models/train/${taskId}/result` },
				});
				expect(own.taskDoneAt(taskId)).toBe(4000);
				expect(own.task(taskId)).toMatchObject({ status: 'SUCCEEDED', createdAt: 1000, doneAt: 4000 });
				expect((await ownApi.result(taskId)).status).toBe(200);
			} finally {
				await own.close();
			}
		});

		test('in real time, a task runs to SUCCEEDED and taskDoneAt precedes its detection', async () => {
			// 60 nominal seconds at timeScale 0.001 = 60 ms.
			const submittedAt = sim.now();
			const taskId = await api.start({ predict_fields: ['Positive Lead'], duration: 60 });
			const seen = await api.poll(taskId);
			const detectedAt = sim.now();
			const order = ['PENDING', 'IN_PROGRESS', 'SUCCEEDED'];
			const indices = seen.map((body) => order.indexOf(body.status));
			expect(indices).toEqual(indices.slice().sort()); // never goes backwards
			expect(seen[seen.length - 1].status).toBe('SUCCEEDED');
			const doneAt = sim.taskDoneAt(taskId);
			expect(doneAt).toBeGreaterThanOrEqual(submittedAt + 60);
			expect(doneAt).toBeLessThanOrEqual(detectedAt);
		});

		test('the result is refused before success and unknown tasks are 404', async () => {
			const taskId = await api.start({ predict_fields: ['Positive Lead'], duration: 1800 });
			expect(await api.result(taskId)).toMatchObject({ status: 400, json: { detail: 'Task is not finished' } });
			expect(sim.taskDoneAt(taskId)).toBeNull();
			expect(await api.result('no-such-task')).toMatchObject({ status: 404, json: { detail: 'Task not found' } });
			expect((await api.status('no-such-task')).json.status).toBe('PENDING'); // Celery semantics
		});

		test('an unknown predict field is accepted, then FAILED with an error', async () => {
			const taskId = await api.start({ predict_fields: ['Nope'], duration: 10 });
			const last = (await api.poll(taskId)).pop();
			expect(last).toEqual({
				status: 'FAILED',
				metadata: { type: 'FAILED', error: "Field 'Nope' was not found in dataset leads-sample" },
			});
			expect(await api.result(taskId)).toMatchObject({ status: 400 });
		});

		test('dataset flags: failWithoutError, unknownTimeout (both metadata variants) and stuck', async () => {
			const rows = generateLeadRows({ count: 60 });
			sim.addDataset({ id: 'flag-fail', rows, failWithoutError: true });
			sim.addDataset({ id: 'flag-timeout', rows, unknownTimeout: true });
			sim.addDataset({ id: 'flag-timeout-bare', rows, unknownTimeout: 'missing' });
			sim.addDataset({ id: 'flag-stuck', rows, stuck: true, trainingMs: 20 });
			const start = (datasetId) => api.start({ dataset_id: datasetId, predict_fields: ['Plan'], duration: 10 });
			const [fail, timeout, bare, stuck] = await Promise.all(
				['flag-fail', 'flag-timeout', 'flag-timeout-bare', 'flag-stuck'].map(start),
			);

			expect((await api.poll(fail)).pop()).toEqual({ status: 'FAILED', metadata: { type: 'FAILED' } });
			expect((await api.poll(timeout)).pop()).toEqual({ status: 'UNKNOWN_TIMEOUT', metadata: {} });
			expect((await api.poll(bare)).pop()).toEqual({ status: 'UNKNOWN_TIMEOUT' });

			await sleep(40); // well past its 20 ms
			const stuckStatus = (await api.status(stuck)).json;
			expect(stuckStatus).toEqual({ status: 'IN_PROGRESS', metadata: { type: 'IN_PROGRESS', estimate_seconds: 0 } });
			expect(sim.taskDoneAt(stuck)).toBeNull();
		});
	});

	describe('result', () => {
		let result;
		const ignored = ['Plan', 'Annual Contract Value'];

		beforeAll(async () => {
			const taskId = await api.start({ predict_fields: ['Positive Lead'], ignore_fields: ignored, duration: 10 });
			const done = (await api.poll(taskId)).pop();
			expect(done.status).toBe('SUCCEEDED');
			result = (await api.call('GET', `/api/v1${done.metadata.location.replace(/^\/api\/v1/, '')}`)).json;
		});

		test('has the documented shape', () => {
			expect(result).toMatchObject({ status: 'success', model_id: expect.any(String) });
			expect(result.stats).toHaveLength(1);
			const keys = ['field', 'field_name', 'field_type', 'class', 'class_name', 'count', 'true positives',
				'false positives', 'false negatives', 'precision', 'recall', 'f1', 'frequency'];
			for (const cls of result.stats[0]) expect(Object.keys(cls).sort()).toEqual(keys.sort());
			expect(result.stats[0].map((cls) => cls.class_name)).toEqual(['0', '1']);
			expect(result.stats[0][0]).toMatchObject({ field: 12, field_name: 'Positive Lead', field_type: 'category', class: 0 });
			expect(result.data_story[0]).toMatchObject({ name: 'Positive Lead', type: 'category' });
			expect(result.data_story[0].outcomes.map((o) => o.outcome)).toEqual(['0', '1']);
			for (const outcome of result.data_story[0].outcomes) {
				expect(outcome.causes.length).toBeGreaterThan(0);
				expect(outcome.causes[0]).toEqual({ field: expect.any(String), top_value: expect.any(String), bottom_value: expect.any(String) });
				for (const key of ['top_case', 'avg_case', 'bottom_case']) expect(outcome[key]).toBeGreaterThanOrEqual(0);
			}
		});

		test('stats are computed on a holdout and are consistent', () => {
			const classes = result.stats[0];
			const holdout = holdoutSize(200);
			expect(classes.reduce((sum, cls) => sum + cls.count, 0)).toBe(holdout);
			expect(classes.reduce((sum, cls) => sum + cls.frequency, 0)).toBeCloseTo(1, 10);
			for (const cls of classes) {
				expect(cls['true positives'] + cls['false negatives']).toBe(cls.count);
				for (const key of ['precision', 'recall', 'f1']) {
					expect(cls[key]).toBeGreaterThanOrEqual(0);
					expect(cls[key]).toBeLessThanOrEqual(1);
				}
				const tp = cls['true positives'];
				expect(cls.precision).toBeCloseTo(tp / (tp + cls['false positives']), 10);
			}
			// The model learns something real: better than always answering the majority class.
			const accuracy = classes.reduce((sum, cls) => sum + cls['true positives'], 0) / holdout;
			expect(accuracy).toBeGreaterThan(Math.max(...classes.map((cls) => cls.frequency)));
		});

		test('field importance sums to 1, excludes ignored fields and ranks engagement first', () => {
			const importance = result.field_importance;
			expect(Object.values(importance).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
			for (const name of ignored) expect(importance).not.toHaveProperty(name);
			expect(importance['Positive Lead']).toBe(0);
			expect(importance['Webinars Attended']).toBeGreaterThan(importance.Location);
		});

		test('multi-class and numeric (regression) targets', async () => {
			const taskId = await api.start({ predict_fields: ['Plan', 'Annual Contract Value'], duration: 10 });
			await api.poll(taskId);
			const { json } = await api.result(taskId);
			expect(json.stats[0].map((cls) => cls.class_name)).toEqual(['Enterprise', 'Free', 'Pro']);
			// Undocumented shape: an object rather than a list of classes.
			expect(json.stats[1]).toMatchObject({ field_name: 'Annual Contract Value', field_type: 'number' });
			// Plan (the main driver of contract value) is itself predicted, hence excluded.
			expect(json.stats[1].r2).toBeGreaterThan(0.2);
			expect(json.data_story[1].type).toBe('number');
		});

		test('is deterministic for the same payload', async () => {
			const taskId = await api.start({ predict_fields: ['Positive Lead'], ignore_fields: ignored, duration: 10 });
			await api.poll(taskId);
			const again = (await api.result(taskId)).json;
			expect(again.stats).toEqual(result.stats);
			expect(again.model_id).not.toBe(result.model_id);
		});
	});

	describe('fault injection', () => {
		const submitBody = { dataset_id: SAMPLE_DATASET_ID, predict_fields: ['Positive Lead'], duration: 10 };

		test('status faults: 503 JSON, 500 plain text, html 502; none creates a training', async () => {
			sim.faults.script({ route: 'submit' }, [503, { status: 500, body: 'Internal Server Error' }, 'html']);
			const before = sim.trainingCount();
			const first = await api.submit(submitBody);
			expect(first).toMatchObject({ status: 503, json: { detail: 'Service Unavailable' } });
			const second = await api.submit(submitBody);
			expect(second.status).toBe(500);
			expect(second.headers.get('content-type')).toMatch(/^text\/plain/);
			const third = await api.submit(submitBody);
			expect(third.status).toBe(502);
			expect(third.headers.get('content-type')).toBe('text/html');
			expect(third.text).toContain('<title>502 Bad Gateway</title>');
			expect(sim.trainingCount()).toBe(before);
			expect((await api.submit(submitBody)).status).toBe(201); // script used up
		});

		test('429 with Retry-After in seconds and as an HTTP-date', async () => {
			sim.faults.script({ route: 'status' }, [{ status: 429, retryAfter: 2 }, { status: 429, retryAfter: 3, retryAfterDate: true }]);
			const seconds = await api.status('x');
			expect(seconds.status).toBe(429);
			expect(seconds.headers.get('retry-after')).toBe('2');
			const dated = await api.status('x');
			const at = Date.parse(dated.headers.get('retry-after'));
			expect(at - Date.now()).toBeGreaterThan(2000);
			expect(at - Date.now()).toBeLessThanOrEqual(4000);
		});

		test('reset: without afterEffect nothing is created; with it a training exists', async () => {
			sim.faults.script({ route: 'submit' }, ['reset', { kind: 'reset', afterEffect: true }]);
			const before = sim.trainingCount();
			await expect(api.submit(submitBody)).rejects.toThrow();
			expect(sim.trainingCount()).toBe(before);
			await expect(api.submit(submitBody)).rejects.toThrow();
			expect(sim.trainingCount()).toBe(before + 1);
			const faulted = sim.requests.filter((entry) => entry.faulted === 'reset');
			expect(faulted.map((entry) => entry.status)).toEqual([null, null]);
		});

		test('slow: answers late, and a client timeout leaves an ambiguous training behind', async () => {
			sim.faults.script({ route: 'status' }, [{ kind: 'slow', ms: 40 }]);
			const t0 = Date.now();
			expect((await api.status('x')).status).toBe(200);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(35);

			sim.faults.script({ route: 'submit' }, [{ kind: 'slow', ms: 2000 }]);
			const before = sim.trainingCount();
			const controller = new AbortController();
			const pending = api.submit(submitBody, { signal: controller.signal });
			await until(() => sim.requests.some((entry) => entry.faulted === 'slow' && entry.route === 'submit'));
			controller.abort(); // the client "times out" after the server did the work
			await expect(pending).rejects.toThrow();
			expect(sim.trainingCount()).toBe(before + 1);
		});

		test('latencyMs: every answer comes that late; the training starts on arrival', async () => {
			const own = await startSimulator({ timeScale: 0.001, latencyMs: (entry) => (entry.route === 'submit' ? 60 : 30) });
			try {
				const ownApi = client(own);
				const t0 = Date.now();
				const taskId = await ownApi.start({ predict_fields: ['Positive Lead'], duration: 10 });
				expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
				const [submit] = own.requests;
				expect(submit.finishedAt - submit.startedAt).toBeGreaterThanOrEqual(55);
				expect(own.trainings[0].createdAt - submit.startedAt).toBeLessThan(30);
				await ownApi.status(taskId);
				const status = own.requests[1];
				expect(status.finishedAt - status.startedAt).toBeGreaterThanOrEqual(25);
				expect(status.finishedAt - status.startedAt).toBeLessThan(55);
			} finally {
				await own.close();
			}
			await expect(startSimulator({ latencyMs: -1 })).rejects.toThrow(/latencyMs/);
		});

		test('truncated JSON and non-JSON 200 bodies', async () => {
			sim.faults.script({ route: 'status' }, ['truncated', 'nonjson']);
			const truncated = await api.status('x', { raw: true });
			expect(truncated.status).toBe(200);
			expect(truncated.headers.get('content-type')).toBe('application/json');
			// fetch's errors come from another realm than jest's: compare names, not classes.
			await expect(truncated.json()).rejects.toHaveProperty('name', 'SyntaxError');
			const text = await api.status('x');
			expect(text).toMatchObject({ status: 200, text: 'OK', json: undefined });
		});

		test('hang: never answers; the log shows no status', async () => {
			sim.faults.script({ path: /\/status$/ }, ['hang']);
			const controller = new AbortController();
			const pending = api.status('x', { signal: controller.signal });
			await until(() => sim.requests.some((entry) => entry.faulted === 'hang'));
			await sleep(20);
			controller.abort();
			await expect(pending).rejects.toThrow();
			const entry = sim.requests.find((e) => e.faulted === 'hang');
			expect(entry).toMatchObject({ route: 'status', status: null, finishedAt: null });
		});

		test('random faults are seeded and reproducible', async () => {
			const pattern = async () => {
				sim.faults.clear();
				sim.faults.random({ probability: 0.5, kinds: [502, 504], seed: 7, route: 'status' });
				const statuses = [];
				for (let i = 0; i < 12; i++) statuses.push((await api.status('x')).status);
				return statuses;
			};
			const first = await pattern();
			expect(first).toEqual(await pattern());
			expect(first).toContain(200);
			expect(first.some((status) => status >= 502)).toBe(true);
		});

		test('a refused connection on a reserved closed port', async () => {
			const port = await reservedClosedPort();
			const error = await fetch(`http://127.0.0.1:${port}/api/v1/models/train/x/status`).catch((e) => e);
			expect(error.cause.code).toBe('ECONNREFUSED');
		});
	});

	describe('account rate limit (option rateLimit)', () => {
		test('past perSecond keyed arrivals in one Akkio second: 429 with Retry-After, before any handler', async () => {
			const clock = manualClock(1000);
			const limited = await startSimulator({ timeScale: 0.5, clock, rateLimit: { perSecond: 3, retryAfter: 2 } });
			const sub = client(limited);
			try {
				const body = { dataset_id: SAMPLE_DATASET_ID, predict_fields: ['Positive Lead'], duration: 10 };
				for (let i = 0; i < 3; i++) expect((await sub.submit(body)).status).toBe(201);
				// Another key is not the account's: it neither counts nor is refused for the limit.
				expect((await sub.status('x', { key: 'wrong-key' })).status).toBe(401);
				const refusedSubmit = await sub.submit(body);
				expect(refusedSubmit.status).toBe(429);
				expect(refusedSubmit.headers.get('retry-after')).toBe('2');
				expect(refusedSubmit.json).toEqual({ detail: 'Rate limit exceeded: 3 per 1 second' });
				// A refused submit never creates a training.
				expect(limited.trainingCount()).toBe(3);
				// Refused requests count too: the window (one Akkio second = 500 ms) holds 4 arrivals.
				clock.advance(499);
				expect((await sub.status('x')).status).toBe(429);
				clock.advance(1);
				// The first three left the window; the refused one at +0 too; the one at +499 stays.
				expect((await sub.status('x')).status).toBe(200);
				expect((await sub.status('x')).status).toBe(200);
				expect((await sub.status('x')).status).toBe(429);
				// Legacy routes count by their api_key field.
				clock.advance(500);
				for (let i = 0; i < 3; i++) expect((await sub.call('GET', `/v1/datasets?api_key=${limited.apiKey}`, { key: null })).status).toBe(200);
				expect((await sub.call('GET', `/v1/datasets?api_key=${limited.apiKey}`, { key: null })).status).toBe(429);
				expect(limited.requests.filter((r) => r.rateLimited).map((r) => r.status)).toEqual([429, 429, 429, 429]);
			} finally {
				await limited.close();
			}
		});

		test('rejects a malformed rateLimit', async () => {
			for (const rateLimit of [5, { perSecond: 0 }, { perSecond: 4.5 }, { perSecond: 5, retryAfter: -1 }]) {
				await expect(startSimulator({ rateLimit })).rejects.toThrow(/rateLimit must be/);
			}
		});
	});

	describe('styles', () => {
		test('prose status, relative and custom locations, absent and noisy estimates', async () => {
			const clock = manualClock();
			const make = (options) => startSimulator({ timeScale: 0.001, clock, ...options });
			const prose = await make({ statusStyle: 'prose', locationStyle: 'relative', estimates: 'absent' });
			const custom = await make({ locationStyle: (task) => `https://elsewhere.example/r/${task.id}`, estimates: 'noisy', seed: 3 });
			try {
				// 60 nominal seconds = 60 ms: 6 ms queued, 54 ms running.
				const proseApi = client(prose);
				const customApi = client(custom);
				const taskId = await proseApi.start({ predict_fields: ['Plan'] });
				const other = await customApi.start({ predict_fields: ['Plan'] });
				expect((await proseApi.status(taskId)).json).toEqual({ status: 'SUBMITTED', metadata: { type: 'SUBMITTED' } });
				clock.advance(6);
				expect((await proseApi.status(taskId)).json).toEqual({ status: 'IN_PROGRESS', metadata: { type: 'IN_PROGRESS' } });
				const noisy = [];
				for (let i = 0; i < 5; i++) noisy.push((await customApi.status(other)).json.metadata.estimate_seconds);
				for (const estimate of noisy) {
					expect(estimate).toBeGreaterThanOrEqual(54 * 0.7);
					expect(estimate).toBeLessThanOrEqual(54 * 1.3);
				}
				expect(new Set(noisy).size).toBeGreaterThan(1);
				clock.advance(54);
				expect((await proseApi.status(taskId)).json.metadata.location).toBe(`/models/train/${taskId}/result`);
				expect((await customApi.status(other)).json.metadata.location).toBe(`https://elsewhere.example/r/${other}`);
			} finally {
				await Promise.all([prose.close(), custom.close()]);
			}
		});
	});

	describe('request log', () => {
		test('records every request with parsed query, body and lower-case headers', async () => {
			sim.clearLog();
			const t0 = sim.now();
			await api.call('GET', '/api/v1/models/train/abc/status?x=1');
			await api.submit({ dataset_id: 'nope', predict_fields: ['a'], duration: 10 });
			expect(sim.requests).toHaveLength(2);
			const [first, second] = sim.requests;
			expect(first).toMatchObject({ seq: expect.any(Number), method: 'GET', path: '/api/v1/models/train/abc/status', query: { x: '1' }, route: 'status', status: 200, faulted: null, body: null });
			expect(first.headers['x-api-key']).toBe(sim.apiKey);
			expect(second).toMatchObject({ method: 'POST', route: 'submit', status: 422, body: { dataset_id: 'nope' } });
			expect(second.seq).toBeGreaterThan(first.seq);
			expect(first.startedAt).toBeGreaterThanOrEqual(t0);
			expect(sim.requestsAfter(second.startedAt)).toEqual([second]);
		});

		test('peakRequestsPerWindow counts the busiest sliding window', async () => {
			const clock = manualClock();
			const own = await startSimulator({ clock });
			try {
				const ownApi = client(own);
				await Promise.all(Array.from({ length: 5 }, () => ownApi.status('burst')));
				clock.advance(500);
				await ownApi.status('later');
				clock.advance(499);
				await ownApi.result('later');
				expect(own.peakRequestsPerWindow(100)).toBe(5);
				expect(own.peakRequestsPerWindow(999)).toBe(6);
				expect(own.peakRequestsPerWindow()).toBe(7);
				expect(own.peakRequestsPerWindow(1000, { route: 'result' })).toBe(1);
				expect(own.peakRequestsPerWindow(1000, (entry) => entry.path.includes('burst'))).toBe(5);
				expect(own.requestsAfter(500).map((entry) => entry.route)).toEqual(['status', 'result']);
			} finally {
				await own.close();
			}
		});
	});

	describe('legacy /v1/datasets', () => {
		const legacy = (method, query, body) =>
			api.call(method, `/v1/datasets${query ? `?${new URLSearchParams(query)}` : ''}`, { key: null, body });

		test('authenticates with api_key, not the header', async () => {
			const res = await api.call('GET', '/v1/datasets'); // header only
			expect(res.status).toBe(404);
			expect(res.json).toEqual({ status: 'missing or invalid API key' });
			const list = await legacy('GET', { api_key: sim.apiKey });
			expect(list.status).toBe(200);
			const ids = list.json.datasets.map((dataset) => dataset.id);
			expect(ids).toContain(SAMPLE_DATASET_ID);
			expect(ids).not.toContain(OTHER_TEAM_DATASET_ID);
		});

		test('create, add rows, read back, train on it, delete', async () => {
			const created = await legacy('POST', null, { api_key: sim.apiKey, name: 'uploaded' });
			expect(created.status).toBe(200);
			const id = created.json.dataset_id;
			const rows = generateLeadRows({ count: 40, seed: 5 }).map((row) => ({ x: row['Webinars Attended'], y: row['Positive Lead'] }));
			expect((await legacy('POST', null, { api_key: sim.apiKey, id, rows })).status).toBe(200);

			const read = await legacy('GET', { api_key: sim.apiKey, id });
			expect(read.json.name).toBe('uploaded');
			expect(read.json.rows).toBe(40); // a count
			expect(read.json.fields).toEqual([{ name: 'x', type: 'number' }, { name: 'y', type: 'category' }]);

			const taskId = await api.start({ dataset_id: id, predict_fields: ['y'], duration: 10 });
			expect((await api.poll(taskId)).pop().status).toBe('SUCCEEDED');
			const { json } = await api.result(taskId);
			expect(Object.keys(json.field_importance)).toEqual(['x', 'y']);

			expect((await legacy('DELETE', null, { api_key: sim.apiKey, id })).status).toBe(200);
			expect((await legacy('GET', { api_key: sim.apiKey, id })).status).toBe(404);
		});
	});

	test('close() stops the server and destroys hung sockets', async () => {
		const own = await startSimulator();
		own.faults.script({}, ['hang', { kind: 'slow', ms: 10000 }]);
		const hung = fetch(`${own.url}/api/v1/models/train/x/status`).catch((e) => e);
		const slow = fetch(`${own.url}/api/v1/models/train/y/status`).catch((e) => e);
		while (own.requests.length < 2) await sleep(2);
		await own.close();
		expect(own.server.listening).toBe(false);
		expect(own.sockets.size).toBe(0);
		expect(own.timers.size).toBe(0);
		expect(await hung).toHaveProperty('message', 'fetch failed');
		expect(await slow).toHaveProperty('message', 'fetch failed');
		const refused = await fetch(`${own.url}/`).catch((e) => e);
		expect(refused.cause.code).toBe('ECONNREFUSED');
	});
});
