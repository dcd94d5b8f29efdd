'use strict';

// What the e2e run executes in real n8n, and what it expects of the output items. One
// scenario is one imported copy of an example, executed once with `n8n execute`. Every
// example in examples/ needs at least one scenario.

const assert = require('node:assert/strict');

const { AKKIO_NODE_TYPE, findNode } = require('./lib/workflows');
const { barChartPng } = require('../simulator/png');

/** Datasets the examples name besides the simulator's own `leads-sample`. */
const SEGMENT_DATASETS = [
	{ segment: 'North America', id: 'leads-north-america', seed: 101 },
	{ segment: 'Europe', id: 'leads-europe', seed: 202 },
	{ segment: 'Asia Pacific', id: 'leads-asia-pacific', seed: 303 },
];

function splitFields(value) {
	if (Array.isArray(value)) return value.map(String);
	return String(value || '')
		.split(',')
		.map((field) => field.trim())
		.filter(Boolean);
}

/** A parameter's value; a resource locator ({ __rl, mode, value }) gives its value. */
function paramValue(value) {
	return value !== null && typeof value === 'object' && value.__rl ? value.value : value;
}

const isUnit = (value) => typeof value === 'number' && value >= 0 && value <= 1;

/** The checks every summary item must pass. */
function assertSummary(item, { taskId, predictFields, ignoreFields = [] }) {
	assert.equal(item.status, 'SUCCEEDED');
	if (taskId) assert.equal(item.task_id, taskId, 'the summary names the submitted task');
	assert.match(String(item.model_id), /^\S{6,}$/, 'model_id is a real id');
	assert.deepEqual(item.predict_fields, predictFields);
	for (const key of ['accuracy', 'macro_f1', 'weighted_f1']) assert.ok(isUnit(item[key]), `${key} = ${item[key]} is within [0, 1]`);
	assert.ok(Array.isArray(item.metrics) && item.metrics.length === predictFields.length, 'one metrics entry per predicted field');
	for (const [index, metrics] of item.metrics.entries()) {
		assert.equal(metrics.field, predictFields[index]);
		assert.ok(Array.isArray(metrics.classes) && metrics.classes.length >= 2, 'a categorical field has at least two classes');
		for (const cls of metrics.classes) assert.ok(isUnit(cls.f1), `f1 of class ${cls.class} within [0, 1]`);
		assert.ok(item.macro_f1 <= metrics.macro_f1 + 1e-9, 'the top-level macro F1 is the lowest over the fields');
	}
	assert.ok(Array.isArray(item.field_importance) && item.field_importance.length > 3, 'field importance is listed');
	const values = item.field_importance.map((entry) => entry.importance);
	assert.deepEqual(values, [...values].sort((a, b) => b - a), 'field importance is sorted, most important first');
	for (const ignored of ignoreFields) {
		assert.ok(!item.field_importance.some((entry) => entry.field === ignored), `ignored field "${ignored}" has no importance`);
	}
	assert.deepEqual(item.top_fields, item.field_importance.slice(0, 3).map((entry) => entry.field), 'top_fields are the three most important');
	assert.ok(typeof item.data_story === 'string' && item.data_story.includes(predictFields[0]), 'the data story is text about the target');
}

function submits(ctx) {
	return ctx.requests.filter((entry) => entry.route === 'submit');
}

function routeCount(ctx, route) {
	return ctx.requests.filter((entry) => entry.route === route).length;
}

// ------------------------------------------------------------------ train-and-wait

