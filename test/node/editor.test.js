'use strict';
// What n8n's editor shows of the package, checked without a browser (issue 9): where the node
// panel files the nodes, the canvas subtitle, the pickers, the field dropdowns, error texts, the
// Timeout default, and the task IDs a stopped training leaves. The browser e2e
// (test/e2e/browser.js) checks the same on the page.
const fs = require('node:fs');
const path = require('node:path');
const { Workflow } = require('n8n-workflow');

const { runAkkio, startSimulator, pkg, akkioCredentials } = require('../support/akkio');
const { callNodeMethod } = require('../harness/load-options');
const { HarnessNodeTypes, REPO_ROOT } = require('../harness/engine');
const { LEAD_FIELDS, generateLeadRows } = require('../simulator');
const errorText = require('../../dist/nodes/shared/transport/errorText');
const decode = require('../../dist/nodes/shared/decode');

const AKKIO = 'n8n-nodes-akkio.akkio';
const TRAIN_NODE = 'n8n-nodes-akkio.akkioTrain';

let sim;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001, datasets: [{ id: 'stuck', rows: generateLeadRows(), fields: LEAD_FIELDS, stuck: true }] });
});
afterAll(async () => sim.close());
beforeEach(() => sim.clearLog());

describe('codex: where the node panel files the nodes', () => {
	const codexFiles = (dir) =>
		fs
			.readdirSync(path.join(REPO_ROOT, dir))
			.flatMap((node) => fs.readdirSync(path.join(REPO_ROOT, dir, node)).filter((f) => f.endsWith('.node.json')).map((f) => path.join(dir, node, f)));
	const files = [...codexFiles('nodes'), ...(fs.existsSync(path.join(REPO_ROOT, 'dist', 'nodes')) ? codexFiles(path.join('dist', 'nodes')) : [])];

	test('there is a codex for every node, in the sources and in the build', () => {
		expect(files.filter((f) => f.startsWith('nodes/')).length).toBe(Object.keys(pkg.nodeTypes).length);
		expect(files.filter((f) => f.startsWith('dist/')).length).toBe(Object.keys(pkg.nodeTypes).length);
	});

	// n8n's editor leaves a node filed under AI out of every search unless it is an AI root
	// node: typing its name finds nothing, in every panel.
	test.each(files)('%s: under AI only with "Root Nodes" among its AI subcategories', (file) => {
		const codex = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
		expect(Array.isArray(codex.categories) && codex.categories.length > 0).toBe(true);
		if (codex.categories.includes('AI')) {
			expect((codex.subcategories && codex.subcategories.AI) || []).toContain('Root Nodes');
		}
	});

	test('the Akkio node documents itself with Akkio\'s API pages for datasets and models', () => {
		const codex = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'nodes/Akkio/Akkio.node.json'), 'utf8'));
		expect(codex.resources.primaryDocumentation.map((d) => d.url)).toEqual([
			'https://docs.akkio.com/akkio-docs/endpoints-and-schemas/endpoints/datasets',
			'https://docs.akkio.com/akkio-docs/endpoints-and-schemas/endpoints/models',
		]);
	});
});

