'use strict';
// Validation before any request, Akkio's errors in its own words, Continue On Fail routing.
const { runAkkio, startSimulator, akkioCredentials } = require('../support/akkio');
const { generateLeadRows } = require('../simulator');

const TRAIN = { operation: 'train', datasetId: 'leads-sample', predictFields: 'Positive Lead', duration: 60 };

let sim;
beforeAll(async () => {
	sim = await startSimulator({
		timeScale: 0.001,
		datasets: [
			{ id: 'fails-silently', rows: generateLeadRows(), failWithoutError: true },
			{ id: 'times-out', rows: generateLeadRows(), unknownTimeout: true },
		],
	});
});
afterAll(async () => sim.close());
beforeEach(() => sim.clearLog());

describe('validation happens before any request and names the parameter and the item', () => {
	const cases = [
		['empty dataset ID', { datasetId: '   ' }, /^Dataset: is empty \[item 0\]$/],
		['dataset ID as an object', { datasetId: '={{ { id: 1 } }}' }, /^Dataset: expected a text, got an object \[item 0\]$/],
		['no predict field', { predictFields: ' ' }, /^Predict Fields: needs at least one field name \[item 0\]$/],
		['an empty predict field', { predictFields: 'Positive Lead,,Plan' }, /^Predict Fields: entry 2 is empty \[item 0\]$/],
		['a duplicate predict field', { predictFields: '={{ ["Plan", "Plan"] }}' }, /^Predict Fields: "Plan" is listed twice \[item 0\]$/],
		['predict fields as a number', { predictFields: '={{ 5 }}' }, /^Predict Fields: expected field names, got a number \[item 0\]$/],
		['a field both predicted and ignored', { options: { ignoreFields: 'Location, Positive Lead' } }, /^Ignore Fields: "Positive Lead" cannot be both predicted and ignored \[item 0\]$/],
		['a duration Akkio does not offer', { duration: '={{ 45 }}' }, /^Duration: "45" is not one of Akkio's training durations \[item 0\]$/],
		['a very long dataset ID', { datasetId: 'x'.repeat(5000) }, /^Dataset: is 5000 characters long/],
	];
	test.each(cases)('%s', async (_, parameters, message) => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, ...parameters } });
		expect(run.status).toBe('error');
		expect(run.error.message).toMatch(message);
		expect(run.error.description).toEqual(expect.any(String));
		expect(sim.requests).toHaveLength(0);
	});

	test.each([
		['blank', '  ', /^Task ID: is empty \[item 0\]$/],
		['dots only', '..', /^Task ID: "\.\." is not a task ID \[item 0\]$/],
		['a list', '={{ ["a"] }}', /^Task ID: expected a text, got a list \[item 0\]$/],
		['null', '={{ null }}', /^Task ID: expected a text, got null \[item 0\]$/],
	])('task ID %s', async (_, taskId, message) => {
		for (const operation of ['getStatus', 'getResult', 'wait']) {
			const run = await runAkkio(sim, { parameters: { operation, taskId } });
			expect(run.error.message).toMatch(message);
		}
		expect(sim.requests).toHaveLength(0);
	});

	test.each([
		// n8n itself refuses an empty required field before the node runs, naming it.
		['an empty Predict Fields list (n8n)', { predictFields: [] }, 'The \'Akkio\' node has issues:\n- Parameter "Predict Field Names or IDs" is required.', /Predict Field/],
		['an empty Task ID (n8n)', { taskId: '', operation: 'wait' }, 'The \'Akkio\' node has issues:\n- Parameter "Task ID" is required.', /Task ID/],
		// An empty text reaches the node, which refuses it.
		['an empty Predict Fields text (the node)', { predictFields: '' }, 'Predict Fields: needs at least one field name [item 0]', /Enter the exact column names/],
	])('%s is refused, naming the parameter', async (_, parameters, message, named) => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, ...parameters } });
		expect(run.error.message).toBe(message);
		expect(JSON.stringify(run.error)).toMatch(named);
		expect(sim.requests).toHaveLength(0);
	});

	test('a bad third item stops the node before the first two are sent', async () => {
		const items = [{ json: { f: 'Positive Lead' } }, { json: { f: 'Plan' } }, { json: { f: '' } }];
		const run = await runAkkio(sim, { items, parameters: { ...TRAIN, predictFields: '={{ $json.f }}' } });
		expect(run.error.message).toBe('Predict Fields: needs at least one field name [item 2]');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('API errors carry Akkio\'s own words', () => {
	test('401: the key was rejected', async () => {
		const trainings = sim.trainingCount();
		const run = await runAkkio(sim, { parameters: TRAIN, credentials: akkioCredentials(sim, { apiKey: 'wrong-key' }) });
		expect(run.error.message).toBe('Akkio rejected the API key');
		expect(run.error.description).toMatch(/Akkio said: Invalid API key/);
		expect(run.error.httpCode).toBe('401');
		expect(sim.trainingCount()).toBe(trainings);
	});

	test('a key with spaces around it is trimmed, so it is accepted', async () => {
		const run = await runAkkio(sim, { parameters: TRAIN, credentials: akkioCredentials(sim, { apiKey: `  ${sim.apiKey}\n` }) });
		expect(run.status).toBe('success');
		expect(sim.requests[0].headers['x-api-key']).toBe(sim.apiKey);
	});

	test('403: the key has no access to that dataset', async () => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, datasetId: 'other-team-data' } });
		expect(run.error.message).toBe('The API key has no access to this dataset');
		expect(run.error.description).toMatch(/Akkio said: .*access/);
	});

	test('422: each detail as "loc: msg"', async () => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, datasetId: 'no-such-dataset' } });
		expect(run.error.message).toMatch(/^Akkio rejected the request: body\.dataset_id: /);
		expect(run.error.httpCode).toBe('422');
	});

	test('FAILED: Akkio\'s error text', async () => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, predictFields: 'Favourite Colour', waitForCompletion: true } });
		expect(run.error.message).toMatch(/^Akkio training \S+ failed: .*Favourite Colour/);
		expect(run.error.description).toMatch(/Akkio's own explanation/);
	});

	test('FAILED without a text still explains itself', async () => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, datasetId: 'fails-silently', predictFields: 'Positive Lead', waitForCompletion: true } });
		expect(run.error.message).toMatch(/^Akkio training \S+ failed: Akkio reported the training as failed without saying why/);
	});

	test('UNKNOWN_TIMEOUT ends the wait with an error', async () => {
		const run = await runAkkio(sim, { parameters: { ...TRAIN, datasetId: 'times-out', predictFields: 'Positive Lead', waitForCompletion: true } });
		expect(run.error.message).toMatch(/^Akkio training \S+ failed: Akkio lost track of the training \(UNKNOWN_TIMEOUT\)/);
	});
});

