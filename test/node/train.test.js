'use strict';
// Akkio Train, each operation and output mode once, in n8n-core's engine against the stand-in:
// success, the checks before any request, Akkio's errors in its words, Continue On Fail,
// the timeout, Stop, and the answers Akkio's pages leave open.
const { runAkkio, startSimulator, akkioCredentials, until, pkg, TRAIN } = require('../support/akkio');
const { generateLeadRows, manualClock, UNDOCUMENTED } = require('../simulator');

const rows = generateLeadRows({ count: 30 });
let sim;
beforeAll(async () => {
	sim = await startSimulator({
		timeScale: 0.001,
		datasets: [
			{ id: 'stuck', rows, stuck: true },
			{ id: 'fails-silently', rows, failWithoutError: true },
			{ id: 'times-out', rows, unknownTimeout: true },
		],
	});
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.clearLog();
	sim.faults.clear();
});
const routes = () => sim.requests.map((r) => r.route);

async function trained(parameters = {}) {
	const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true, output: 'raw', ...parameters } });
	expect(run.status).toBe('success');
	return run.success[0].json.model_id && sim.trainings.at(-1).taskId;
}

describe('Train Model', () => {
	test('submits the training with its options and outputs the task ID at once', async () => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, options: { extraAttention: true, force: true, ignoreFields: 'Location, Plan' } } });
		expect(run.success.map((i) => [i.json, i.pairedItem])).toEqual([[{ task_id: sim.trainings[0].taskId, status: 'SUBMITTED', dataset_id: 'leads-sample', predict_fields: ['Positive Lead'], duration: 60 }, { item: 0 }]]);
		expect(sim.requests).toEqual([expect.objectContaining({ method: 'POST', path: '/api/v1/models/train/new', status: 201 })]);
		expect(sim.requests[0].headers['x-api-key']).toBe(sim.apiKey);
		expect(sim.requests[0].body).toEqual({ dataset_id: 'leads-sample', predict_fields: ['Positive Lead'], duration: 60, extra_attention: true, force: true, ignore_fields: ['Location', 'Plan'] });
	});

	test('with Wait for Completion: the summary of the model, per item in input order, longest submitted first', async () => {
		const items = [{ json: { d: 10, f: 'Positive Lead' } }, { json: { d: 300, f: 'Plan' } }];
		const run = await runAkkio(sim, { items, parameters: { ...TRAIN, predictFields: '={{ $json.f }}', duration: '={{ $json.d }}', waitForCompletion: true } });
		expect(run.success.map((i) => [i.pairedItem.item, i.json.predict_fields[0], i.json.status])).toEqual([[0, 'Positive Lead', 'SUCCEEDED'], [1, 'Plan', 'SUCCEEDED']]);
		const summary = run.success[0].json;
		// The stand-in's stats: 80 % of each class right, so every metric is 0.8.
		expect(summary).toMatchObject({ model_id: expect.any(String), task_id: expect.any(String), accuracy: 0.8, macro_f1: 0.8, weighted_f1: 0.8 });
		expect(summary.field_importance[0]).toEqual({ field: 'Job Title', importance: expect.any(Number) });
		expect(summary.data_story).toMatch(/^Positive Lead = /);
		expect(sim.requests.filter((r) => r.route === 'submit').map((r) => r.body.duration)).toEqual([300, 10]);
	});
});

describe('Get Status', () => {
	test('running (with the estimate), finished (with the location), failed (with Akkio\'s words), one item per task ID', async () => {
		const clock = manualClock();
		const clocked = await startSimulator({ clock, datasets: [{ id: 'bad', rows, failWithError: 'Column "Plan" is empty' }] });
		try {
			const submit = async (datasetId) => (await runAkkio(clocked, { parameters: { ...TRAIN, datasetId } })).success[0].json.task_id;
			const [running, failed] = [await submit('leads-sample'), await submit('bad')];
			clock.advance(30000); // half of High Quality's 60 s
			const status = async (taskId) => (await runAkkio(clocked, { parameters: { operation: 'getStatus', taskId } })).success[0].json;
			expect(await status(running)).toEqual({ task_id: running, status: 'IN_PROGRESS', done: false, estimate_seconds: 30 });
			clock.advance(30000);
			expect(await status(running)).toEqual({ task_id: running, status: 'SUCCEEDED', done: true, location: `/api/v1/models/train/${running}/result` });
			expect(await status(failed)).toEqual({ task_id: failed, status: 'FAILED', done: true, error: 'Column "Plan" is empty' });
		} finally {
			await clocked.close();
		}
	});
});

