'use strict';

// What the e2e run executes in real n8n, and what it expects of the output items. One scenario
// is one imported copy of an example; every example in examples/ needs at least one. The same
// scenarios run through `n8n execute` (run.js) and through queue mode's workers (queue.js).

const assert = require('node:assert/strict');

const { findNode } = require('./lib/workflows');
const { pollEveryMinute } = require('./trigger');

const TRAIN = 'n8n-nodes-akkio.akkioTrain';
/** Datasets the examples name besides the simulator's own `leads-sample`. */
const SEGMENTS = [
	{ segment: 'North America', id: 'leads-north-america' },
	{ segment: 'Europe', id: 'leads-europe' },
	{ segment: 'Asia Pacific', id: 'leads-asia-pacific' },
];
const isUnit = (value) => typeof value === 'number' && value >= 0 && value <= 1;
const list = (value) => (Array.isArray(value) ? value.map(String) : String(value || '').split(',').map((f) => f.trim()).filter(Boolean));
/** A parameter's value; a resource locator ({ __rl, mode, value }) gives its value. */
const valueOf = (value) => (value && typeof value === 'object' && value.__rl ? value.value : value);
const route = (ctx, name) => ctx.requests.filter((entry) => entry.route === name);

/** What every summary item shows: the model and its metrics. */
function assertSummary(item, { taskId, predictFields }) {
	assert.equal(item.status, 'SUCCEEDED');
	if (taskId) assert.equal(item.task_id, taskId, 'the summary names the submitted task');
	assert.match(String(item.model_id), /^\S{6,}$/, 'model_id is a real id');
	assert.deepEqual(item.predict_fields, predictFields);
	for (const key of ['accuracy', 'macro_f1', 'weighted_f1']) assert.ok(isUnit(item[key]), `${key} = ${item[key]} is within [0, 1]`);
	assert.deepEqual(item.metrics.map((m) => m.field), predictFields, 'one metrics entry per predicted field');
	for (const cls of item.metrics.flatMap((m) => m.classes)) assert.ok(isUnit(cls.f1), `f1 of class ${cls.class} within [0, 1]`);
	const importance = item.field_importance.map((entry) => entry.importance);
	assert.deepEqual(importance, [...importance].sort((a, b) => b - a), 'field importance is sorted, most important first');
	assert.deepEqual(item.top_fields, item.field_importance.slice(0, 3).map((entry) => entry.field), 'top_fields are the three most important');
	assert.equal(typeof item.data_story, 'string');
}

async function checkTrainAndWait(ctx) {
	const { t, workflow } = ctx;
	const train = findNode(workflow, (n) => n.type === TRAIN && n.parameters.operation === 'train', 'the Train operation');
	const wait = workflow.nodes.find((n) => n.type === TRAIN && n.parameters.operation === 'wait');
	const predictFields = list(train.parameters.predictFields);
	const submitted = await t('Train outputs the submitted task; Akkio got one training with the node\'s parameters', () => {
		const [item, ...more] = ctx.items(train.name);
		assert.equal(more.length, 0);
		if (wait) assert.deepEqual([item.status, item.dataset_id, item.predict_fields], ['SUBMITTED', valueOf(train.parameters.datasetId), predictFields]);
		const bodies = route(ctx, 'submit').map((entry) => entry.body);
		assert.equal(bodies.length, 1);
		assert.equal(bodies[0].dataset_id, valueOf(train.parameters.datasetId));
		assert.deepEqual([bodies[0].predict_fields, bodies[0].duration], [predictFields, train.parameters.duration]);
		assert.deepEqual(bodies[0].ignore_fields, list((train.parameters.options || {}).ignoreFields));
		return item;
	});
	await t('the summary item carries the model and its metrics; the result was downloaded once', () => {
		const items = ctx.items(wait ? wait.name : train.name);
		assert.equal(items.length, 1);
		assertSummary(items[0], { taskId: submitted && submitted.task_id, predictFields });
		assert.ok(route(ctx, 'status').length >= 1, 'at least one status check');
		assert.equal(route(ctx, 'result').length, 1);
	});
}

