'use strict';
// The Akkio node's Chat Explore → Ask and Project resources, in n8n-core's engine against the
// simulator: answers, tables, charts as binary data, follow-ups, projects, failures, many items
// under the request budget, every form of the chat's location, and the AI agent tool output.
const { runAkkio, startSimulator, pkg, akkioCredentials, rl } = require('../support/akkio');
const { runWorkflow } = require('../harness/engine');
const { asAiTool, TestAgent } = require('../harness/ai-tool');
const { generateLeadRows } = require('../simulator');
const { barChartPng, decodePng } = require('../simulator/png');
const { plotlyFigure } = require('../simulator/chat-explore');

const AKKIO = 'n8n-nodes-akkio.akkio';
const ROWS = generateLeadRows({ count: 200 }); // what the simulator's leads-sample holds
const PNG_SIGNATURE = '89504e470d0a1a0a';
const round2 = (x) => Math.round(x * 100) / 100;
const AVERAGE_BY_PLAN = 'What is the average Annual Contract Value by Plan?';
const UNANSWERABLE = 'What is the meaning of life?';

/** Average of a number column per group, computed here from the rows, not by the simulator. */
function averageBy(column, group) {
	const sums = new Map();
	for (const row of ROWS) {
		const [sum, count] = sums.get(row[group]) ?? [0, 0];
		sums.set(row[group], [sum + row[column], count + 1]);
	}
	return Object.fromEntries([...sums].map(([key, [sum, count]]) => [key, round2(sum / count)]));
}

/** A table's rows as { <group value>: <number> }. */
const asMap = (table, key, value) => Object.fromEntries(table.map((row) => [row[key], row[value]]));

let sim;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001 });
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.clearLog();
	sim.faults.clear();
	sim.chatQueries.length = 0;
});

function ask(parameters, options = {}, simulator = sim) {
	return runAkkio(simulator, {
		nodeType: AKKIO,
		...options,
		parameters: { resource: 'chatExplore', operation: 'ask', datasetId: rl('leads-sample'), ...parameters },
	});
}

/** The simulator's record of the question whose last message was `question`. */
function queryOf(question) {
	const query = sim.chatQueries.find((entry) => entry.payload.messages.at(-1).content === question);
	expect(query).toBeDefined();
	return query;
}

