'use strict';
// Akkio Trigger: poll() run through n8n-core's own PollContext against the stand-in, with n8n's
// durable poll scheduler off (state in the workflow's static data) and on (a staged cursor,
// committed only when the poll returned). Growth comes from the Akkio node's Add Rows, a new
// model from a training, a new dataset from Dataset → Create.
const { runAkkio, startSimulator, akkioCredentials, pkg, rl, leads, TRAIN, AKKIO } = require('../support/akkio');
const { poller } = require('../harness/engine');

const TRIGGER = 'n8n-nodes-akkio.akkioTrigger';
let sim;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001, datasets: [{ id: 'grow', name: 'Growing leads', rows: leads(10).map((i) => i.json) }] });
});
afterAll(() => sim.close());
beforeEach(() => sim.faults.clear());

const trigger = (parameters, durable) => poller({ ...pkg, nodeType: TRIGGER, parameters, credentials: akkioCredentials(sim), durable });
const addRows = async (count) => expect((await runAkkio(sim, { nodeType: AKKIO, items: leads(count), parameters: { resource: 'dataset', operation: 'addRows', datasetId: rl('grow') } })).status).toBe('success');
const fired = (result) => (result === null ? [] : result[0].map((item) => item.json));

describe.each([['off', false], ['on', true]])("n8n's durable poll scheduler %s", (_, durable) => {
	test('Dataset Rows Grew: baseline, growth below then past the threshold fires once, a failed poll then a good one fires what was missed once', async () => {
		const rows = sim.datasets.get('grow').rows.length;
		const poll = trigger({ event: 'datasetRowsGrew', datasetId: rl('grow'), growthUnit: 'rows', minGrowth: 2 }, durable);
		expect(await poll()).toBeNull();
		await addRows(1);
		expect(await poll()).toBeNull();
		await addRows(1);
		expect(fired(await poll())).toEqual([{ dataset_id: 'grow', name: 'Growing leads', rows_before: rows, rows_now: rows + 2, rows_added: 2, growth_percent: expect.any(Number) }]);
		expect(await poll()).toBeNull();
		await addRows(3);
		sim.faults.script({ route: 'legacy' }, [401]);
		await expect(poll()).rejects.toThrow('Akkio rejected the API key');
		expect(fired(await poll())).toMatchObject([{ rows_before: rows + 2, rows_now: rows + 5, rows_added: 3 }]);
		expect(await poll()).toBeNull();
	});

	test('New Model: nothing at activation, then one item per model a training added', async () => {
		const poll = trigger({ event: 'newModel' }, durable);
		expect(await poll()).toBeNull();
		const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		expect(fired(await poll())).toEqual([{ model_id: run.success[0].json.model_id, name: expect.any(String) }]);
		expect(await poll()).toBeNull();
	});
});

test('New Dataset fires for a created dataset; Fetch Test Event (manual mode) shows the current state at once and changes nothing', async () => {
	const poll = trigger({ event: 'newDataset' }, false);
	expect(await poll()).toBeNull();
	const created = await runAkkio(sim, { nodeType: AKKIO, parameters: { resource: 'dataset', operation: 'create', name: 'Fresh' } });
	const before = JSON.stringify(poll.state());
	expect(fired(await poll('manual'))).toHaveLength(1);
	expect(JSON.stringify(poll.state())).toBe(before);
	expect(fired(await poll())).toEqual([{ dataset_id: created.success[0].json.dataset_id, name: 'Fresh' }]);
	const growth = trigger({ event: 'datasetRowsGrew', datasetId: rl('grow'), growthUnit: 'percent', minGrowth: 10 }, false);
	expect(fired(await growth('manual'))).toMatchObject([{ dataset_id: 'grow', rows_added: 0 }]);
	expect(growth.state()).toEqual({});
	// A state about another dataset is not this one's baseline.
	Object.assign(growth.state(), { watching: 'datasetRowsGrew:other', rows: 1 });
	expect(fired(await growth('manual'))).toMatchObject([{ dataset_id: 'grow', rows_added: 0 }]);
});

test('a bad parameter is refused before any request, naming it', async () => {
	sim.clearLog();
	await expect(trigger({ event: 'datasetRowsGrew', datasetId: rl('grow'), minGrowth: 0 }, false)()).rejects.toThrow(/^At Least: "0" is not a number greater than 0/);
	await expect(trigger({ event: 'datasetRowsGrew', datasetId: rl(' ') }, false)()).rejects.toThrow(/^Dataset: is empty/);
	// An expression that cannot be evaluated is refused naming its field, as in the action nodes.
	await expect(trigger({ event: 'datasetRowsGrew', datasetId: rl('grow'), minGrowth: '={{ $("Nowhere").item.json.rows }}' }, false)()).rejects.toThrow(/^At Least: the expression could not be evaluated/);
	expect(sim.requests).toHaveLength(0);
});