const setMinMacroF1 = (value) => (workflow) => {
	const settings = findNode(workflow, (n) => n.name === 'Settings', 'Settings');
	settings.parameters.assignments.assignments.find((a) => a.name === 'min_macro_f1').value = value;
};

const checkRetraining = (branch, threshold) => async (ctx) => {
	const { t } = ctx;
	await t('the schedule ran once; Akkio got one forced Higher Quality training of the dataset in Settings', () => {
		assert.deepEqual([ctx.runCount('Every Monday at 06:00'), ctx.runCount('Settings')], [1, 1]);
		const bodies = route(ctx, 'submit').map((entry) => entry.body);
		assert.equal(bodies.length, 1);
		assert.deepEqual([bodies[0].dataset_id, bodies[0].predict_fields, bodies[0].duration, bodies[0].force], ['leads-sample', ['Positive Lead'], 300, true]);
	});
	const summary = await t('Retrain model waits and outputs a summary', () => {
		const items = ctx.items('Retrain model');
		assert.equal(items.length, 1);
		assertSummary(items[0], { predictFields: ['Positive Lead'] });
		return items[0];
	});
	await t(`IF sends macro F1 ${summary ? summary.macro_f1 : '?'} vs ${threshold} to the ${branch} branch; the unconnected Slack node never runs`, () => {
		const below = ctx.items('Macro F1 below threshold?', { output: 0 }).length;
		const above = ctx.items('Macro F1 below threshold?', { output: 1 }).length;
		assert.deepEqual([below, above], branch === 'alert' ? [1, 0] : [0, 1]);
		assert.equal(summary.macro_f1 < threshold, branch === 'alert', 'the branch matches the numbers');
		assert.equal(ctx.runCount('Send alert to Slack (connect me)'), 0);
		assert.equal(ctx.runCount(branch === 'alert' ? 'Record new model' : 'Prepare alert'), 0);
	});
	if (branch === 'alert') {
		await t('Prepare alert writes a message naming the model and the scores', () => {
			const [alert] = ctx.items('Prepare alert');
			assert.deepEqual([alert.model_id, alert.macro_f1], [summary.model_id, summary.macro_f1]);
			for (const part of [summary.model_id, String(summary.macro_f1), String(threshold)]) assert.ok(alert.text.includes(part), `the text gives ${part}`);
			assert.doesNotMatch(alert.text, /undefined|\[object Object\]/, 'every expression in the text resolved');
		});
	} else {
		await t('Record new model keeps the new model id and its scores', () => {
			const [row] = ctx.items('Record new model');
			const kept = ['model_id', 'task_id', 'macro_f1', 'accuracy'];
			assert.deepEqual(kept.map((key) => row[key]), kept.map((key) => summary[key]));
			assert.deepEqual([row.dataset_id, row.predict_fields], ['leads-sample', 'Positive Lead']);
			assert.ok(!Number.isNaN(Date.parse(row.trained_at)), `trained_at is a date (${row.trained_at})`);
		});
	}
};