describe('Ask', () => {
	test('with a dataset: the answer, its table as a list, the chart as a PNG file, the conversation', async () => {
		const run = await ask({
			question: AVERAGE_BY_PLAN,
			options: { chatContext: 'Values are in USD', chatInstructions: 'Be brief' },
		});
		expect(run.status).toBe('success');
		expect(run.success).toHaveLength(1);
		const [item] = run.success;
		const query = queryOf(AVERAGE_BY_PLAN);
		const chat = sim.chat(query.chatId);

		// What was asked.
		expect(query.payload).toEqual({
			dataset_id: 'leads-sample',
			messages: [{ role: 'user', content: AVERAGE_BY_PLAN }],
			chatContext: 'Values are in USD',
			chatInstructions: 'Be brief',
		});
		// What came back: Akkio's answer, its numbers as the rows give them.
		expect(item.json).toMatchObject({
			answer: chat.answer.content,
			question: AVERAGE_BY_PLAN,
			dataset_id: 'leads-sample',
			chat_id: query.chatId,
			task_id: query.taskId,
		});
		expect(asMap(item.json.table, 'Plan', 'Average Annual Contract Value')).toEqual(averageBy('Annual Contract Value', 'Plan'));
		expect(item.json.messages).toEqual([
			{ role: 'user', content: AVERAGE_BY_PLAN },
			{ role: 'assistant', content: chat.answer.content },
		]);
		expect(item.json.charts).toBeUndefined();
		expect(item.pairedItem).toEqual({ item: 0 });

		// The chart: an n8n binary file whose bytes are the PNG Akkio sent.
		expect(Object.keys(item.binary)).toEqual(['data']);
		const file = item.binary.data;
		expect(file).toMatchObject({ mimeType: 'image/png', fileExtension: 'png', fileName: `akkio-chart-${query.chatId}.png` });
		const bytes = Buffer.from(file.data, 'base64');
		expect(bytes.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
		const png = decodePng(bytes);
		expect(png.width).toBeGreaterThan(0);
		expect(bytes.equals(barChartPng(chat.answer.chart.values))).toBe(true);
		expect(sim.requests.find((entry) => entry.route === 'chat-result').query.image_format).toBe('base64_png');
	});

	test('Put Chart In names the binary field', async () => {
		const run = await ask({ question: AVERAGE_BY_PLAN, options: { binaryPropertyName: 'chart' } });
		expect(Object.keys(run.success[0].binary)).toEqual(['chart']);
	});

	test.each(['string', 'object'])('Plotly JSON (sent as %s) keeps the charts as figures, with no binary data', async (style) => {
		const simulator = await startSimulator({ timeScale: 0.001, plotlyStyle: style });
		try {
			const run = await ask({ question: AVERAGE_BY_PLAN, chartFormat: 'plotly' }, {}, simulator);
			const [item] = run.success;
			const chat = simulator.chat(item.json.chat_id);
			expect(item.json.charts).toEqual([plotlyFigure(chat.answer.chart)]);
			expect(item.binary).toBeUndefined();
			expect(simulator.requests.find((entry) => entry.route === 'chat-result').query.image_format).toBe('plotly_json');
		} finally {
			await simulator.close();
		}
	});

	test('a chart sent as a data URL is a PNG file too', async () => {
		const simulator = await startSimulator({ timeScale: 0.001, pngStyle: 'data-url' });
		try {
			const [item] = (await ask({ question: AVERAGE_BY_PLAN }, {}, simulator)).success;
			const bytes = Buffer.from(item.binary.data.data, 'base64');
			expect(bytes.equals(barChartPng(simulator.chat(item.json.chat_id).answer.chart.values))).toBe(true);
		} finally {
			await simulator.close();
		}
	});

	test("with a project: the project's ID is sent, and no context of the node's overrides the project's", async () => {
		const project = sim.addProject({ name: 'Sales', datasetId: 'leads-sample', chatContext: 'Leads of 2026' });
		const question = 'How many rows by Plan?';
		const run = await ask({ target: 'project', projectId: project.id, question });
		expect(run.status).toBe('success');
		const query = queryOf(question);
		expect(query.payload).toEqual({ project_id: project.id, messages: [{ role: 'user', content: question }] });
		const [item] = run.success;
		expect(item.json.project_id).toBe(project.id);
		expect(item.json.dataset_id).toBeUndefined();
		expect(item.json.answer).toBe(sim.chat(query.chatId).answer.content);
		const counts = {};
		for (const row of ROWS) counts[row.Plan] = (counts[row.Plan] ?? 0) + 1;
		expect(asMap(item.json.table, 'Plan', 'Count')).toEqual(counts);
	});

	test.each([
		['the messages of the answer', '={{ $json.messages }}'],
		['the same as JSON text', '={{ JSON.stringify($json.messages) }}'],
	])('a follow-up continues the conversation (Earlier Messages: %s)', async (_, earlierMessages) => {
		const first = await ask({ question: AVERAGE_BY_PLAN });
		const [answered] = first.success;
		const followUp = await ask(
			{ question: 'And by Industry?', options: { earlierMessages } },
			{ items: [{ json: answered.json }] },
		);
		expect(followUp.status).toBe('success');
		const query = queryOf('And by Industry?');
		expect(query.payload.messages).toEqual([...answered.json.messages, { role: 'user', content: 'And by Industry?' }]);
		const [item] = followUp.success;
		expect(asMap(item.json.table, 'Industry', 'Average Annual Contract Value')).toEqual(averageBy('Annual Contract Value', 'Industry'));
		expect(item.json.messages).toHaveLength(4);
		expect(item.json.messages.slice(0, 3)).toEqual(query.payload.messages);
	});

	test("table rows as items: each row of each answer is an item, paired with its question's item", async () => {
		const questions = ['Top 3 Industry by Annual Contract Value', 'How many rows by Plan?'];
		const run = await ask({ question: '={{ $json.q }}', tableOutput: 'rows' }, { items: questions.map((q) => ({ json: { q } })) });
		expect(run.status).toBe('success');
		const expected = questions.flatMap((question, item) =>
			sim.chat(queryOf(question).chatId).answer.table.map((row) => ({ json: row, pairedItem: { item } })),
		);
		expect(expected.length).toBe(6);
		expect(run.success.map(({ json, pairedItem, binary }) => ({ json, pairedItem, binary }))).toEqual(
			expected.map((entry) => ({ ...entry, binary: undefined })),
		);
	});

	test("a FAILED question fails its item with Akkio's own words", async () => {
		const run = await ask({ question: UNANSWERABLE });
		expect(run.status).toBe('error');
		const query = queryOf(UNANSWERABLE);
		const akkioSaid = sim.task(query.taskId).error;
		expect(akkioSaid).toMatch(/cannot answer/);
		expect(run.error.message).toBe(`Akkio Chat Explore question ${query.taskId} failed: ${akkioSaid}`);
		expect(run.error.description).toMatch(/Akkio's own explanation/);
	});

	test('Continue On Fail: a failed and an invalid question reach the error output, paired; the others are answered', async () => {
		const items = [{ json: { q: AVERAGE_BY_PLAN } }, { json: { q: UNANSWERABLE } }, { json: { q: '  ' } }];
		const run = await ask({ question: '={{ $json.q }}' }, { items, onError: 'continueErrorOutput' });
		expect(run.status).toBe('success');
		expect(run.success.map((item) => [item.pairedItem.item, item.json.question])).toEqual([[0, AVERAGE_BY_PLAN]]);
		expect(run.success[0].binary.data.mimeType).toBe('image/png');
		expect(run.errors.map((item) => item.pairedItem.item)).toEqual([1, 2]);
		for (const error of run.errors) expect(Object.keys(error.json).sort()).toEqual(['details', 'error']);
		expect(run.errors[0].json.error).toContain(sim.task(queryOf(UNANSWERABLE).taskId).error);
		expect(run.errors[1].json.error).toBe('Question: is empty [item 2]');
		// The invalid item was never sent.
		expect(sim.chatQueries).toHaveLength(2);
	});

	test.each([
		['not JSON', '[{', /Earlier Messages: is not valid JSON \[item 0\]/],
		['not a list', '={{ { role: "user" } }}', /Earlier Messages: expected a list of messages, got an object \[item 0\]/],
		['a wrong role', '={{ [{ role: "system", content: "x" }] }}', /Earlier Messages: message 1 has the role "system"/],
		['content that is not a text', '={{ [{ role: "user", content: 5 }] }}', /Earlier Messages: message 1 has a number as content/],
	])('Earlier Messages %s is refused before any request', async (_, earlierMessages, message) => {
		const run = await ask({ question: 'And by Industry?', options: { earlierMessages } });
		expect(run.status).toBe('error');
		expect(run.error.message).toMatch(message);
		expect(sim.requests).toHaveLength(0);
	});

	test('Project as the target needs a Project ID, checked before any request', async () => {
		const run = await ask({ target: 'project', projectId: '={{ "" }}', question: AVERAGE_BY_PLAN });
		expect(run.error.message).toBe('Project ID: is empty [item 0]');
		expect(sim.requests).toHaveLength(0);
	});

	test('a question still unanswered at the Timeout fails with the task ID; the other items are answered', async () => {
		const simulator = await startSimulator({ timeScale: 0.01, datasets: [{ id: 'stuck', rows: ROWS, stuck: true }] });
		try {
			const items = [{ json: { d: 'leads-sample' } }, { json: { d: 'stuck' } }];
			const run = await runAkkio(simulator, {
				nodeType: AKKIO,
				timeScale: 0.01,
				items,
				onError: 'continueErrorOutput',
				parameters: { resource: 'chatExplore', operation: 'ask', datasetId: rl('={{ $json.d }}'), question: AVERAGE_BY_PLAN, options: { timeoutMinutes: 1 } },
			});
			expect(run.success.map((item) => item.pairedItem.item)).toEqual([0]);
			const stuck = simulator.chatQueries.find((query) => query.datasetId === 'stuck');
			expect(run.errors[0].json.error).toBe(`Chat Explore question ${stuck.taskId} was still running after 1 minutes, the node's timeout`);
			expect(run.errors[0].json.details).toMatch(/Raise Timeout \(Minutes\)/);
		} finally {
			await simulator.close();
		}
	});

	test('cancelling while a question is answered ends the node and its polling', async () => {
		const simulator = await startSimulator({ timeScale: 0.01, datasets: [{ id: 'stuck', rows: ROWS, stuck: true }] });
		try {
			const running = runAkkio(simulator, {
				nodeType: AKKIO,
				timeScale: 0.01,
				onError: 'continueErrorOutput',
				parameters: { resource: 'chatExplore', operation: 'ask', datasetId: rl('stuck'), question: AVERAGE_BY_PLAN },
			});
			const started = Date.now();
			while (!simulator.requests.some((entry) => entry.route === 'chat-status')) {
				if (Date.now() - started > 5000) throw new Error('no status check');
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			running.cancel();
			const run = await running;
			expect(run.canceled).toBe(true);
			expect(run.nodeError.message).toBe('The execution was cancelled');
			expect(run.errors).toEqual([]);
			const seen = simulator.requests.length;
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(simulator.requests.length).toBe(seen);
		} finally {
			await simulator.close();
		}
	});
});

describe('many questions at once', () => {
	// One Akkio second is 250 ms here: budget windows long against event-loop jitter.
	const SCALE = 0.25;
	const QUESTIONS = [
		'How many rows are there?',
		AVERAGE_BY_PLAN,
		'How many rows by Industry?',
		'Top 3 Industry by Annual Contract Value',
		'What is the total Company Size per Industry?',
	];

	test('20 questions are asked concurrently and never exceed Max Requests per Second', async () => {
		const simulator = await startSimulator({ timeScale: SCALE, chatSeconds: 4 });
		try {
			const items = Array.from({ length: 20 }, (_, i) => ({ json: { q: QUESTIONS[i % QUESTIONS.length] } }));
			const run = await runAkkio(simulator, {
				nodeType: AKKIO,
				timeScale: SCALE,
				items,
				parameters: { resource: 'chatExplore', operation: 'ask', datasetId: rl('leads-sample'), question: '={{ $json.q }}', options: { maxRequestsPerSecond: 3 } },
			});
			expect(run.status).toBe('success');
			expect(run.success.map((item) => [item.pairedItem.item, item.json.question])).toEqual(items.map((item, i) => [i, item.json.q]));
			for (const item of run.success) expect(item.json.answer).toBe(simulator.chat(item.json.chat_id).answer.content);
			// The simulator's records: at most 3 request starts in any (Akkio) second.
			expect(simulator.peakRequestsPerWindow(1000 * SCALE)).toBeLessThanOrEqual(3);
			// Concurrently: many questions were submitted before the first was answered (one after
			// the other, none would be).
			const firstDone = Math.min(...simulator.chatQueries.map((query) => simulator.taskDoneAt(query.taskId)));
			expect(simulator.chatQueries.filter((query) => query.createdAt < firstDone).length).toBeGreaterThan(5);
		} finally {
			await simulator.close();
		}
	});
});

describe("the chat of an answer, whatever Akkio's status says about it", () => {
	const cases = [
		['a rooted location of its own chat (the default)', {}],
		['a location relative to the API root', { chatLocationStyle: 'relative' }],
		['the chat is the task', { chatIdStyle: 'task' }],
		['no location; the chat is the task', { chatIdStyle: 'task', chatLocationStyle: () => undefined }],
		['a bare chat ID', { chatLocationStyle: (task) => task.chatId }],
		['a URL on the same origin with a query', { chatLocationStyle: (task) => `${sim2.url}/api/v1/chat-explore/chats/${task.chatId}?image_format=plotly_json` }],
		['a URL on another host; the chat is the task', { chatIdStyle: 'task', chatLocationStyle: (task) => `https://elsewhere.example/api/v1/chat-explore/chats/${task.chatId}` }],
	];
	let sim2;

	test.each(cases)('%s', async (_, options) => {
		sim2 = await startSimulator({ timeScale: 0.001, ...options });
		try {
			const run = await ask({ question: AVERAGE_BY_PLAN }, {}, sim2);
			expect(run.status).toBe('success');
			const [item] = run.success;
			const chat = sim2.chat(item.json.chat_id);
			expect(item.json.answer).toBe(chat.answer.content);
			const fetched = sim2.requests.filter((entry) => entry.route === 'chat-result');
			expect(fetched.map((entry) => [entry.path, entry.query.image_format])).toEqual([
				[`/api/v1/chat-explore/chats/${chat.chatId}`, 'base64_png'],
			]);
			const warned = run.logs.some((log) => log.level === 'warn' && /does not name a chat/.test(log.message));
			expect(warned).toBe(/another host/.test(_));
		} finally {
			await sim2.close();
		}
	});
});

describe('as an AI agent tool', () => {
	/** An agent stand-in calls the Akkio node the way n8n's agents do (n8n-core's createNodeAsTool). */
	async function callAsTool(parameters, toolArgs) {
		const workflow = {
			nodes: [
				{ id: 'agent', name: 'Agent', type: 'test.agent', typeVersion: 1, position: [200, 0], parameters: { toolArgs: JSON.stringify(toolArgs) } },
				{
					id: 'tool',
					name: 'Ask Akkio',
					type: 'n8n-nodes-akkio.akkioTool',
					typeVersion: 1,
					position: [200, 200],
					parameters: { timeScale: 0.001, resource: 'chatExplore', operation: 'ask', datasetId: rl('leads-sample'), ...parameters },
					credentials: { akkioApi: { id: 'akkio-test', name: 'Akkio test' } },
				},
			],
			connections: { 'Ask Akkio': { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] } },
		};
		const result = await runWorkflow(workflow, {
			...pkg,
			nodeTypes: { ...pkg.nodeTypes, 'n8n-nodes-akkio.akkioTool': asAiTool(pkg.nodeTypes[AKKIO]), 'test.agent': TestAgent },
			credentials: akkioCredentials(sim),
			startNode: 'Agent',
			inputItems: [{}],
		});
		expect(result.status).toBe('success');
		return { ...result.outputItems('Agent')[0].json, logs: result.logs };
	}

	test("the model gets the answer's text and its table, no chart, no binary; the tool says what it is for", async () => {
		const called = await callAsTool({ question: "={{ $fromAI('question', 'The question about the data', 'string') }}" }, { question: AVERAGE_BY_PLAN });
		expect(called.description).toBe('Ask a question in plain language about the data in a dataset or project in Akkio');
		const response = JSON.parse(called.response);
		const query = queryOf(AVERAGE_BY_PLAN);
		const chat = sim.chat(query.chatId);
		expect(response).toEqual([{ answer: chat.answer.content, table: chat.answer.table, chat_id: query.chatId }]);
		expect(called.response).not.toMatch(/iVBORw0KGgo/); // no PNG in any form
		// n8n warns when a tool's items carry binary data, and drops it.
		expect(called.logs.filter((log) => /binary data/.test(log.message))).toEqual([]);
	});
});

describe('Project', () => {
	const run = (parameters, options = {}, simulator = sim) =>
		runAkkio(simulator, { nodeType: AKKIO, ...options, parameters: { resource: 'project', ...parameters } });

	test('Create, Get, Update, Ask about it, Delete', async () => {
		const created = await run({
			operation: 'create',
			name: 'Sales reporting',
			options: { chatContext: 'B2B leads', chatSuggestions: 'How many rows by Plan?\nTop 3 Industry by Annual Contract Value' },
		});
		expect(created.status).toBe('success');
		const project = created.success[0].json;
		expect(project).toEqual({
			project_id: expect.any(String),
			name: 'Sales reporting',
			chat_context: 'B2B leads',
			chat_instructions: '',
			chat_suggestions: 'How many rows by Plan?\nTop 3 Industry by Annual Contract Value',
		});
		const posted = sim.requests.find((entry) => entry.method === 'POST');
		// _owner and _org are left to the API key (see the Owner ID option).
		expect(posted.body).toEqual({ name: 'Sales reporting', chatContext: 'B2B leads', chatSuggestions: project.chat_suggestions });
		expect(sim.getProject(project.project_id)).toMatchObject({ name: 'Sales reporting', chatContext: 'B2B leads' });

		const got = await run({ operation: 'get', projectId: project.project_id });
		expect(got.success[0].json).toEqual(project);

		sim.clearLog();
		const updated = await run({ operation: 'update', projectId: project.project_id, updateFields: { name: 'Sales', chatInstructions: 'Be brief' } });
		expect(updated.success[0].json).toEqual({ ...project, name: 'Sales', chat_instructions: 'Be brief' });
		expect(sim.requests.map((entry) => [entry.method, entry.path, entry.body])).toEqual([
			['PUT', `/api/v1/projects/${project.project_id}`, { name: 'Sales', chatInstructions: 'Be brief' }],
		]);
		expect(sim.getProject(project.project_id)).toMatchObject({ name: 'Sales', chatContext: 'B2B leads', chatInstructions: 'Be brief' });

		const asked = await ask({ target: 'project', projectId: project.project_id, question: 'How many rows are there?' });
		expect(asked.success[0].json.answer).toBe('There are 200 rows in B2B Leads.');

		const deleted = await run({ operation: 'delete', projectId: project.project_id });
		expect(deleted.success[0].json).toEqual({ project_id: project.project_id, deleted: true });
		expect(sim.getProject(project.project_id)).toBeUndefined();
		const gone = await run({ operation: 'get', projectId: project.project_id });
		expect(gone.error.message).toBe('Akkio has no such project');
	});

	test('Update without a field to change is refused before any request', async () => {
		const updated = await run({ operation: 'update', projectId: 'p1', updateFields: {} });
		expect(updated.error.message).toBe('Update Fields: no field to change was added [item 0]');
		expect(sim.requests).toHaveLength(0);
	});

	test.each([
		['empty-object'],
		['null'],
		['project'],
	])('Delete whatever Akkio answers (%s)', async (projectDeleteBody) => {
		const simulator = await startSimulator({ timeScale: 0.001, projectDeleteBody });
		try {
			const { id } = simulator.addProject({ name: 'P' });
			const deleted = await run({ operation: 'delete', projectId: id }, {}, simulator);
			expect(deleted.success[0].json).toEqual({ project_id: id, deleted: true });
		} finally {
			await simulator.close();
		}
	});

	test('an Akkio that requires _owner and _org: its 422 says which option to set, and the options satisfy it', async () => {
		const simulator = await startSimulator({ timeScale: 0.001, projectOwnerFields: 'required' });
		try {
			const refused = await run({ operation: 'create', name: 'P' }, {}, simulator);
			expect(refused.error.message).toBe('Akkio rejected the request: body._owner: Field required; body._org: Field required');
			expect(refused.error.description).toMatch(/set Options → Owner ID and Organization ID/);
			const created = await run({ operation: 'create', name: 'P', options: { owner: 'user-1', org: 'sim-team' } }, {}, simulator);
			expect(created.status).toBe('success');
			expect(simulator.getProject(created.success[0].json.project_id)).toMatchObject({ owner: 'user-1', org: 'sim-team' });
		} finally {
			await simulator.close();
		}
	});
});