async function checkTrainAndWait(ctx) {
	const { t, workflow } = ctx;
	const train = findNode(workflow, (n) => n.type === AKKIO_NODE_TYPE && n.parameters.operation === 'train', 'the Train operation');
	const waitNode = workflow.nodes.find((n) => n.type === AKKIO_NODE_TYPE && n.parameters.operation === 'wait');
	const predictFields = splitFields(train.parameters.predictFields);
	const ignoreFields = splitFields((train.parameters.options || {}).ignoreFields);

	const submitted = await t.check('Train outputs the submitted task', () => {
		const items = ctx.items(train.name);
		assert.equal(items.length, 1);
		assert.match(String(items[0].task_id), /^\S+$/);
		if (waitNode) {
			assert.equal(items[0].status, 'SUBMITTED');
			assert.equal(items[0].dataset_id, paramValue(train.parameters.datasetId));
			assert.deepEqual(items[0].predict_fields, predictFields);
			assert.equal(items[0].duration, train.parameters.duration);
		}
		return items[0];
	});
	await t.check('Akkio got one training with the node parameters', () => {
		const bodies = submits(ctx).map((entry) => entry.body);
		assert.equal(bodies.length, 1);
		assert.equal(bodies[0].dataset_id, paramValue(train.parameters.datasetId));
		assert.deepEqual(bodies[0].predict_fields, predictFields);
		assert.equal(bodies[0].duration, train.parameters.duration);
		assert.deepEqual(bodies[0].ignore_fields, ignoreFields);
	});
	await t.check('the summary item carries the model and its metrics', () => {
		const items = ctx.items(waitNode ? waitNode.name : train.name);
		assert.equal(items.length, 1);
		assertSummary(items[0], { taskId: submitted && submitted.task_id, predictFields, ignoreFields });
	});
	await t.check('the training was polled and its result downloaded once', () => {
		assert.ok(routeCount(ctx, 'status') >= 1, 'at least one status check');
		assert.equal(routeCount(ctx, 'result'), 1);
	});
}

// ------------------------------------------------------------------ scheduled-retraining

function setMinMacroF1(value) {
	return (workflow) => {
		const settings = findNode(workflow, (n) => n.name === 'Settings', 'Settings');
		const assignment = settings.parameters.assignments.assignments.find((a) => a.name === 'min_macro_f1');
		assert.ok(assignment, 'Settings has min_macro_f1');
		assignment.value = value;
	};
}

function checkRetraining(branch, threshold) {
	return async (ctx) => {
		const { t } = ctx;
		await t.check('the schedule trigger ran once and started the flow', () => {
			assert.equal(ctx.runCount('Every Monday at 06:00'), 1);
			assert.equal(ctx.runCount('Settings'), 1);
		});
		await t.check('Akkio got one forced Higher Quality training of the dataset in Settings', () => {
			const bodies = submits(ctx).map((entry) => entry.body);
			assert.equal(bodies.length, 1);
			assert.equal(bodies[0].dataset_id, 'leads-sample');
			assert.deepEqual(bodies[0].predict_fields, ['Positive Lead']);
			assert.equal(bodies[0].duration, 300);
			assert.equal(bodies[0].force, true);
		});
		const summary = await t.check('Retrain model waits and outputs a summary', () => {
			const items = ctx.items('Retrain model');
			assert.equal(items.length, 1);
			assertSummary(items[0], { predictFields: ['Positive Lead'] });
			return items[0];
		});
		await t.check(`IF sends macro F1 ${summary ? summary.macro_f1 : '?'} vs ${threshold} to the ${branch} branch`, () => {
			const below = ctx.items('Macro F1 below threshold?', { output: 0 });
			const above = ctx.items('Macro F1 below threshold?', { output: 1 });
			assert.equal(below.length, branch === 'alert' ? 1 : 0, 'items on the true (below) output');
			assert.equal(above.length, branch === 'record' ? 1 : 0, 'items on the false output');
			assert.equal(summary.macro_f1 < threshold, branch === 'alert', 'the branch matches the numbers');
		});
		await t.check('the disabled, unconnected Slack node never runs', () => {
			assert.equal(ctx.runCount('Send alert to Slack (connect me)'), 0);
		});
		if (branch === 'alert') {
			await t.check('Prepare alert writes a message naming the model and the scores', () => {
				assert.equal(ctx.runCount('Record new model'), 0);
				const items = ctx.items('Prepare alert');
				assert.equal(items.length, 1);
				assert.equal(items[0].model_id, summary.model_id);
				assert.equal(items[0].macro_f1, summary.macro_f1);
				assert.ok(items[0].text.includes(summary.model_id), 'text names the model');
				assert.ok(items[0].text.includes(String(summary.macro_f1)), 'text gives the macro F1');
				assert.ok(items[0].text.includes(String(threshold)), 'text gives the threshold');
				assert.ok(!/undefined|\[object Object\]/.test(items[0].text), 'every expression in the text resolved');
			});
		} else {
			await t.check('Record new model keeps the new model id and its scores', () => {
				assert.equal(ctx.runCount('Prepare alert'), 0);
				const items = ctx.items('Record new model');
				assert.equal(items.length, 1);
				const row = items[0];
				assert.equal(row.model_id, summary.model_id);
				assert.equal(row.task_id, summary.task_id);
				assert.equal(row.dataset_id, 'leads-sample');
				assert.equal(row.predict_fields, 'Positive Lead');
				assert.equal(row.macro_f1, summary.macro_f1);
				assert.equal(row.accuracy, summary.accuracy);
				assert.ok(!Number.isNaN(Date.parse(row.trained_at)), `trained_at is a date (${row.trained_at})`);
			});
		}
	};
}