describe('Get Result: the output modes', () => {
	let taskId;
	beforeAll(async () => {
		taskId = await trained();
	});
	const result = (output) => runAkkio(sim, { parameters: { operation: 'getResult', taskId, output } });

	test('Raw is Akkio\'s answer untouched', async () => {
		const raw = (await result('raw')).success[0].json;
		expect(raw).toMatchObject({ status: 'success', model_id: expect.any(String), field_importance: expect.any(Object), data_story: expect.any(Array) });
		expect(raw.stats[0][0]).toHaveProperty('true positives');
	});

	test('Per-Class Rows: one flat item per class; Field Importance Rows: one per field, highest first', async () => {
		const perClass = (await result('perClassRows')).success;
		expect(perClass.map((i) => [i.json.class_name, i.json.field_name, i.json.task_id])).toEqual([['0', 'Positive Lead', taskId], ['1', 'Positive Lead', taskId]]);
		for (const item of perClass) for (const value of Object.values(item.json)) expect(typeof value).not.toBe('object');
		const importance = (await result('fieldImportanceRows')).success.map((i) => i.json);
		expect(importance.map((r) => r.rank)).toEqual(importance.map((_, i) => i + 1));
		expect(importance.map((r) => r.importance)).toEqual(importance.map((r) => r.importance).sort((a, b) => b - a));
	});

	test('a numeric target\'s stats (a shape Akkio does not document) pass through untouched', async () => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, predictFields: 'Annual Contract Value', waitForCompletion: true } });
		expect(run.success[0].json.stats).toEqual([expect.objectContaining({ field_name: 'Annual Contract Value', field_type: 'number', r2: 0.8 })]);
		expect(run.success[0].json.accuracy).toBeUndefined();
	});
});

describe('Wait for Training', () => {
	test('waits for each task ID and outputs the results in input order; SUBMITTED (the docs\' prose word) is waited out too', async () => {
		const prose = await startSimulator({ timeScale: 0.001, statusStyle: 'prose' });
		try {
			const ids = [];
			for (const duration of [300, 10]) ids.push((await runAkkio(prose, { parameters: { ...TRAIN, duration } })).success[0].json.task_id);
			const run = await runAkkio(prose, { items: ids.map((id) => ({ json: { id } })), parameters: { operation: 'wait', taskId: '={{ $json.id }}' } });
			expect(run.success.map((i) => [i.json.task_id, i.json.status])).toEqual(ids.map((id) => [id, 'SUCCEEDED']));
		} finally {
			await prose.close();
		}
	});

	test('the timeout names the task ID and says how to pick it up later; Continue On Fail lets the others finish', async () => {
		const items = [{ json: { d: 'leads-sample' } }, { json: { d: 'stuck' } }];
		const run = await runAkkio(sim, { items, onError: 'continueErrorOutput', parameters: { ...TRAIN, datasetId: '={{ $json.d }}', waitForCompletion: true, options: { timeoutMinutes: 2 } } });
		const stuck = sim.trainings.find((t) => t.datasetId === 'stuck' && sim.requests.some((r) => r.body === t.payload)).taskId;
		expect(run.success.map((i) => i.pairedItem.item)).toEqual([0]);
		expect(run.errors.map((i) => [i.pairedItem.item, i.json.error])).toEqual([[1, `Training ${stuck} was still running after 2 minutes, the node's timeout`]]);
		expect(run.errors[0].json.details).toContain(`Get Status or Wait using task ID ${stuck}`);
	});

	test('an error after a successful submit names the task and how to pick it up, so nobody pays for it twice', async () => {
		sim.faults.script({ route: 'status' }, [{ status: 403, body: JSON.stringify({ detail: 'Forbidden' }) }]);
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		const taskId = sim.trainings.at(-1).taskId;
		expect(run.error.message).toBe(`The API key has no access to this training (training ${taskId} was submitted)`);
		expect(run.error.description).toMatch(new RegExp(`^Akkio said: Forbidden\\. .* pick it up with Get Status or Wait using task ID ${taskId} instead of submitting it again\\.$`));
		expect(routes()).toEqual(['submit', 'status']);
	});

	test('without a Timeout it fits the training: 16 minutes for the High Quality the Wait operation assumes, as its option says', async () => {
		const taskId = (await runAkkio(sim, { parameters: { ...TRAIN, datasetId: 'stuck' } })).success[0].json.task_id;
		const run = await runAkkio(sim, { parameters: { operation: 'wait', taskId } });
		expect(run.error.message).toMatch(/still running after 16 minutes/);
		expect(run.error.description).not.toMatch(/Wait for Completion/); // Wait has no such switch
		const options = new pkg.classes.AkkioTrain().description.properties.filter((p) => p.name === 'options' && p.displayOptions.show.operation.includes('wait'));
		expect(options[0].options.find((o) => o.name === 'timeoutMinutes').description).toMatch(/Without this option: 16 minutes/);
	});
});