describe('canvas subtitle: the operation\'s name, not its value', () => {
	const nodeTypes = new HarnessNodeTypes(pkg.nodeTypes);
	/** Evaluates the node's subtitle as the editor does, with n8n-workflow's expressions. */
	function subtitle(type, parameters) {
		const node = { id: 'n1', name: 'Node', type, typeVersion: 1, position: [0, 0], parameters };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		const { description } = nodeTypes.getByNameAndVersion(type, 1);
		return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
	}
	/** Every (resource, operation, names) the node's properties offer. */
	function operations(type) {
		const { properties } = nodeTypes.getByNameAndVersion(type, 1).description;
		const resources = (properties.find((p) => p.name === 'resource') || { options: [{ name: '', value: undefined }] }).options;
		return resources.flatMap((resource) =>
			properties
				.filter((p) => p.name === 'operation' && (resource.value === undefined || p.displayOptions.show.resource.includes(resource.value)))
				.flatMap((p) => p.options.map((o) => ({ resource, operation: o }))),
		);
	}

	test('Akkio: "<Operation>: <Resource>" for every operation of every resource', () => {
		const all = operations(AKKIO);
		// Dataset (5), Model (3), Chat Explore (1), Project (4).
		expect(all).toHaveLength(13);
		expect(new Set(all.map(({ resource }) => resource.value))).toEqual(new Set(['chatExplore', 'dataset', 'model', 'project']));
		for (const { resource, operation } of all) {
			expect(subtitle(AKKIO, { resource: resource.value, operation: operation.value })).toBe(`${operation.name}: ${resource.name}`);
		}
		expect(subtitle(AKKIO, { resource: 'dataset', operation: 'addRows' })).toBe('Add Rows: Dataset');
		expect(subtitle(AKKIO, { resource: 'model', operation: 'predict' })).toBe('Predict: Model');
		expect(subtitle(AKKIO, { resource: 'chatExplore', operation: 'ask' })).toBe('Ask: Chat Explore');
		expect(subtitle(AKKIO, { resource: 'project', operation: 'update' })).toBe('Update: Project');
	});

	test('Akkio Train: the operation\'s name', () => {
		for (const { operation } of operations(TRAIN_NODE)) {
			expect(subtitle(TRAIN_NODE, { operation: operation.value })).toBe(operation.name);
		}
	});
});

describe('pickers', () => {
	const search = (nodeType, method, filter) =>
		callNodeMethod({ ...pkg, credentials: akkioCredentials(sim), nodeType, kind: 'listSearch', method, filter });

	test('datasets of the same name show their IDs; each entry links to its page in Akkio', async () => {
		const rows = generateLeadRows({ count: 30, seed: 5 });
		sim.addDataset({ id: 'twin-a', name: 'Twin Leads', rows, fields: LEAD_FIELDS });
		sim.addDataset({ id: 'twin-b', name: 'Twin Leads', rows, fields: LEAD_FIELDS });
		try {
			for (const nodeType of [AKKIO, TRAIN_NODE]) {
				const { result, error } = await search(nodeType, 'searchDatasets', 'twin');
				expect(error).toBeUndefined();
				expect(result.results).toEqual([
					{ name: 'Twin Leads (twin-a)', value: 'twin-a', url: 'https://app.akkio.com/datasets/twin-a' },
					{ name: 'Twin Leads (twin-b)', value: 'twin-b', url: 'https://app.akkio.com/datasets/twin-b' },
				]);
				// A name of its own stays as it is.
				const sample = (await search(nodeType, 'searchDatasets', 'leads-sample')).result.results;
				expect(sample).toEqual([{ name: 'B2B Leads', value: 'leads-sample', url: 'https://app.akkio.com/datasets/leads-sample' }]);
			}
		} finally {
			sim.removeDataset('twin-a');
			sim.removeDataset('twin-b');
		}
	});

	test('models of the same name show their IDs, and link to Akkio', async () => {
		const a = sim.addModel({ id: 'same-name-1', datasetId: 'leads-sample', predictFields: ['Positive Lead'], name: 'Lead scoring' });
		const b = sim.addModel({ id: 'same-name-2', datasetId: 'leads-sample', predictFields: ['Positive Lead'], name: 'Lead scoring' });
		try {
			const { result } = await search(AKKIO, 'searchModels', 'Lead scoring');
			expect(result.results).toEqual([
				{ name: `Lead scoring (${a.id})`, value: a.id, url: `https://app.akkio.com/models/${a.id}` },
				{ name: `Lead scoring (${b.id})`, value: b.id, url: `https://app.akkio.com/models/${b.id}` },
			]);
		} finally {
			sim.removeModel(a.id);
			sim.removeModel(b.id);
		}
	});

	test('an entry\'s link is one the "By URL" mode reads back to the same ID', () => {
		const { properties } = new HarnessNodeTypes(pkg.nodeTypes).getByNameAndVersion(AKKIO, 1).description;
		for (const [name, segment] of [['datasetId', 'datasets'], ['modelId', 'models']]) {
			const byUrl = properties.find((p) => p.name === name).modes.find((m) => m.name === 'url');
			const match = new RegExp(byUrl.extractValue.regex).exec(`https://app.akkio.com/${segment}/Ab_c-123`);
			expect(match && match[1]).toBe('Ab_c-123');
		}
	});

	test('a wrong key: the status code beside the message (as httpCode), not in it; the description reads as sentences', async () => {
		const { error } = await callNodeMethod({ ...pkg, credentials: akkioCredentials(sim, { apiKey: 'wrong-key' }), nodeType: AKKIO, kind: 'listSearch', method: 'searchDatasets' });
		expect(error.message).toBe('Akkio rejected the API key');
		// The legacy route's key refusal is Akkio's documented 404 (docs/akkio-answers.md): the
		// error keeps that code, and the message does not repeat it.
		expect(error.httpCode).toBe('404');
		expect(error.message).not.toMatch(/\b40[14]\b/);
		expect(error.description).toMatch(/^Akkio said: [^\n]+\. Check the API Key in the Akkio API credential\./);
		expect(error.description).not.toMatch(/\n/);
	});
});