// ------------------------------------------------------------------ sheet-to-metrics

/** The segment datasets start empty: the example fills them through Add Rows before training. */
function emptySegmentDatasets(sim) {
	for (const { id, segment } of SEGMENT_DATASETS) sim.addDataset({ id, name: `Leads, ${segment}`, rows: [] });
}

async function checkSheetToMetrics(ctx) {
	const { t } = ctx;
	await t.check('the stand-in sheet gives one item per segment', () => {
		assert.deepEqual(
			ctx.items('One item per segment').map((item) => item.segment),
			SEGMENT_DATASETS.map((s) => s.segment),
		);
	});
	const leadsPerSegment = await t.check('Add Rows put each segment\'s leads into its dataset, in batches, before any training', () => {
		const leads = ctx.items('Leads per segment (stand-in)');
		assert.equal(leads.length % SEGMENT_DATASETS.length, 0);
		const perSegment = leads.length / SEGMENT_DATASETS.length;
		const summaries = ctx.items('Add rows to segment datasets');
		assert.deepEqual(
			summaries.map((s) => [s.dataset_id, s.rows_sent]),
			SEGMENT_DATASETS.map((s) => [s.id, perSegment]),
		);
		const adds = ctx.requests.filter((entry) => entry.route === 'legacy' && entry.method === 'POST');
		assert.deepEqual([...new Set(adds.map((entry) => entry.body.id))].sort(), SEGMENT_DATASETS.map((s) => s.id).sort());
		assert.equal(adds.reduce((sum, entry) => sum + entry.body.rows.length, 0), leads.length, 'every lead sent once');
		const firstSubmit = ctx.requests.findIndex((entry) => entry.route === 'submit');
		const lastAdd = ctx.requests.lastIndexOf(adds[adds.length - 1]);
		assert.ok(lastAdd < firstSubmit, 'rows were added before the first training was submitted');
		return perSegment;
	});
	await t.check('Akkio got one training per segment dataset, on the rows just added', () => {
		const bodies = submits(ctx).map((entry) => entry.body);
		assert.deepEqual(bodies.map((b) => b.dataset_id).sort(), SEGMENT_DATASETS.map((s) => s.id).sort());
		for (const body of bodies) {
			assert.deepEqual(body.predict_fields, ['Positive Lead']);
			assert.equal(body.duration, 60);
		}
	});
	await t.check('Train per segment outputs per-class rows for every training', () => {
		const rows = ctx.items('Train per segment');
		assert.equal(rows.length, SEGMENT_DATASETS.length * 2, 'two classes (0 and 1) per segment');
		for (const row of rows) {
			assert.equal(row.field_name, 'Positive Lead');
			assert.ok(['0', '1'].includes(String(row.class_name)), `class ${row.class_name}`);
			assert.ok(isUnit(row.f1) && isUnit(row.precision) && isUnit(row.recall), 'scores within [0, 1]');
			assert.match(String(row.task_id), /^\S+$/);
		}
		// The holdout is a quarter of what was added: the model trained on the added rows.
		const support = rows.slice(0, 2).reduce((sum, row) => sum + row.count, 0);
		assert.ok(leadsPerSegment === undefined || support < leadsPerSegment, `holdout ${support} of ${leadsPerSegment} rows`);
	});
	await t.check('the Metrics rows name their segment, in the sheet order, one model per segment', () => {
		const rows = ctx.items('Rows for the Metrics sheet');
		assert.deepEqual(
			rows.map((row) => row.segment),
			SEGMENT_DATASETS.flatMap((s) => [s.segment, s.segment]),
		);
		const modelBySegment = new Map();
		for (const row of rows) {
			assert.deepEqual(
				Object.keys(row).sort(),
				['class', 'f1', 'model_id', 'precision', 'predicted_field', 'recall', 'segment', 'support', 'trained_at'],
				'exactly the sheet columns',
			);
			assert.equal(row.predicted_field, 'Positive Lead');
			assert.ok(Number.isInteger(row.support) && row.support > 0, `support ${row.support}`);
			assert.ok(isUnit(row.f1) && isUnit(row.precision) && isUnit(row.recall), 'scores within [0, 1]');
			assert.ok(!Number.isNaN(Date.parse(row.trained_at)));
			const seen = modelBySegment.get(row.segment);
			if (seen) assert.equal(row.model_id, seen, 'both classes of a segment come from one model');
			modelBySegment.set(row.segment, row.model_id);
		}
		assert.equal(new Set(modelBySegment.values()).size, SEGMENT_DATASETS.length, 'a distinct model per segment');
	});
}

