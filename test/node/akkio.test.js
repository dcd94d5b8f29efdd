'use strict';
// The Akkio node, each operation once, in n8n-core's engine against the stand-in: datasets and
// predictions over the legacy /v1 routes, Chat Explore, projects, and the editor's pickers.
const { runAkkio, startSimulator, akkioCredentials, pkg, rl, leads, AKKIO, NODE_TYPE } = require('../support/akkio');
const { callNodeMethod, runWorkflow } = require('../harness/engine');
const { NodeConnectionTypes, deepCopy } = require('n8n-workflow');
const { PNG } = require('../simulator/png');
const { UNDOCUMENTED } = require('../simulator');

const run = (sim, options) => runAkkio(sim, { nodeType: AKKIO, ...options });
let sim;
let modelId;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001, datasets: [{ id: 'stuck', rows: leads(20).map((i) => i.json), stuck: true }, { id: 'bad', rows: leads(20).map((i) => i.json), failWithError: 'The question could not be answered' }] });
	modelId = sim.addModel({ datasetId: 'leads-sample', predictFields: ['Positive Lead'] }).id;
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.clearLog();
	sim.faults.clear();
});

/** Every legacy request carries the key as api_key: in the query for GET, in the body otherwise, never a header. */
function expectLegacyKeyPlacement() {
	for (const request of sim.requests) {
		expect([request.route, request.headers['x-api-key'], request.apiKeyIn]).toEqual(['legacy', undefined, request.method === 'GET' ? 'query' : 'body']);
	}
}
const newDataset = async (name = 'Test leads') => (await run(sim, { parameters: { resource: 'dataset', operation: 'create', name } })).success[0].json.dataset_id;