describe('error texts read on one line (the editor does not render line breaks)', () => {
	// Every request purpose, Chat Explore's and Project's included.
	const purposes = Object.values(errorText.PURPOSES);
	const statuses = [301, 400, 401, 403, 404, 418, 422, 429, 500, 502, 503, 504];
	const detail = [
		{ loc: ['body', 'duration'], msg: 'Input should be 10, 60, 300 or 1800' },
		{ loc: ['body', 'predict_fields'], msg: 'Field required' },
	];
	const wordings = [undefined, 'Invalid API key', 'Invalid API key.', decode.akkioWords({ detail }, '')];

	test.each(statuses)('HTTP %i: no line break, no status code in the message, sentences apart', (status) => {
		for (const purpose of purposes) {
			for (const words of wordings) {
				const text = errorText.describeHttpError(status, words, purpose, 2, 'https://elsewhere.example/x');
				expect(`${text.message} ${text.description}`).not.toMatch(/\n/);
				expect(text.message).not.toContain(`(${status})`);
				expect(text.message).not.toMatch(new RegExp(`\\b${status}\\b`));
				// Akkio's words end in a full stop before the node's advice starts.
				expect(text.description).not.toMatch(/[a-z0-9] [A-Z][a-z]+ the /);
			}
		}
	});

	test('bodies that are not JSON or too big, answers that say they failed, and network failures', () => {
		const oneLine = (text) => expect(`${text.message} ${text.description}`).not.toMatch(/\n/);
		for (const purpose of purposes) {
			for (const body of ['', '{"status": "SUCC', '<html><body><h1>502 Bad Gateway</h1></body></html>']) {
				const text = errorText.describeUnreadableAnswer(body, purpose);
				oneLine(text);
				expect(text.message).not.toMatch(/\b200\b/);
			}
			for (const bound of ['tooLarge', 'tooDeep']) {
				const text = errorText.describeOutOfBounds(bound, purpose);
				oneLine(text);
				expect(text.message).not.toMatch(/\b200\b/);
			}
			for (const status of ['Dataset limit reached', 'missing or invalid API key', '']) {
				oneLine(errorText.describeReportedFailure(200, status, purpose));
			}
			for (const code of ['ECONNRESET', 'TIMEOUT']) {
				oneLine(errorText.describeNetworkFailure(code, purpose, 1, true));
				oneLine(errorText.describeNetworkFailure(code, purpose, 4, false));
			}
		}
	});
});