// ------------------------------------------------------------------ crm-scoring

const SCORING_MODEL_ID = 'lead-scoring-model';

function seedScoringModel(sim) {
	if (!sim.getModel(SCORING_MODEL_ID)) sim.addModel({ id: SCORING_MODEL_ID, datasetId: 'leads-sample', predictFields: ['Positive Lead'] });
}

async function checkCrmScoring(ctx) {
	const { t } = ctx;
	const leads = ctx.items('One item per lead');
	await t.check('Score leads returns every lead unchanged, with its prediction, in order', () => {
		const scored = ctx.items('Score leads');
		assert.equal(scored.length, leads.length);
		scored.forEach((item, index) => {
			const { prediction, ...lead } = item;
			assert.deepEqual(lead, leads[index], 'the lead itself is untouched');
			assert.ok(['0', '1'].includes(prediction['Positive Lead']), `predicted ${prediction['Positive Lead']}`);
			const p = prediction.probabilities;
			assert.ok(isUnit(p['0']) && isUnit(p['1']) && Math.abs(p['0'] + p['1'] - 1) < 1e-6, 'probabilities sum to 1');
			assert.equal(prediction.confidence, p[prediction['Positive Lead']]);
		});
	});
	await t.check('the leads went to Akkio in one predict request, the key in its body', () => {
		const predicts = ctx.requests.filter((entry) => entry.route === 'legacy');
		assert.equal(predicts.length, 1);
		assert.equal(predicts[0].body.id, SCORING_MODEL_ID);
		assert.equal(predicts[0].body.data.length, leads.length);
		assert.equal(predicts[0].apiKeyIn, 'body');
	});
	await t.check('Fields for the CRM gives a 0-100 score per lead, highest for the engaged executive', () => {
		const rows = ctx.items('Fields for the CRM');
		assert.deepEqual(rows.map((row) => row.email), leads.map((lead) => lead.email));
		for (const row of rows) {
			assert.ok(Number.isInteger(row.lead_score) && row.lead_score >= 0 && row.lead_score <= 100, `lead_score ${row.lead_score}`);
			assert.equal(typeof row.likely_to_convert, 'boolean');
		}
		const [engaged, cold] = rows;
		assert.ok(engaged.lead_score > cold.lead_score, `${engaged.lead_score} > ${cold.lead_score}`);
	});
	await t.check('the disabled CRM update node only passes the rows on, as n8n does with disabled nodes', () => {
		assert.deepEqual(ctx.items('Update the CRM contact (connect me)'), ctx.items('Fields for the CRM'));
	});
}

