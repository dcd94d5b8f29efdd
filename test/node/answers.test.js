'use strict';
// Answers Akkio's spec allows that must not mislead (issue 21): each case is an answer a user
// would otherwise trust. Run in n8n-core's engine against the stand-in, the answer injected.
const { runAkkio, startSimulator, rl, TRAIN, AKKIO, useSimulator } = require('../support/akkio');

const stand = useSimulator({ timeScale: 0.001 });
const answer = (route, body, status = 200) => stand.sim.faults.script({ route }, [{ status, body: JSON.stringify(body) }]);
const wait = (taskId, options = {}) => runAkkio(stand.sim, { parameters: { operation: 'wait', taskId, options } });
const submitted = async () => (await runAkkio(stand.sim, { parameters: TRAIN })).success[0].json.task_id;
/** A training that has ended in the stand-in, so that its result is there. */
const finished = async () => (await runAkkio(stand.sim, { parameters: { ...TRAIN, waitForCompletion: true } })).success[0].json.task_id;

describe("Akkio's words are never dropped", () => {
	test('an error in the metadata fails the task whatever status says; Get Status shows both', async () => {
		const taskId = await submitted();
		const failedAnswer = { status: 'SUCCEEDED', metadata: { type: 'FAILED', error: "Field 'Plan' was not found" } };
		answer('status', failedAnswer);
		const status = await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId } });
		expect(status.success[0].json).toEqual({ task_id: taskId, status: 'SUCCEEDED', metadata_type: 'FAILED', done: true, error: "Field 'Plan' was not found" });
		answer('status', { status: 'IN_PROGRESS', metadata: { type: 'FAILED', error: "Field 'Plan' was not found" } });
		const waited = await wait(taskId);
		expect(waited.error.message).toBe(`Akkio training ${taskId} failed: Field 'Plan' was not found`);
		expect(stand.sim.requests.filter((r) => r.route === 'result')).toHaveLength(0);
	});

	test('a 422 whose detail is empty reads as a sentence, not raw JSON', async () => {
		answer('submit', { detail: [] }, 422);
		const run = await runAkkio(stand.sim, { parameters: TRAIN });
		expect(run.error.message).toBe('Akkio rejected the request: validation failed');
	});
});

describe('a location is followed only where it names this task\'s result', () => {
	test.each([['another task'], ['another route'], ['a bare word']])('%s: the documented result path, and a notice on the item', async (kind) => {
		const taskId = await finished();
		const location = { 'another task': '/api/v1/models/train/OTHER/result', 'another route': '/api/v1/projects/p1', 'a bare word': 'result' }[kind];
		answer('status', { status: 'SUCCEEDED', metadata: { location } });
		const run = await wait(taskId);
		expect(stand.sim.requests.at(-1).path).toBe(`/api/v1/models/train/${taskId}/result`);
		expect(run.success[0].json).toMatchObject({ task_id: taskId, model_id: expect.any(String), notice: expect.stringContaining(`"${location}"`) });
	});
});

test("a Chat Explore location that names no chat: the question's own chat, and a notice on the answer", async () => {
	const open = await startSimulator({ timeScale: 0.001, chatIdStyle: 'task', chatLocationStyle: () => '/api/v1/projects/p1' });
	try {
		const run = await runAkkio(open, { nodeType: AKKIO, parameters: { resource: 'chatExplore', operation: 'ask', datasetId: rl('leads-sample'), question: 'How many leads by Plan?' } });
		const item = run.success[0].json;
		expect(open.requests.at(-1).path).toBe(`/api/v1/chat-explore/chats/${item.task_id}`);
		expect(item.notice).toContain('"/api/v1/projects/p1"');
	} finally {
		await open.close();
	}
});