describe('checked before any request, naming the parameter and the item', () => {
	test.each([
		['empty dataset ID', { datasetId: '   ' }, /^Dataset: is empty \[item 0\]$/],
		['no predict field', { predictFields: ' ' }, /^Predict Fields: needs at least one field name \[item 0\]$/],
		['a duplicate predict field', { predictFields: '={{ ["Plan", "Plan"] }}' }, /^Predict Fields: "Plan" is listed twice \[item 0\]$/],
		['a field both predicted and ignored', { options: { ignoreFields: 'Location, Positive Lead' } }, /^Ignore Fields: "Positive Lead" cannot be both predicted and ignored \[item 0\]$/],
		['a duration Akkio does not offer', { duration: '={{ 45 }}' }, /^Duration: "45" is not one of Akkio's training durations \[item 0\]$/],
		['a task ID of dots', { operation: 'getStatus', taskId: '..' }, /^Task ID: "\.\." cannot be looked up: it is made only of dots \[item 0\]$/],
		['an expression that cannot be evaluated', { duration: '={{ $("Nowhere").item.json.d }}' }, /^Duration: the expression could not be evaluated \(.+\) \[item 0\]$/],
	])('%s', async (_, parameters, message) => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, ...parameters } });
		expect(run.error.message).toMatch(message);
		expect(run.error.description).toEqual(expect.any(String));
		expect(sim.requests).toHaveLength(0);
	});

	test('a bad third item stops the node before the first two are sent', async () => {
		const items = [{ json: { f: 'Positive Lead' } }, { json: { f: 'Plan' } }, { json: { f: '' } }];
		const run = await runAkkio(sim, { items, parameters: { ...TRAIN, predictFields: '={{ $json.f }}' } });
		expect(run.error.message).toBe('Predict Fields: needs at least one field name [item 2]');
		expect(sim.requests).toHaveLength(0);
	});
});

describe("Akkio's errors in its words, with what to do", () => {
	test.each([
		['401', { credentials: 'wrong' }, 'Akkio rejected the API key', /Akkio said: Invalid API key/],
		['403', { datasetId: 'other-team-data' }, 'The API key has no access to this dataset', /Akkio said: .*access/],
		['422', { datasetId: 'no-such-dataset' }, /^Akkio rejected the request: body\.dataset_id: Dataset not found/, /./],
		['FAILED', { predictFields: 'Favourite Colour', waitForCompletion: true }, /^Akkio training \S+ failed: .*Favourite Colour/, /Akkio's own explanation/],
		['FAILED without a text', { datasetId: 'fails-silently', waitForCompletion: true }, /^Akkio training \S+ failed: Akkio reported the training as failed without saying why/, /./],
		['UNKNOWN_TIMEOUT', { datasetId: 'times-out', waitForCompletion: true }, /^Akkio training \S+ failed: Akkio lost track of the training \(UNKNOWN_TIMEOUT\)/, /./],
	])('%s', async (_, { credentials, ...parameters }, message, description) => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, ...parameters }, credentials: credentials && akkioCredentials(sim, { apiKey: credentials }) });
		expect(run.error.message).toMatch(message);
		expect(run.error.description).toMatch(description);
	});

	test('Continue On Fail: failed items on the error output with pairedItem, the others succeed; "continue" keeps them on the one output', async () => {
		const items = [{ json: { d: 'leads-sample', f: 'Positive Lead' } }, { json: { d: 'leads-sample', f: '' } }, { json: { d: 'other-team-data', f: 'Plan' } }, { json: { d: 'leads-sample', f: 'Plan' } }];
		const parameters = { ...TRAIN, datasetId: '={{ $json.d }}', predictFields: '={{ $json.f }}', waitForCompletion: true };
		const run = await runAkkio(sim, { items, parameters, onError: 'continueErrorOutput' });
		expect(run.success.map((i) => i.pairedItem.item)).toEqual([0, 3]);
		expect(run.errors.map((i) => [i.pairedItem.item, i.json.error])).toEqual([[1, 'Predict Fields: needs at least one field name [item 1]'], [2, 'The API key has no access to this dataset']]);
		expect(sim.requests.filter((r) => r.route === 'submit')).toHaveLength(3); // the invalid item was never sent
		const regular = await runAkkio(sim, { items, parameters, onError: 'continueRegularOutput' });
		expect(regular.success.map((i) => [i.pairedItem.item, Object.keys(i.json).includes('error')])).toEqual([[0, false], [1, true], [2, true], [3, false]]);
	});
});