// ------------------------------------------------------------------ submit-then-poll

async function checkSubmitThenPoll(ctx) {
	const { t } = ctx;
	const submitted = await t.check('Submit training returns at once with the task id', () => {
		const items = ctx.items('Submit training');
		assert.equal(items.length, 1);
		assert.equal(items[0].status, 'SUBMITTED');
		assert.equal(items[0].duration, 1800);
		assert.equal(routeCount(ctx, 'submit'), 1);
		return items[0];
	});
	const polls = await t.check('the Wait → Get Status → Done? loop ran until the training was done', () => {
		const count = ctx.runCount('Get status');
		assert.ok(count >= 2, `Get status ran ${count} times: the loop back to Wait was never taken`);
		assert.equal(ctx.runCount('Wait 5 minutes'), count, 'one wait before each status check');
		assert.equal(ctx.runCount('Done?'), count);
		for (let i = 0; i < count; i++) {
			const [status] = ctx.items('Get status', { run: i });
			assert.equal(status.task_id, submitted.task_id);
			const last = i === count - 1;
			assert.equal(status.done, last, `status check ${i + 1}: done = ${status.done} (${status.status})`);
			if (last) assert.equal(status.status, 'SUCCEEDED');
			assert.equal(ctx.items('Done?', { run: i, output: last ? 0 : 1 }).length, 1, `Done? run ${i + 1} took the ${last ? 'done' : 'loop'} branch`);
		}
		assert.equal(routeCount(ctx, 'status'), count, 'one status request per loop');
		return count;
	});
	await t.check(`Get result outputs the summary once (after ${polls || '?'} status checks)`, () => {
		assert.equal(ctx.runCount('Get result'), 1);
		const items = ctx.items('Get result');
		assert.equal(items.length, 1);
		assertSummary(items[0], { taskId: submitted.task_id, predictFields: ['Positive Lead'] });
		assert.equal(routeCount(ctx, 'result'), 1);
	});
}

// ------------------------------------------------------------------ chat-explore-report

const REPORT_ASK = 'Ask the sales data';
const REPORT_SLACK = 'Post the chart to Slack (connect me)';
const CHART_READER = 'Read the chart (e2e)';

/**
 * The e2e copy gets a Code node after the disabled Slack node that reads the chart's bytes the
 * way an attaching node does (helpers.getBinaryDataBuffer): so the check sees the file n8n hands
 * to the next node, not only its metadata.
 */
function addChartReader(workflow) {
	const jsCode = [
		'const items = $input.all();',
		'const out = [];',
		'for (let i = 0; i < items.length; i++) {',
		"  const buffer = await this.helpers.getBinaryDataBuffer(i, 'data');",
		"  out.push({ json: { fileName: items[i].binary.data.fileName, mimeType: items[i].binary.data.mimeType, base64: buffer.toString('base64') } });",
		'}',
		'return out;',
	].join('\n');
	workflow.nodes.push({ parameters: { jsCode }, id: 'e2e-read-chart', name: CHART_READER, type: 'n8n-nodes-base.code', typeVersion: 2, position: [720, 300] });
	workflow.connections[REPORT_SLACK] = { main: [[{ node: CHART_READER, type: 'main', index: 0 }]] };
}