describe('Continue On Fail', () => {
	const items = [
		{ json: { dataset: 'leads-sample', field: 'Positive Lead' } },
		{ json: { dataset: 'leads-sample', field: '' } }, // invalid: never sent
		{ json: { dataset: 'other-team-data', field: 'Positive Lead' } }, // 403
		{ json: { dataset: 'leads-sample', field: 'Nope' } }, // FAILED by Akkio
		{ json: { dataset: 'leads-sample', field: 'Plan' } },
	];
	const parameters = { ...TRAIN, datasetId: '={{ $json.dataset }}', predictFields: '={{ $json.field }}', waitForCompletion: true };

	test('failed items go to the error output, the others succeed, all keep pairedItem', async () => {
		const run = await runAkkio(sim, { items, parameters, onError: 'continueErrorOutput' });
		expect(run.status).toBe('success');
		expect(run.success.map((i) => [i.pairedItem.item, i.json.predict_fields[0], typeof i.json.macro_f1])).toEqual([
			[0, 'Positive Lead', 'number'],
			[4, 'Plan', 'number'],
		]);
		expect(run.errors.map((i) => i.pairedItem.item)).toEqual([1, 2, 3]);
		expect(run.errors[0].json.error).toBe('Predict Fields: needs at least one field name [item 1]');
		expect(run.errors[1].json.error).toBe('The API key has no access to this dataset');
		expect(run.errors[2].json.error).toMatch(/^Akkio training \S+ failed: .*Nope/);
		for (const item of run.errors) expect(item.json.details).toEqual(expect.any(String));
		// The invalid item never reached Akkio.
		expect(sim.requests.filter((r) => r.route === 'submit')).toHaveLength(4);
	});

	test('with "continue (regular output)" failed items stay on the single output as { error }', async () => {
		const run = await runAkkio(sim, { items, parameters, onError: 'continueRegularOutput' });
		expect(run.status).toBe('success');
		expect(run.success.map((i) => i.pairedItem.item)).toEqual([0, 1, 2, 3, 4]);
		expect(Object.keys(run.success[1].json).sort()).toEqual(['details', 'error']);
		expect(run.success[4].json.macro_f1).toEqual(expect.any(Number));
	});

	test('without Continue On Fail the first failure fails the node', async () => {
		const run = await runAkkio(sim, { items: [items[0], items[2]], parameters });
		expect(run.status).toBe('error');
		expect(run.error.message).toBe('The API key has no access to this dataset');
	});
});