async function checkSheetToMetrics(ctx) {
	const { t } = ctx;
	await t('Add Rows put each segment\'s leads into its dataset, in batches, before any training', () => {
		assert.deepEqual(ctx.items('One item per segment').map((item) => item.segment), SEGMENTS.map((s) => s.segment));
		const leads = ctx.items('Leads per segment (stand-in)');
		const summaries = ctx.items('Add rows to segment datasets');
		assert.deepEqual(summaries.map((s) => [s.dataset_id, s.rows_sent]), SEGMENTS.map((s) => [s.id, leads.length / SEGMENTS.length]));
		const adds = route(ctx, 'legacy').filter((entry) => entry.method === 'POST');
		assert.deepEqual([...new Set(adds.map((entry) => entry.body.id))].sort(), SEGMENTS.map((s) => s.id).sort());
		assert.equal(adds.reduce((sum, entry) => sum + entry.body.rows.length, 0), leads.length, 'every lead sent once');
		assert.ok(ctx.requests.indexOf(adds[adds.length - 1]) < ctx.requests.findIndex((entry) => entry.route === 'submit'), 'rows added before the first training');
	});
	await t('Akkio got one training per segment dataset; Train per segment outputs per-class rows for each', () => {
		const bodies = route(ctx, 'submit').map((entry) => entry.body);
		assert.deepEqual(bodies.map((b) => b.dataset_id).sort(), SEGMENTS.map((s) => s.id).sort());
		for (const body of bodies) assert.deepEqual([body.predict_fields, body.duration], [['Positive Lead'], 60]);
		const rows = ctx.items('Train per segment');
		assert.equal(rows.length, SEGMENTS.length * 2, 'two classes (0 and 1) per segment');
		for (const row of rows) {
			assert.deepEqual([row.field_name, ['0', '1'].includes(String(row.class_name))], ['Positive Lead', true]);
			assert.ok(isUnit(row.f1) && isUnit(row.precision) && isUnit(row.recall), 'scores within [0, 1]');
		}
	});
	await t('the Metrics rows name their segment, in the sheet order, one model per segment', () => {
		const rows = ctx.items('Rows for the Metrics sheet');
		assert.deepEqual(rows.map((row) => row.segment), SEGMENTS.flatMap((s) => [s.segment, s.segment]));
		const columns = ['class', 'f1', 'model_id', 'precision', 'predicted_field', 'recall', 'segment', 'support', 'trained_at'];
		for (const row of rows) assert.deepEqual(Object.keys(row).sort(), columns, 'exactly the sheet columns');
		const models = SEGMENTS.map((s) => [...new Set(rows.filter((row) => row.segment === s.segment).map((row) => row.model_id))]);
		assert.ok(models.every((m) => m.length === 1) && new Set(models.flat()).size === SEGMENTS.length, 'one model per segment, a distinct one each');
	});
}

async function checkCrmScoring(ctx) {
	const { t } = ctx;
	const leads = ctx.items('One item per lead');
	await t('Score leads returns every lead unchanged, with its prediction, in order, from one predict request', () => {
		const scored = ctx.items('Score leads');
		assert.equal(scored.length, leads.length);
		scored.forEach(({ prediction, ...lead }, index) => {
			assert.deepEqual(lead, leads[index], 'the lead itself is untouched');
			const p = prediction.probabilities;
			assert.ok(isUnit(p['0']) && isUnit(p['1']) && Math.abs(p['0'] + p['1'] - 1) < 1e-6, 'probabilities sum to 1');
			assert.equal(prediction.confidence, p[prediction['Positive Lead']]);
		});
		const predicts = route(ctx, 'legacy');
		assert.deepEqual(predicts.map((entry) => [entry.body.id, entry.body.data.length, entry.apiKeyIn]), [['lead-scoring-model', leads.length, 'body']]);
	});
	await t('Fields for the CRM gives a 0-100 score per lead; the disabled CRM node passes the rows on', () => {
		const rows = ctx.items('Fields for the CRM');
		assert.deepEqual(rows.map((row) => row.email), leads.map((lead) => lead.email));
		for (const row of rows) assert.ok(Number.isInteger(row.lead_score) && row.lead_score >= 0 && row.lead_score <= 100 && typeof row.likely_to_convert === 'boolean');
		assert.deepEqual(ctx.items('Update the CRM contact (connect me)'), rows);
	});
}

async function checkSubmitThenPoll(ctx) {
	const { t } = ctx;
	const submitted = await t('Submit training returns at once with the task id', () => {
		const [item] = ctx.items('Submit training');
		assert.deepEqual([item.status, item.duration, route(ctx, 'submit').length], ['SUBMITTED', 1800, 1]);
		return item;
	});
	// How many rounds the loop takes depends on the machine (a training of 3.6 s on the simulator's
	// clock, a Wait of 1 s): each round must take the branch its status says.
	await t(`the Wait → Get Status → Done? loop ran until the training was done (${ctx.runCount('Get status')} round(s)); Get result outputs the summary once`, () => {
		const count = ctx.runCount('Get status');
		assert.deepEqual([ctx.runCount('Wait 5 minutes'), ctx.runCount('Done?'), route(ctx, 'status').length], [count, count, count]);
		for (let i = 0; i < count; i++) {
			const [status] = ctx.items('Get status', { run: i });
			const last = i === count - 1;
			assert.deepEqual([status.task_id, status.done], [submitted.task_id, last], `status check ${i + 1} (${status.status})`);
			assert.equal(ctx.items('Done?', { run: i, output: last ? 0 : 1 }).length, 1, `Done? run ${i + 1} took the ${last ? 'done' : 'loop'} branch`);
		}
		assert.equal(ctx.runCount('Get result'), 1);
		assertSummary(ctx.items('Get result')[0], { taskId: submitted.task_id, predictFields: ['Positive Lead'] });
		assert.equal(route(ctx, 'result').length, 1);
	});
}