describe('Dataset', () => {
	test('Create, Add Rows in batches (the row count grows), List, Get (a count, no rows), Delete', async () => {
		const created = await run(sim, { items: [{ json: { n: 'A' } }], parameters: { resource: 'dataset', operation: 'create', name: '={{ "Leads " + $json.n }}' } });
		const datasetId = created.success[0].json.dataset_id;
		expect(created.success[0].json).toEqual({ dataset_id: datasetId, name: 'Leads A' });
		const items = leads(5);
		const added = await run(sim, { items, parameters: { resource: 'dataset', operation: 'addRows', datasetId: rl(datasetId), options: { batchSize: 2 } } });
		expect(added.success.map((i) => [i.json, i.pairedItem])).toEqual([[expect.objectContaining({ dataset_id: datasetId, rows_sent: 5, batches: 3 }), items.map((_, item) => ({ item }))]]);
		expect(sim.getDataset(datasetId).rows).toEqual(items.map((i) => i.json));
		const listed = await run(sim, { parameters: { resource: 'dataset', operation: 'list', returnAll: true } });
		expect(listed.success.map((i) => i.json)).toEqual(expect.arrayContaining([{ dataset_id: 'leads-sample', name: 'B2B Leads' }, { dataset_id: datasetId, name: 'Leads A' }]));
		expect(listed.success.map((i) => i.json.dataset_id)).not.toContain('other-team-data');
		expect((await run(sim, { parameters: { resource: 'dataset', operation: 'list', limit: 1 } })).success).toHaveLength(1);
		const got = await run(sim, { parameters: { resource: 'dataset', operation: 'get', datasetId: { __rl: true, mode: 'url', value: `https://app.akkio.com/datasets/${datasetId}` } } });
		expect(got.success[0].json).toMatchObject({ dataset_id: datasetId, name: 'Leads A', row_count: 5 });
		expect(got.success[0].json.rows).toBeUndefined();
		const deleted = await run(sim, { parameters: { resource: 'dataset', operation: 'delete', datasetId: rl(datasetId) } });
		expect(deleted.success[0].json).toEqual({ dataset_id: datasetId, deleted: true });
		expect((await run(sim, { parameters: { resource: 'dataset', operation: 'get', datasetId: rl(datasetId) } })).error.message).toBe('Akkio has no such dataset');
		expectLegacyKeyPlacement();
	});

	test('Add Rows: a batch that fails after others went through says so, so that running the node again does not add them twice', async () => {
		const datasetId = await newDataset();
		let posts = 0;
		sim.faults.script((entry) => entry.route === 'legacy' && entry.method === 'POST' && ++posts === 2, [{ status: 422, body: { detail: 'Row 3: bad value' } }]);
		const added = await run(sim, { items: leads(5), parameters: { resource: 'dataset', operation: 'addRows', datasetId: rl(datasetId), options: { batchSize: 2 } } });
		expect(added.error.message).toBe('Akkio rejected the request: Row 3: bad value');
		expect(added.error.description).toMatch(/ The 2 items before it \(up to item 1\) went through: running the node again would send them again\.$/);
		expect(sim.getDataset(datasetId).rows).toHaveLength(2);
	});

	test.each([[200, ''], [204, '']])('Delete answered %s with an empty body (the page does not say what it answers) is done, sent once', async (status, body) => {
		sim.faults.script({ route: 'legacy', method: 'DELETE' }, [{ status, body }]);
		const deleted = await run(sim, { parameters: { resource: 'dataset', operation: 'delete', datasetId: rl('leads-sample') } });
		expect(deleted.success[0].json).toEqual({ dataset_id: 'leads-sample', deleted: true });
		expect(sim.requests.map((r) => r.method)).toEqual(['DELETE']);
	});

	test.each([
		['Selected Fields', { fieldsToSend: 'selected', fieldNames: 'b, a' }, [{ b: 'x', a: 1 }, { b: null, a: 2 }]],
		['All Fields Except Selected', { fieldsToSend: 'except', fieldNames: 'c, d' }, [{ a: 1, b: 'x' }, { a: 2, b: null }]],
	])('Add Rows sends flat rows of the fields chosen: %s', async (_, choice, rows) => {
		const datasetId = await newDataset();
		await run(sim, { items: [{ json: { a: 1, b: 'x', c: true } }, { json: { a: 2, b: null, d: { deep: 1 } } }], parameters: { resource: 'dataset', operation: 'addRows', datasetId: rl(datasetId), ...choice } });
		expect(sim.getDataset(datasetId).rows).toEqual(rows);
	});

	test('a nested value is refused before anything is sent, naming the field and the item; with Continue On Fail the flat rows go', async () => {
		const datasetId = await newDataset();
		sim.clearLog();
		const nested = [{ json: { name: 'Ana' } }, { json: { name: 'Ben', address: { city: 'Oslo' } } }];
		const parameters = { resource: 'dataset', operation: 'addRows', datasetId: rl(datasetId) };
		const refused = await run(sim, { items: nested, parameters });
		expect(refused.error.message).toBe('Fields to Send: field "address" holds an object, and Akkio takes flat rows (text, numbers, true/false or empty values) [item 1]');
		expect(refused.error.description).toMatch(/All Fields Except Selected/);
		expect(sim.requests).toHaveLength(0);
		const continued = await run(sim, { items: nested, parameters, onError: 'continueErrorOutput' });
		expect(continued.errors.map((i) => i.pairedItem)).toEqual([[{ item: 1 }]]);
		expect(sim.getDataset(datasetId).rows).toEqual([{ name: 'Ana' }]);
	});
});

