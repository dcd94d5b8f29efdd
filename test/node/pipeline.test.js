'use strict';
// What the item pipeline promises for every operation of both nodes, whatever the operation:
// - a cancelled execution ends the node, also with Continue On Fail (no item reads "cancelled");
// - an answer that cannot be read after a change that cannot be repeated (Train, Dataset →
//   Create, Dataset → Add Rows, Project → Create) is not sent again and says how to check what happened; a read
//   is tried again.
const { runAkkio, startSimulator, rl } = require('../support/akkio');
const { generateLeadRows } = require('../simulator');
const { until } = require('../support/observe');

const AKKIO = 'n8n-nodes-akkio.akkio';
const lead = () => generateLeadRows({ count: 1, seed: 4 })[0];

let sim;
let counter = 0;
let modelId;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001 });
	modelId = sim.addModel({ datasetId: 'leads-sample', predictFields: ['Positive Lead'] }).id;
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.faults.clear();
	sim.clearLog();
});

/** A dataset of its own, so that row and training counts belong to one test. */
function freshDataset() {
	const id = `pipeline-${++counter}`;
	sim.addDataset({ id, rows: generateLeadRows({ count: 40, seed: counter }) });
	return id;
}

/**
 * Every operation: its node, its parameters (a function of a fresh dataset ID), the request
 * that carries its work, and whether that request changes something in Akkio.
 */
const OPERATIONS = [
	['Akkio Train → Train Model', 'train', (d) => ({ operation: 'train', datasetId: rl(d), predictFields: ['Positive Lead'], duration: 10 }), { route: 'submit' }],
	['Akkio Train → Get Status', 'train', () => ({ operation: 'getStatus', taskId: 'some-task' }), { route: 'status' }],
	['Akkio Train → Get Result', 'train', () => ({ operation: 'getResult', taskId: 'some-task' }), { route: 'result' }],
	['Akkio Train → Wait for Training', 'train', () => ({ operation: 'wait', taskId: 'some-task' }), { route: 'status' }],
	['Dataset → Create', 'akkio', () => ({ resource: 'dataset', operation: 'create', name: 'New' }), { method: 'POST', path: '/v1/datasets' }],
	['Dataset → Add Rows', 'akkio', (d) => ({ resource: 'dataset', operation: 'addRows', datasetId: rl(d) }), { method: 'POST', path: '/v1/datasets' }],
	['Dataset → List', 'akkio', () => ({ resource: 'dataset', operation: 'list', returnAll: true }), { method: 'GET', path: '/v1/datasets' }],
	['Dataset → Get', 'akkio', (d) => ({ resource: 'dataset', operation: 'get', datasetId: rl(d) }), { method: 'GET', path: '/v1/datasets' }],
	['Dataset → Delete', 'akkio', (d) => ({ resource: 'dataset', operation: 'delete', datasetId: rl(d) }), { method: 'DELETE', path: '/v1/datasets' }],
	['Model → List', 'akkio', () => ({ resource: 'model', operation: 'list', returnAll: true }), { method: 'GET', path: '/v1/models' }],
	['Model → Predict', 'akkio', () => ({ resource: 'model', operation: 'predict', modelId: rl(modelId) }), { method: 'POST', path: '/v1/models' }],
	['Model → Delete', 'akkio', () => ({ resource: 'model', operation: 'delete', modelId: rl(modelId) }), { method: 'DELETE', path: '/v1/models' }],
	['Chat Explore → Ask', 'akkio', (d) => ({ resource: 'chatExplore', operation: 'ask', datasetId: rl(d), question: 'How many rows are there?' }), { route: 'chat-submit' }],
	['Project → Create', 'akkio', () => ({ resource: 'project', operation: 'create', name: 'New' }), { method: 'POST', path: '/api/v1/projects' }],
	['Project → Get', 'akkio', (d) => ({ resource: 'project', operation: 'get', projectId: newProject(d) }), { method: 'GET', path: '/api/v1/projects/' }],
	['Project → Update', 'akkio', (d) => ({ resource: 'project', operation: 'update', projectId: newProject(d), updateFields: { name: 'Renamed' } }), { method: 'PUT', path: '/api/v1/projects/' }],
	['Project → Delete', 'akkio', (d) => ({ resource: 'project', operation: 'delete', projectId: newProject(d) }), { method: 'DELETE', path: '/api/v1/projects/' }],
];

/** A project of its own on the dataset `datasetId`. */
function newProject(datasetId) {
	return sim.addProject({ name: `Project on ${datasetId}`, datasetId }).id;
}

const matches = (matcher) => (request) =>
	Object.entries(matcher).every(([key, value]) => (key === 'path' ? request.path.startsWith(value) : request[key] === value));

function runOperation(node, parameters, options = {}) {
	return runAkkio(sim, {
		items: [{ json: lead() }],
		parameters,
		...(node === 'akkio' ? { nodeType: AKKIO } : {}),
		...options,
	});
}


describe('a cancelled execution ends the node, also with Continue On Fail', () => {
	test.each(OPERATIONS)('%s', async (_, node, parameters, matcher) => {
		sim.faults.script(matcher, [{ kind: 'slow', ms: 20000 }]);
		const input = lead();
		const running = runOperation(node, parameters(freshDataset()), { onError: 'continueErrorOutput', items: [{ json: input }] });
		await until(() => sim.requests.some(matches(matcher)), 5000, 'the request in flight');
		running.cancel();
		const run = await running;
		expect(run.canceled).toBe(true);
		// No item was made out of the cancellation: the node ended with it.
		expect([...run.success, ...run.errors].map((item) => item.json.error)).not.toContain('The execution was cancelled');
		expect(run.nodeError?.message).toBe('The execution was cancelled');
		expect(run.errors).toEqual([]);
		// With Continue On Fail, n8n passes a failed node's input on unchanged: nothing of ours.
		expect(run.success.map((item) => item.json)).toEqual([input]);
	});
});

/** What a user is told to look at before running the item again, per change. */
const CHECKS = {
	'Akkio Train → Train Model': /check whether a new model appeared/,
	'Dataset → Create': /List the datasets \(Dataset → List\) and check whether it appeared/,
	'Dataset → Add Rows': /Check the dataset's row count \(Dataset → Get\) before sending these rows again/,
	'Project → Create': /Open the projects in the Akkio app and check whether it appeared/,
};

describe('an unreadable 2xx answer: a change is not sent again and says how to check; a read is tried again', () => {
	test.each(OPERATIONS)('%s', async (name, node, parameters, matcher) => {
		sim.faults.script(matcher, Array(4).fill('truncated'));
		const run = await runOperation(node, parameters(freshDataset()), { onError: 'continueErrorOutput' });
		expect(run.status).toBe('success');
		// Add Rows reports each dataset, also when none of its rows went through.
		expect(run.success.map((item) => item.json.rows_sent)).toEqual(name === 'Dataset → Add Rows' ? [0] : []);
		expect(run.errors).toHaveLength(1);
		const { error, details } = run.errors[0].json;
		const sent = sim.requests.filter(matches(matcher));
		if (CHECKS[name]) {
			expect(error).toMatch(/^Akkio answered .* with a body that is not valid JSON; it was not retried$/);
			expect(details).toMatch(CHECKS[name]);
			expect(details).toMatch(/it was not sent again/);
			expect(sent).toHaveLength(1);
		} else {
			expect(error).toBe('Akkio answered with a body that is not valid JSON');
			expect(details).not.toMatch(/not sent again/);
			expect(sent).toHaveLength(4);
		}
	});
});