const ASK = 'Ask the sales data';
const SLACK = 'Post the chart to Slack (connect me)';
const READER = 'Read the chart (e2e)';

/** A Code node after the disabled Slack node reads the chart's bytes as an attaching node does. */
function addChartReader(workflow) {
	const jsCode = `const out = [];
for (const [i, item] of $input.all().entries()) {
  const buffer = await this.helpers.getBinaryDataBuffer(i, 'data');
  out.push({ json: { fileName: item.binary.data.fileName, mimeType: item.binary.data.mimeType, base64: buffer.toString('base64') } });
}
return out;`;
	workflow.nodes.push({ parameters: { jsCode }, id: 'e2e-read-chart', name: READER, type: 'n8n-nodes-base.code', typeVersion: 2, position: [720, 300] });
	workflow.connections[SLACK] = { main: [[{ node: READER, type: 'main', index: 0 }]] };
}

async function checkChatExploreReport(ctx) {
	const { t, workflow, sim } = ctx;
	const ask = findNode(workflow, (n) => n.name === ASK, ASK);
	const question = ask.parameters.question;
	const chat = await t('Akkio got the question about leads-sample, polled it and fetched its chat with a PNG chart', async () => {
		const [submit, ...more] = route(ctx, 'chat-submit');
		assert.equal(more.length, 0);
		assert.deepEqual([submit.body.dataset_id, submit.body.messages], ['leads-sample', [{ role: 'user', content: question }]]);
		assert.equal(submit.body.chatInstructions, ask.parameters.options.chatInstructions);
		assert.ok(route(ctx, 'chat-status').length >= 1, 'at least one status check');
		const fetched = route(ctx, 'chat-result');
		assert.deepEqual(fetched.map((entry) => entry.query.image_format), ['base64_png']);
		// The same chat again, as Akkio answers it, to compare with what n8n handed on.
		const res = await fetch(`${sim.url}${fetched[0].path}?image_format=base64_png`, { headers: { 'x-api-key': sim.apiKey } });
		const answer = (await res.json()).messages.pop();
		return { id: decodeURIComponent(fetched[0].path.split('/').pop()), answer, png: answer.images[0].replace(/^data:image\/png;base64,/, '') };
	});
	await t('Ask outputs Akkio\'s answer, its table and the chat; the chart is binary "data", a PNG named after the chat', () => {
		const [item, ...more] = ctx.items(ASK);
		assert.equal(more.length, 0);
		assert.deepEqual([item.answer, item.chat_id, item.table], [chat.answer.content, chat.id, chat.answer.table]);
		assert.deepEqual(item.messages, [{ role: 'user', content: question }, { role: 'assistant', content: chat.answer.content }]);
		const [binary] = ctx.binaries(ASK);
		assert.deepEqual([binary.data.mimeType, binary.data.fileName], ['image/png', `akkio-chart-${chat.id}.png`]);
	});
	await t('the disabled Slack node passes the item on; the next node reads the chart\'s bytes: the PNG Akkio sent', () => {
		assert.deepEqual(ctx.items(SLACK), ctx.items(ASK));
		const [read, ...more] = ctx.items(READER);
		assert.equal(more.length, 0);
		assert.deepEqual([read.mimeType, read.fileName], ['image/png', `akkio-chart-${chat.id}.png`]);
		assert.equal(read.base64, chat.png);
		assert.equal(Buffer.from(read.base64, 'base64').subarray(1, 4).toString(), 'PNG');
	});
}