describe('Model', () => {
	test('List shows { model_id, name } as the Models page does; Delete removes one', async () => {
		const extra = sim.addModel({ datasetId: 'leads-sample', predictFields: ['Plan'] });
		const listed = await run(sim, { parameters: { resource: 'model', operation: 'list', returnAll: true } });
		expect(listed.success.map((i) => i.json)).toEqual(expect.arrayContaining([{ model_id: extra.id, name: 'B2B Leads – Plan' }]));
		const deleted = await run(sim, { parameters: { resource: 'model', operation: 'delete', modelId: rl(extra.id) } });
		expect(deleted.success[0].json).toEqual({ model_id: extra.id, deleted: true });
		expect(sim.getModel(extra.id)).toBeFalsy();
		expectLegacyKeyPlacement();
	});

	test('Predict in batches: each item comes back whole with its prediction, paired', async () => {
		const items = leads(3, 11);
		const predicted = await run(sim, { items, parameters: { resource: 'model', operation: 'predict', modelId: rl(modelId), options: { batchSize: 2 } } });
		expect(sim.requests.map((r) => r.body.data.length)).toEqual([2, 1]);
		predicted.success.forEach((item, index) => {
			const { prediction, ...rest } = item.json;
			expect([rest, item.pairedItem]).toEqual([items[index].json, { item: index }]);
			const expected = sim.getModel(modelId).classes['Positive Lead'];
			expect(expected).toContain(prediction['Positive Lead']);
			expect(prediction.confidence).toBe(0.8);
			expect(prediction.probabilities[prediction['Positive Lead']]).toBe(0.8);
		});
		expectLegacyKeyPlacement();
	});

	test('Explain, the prediction merged into the item; a wrong model fails only its items with Continue On Fail', async () => {
		const items = [...leads(1, 5).map((i) => ({ json: { ...i.json, model: modelId } })), { json: { model: 'no-such-model' } }];
		const predicted = await run(sim, { items, onError: 'continueErrorOutput', parameters: { resource: 'model', operation: 'predict', modelId: '={{ $json.model }}', options: { explain: true, predictionKey: '' }, fieldsToSend: 'except', fieldNames: 'model' } });
		expect(predicted.success[0].json).toMatchObject({ 'Positive Lead': expect.stringMatching(/^[01]$/), confidence: 0.8, explanation: expect.objectContaining({ Industry: 0.1 }) });
		expect(predicted.errors.map((i) => [i.pairedItem.item, i.json.error])).toEqual([[1, 'Akkio has no such model']]);
		expect(sim.requests[0].body.explain).toBe(true);
	});

	test.each(UNDOCUMENTED.predictExtraFields)('columns the model does not know (answered %s): sent, then ignored or refused in Akkio\'s words', async (predictExtraFields) => {
		const open = await startSimulator({ timeScale: 0.001, predictExtraFields });
		try {
			const id = open.addModel({ datasetId: 'leads-sample', predictFields: ['Positive Lead'] }).id;
			const items = leads(2).map(({ json }) => ({ json: { email: 'a@example.com', ...json } }));
			const predicted = await run(open, { items, onError: 'continueErrorOutput', parameters: { resource: 'model', operation: 'predict', modelId: rl(id) } });
			if (predictExtraFields === 'ignore') expect(predicted.success).toHaveLength(2);
			else expect(predicted.errors[0].json.details).toBe('Akkio said: Unknown fields: email.');
		} finally {
			await open.close();
		}
	});
});

test('a wrong key on a legacy route (404 "missing or invalid API key") reads as a key problem, asked once', async () => {
	const failed = await run(sim, { parameters: { resource: 'dataset', operation: 'list' }, credentials: akkioCredentials(sim, { apiKey: 'revoked-key' }) });
	expect(failed.error.message).toBe('Akkio rejected the API key');
	expect(failed.error.description).toMatch(/^Akkio said: missing or invalid API key\. Check the API Key/);
	expect(failed.error.httpCode).toBe('404');
	expect(sim.requests.map((r) => r.status)).toEqual([404]);
});

test.each(UNDOCUMENTED.legacyErrors)("legacy refusals answered as %s are errors in Akkio's words", async (legacyErrors) => {
	const open = await startSimulator({ timeScale: 0.001, legacyErrors });
	try {
		const failed = await run(open, { parameters: { resource: 'dataset', operation: 'get', datasetId: rl('no-such-dataset') } });
		expect(failed.error.description).toMatch(/^Akkio said: Dataset not found\. /);
		const added = await run(open, { items: leads(2), onError: 'continueErrorOutput', parameters: { resource: 'dataset', operation: 'addRows', datasetId: rl('other-team-data') } });
		expect(added.success.map((i) => i.json)).toEqual([{ dataset_id: 'other-team-data', rows_sent: 0, batches: 0, items_skipped: 0 }]);
		expect(added.errors[0].json.details).toMatch(/^Akkio said: You do not have access to this dataset\./);
	} finally {
		await open.close();
	}
});