async function checkChatExploreReport(ctx) {
	const { t, workflow } = ctx;
	const ask = findNode(workflow, (n) => n.name === REPORT_ASK, REPORT_ASK);
	const question = ask.parameters.question;
	const chat = await t.check('Akkio got the question about leads-sample, polled it and fetched its chat with a PNG chart', () => {
		const submits = ctx.requests.filter((entry) => entry.route === 'chat-submit');
		assert.equal(submits.length, 1);
		assert.equal(submits[0].body.dataset_id, 'leads-sample');
		assert.deepEqual(submits[0].body.messages, [{ role: 'user', content: question }]);
		assert.equal(submits[0].body.chatInstructions, ask.parameters.options.chatInstructions);
		assert.ok(routeCount(ctx, 'chat-status') >= 1, 'at least one status check');
		const fetched = ctx.requests.filter((entry) => entry.route === 'chat-result');
		assert.equal(fetched.length, 1);
		assert.equal(fetched[0].query.image_format, 'base64_png');
		return ctx.sim.chat(decodeURIComponent(fetched[0].path.split('/').pop()));
	});
	await t.check("Ask outputs Akkio's answer, its table and the chat", () => {
		const items = ctx.items(REPORT_ASK);
		assert.equal(items.length, 1);
		assert.equal(items[0].answer, chat.answer.content);
		assert.equal(items[0].chat_id, chat.chatId);
		assert.deepEqual(items[0].table, chat.answer.table);
		assert.deepEqual(items[0].messages, [
			{ role: 'user', content: question },
			{ role: 'assistant', content: chat.answer.content },
		]);
	});
	await t.check('the chart is binary data "data" on the answer item, a PNG named after the chat', () => {
		const [binary] = ctx.binaries(REPORT_ASK);
		assert.ok(binary && binary.data, 'the answer item has binary data under "data"');
		assert.equal(binary.data.mimeType, 'image/png');
		assert.equal(binary.data.fileName, `akkio-chart-${chat.chatId}.png`);
	});
	await t.check('the disabled Slack node passes the item and its chart on, as n8n does with disabled nodes', () => {
		assert.deepEqual(ctx.items(REPORT_SLACK), ctx.items(REPORT_ASK));
		const [binary] = ctx.binaries(REPORT_SLACK);
		assert.equal(binary && binary.data && binary.data.mimeType, 'image/png');
	});
	await t.check("the next node reads the chart's bytes: the PNG Akkio sent", () => {
		const items = ctx.items(CHART_READER);
		assert.equal(items.length, 1);
		assert.equal(items[0].mimeType, 'image/png');
		assert.equal(items[0].fileName, `akkio-chart-${chat.chatId}.png`);
		assert.equal(items[0].base64, barChartPng(chat.answer.chart.values).toString('base64'));
	});
}

const SCENARIOS = [
	{ example: 'train-and-wait.json', id: 'e2eTrainAndWait', check: checkTrainAndWait },
	{
		example: 'scheduled-retraining.json',
		id: 'e2eRetrainRecord',
		label: 'good model → record branch',
		tweak: setMinMacroF1(0),
		check: checkRetraining('record', 0),
	},
	{
		example: 'scheduled-retraining.json',
		id: 'e2eRetrainAlert',
		label: 'weak model → alert branch',
		tweak: setMinMacroF1(1.01),
		check: checkRetraining('alert', 1.01),
	},
	{ example: 'sheet-to-metrics.json', id: 'e2eSheetToMetrics', setup: emptySegmentDatasets, check: checkSheetToMetrics },
	{ example: 'crm-scoring.json', id: 'e2eCrmScoring', setup: seedScoringModel, check: checkCrmScoring },
	{ example: 'submit-then-poll.json', id: 'e2eSubmitThenPoll', check: checkSubmitThenPoll },
	{ example: 'chat-explore-report.json', id: 'e2eChatReport', tweak: addChartReader, check: checkChatExploreReport },
];

module.exports = { SCENARIOS, SEGMENT_DATASETS, assertSummary };
