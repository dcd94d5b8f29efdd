'use strict';
// The README's output examples must look like what the node really outputs: same keys, same
// value types, at every level (values differ: task IDs are random).
const fs = require('node:fs');
const path = require('node:path');
const { runAkkio, startSimulator, rl } = require('./support/akkio');

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

function examples() {
	const found = {};
	const pattern = /<!-- output: (\w+) -->\s*```json\n([\s\S]*?)```/g;
	for (const [, name, json] of readme.matchAll(pattern)) found[name] = JSON.parse(json);
	return found;
}

function shape(value) {
	if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.keys(value).sort().map((key) => [key, shape(value[key])]));
	}
	return value === null ? 'null' : typeof value;
}

const TRAIN = { operation: 'train', datasetId: 'leads-sample', predictFields: 'Positive Lead', duration: 60 };

test('every output example in the README has the shape of a real output item', async () => {
	const documented = examples();
	expect(Object.keys(documented).sort()).toEqual([
		'addRows', 'ask', 'create', 'datasetDelete', 'datasetGet', 'datasetList', 'fieldImportanceRows', 'getStatus', 'modelDelete',
		'modelList', 'perClassRows', 'predict', 'project', 'summary', 'train',
	]);

	const sim = await startSimulator({ timeScale: 0.01 });
	try {
		const actual = {};
		const submitted = await runAkkio(sim, { parameters: TRAIN, timeScale: 0.01 });
		actual.train = submitted.success[0].json;
		const taskId = actual.train.task_id;
		await new Promise((resolve) => setTimeout(resolve, 200)); // past the queue, still training
		actual.getStatus = (await runAkkio(sim, { parameters: { operation: 'getStatus', taskId }, timeScale: 0.01 })).success[0].json;
		actual.summary = (await runAkkio(sim, { parameters: { operation: 'wait', taskId }, timeScale: 0.01 })).success[0].json;
		for (const output of ['perClassRows', 'fieldImportanceRows']) {
			const run = await runAkkio(sim, { parameters: { operation: 'getResult', taskId, output }, timeScale: 0.01 });
			actual[output] = run.success[0].json;
		}
		const predicted = await runAkkio(sim, {
			nodeType: 'n8n-nodes-akkio.akkio',
			items: [{ json: { Email: 'ana@example.com', 'Job Title': 'Executive', 'Webinars Attended': 3 } }],
			parameters: { resource: 'model', operation: 'predict', modelId: { __rl: true, mode: 'id', value: actual.summary.model_id } },
			timeScale: 0.01,
		});
		actual.predict = predicted.success[0].json;
		const akkio = async (parameters, items) =>
			(await runAkkio(sim, { nodeType: 'n8n-nodes-akkio.akkio', parameters, items, timeScale: 0.01 })).success[0].json;
		actual.create = await akkio({ resource: 'dataset', operation: 'create', name: 'CRM leads 2026-11' });
		const datasetId = rl(actual.create.dataset_id);
		actual.addRows = await akkio({ resource: 'dataset', operation: 'addRows', datasetId }, [{ json: { 'Job Title': 'Executive' } }]);
		actual.datasetList = await akkio({ resource: 'dataset', operation: 'list', returnAll: true });
		actual.datasetGet = await akkio({ resource: 'dataset', operation: 'get', datasetId: rl('leads-sample') });
		actual.datasetDelete = await akkio({ resource: 'dataset', operation: 'delete', datasetId });
		actual.modelList = await akkio({ resource: 'model', operation: 'list', returnAll: true });
		actual.modelDelete = await akkio({ resource: 'model', operation: 'delete', modelId: rl(actual.summary.model_id) });
		actual.ask = await akkio({
			resource: 'chatExplore',
			operation: 'ask',
			datasetId: rl('leads-sample'),
			question: 'What is the average Annual Contract Value by Plan?',
		});
		actual.project = await akkio({
			resource: 'project',
			operation: 'create',
			name: 'Sales reporting',
			options: { chatContext: 'Sales are in USD', chatInstructions: 'Answer in one sentence', chatSuggestions: 'What is the average deal size by region?' },
		});
		for (const [name, example] of Object.entries(documented)) {
			expect([name, shape(example)]).toEqual([name, shape(actual[name])]);
		}
		expect(actual.getStatus.status).toBe('IN_PROGRESS');
	} finally {
		await sim.close();
	}
});