describe('Chat Explore → Ask', () => {
	const ask = (parameters, options = {}, target = sim) => run(target, { ...options, parameters: { resource: 'chatExplore', operation: 'ask', datasetId: rl('leads-sample'), question: 'How many leads by Plan?', ...parameters } });

	test('the answer, its table, the chart as a PNG file named after the chat, the conversation', async () => {
		const asked = await ask({ options: { chatContext: 'Values are in USD', binaryPropertyName: 'chart' } });
		const [item] = asked.success;
		const chat = sim.chat(item.json.chat_id);
		expect(sim.requests[0].body).toEqual({ dataset_id: 'leads-sample', messages: [{ role: 'user', content: 'How many leads by Plan?' }], chatContext: 'Values are in USD' });
		expect(item.json).toMatchObject({ answer: chat.answer.content, question: 'How many leads by Plan?', dataset_id: 'leads-sample', table: chat.answer.table });
		expect(item.json.messages).toEqual([{ role: 'user', content: 'How many leads by Plan?' }, { role: 'assistant', content: chat.answer.content }]);
		expect(item.binary.chart).toMatchObject({ mimeType: 'image/png', fileName: `akkio-chart-${chat.chatId}.png` });
		expect(Buffer.from(item.binary.chart.data, 'base64').equals(PNG)).toBe(true);
	});

	test.each([['plotly', 'string'], ['plotly', 'object'], ['binary', 'data-url']])('chart format %s, sent as %s', async (chartFormat, style) => {
		const open = await startSimulator({ timeScale: 0.001, plotlyStyle: style, pngStyle: style === 'data-url' ? style : 'base64' });
		try {
			const [item] = (await ask({ chartFormat }, {}, open)).success;
			if (chartFormat === 'plotly') expect([item.json.charts[0].data[0].type, item.binary]).toEqual(['bar', undefined]);
			else expect(Buffer.from(item.binary.data.data, 'base64').equals(PNG)).toBe(true);
		} finally {
			await open.close();
		}
	});

	test("table rows as items, each paired with its question's item", async () => {
		const asked = await ask({ question: '={{ $json.q }}', tableOutput: 'rows' }, { items: [{ json: { q: 'A?' } }, { json: { q: 'B?' } }] });
		const { table } = [...sim.chatExplore.tasks.values()].at(-1).answer; // the same dataset: the same table
		expect(asked.success.map((i) => i.pairedItem.item)).toEqual([...table.map(() => 0), ...table.map(() => 1)]);
		expect(asked.success[0].json).toEqual(table[0]);
	});

	test("a FAILED question in Akkio's words, an invalid one named, a stuck one timed out: with Continue On Fail the others are answered", async () => {
		const items = [{ json: { d: 'leads-sample', q: 'Q?' } }, { json: { d: 'bad', q: 'Q?' } }, { json: { d: 'leads-sample', q: ' ' } }, { json: { d: 'stuck', q: 'Q?' } }];
		const asked = await ask({ datasetId: rl('={{ $json.d }}'), question: '={{ $json.q }}', options: { timeoutMinutes: 1 } }, { items, onError: 'continueErrorOutput' });
		expect(asked.success.map((i) => i.pairedItem.item)).toEqual([0]);
		expect(asked.errors.map((i) => [i.pairedItem.item, i.json.error])).toEqual([
			[1, expect.stringMatching(/^Akkio Chat Explore question \S+ failed: The question could not be answered$/)],
			[2, 'Question: is empty [item 2]'],
			[3, expect.stringMatching(/^Chat Explore question \S+ was still running after 1 minute/)],
		]);
	});

	test.each([
		['not JSON', '[{', /Earlier Messages: is not valid JSON \[item 0\]/],
		['a wrong role', '={{ [{ role: "system", content: "x" }] }}', /Earlier Messages: message 1 has the role "system"/],
	])('Earlier Messages %s is refused before any request', async (_, earlierMessages, message) => {
		expect((await ask({ options: { earlierMessages } })).error.message).toMatch(message);
		expect(sim.requests).toHaveLength(0);
	});

	test("as an AI agent's tool: the model gets the answer's text and table, no chart; the tool says what it is for", async () => {
		// What n8n makes of a usableAsTool node (convertNodeToAiTool), and an agent stand-in that calls it once.
		const tool = Object.create(new pkg.nodeTypes[AKKIO]());
		tool.description = { ...deepCopy(tool.description), name: 'akkioTool', inputs: [], outputs: [NodeConnectionTypes.AiTool] };
		const agent = {
			description: { displayName: 'Agent', name: 'test.agent', group: [], version: 1, defaults: {}, properties: [], inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, required: true, maxConnections: 1 }], outputs: [NodeConnectionTypes.Main] },
			async execute() {
				const [connected] = [].concat(await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0));
				return [[{ json: { description: connected.description, response: await connected.invoke({ question: 'How many leads by Plan?' }) } }]];
			},
		};
		const nodes = [
			{ id: 'agent', name: 'Agent', type: 'test.agent', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'tool', name: 'Ask Akkio', type: 'n8n-nodes-akkio.akkioTool', typeVersion: 1, position: [0, 0], credentials: { akkioApi: { id: 'a', name: 'a' } }, parameters: { timeScale: 0.001, resource: 'chatExplore', operation: 'ask', datasetId: rl('leads-sample'), question: "={{ $fromAI('question', 'The question', 'string') }}" } },
		];
		const result = await runWorkflow({ nodes, connections: { 'Ask Akkio': { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] } } }, { ...pkg, nodeTypes: { ...pkg.nodeTypes, 'n8n-nodes-akkio.akkioTool': tool, 'test.agent': agent }, credentials: akkioCredentials(sim), inputItems: [{}] });
		const { description, response } = result.outputItems('Agent')[0].json;
		const chat = sim.chat([...sim.chatExplore.chats.keys()].at(-1));
		expect(description).toBe('Ask a question in plain language about the data in a dataset or project in Akkio');
		expect(JSON.parse(response)).toEqual([{ answer: chat.answer.content, table: chat.answer.table, chat_id: chat.chatId }]);
		expect(JSON.stringify(result.logs)).not.toMatch(/binary data/);
	});

	test("the chat fetch: a missing chat says to ask again (no training advice); a chat record's own status field is no failure", async () => {
		sim.faults.script({ route: 'chat-result' }, [{ status: 404, body: { detail: 'Chat not found' } }]);
		const missing = await ask({});
		expect([missing.error.message, missing.error.description]).toEqual(['Akkio has no such chat', 'Akkio said: Chat not found. Akkio did not keep the chat of this question: ask it again.']);
		// _ApiBaseChatRecord allows any other property, a `status` too.
		const record = { _owner: 'u', _org: 'o', status: 'archived', messages: [{ role: 'user', content: 'Q?' }, { role: 'assistant', content: 'A.' }] };
		sim.faults.script({ route: 'chat-result' }, [{ status: 200, body: record }]);
		expect((await ask({})).success[0].json.answer).toBe('A.');
	});

	test('Project as the target needs a Project ID, checked before any request', async () => {
		const asked = await ask({ target: 'project', projectId: '={{ "" }}' });
		expect(asked.error.message).toBe('Project ID: is empty [item 0]');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Project', () => {
	const project = (parameters, target = sim) => run(target, { parameters: { resource: 'project', ...parameters } });

	test('a Project ID of dots goes into no path: refused before any request, and an error when Create answers one', async () => {
		const got = await project({ operation: 'delete', projectId: '..' });
		expect(got.error.message).toBe('Project ID: ".." cannot be used: it is made only of dots [item 0]');
		expect(sim.requests).toHaveLength(0);
		sim.faults.script({ route: 'project' }, [{ status: 200, body: { id: '..', name: 'P' } }]);
		expect((await project({ operation: 'create', name: 'P' })).error.message).toBe('Akkio created the project but sent no usable id');
	});

	test('Create, Get, Update, Ask about it, Delete', async () => {
		const created = (await project({ operation: 'create', name: 'Sales', options: { chatContext: 'B2B leads' } })).success[0].json;
		expect(created).toEqual({ project_id: expect.any(String), name: 'Sales', chat_context: 'B2B leads', chat_instructions: '', chat_suggestions: '' });
		expect(sim.requests[0].body).toEqual({ name: 'Sales', chatContext: 'B2B leads' }); // _owner and _org are left to the key
		expect((await project({ operation: 'get', projectId: created.project_id })).success[0].json).toEqual(created);
		const updated = await project({ operation: 'update', projectId: created.project_id, updateFields: { chatInstructions: 'Be brief' } });
		expect(updated.success[0].json).toEqual({ ...created, chat_instructions: 'Be brief' });
		expect(sim.requests.at(-1).body).toEqual({ chatInstructions: 'Be brief' });
		const asked = await run(sim, { parameters: { resource: 'chatExplore', operation: 'ask', target: 'project', projectId: created.project_id, question: 'Q?' } });
		expect(sim.requests.filter((r) => r.route === 'chat-submit').at(-1).body).toMatchObject({ project_id: created.project_id });
		expect(asked.success[0].json.answer).toMatch(/B2B Leads/);
		expect((await project({ operation: 'delete', projectId: created.project_id })).success[0].json).toEqual({ project_id: created.project_id, deleted: true });
		expect((await project({ operation: 'get', projectId: created.project_id })).error.message).toBe('Akkio has no such project');
	});

	test('a broken expression in a guide text names that field, in Create and in Update', async () => {
		const broken = { chatInstructions: '={{ $("Nowhere").item.json.x }}' };
		const created = await project({ operation: 'create', name: 'P', options: broken });
		expect(created.error.message).toMatch(/^Chat Instructions: the expression could not be evaluated \(.+\) \[item 0\]$/);
		const updated = await project({ operation: 'update', projectId: 'p1', updateFields: broken });
		expect(updated.error.message).toMatch(/^Chat Instructions: the expression could not be evaluated/);
		expect(sim.requests).toHaveLength(0);
	});

	test('an Akkio that requires _owner and _org: its 422 says which option to set, and the options satisfy it', async () => {
		const open = await startSimulator({ timeScale: 0.001, projectOwnerFields: 'required' });
		try {
			const refused = await project({ operation: 'create', name: 'P' }, open);
			expect(refused.error.message).toBe('Akkio rejected the request: body._owner: Field required; body._org: Field required');
			expect(refused.error.description).toMatch(/set Options → Owner ID and Organization ID/);
			const created = await project({ operation: 'create', name: 'P', options: { owner: 'user-1', org: 'sim-team' } }, open);
			expect(open.getProject(created.success[0].json.project_id)).toMatchObject({ owner: 'user-1', org: 'sim-team' });
		} finally {
			await open.close();
		}
	});
});