describe('a result that says nothing is not a success', () => {
	test('no model: an error for every output mode but Raw, which shows what Akkio sent; no statistics: Per-Class Rows says so', async () => {
		const taskId = await submitted();
		for (const output of ['summary', 'perClassRows', 'fieldImportanceRows']) {
			answer('result', {});
			const run = await runAkkio(stand.sim, { parameters: { operation: 'getResult', taskId, output } });
			expect(run.error.message).toBe(`Akkio's result for training ${taskId} names no model`);
		}
		answer('result', {});
		expect((await runAkkio(stand.sim, { parameters: { operation: 'getResult', taskId, output: 'raw' } })).success[0].json).toEqual({});
		answer('result', { model_id: 'm1', field_importance: { Plan: 1 } });
		const rows = await runAkkio(stand.sim, { parameters: { operation: 'getResult', taskId, output: 'perClassRows' } });
		expect(rows.error.message).toBe(`Akkio's result for training ${taskId} has no per-class statistics`);
	});

	test('metrics nobody measured are null; field is the column\'s name everywhere (the index as field_index), figures rounded alike', async () => {
		const taskId = await submitted();
		const cls = (name, count, f1) => ({ field: 12, field_name: 'Positive Lead', class_name: name, count, 'true positives': 0, precision: 0.7499999999999999, recall: 0.5, f1 });
		answer('result', { model_id: 'm1', stats: [[cls('yes', 0, 1), cls('no', 0, 1)]] });
		const summary = (await runAkkio(stand.sim, { parameters: { operation: 'getResult', taskId } })).success[0].json;
		expect(summary).toMatchObject({ accuracy: null, macro_f1: null, weighted_f1: null });
		expect(summary.metrics[0].classes[0]).toEqual({ class: 'yes', count: 0, precision: null, recall: null, f1: null });
		answer('result', { model_id: 'm1', stats: [[cls('yes', 0, 1), cls('no', 0, 1)]] });
		const unmeasured = (await runAkkio(stand.sim, { parameters: { operation: 'getResult', taskId, output: 'perClassRows' } })).success[0].json;
		expect(unmeasured).toMatchObject({ count: 0, precision: null, recall: null, f1: null });
		answer('result', { model_id: 'm1', stats: [[cls('yes', 3, 0.6666666666666666)]] });
		const rows = (await runAkkio(stand.sim, { parameters: { operation: 'getResult', taskId, output: 'perClassRows' } })).success;
		expect(rows[0].json).toMatchObject({ field: 'Positive Lead', field_index: 12, precision: 0.75, f1: 0.6667 });
	});
});

describe('one rule for task IDs', () => {
	test.each([['of 250 characters', 'T'.repeat(250)], ['with spaces around it', ' T-77 ']])('an ID %s is polled exactly as given, never trimmed or refused', async (_, taskId) => {
		const run = await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId } });
		expect(run.success[0].json.task_id).toBe(taskId);
		expect(stand.sim.requests[0].path).toBe(`/api/v1/models/train/${encodeURIComponent(taskId)}/status`);
	});

	test('a huge text from Akkio makes a short error message', async () => {
		answer('submit', { detail: `Unknown dataset ${'x'.repeat(1000000)}` }, 422);
		const run = await runAkkio(stand.sim, { parameters: TRAIN });
		expect(run.error.message.length).toBeLessThan(600);
	});

	test('a huge task ID from Akkio makes a short error message', async () => {
		answer('submit', { task_id: 'x'.repeat(100000) }, 201);
		answer('status', { status: 'FAILED', metadata: { error: 'no' } });
		const run = await runAkkio(stand.sim, { parameters: { ...TRAIN, waitForCompletion: true } });
		expect(run.error.message.length).toBeLessThan(200);
		expect(String(run.error.description).length).toBeLessThan(600);
	});
});

test('the key echoed base64-encoded never shows', async () => {
	const echo = Buffer.from(`Authorization: Basic ${stand.sim.apiKey}`).toString('base64');
	answer('status', { detail: `We could not check ${echo}` }, 401);
	const run = await runAkkio(stand.sim, { parameters: { operation: 'getStatus', taskId: 't1' } });
	expect(run.error.message).toBe('Akkio rejected the API key');
	const forms = [0, 1, 2].map((offset) => Buffer.from(`${'x'.repeat(offset)}${stand.sim.apiKey}`).toString('base64').slice(4, 16));
	for (const form of forms) expect(run.visible).not.toContain(form);
	expect(run.visible).toContain('[redacted]');
});

test('Project → Get of a deleted ID offers no list where there is none', async () => {
	const run = await runAkkio(stand.sim, { nodeType: 'n8n-nodes-akkio.akkio', parameters: { resource: 'project', operation: 'get', projectId: 'gone' } });
	expect(run.error.description).toMatch(/Check the ID: copy its ID again from Akkio\./);
	expect(run.error.description).not.toMatch(/from the list/);
});