test('Train with wait on many items ends when the first submits are all refused (the calendar starts on any answer)', async () => {
	sim.faults.script({ route: 'submit' }, Array(5).fill({ status: 422, body: JSON.stringify({ detail: [{ loc: ['body', 'predict_fields'], msg: 'Unknown field', type: 'value_error' }] }) }));
	const items = Array.from({ length: 8 }, () => ({ json: {} }));
	const run = await runAkkio(sim, { items, onError: 'continueErrorOutput', parameters: { ...TRAIN, duration: 10, waitForCompletion: true } });
	expect([run.errors.length, run.success.length]).toEqual([5, 3]);
}, 30000);

test('Stop while waiting ends the node at once and names the trainings left running', async () => {
	sim.faults.script({ route: 'status' }, [{ kind: 'hang' }]);
	const running = runAkkio(sim, { items: [{ json: { d: 'leads-sample' } }, { json: { d: 'stuck' } }], parameters: { ...TRAIN, datasetId: '={{ $json.d }}', waitForCompletion: true } });
	await until(() => routes().includes('status'), 'the first status check'); // both submits were answered
	const taskIds = sim.trainings.slice(-2).map((t) => t.taskId);
	running.cancel();
	const run = await running;
	expect(run.nodeError.message).toMatch(/^The execution was stopped; Akkio goes on training tasks /);
	for (const id of taskIds) {
		expect(run.nodeError.message).toContain(id);
		expect(JSON.stringify(run.logs)).toContain(`task ID ${id}`);
	}
	expect(run.nodeError.description).toMatch(/Wait for Training/);
});

test('a failed item ends the node and names the other items\' trainings, so that running it again does not pay for them twice', async () => {
	const run = await runAkkio(sim, { items: [{ json: { d: 'stuck' } }, { json: { d: 'fails-silently' } }], parameters: { ...TRAIN, datasetId: '={{ $json.d }}', waitForCompletion: true } });
	const [stuck, failed] = ['stuck', 'fails-silently'].map((d) => sim.trainings.find((t) => t.datasetId === d && sim.requests.some((r) => r.body === t.payload)).taskId);
	expect(run.error.message).toContain(failed);
	expect(run.error.description).toMatch(new RegExp(`The other items' trainings were submitted too: ${stuck} \\(item 0\\)\\. Pick them up with Wait for Training`));
	expect(JSON.stringify(run.logs)).toContain(stuck);
});

describe('what Akkio\'s pages leave open: every answer works', () => {
	test.each(UNDOCUMENTED.unknownTask)('a task ID Akkio does not know answered %s: Get Status never claims it ended, Wait fails', async (unknownTask) => {
		const open = await startSimulator({ timeScale: 0.001, unknownTask });
		try {
			const status = await runAkkio(open, { parameters: { operation: 'getStatus', taskId: 'no-such-task' } });
			if (unknownTask === '404') expect(status.error.message).toBe('Akkio has no such training');
			else expect(status.success[0].json).toMatchObject({ status: 'PENDING', done: false });
			const wait = await runAkkio(open, { parameters: { operation: 'wait', taskId: 'no-such-task', options: { timeoutMinutes: 1 } } });
			expect(wait.status).toBe('error');
		} finally {
			await open.close();
		}
	});

	test.each(UNDOCUMENTED.earlyResult)('a result asked for too early answered as %s: Akkio has no result, and what to do', async (earlyResult) => {
		const open = await startSimulator({ timeScale: 1, earlyResult });
		try {
			const taskId = (await runAkkio(open, { parameters: TRAIN })).success[0].json.task_id;
			const run = await runAkkio(open, { parameters: { operation: 'getResult', taskId } });
			expect(run.error.message).toMatch(/^Akkio has no result for this task( yet: it answered with the task's status \(PENDING\))?$|^Akkio rejected the request: path\.task_id: Task is not finished$/);
			// A 422 carries Akkio's words; the others say how to get a result.
			if (earlyResult !== '422') expect(run.error.description).toMatch(/Get Status until done is true/);
		} finally {
			await open.close();
		}
	});

	test.each([['rooted'], ['relative'], ['on another host'], ['escaping the API root']])('a SUCCEEDED location %s: the result is read from the API, never from elsewhere', async (style) => {
		const elsewhere = { 'on another host': (t) => `http://127.0.0.2:1/api/v1/models/train/${t.id}/result`, 'escaping the API root': () => '/api/v1/../../steal' }[style];
		const open = await startSimulator({ timeScale: 0.001, locationStyle: elsewhere || style });
		try {
			const run = await runAkkio(open, { parameters: { ...TRAIN, waitForCompletion: true } });
			expect(run.success[0].json.status).toBe('SUCCEEDED');
			expect(Boolean(run.success[0].json.notice)).toBe(Boolean(elsewhere));
			const taskId = open.trainings[0].taskId;
			expect(open.requests.at(-1).path).toBe(`/api/v1/models/train/${taskId}/result`);
		} finally {
			await open.close();
		}
	});
});