describe('pickers, called as the n8n editor calls them', () => {
	const call = (nodeType, kind, method, extra = {}) => callNodeMethod({ ...pkg, credentials: akkioCredentials(sim), nodeType, kind, method, ...extra });
	const B2B = { name: 'B2B Leads', value: 'leads-sample', url: 'https://app.akkio.com/datasets/leads-sample' };

	test('Dataset list search, filtered by name', async () => {
		expect((await call(NODE_TYPE, 'listSearch', 'searchDatasets')).result.results).toEqual(expect.arrayContaining([B2B]));
		expect((await call(AKKIO, 'listSearch', 'searchDatasets', { filter: 'b2b' })).result.results).toEqual([B2B]);
	});

	test('Model list search', async () => {
		const { results } = (await call(AKKIO, 'listSearch', 'searchModels')).result;
		expect(results).toEqual(expect.arrayContaining([{ name: expect.stringContaining('B2B Leads'), value: modelId, url: `https://app.akkio.com/models/${modelId}` }]));
	});

	test("the dataset's fields, the type underneath; none without a dataset (not an error)", async () => {
		const fields = await call(NODE_TYPE, 'loadOptions', 'getDatasetFields', { parameters: { operation: 'train', datasetId: rl('leads-sample') } });
		expect(fields.result).toEqual(expect.arrayContaining([{ name: 'Company Size', value: 'Company Size', description: 'Type: number' }]));
		const none = await call(NODE_TYPE, 'loadOptions', 'getDatasetFields', { parameters: { operation: 'train', datasetId: rl('') } });
		expect([none.error, none.result]).toEqual([undefined, []]);
	});
});