const SCENARIOS = [
	{ example: 'train-and-wait.json', id: 'e2eTrainAndWait', check: checkTrainAndWait },
	{ example: 'scheduled-retraining.json', id: 'e2eRetrainRecord', label: 'good model → record', tweak: setMinMacroF1(0), check: checkRetraining('record', 0) },
	{ example: 'scheduled-retraining.json', id: 'e2eRetrainAlert', label: 'weak model → alert', tweak: setMinMacroF1(1.01), check: checkRetraining('alert', 1.01) },
	{
		example: 'sheet-to-metrics.json',
		id: 'e2eSheetToMetrics',
		// The segment datasets start empty: the example fills them through Add Rows.
		setup: (sim) => SEGMENTS.forEach(({ id, segment }) => sim.addDataset({ id, name: `Leads, ${segment}`, rows: [] })),
		check: checkSheetToMetrics,
	},
	{
		example: 'crm-scoring.json',
		id: 'e2eCrmScoring',
		setup: (sim) => sim.addModel({ id: 'lead-scoring-model', datasetId: 'leads-sample', predictFields: ['Positive Lead'] }),
		check: checkCrmScoring,
	},
	{ example: 'submit-then-poll.json', id: 'e2eSubmitThenPoll', check: checkSubmitThenPoll },
	{ example: 'chat-explore-report.json', id: 'e2eChatReport', tweak: addChartReader, check: checkChatExploreReport },
	// Not executed: activated, and checked as n8n's polls fire it (trigger.js).
	{ example: 'retrain-when-data-grew.json', id: 'e2eRetrainOnGrowth', tweak: pollEveryMinute, activated: true },
];

/** A node's output items, binaries and run count in an execution's run data. */
function runDataView(runData) {
	const output = (name, { run = 0, output: index = 0 } = {}) => {
		const task = (runData[name] || [])[run];
		if (!task) throw new Error(`node "${name}" has no run ${run + 1}`);
		return ((task.data && task.data.main) || [])[index] || [];
	};
	return {
		items: (name, options) => output(name, options).map((item) => item.json),
		binaries: (name, options) => output(name, options).map((item) => item.binary),
		runCount: (name) => (runData[name] || []).length,
	};
}

/** Whether an entry of the simulator's log carries the API key where its route wants it. */
function keyed(entry, apiKey) {
	// /api/v1: the X-API-Key header. Legacy /v1: api_key in the body, in the query only for GET.
	if (entry.route !== 'legacy') return entry.headers['x-api-key'] === apiKey;
	if (entry.headers['x-api-key'] !== undefined) return false;
	return entry.method === 'GET' ? entry.query.api_key === apiKey : entry.body && entry.body.api_key === apiKey && entry.query.api_key === undefined;
}

/**
 * Runs each scenario's copy with `execute(copy)` (resolves to the execution's resultData) and
 * checks it; `check(name, fn)` is the report's, with the caller's prefix.
 */
async function runScenarios({ copies, sim, check, execute, how }) {
	for (const { scenario, copy } of copies.filter((c) => !c.scenario.activated)) {
		const t = (name, fn) => check(`${scenario.example.replace(/\.json$/, '')}${scenario.label ? ` (${scenario.label})` : ''}: ${name}`, fn);
		if (scenario.setup) scenario.setup(sim);
		sim.clearLog();
		const resultData = await t(how, async () => {
			const data = await execute(copy);
			if (data.error) throw new Error(`execution error: ${data.error.message}\n${data.error.description || ''}`);
			return data;
		});
		if (!resultData) continue;
		const requests = sim.requests.slice();
		await t('every request reached the simulator with the imported API key, where its route wants it', () => {
			assert.ok(requests.length > 0, 'no request reached the simulator');
			const wrong = requests.filter((entry) => !keyed(entry, sim.apiKey) || entry.status === 401);
			assert.deepEqual(wrong.map((entry) => `${entry.method} ${entry.path}`), [], 'requests without the key in its place');
		});
		await scenario.check({ t, workflow: copy, sim, requests, ...runDataView(resultData.runData) });
	}
}

module.exports = { SCENARIOS, runScenarios, runDataView };
