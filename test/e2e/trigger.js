'use strict';

// The Akkio Trigger example activated in real n8n (`n8n start`, or queue mode's main process,
// whose executions run on the workers). n8n polls it every minute (its minimum) from the
// activation on: the poll that activation runs records the dataset's row count and fires
// nothing; rows added through Akkio's Add Rows route past the threshold make a later poll fire
// one execution, which trains and hands the summary to the IF; the polls after it fire nothing.
// Poll times are n8n's, so the waits are long: they only bound the wait, nothing is timed.

const assert = require('node:assert/strict');

const { waitFor } = require('./lib/proc');

const TRIGGER = 'n8n-nodes-akkio.akkioTrigger';
const TRAIN = 'n8n-nodes-akkio.akkioTrain';
const POLLS_WAIT = 5 * 60 * 1000; // a few of n8n's one-minute polls on a busy machine

/** The copy's changes: a poll every minute, 10-second trainings, no test clock on the trigger. */
function pollEveryMinute(workflow) {
	for (const node of workflow.nodes) {
		if (node.type === TRIGGER) {
			node.parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
			delete node.parameters.timeScale;
		}
		if (node.type === TRAIN) node.parameters.duration = 10;
	}
}

/**
 * `api` is a signed-in REST client of the n8n that runs the trigger, `readExecution(id)` reads an
 * execution back, `onWorker(id)` (queue mode) checks that a worker ran it.
 */
async function triggerChecks({ api, copy, sim, check, readExecution, onWorker }) {
	const trigger = copy.nodes.find((n) => n.type === TRIGGER);
	const train = copy.nodes.find((n) => n.type === TRAIN);
	const { value: dataset } = trigger.parameters.datasetId;
	const percent = trigger.parameters.minGrowth;
	// The trigger's poll reads the dataset (GET /v1/datasets?id=…); nothing else does meanwhile.
	const polls = (afterSeq) => sim.requests.filter((r) => r.seq > afterSeq && r.route === 'legacy' && r.method === 'GET' && r.query.id === dataset);
	const submits = (afterSeq) => sim.requests.filter((r) => r.seq > afterSeq && r.route === 'submit' && r.body.dataset_id === dataset);
	const executions = async () => (await api('GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: copy.id }))}`)).results;
	const name = copy.name.replace(/ \[.*$/, '');
	const start = sim.seq;

	const activated = await check(`${name}: activated, n8n polls: the first poll reads ${dataset}'s row count and fires nothing`, async () => {
		const { versionId } = await api('GET', `/rest/workflows/${copy.id}`);
		assert.equal((await api('POST', `/rest/workflows/${copy.id}/activate`, { versionId })).active, true);
		// n8n 2.x publishes the activation a moment after answering; then it polls once.
		await waitFor(() => polls(start).some((r) => r.finishedAt !== null), 'the poll of the activation', POLLS_WAIT, 500);
		// (Had it fired, the last check also sees a second execution.)
		assert.deepEqual(await executions(), [], 'no execution');
		return true;
	});
	if (!activated) return;

	const before = (await (await fetch(`${sim.url}/v1/datasets?${new URLSearchParams({ api_key: sim.apiKey, id: dataset })}`)).json()).rows;
	const added = Math.ceil((before * percent) / 100);
	const fired = await check(`${name}: ${added} rows added to ${before} (${percent} %, Add Rows): a later poll fires one execution; it trains ${dataset} and the IF gets the summary`, async () => {
		// Akkio's Add Rows (POST /v1/datasets), with copies of rows the dataset holds.
		const body = JSON.stringify({ api_key: sim.apiKey, id: dataset, rows: sim.datasets.get(dataset).rows.slice(0, added) });
		assert.equal((await fetch(`${sim.url}/v1/datasets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status, 200);
		const grown = sim.seq; // every poll from here on sees the rows
		const done = await waitFor(async () => (await executions()).find((e) => !['new', 'running', 'waiting'].includes(e.status)), `an execution of ${copy.id}`, POLLS_WAIT, 1000);
		if (onWorker) onWorker(done.id);
		const execution = await readExecution(done.id);
		assert.deepEqual([execution.status, execution.mode], ['success', 'trigger'], `execution ${done.id}: ${JSON.stringify(execution.data.resultData.error || '').slice(0, 300)}`);
		const { runData } = execution.data.resultData;
		const items = (name, output = 0) => ((runData[name] || [])[0]?.data?.main?.[output] || []).map((item) => item.json);
		const [item, ...more] = items(trigger.name);
		assert.equal(more.length, 0, 'one item');
		assert.deepEqual([item.dataset_id, item.rows_before, item.rows_now, item.rows_added], [dataset, before, before + added, added]);
		assert.ok(item.growth_percent >= percent, `growth_percent ${item.growth_percent}`);
		const [summary, ...others] = items(train.name);
		assert.equal(others.length, 0);
		assert.deepEqual([summary.status, submits(start).map((r) => r.body.duration)], ['SUCCEEDED', [10]], 'one 10 s training');
		const branches = [items('Macro F1 below threshold?', 0), items('Macro F1 below threshold?', 1)];
		assert.deepEqual(branches.flat(), [summary], 'the IF passed the summary on');
		assert.equal(items(branches[0].length ? 'Prepare alert' : 'Record new model')[0].model_id, summary.model_id, `the ${branches[0].length ? 'alert' : 'record'} branch names the model`);
		// The poll that fired: the last one before the training it started.
		const firing = polls(grown).filter((r) => r.seq < submits(grown)[0].seq).pop();
		assert.ok(firing, 'fired by a poll after the rows were added');
		return firing.seq;
	});
	await check(`${name}: the two polls after the one that fired fire nothing: still one execution, one training`, async () => {
		assert.ok(fired, 'nothing fired');
		// The second poll's request shows that the one before it (a minute earlier) has ended.
		await waitFor(() => polls(fired).length >= 2, 'two more polls', POLLS_WAIT, 1000);
		assert.equal((await executions()).length, 1, 'executions of the workflow');
		assert.equal(submits(start).length, 1, 'trainings');
	});
}

module.exports = { pollEveryMinute, triggerChecks };