describe('Timeout (Minutes)', () => {
	const nodeTypes = new HarnessNodeTypes(pkg.nodeTypes);
	const timeoutOptions = () => {
		const { properties } = nodeTypes.getByNameAndVersion(TRAIN_NODE, 1).description;
		return properties.filter((p) => p.type === 'collection').flatMap((p) => p.options.filter((o) => o.name === 'timeoutMinutes'));
	};

	test('shows a real default in the field (Train Model and Wait for Training)', () => {
		const options = timeoutOptions();
		expect(options).toHaveLength(2);
		for (const option of options) {
			expect(option.default).toBe(60);
			expect(option.description).toMatch(/Without this option/);
		}
	});

	test.each([
		['without the option', {}],
		['with 0, as older workflows have it', { timeoutMinutes: 0 }],
	])('%s the timeout fits the training (16 minutes for the Wait operation\'s assumed High Quality)', async (_, options) => {
		const run = await runAkkio(sim, { parameters: { operation: 'wait', taskId: await submitStuck(), options } });
		expect(run.error.message).toMatch(/still running after 16 minutes/);
	});

	test('the default, once added, is what it says: 60 minutes', async () => {
		const run = await runAkkio(sim, { parameters: { operation: 'wait', taskId: await submitStuck(), options: { timeoutMinutes: 60 } } });
		expect(run.error.message).toMatch(/still running after 60 minutes/);
	});
});

/** A training that never ends (the simulator's stuck dataset), submitted as Akkio's API takes it. */
async function submitStuck() {
	const res = await fetch(`${sim.url}/api/v1/models/train/new`, {
		method: 'POST',
		headers: { 'X-API-Key': sim.apiKey, 'Content-Type': 'application/json' },
		body: JSON.stringify({ dataset_id: 'stuck', predict_fields: ['Positive Lead'], duration: 60 }),
	});
	return (await res.json()).task_id;
}

describe('a stopped Train with Wait for Completion leaves its task IDs where the user sees them', () => {
	test('the node\'s error and n8n\'s log name every submitted training', async () => {
		const items = [{ json: { d: 'leads-sample' } }, { json: { d: 'stuck' } }];
		const running = runAkkio(sim, {
			items,
			timeScale: 1, // real time: the first status check of a Production training is 270 s away
			parameters: { operation: 'train', datasetId: '={{ $json.d }}', predictFields: 'Positive Lead', duration: 1800, waitForCompletion: true },
		});
		const deadline = Date.now() + 10000;
		while (sim.requests.filter((r) => /train\/new$/.test(r.path) && r.status).length < 2) {
			if (Date.now() > deadline) throw new Error('the trainings were not submitted');
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		const taskIds = [...sim.training.tasks.values()].slice(-2).map((t) => t.id);
		// The simulator logs an answer as it sends it: give the node a moment to read both (on a
		// busy machine it can be a few ms behind), then stop it while it waits.
		await new Promise((resolve) => setTimeout(resolve, 500));
		running.cancel();
		const run = await running;
		expect(run.canceled).toBe(true);
		const nodeError = run.nodeError;
		expect(nodeError.message).toMatch(/^The execution was stopped; Akkio goes on training tasks /);
		for (const id of taskIds) {
			expect(nodeError.message).toContain(id);
			expect(nodeError.description).toContain(id);
			expect(run.logText).toContain(`task ID ${id}`);
		}
		expect(nodeError.description).toMatch(/Wait for Training/);
	});

	test('a training that was not stopped says nothing of the kind', async () => {
		const run = await runAkkio(sim, { parameters: { operation: 'train', datasetId: 'leads-sample', predictFields: 'Positive Lead', duration: 10, waitForCompletion: true } });
		expect(run.status).toBe('success');
		expect(run.logText).not.toMatch(/stopped; Akkio goes on/);
	});
});
