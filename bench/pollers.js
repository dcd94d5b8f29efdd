'use strict';
// The clients the benchmark compares. Each takes the simulator's address and a workload and
// resolves when every result (or prediction) is in. Times are in real milliseconds; `k` is the
// time scale (real ms per Akkio ms), so `seconds * 1000 * k` is a wait of `seconds` Akkio
// seconds. They run in the child process of bench/client.js, never beside the simulator.
const { runWorkflow, loadPackageNodes } = require('../test/harness/engine');
const { Budget } = require('./budget');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const PER_SECOND = 5;

function payload(task) {
	return { dataset_id: 'leads-sample', predict_fields: [task.field], duration: task.duration };
}

/** Plain HTTP client for the hand-written clients, optionally under a request budget. */
function client(sim, budget) {
	const send = async (method, urlPath, body) => {
		const headers = { 'Content-Type': 'application/json' };
		if (!urlPath.startsWith('/v1/')) headers['X-API-Key'] = sim.apiKey;
		const response = await fetch(`${sim.url}${urlPath}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
		const json = await response.json();
		if (!response.ok) throw new Error(`${method} ${urlPath}: ${response.status} ${JSON.stringify(json)}`);
		return json;
	};
	return budget ? (...args) => budget.run(() => send(...args)) : send;
}

async function runNode(sim, parameters, items) {
	const workflow = {
		nodes: [
			{
				id: 'akkio',
				name: 'Akkio',
				type: parameters.nodeType,
				typeVersion: 1,
				position: [0, 0],
				credentials: { akkioApi: { id: 'bench', name: 'bench' } },
				parameters: parameters.values,
			},
		],
		connections: {},
	};
	const result = await runWorkflow(workflow, {
		...loadPackageNodes(),
		credentials: { akkioApi: { apiKey: sim.apiKey, baseUrl: sim.url } },
		inputItems: items,
	});
	if (result.status !== 'success') throw new Error(`node run failed: ${result.error && result.error.message}`);
	const output = result.outputItems('Akkio');
	if (output.length !== items.length) throw new Error(`node returned ${output.length} items for ${items.length}`);
	return output.length;
}

// ---------------------------------------------------------------- trainings

/** This node, in n8n-core's engine: Akkio Train with Wait for Completion on every item. */
async function nodePoller(sim, { tasks, k }) {
	return await runNode(
		sim,
		{
			nodeType: 'n8n-nodes-akkio.akkioTrain',
			values: {
				operation: 'train',
				datasetId: 'leads-sample',
				predictFields: '={{ $json.field }}',
				duration: '={{ $json.duration }}',
				waitForCompletion: true,
				output: 'summary',
				options: { maxRequestsPerSecond: PER_SECOND },
				timeScale: k,
			},
		},
		tasks.map((task) => ({ json: task })),
	);
}

/** Submit, wait `firstWaitMs`, then check every `intervalMs` until done; download the result. */
async function submitAndPoll(request, task, firstWaitMs, intervalMs) {
	const { task_id: taskId } = await request('POST', '/api/v1/models/train/new', payload(task));
	await sleep(firstWaitMs);
	for (;;) {
		const status = await request('GET', `/api/v1/models/train/${taskId}/status`);
		if (status.status === 'SUCCEEDED') break;
		if (status.status === 'FAILED') throw new Error(status.metadata.error);
		await sleep(intervalMs);
	}
	await request('GET', `/api/v1/models/train/${taskId}/result`);
}

/**
 * The duration-aware simple poller: all tasks at once under the same budget; each sleeps its
 * training budget after the submit answer, then checks every second until done.
 */
async function simplePoller(sim, { tasks, k }) {
	const request = client(sim, new Budget(PER_SECOND, 1000 * k));
	await Promise.all(tasks.map((task) => submitAndPoll(request, task, task.duration * 1000 * k, 1000 * k)));
	return tasks.length;
}

/** Fixed interval, all tasks concurrently, same budget: every task is checked every T seconds. */
async function fixedIntervalPoller(sim, { tasks, k, intervalSeconds }) {
	const request = client(sim, new Budget(PER_SECOND, 1000 * k));
	const interval = intervalSeconds * 1000 * k;
	await Promise.all(tasks.map((task) => submitAndPoll(request, task, interval, interval)));
	return tasks.length;
}

/**
 * What people build by hand in n8n today: the items go through one at a time (a Loop Over
 * Items), an HTTP Request submits, a Wait node pauses 5 s, another HTTP Request checks the
 * status, an IF loops back until done, a last HTTP Request gets the result.
 */
async function handBuiltLoop(sim, { tasks, k }) {
	const request = client(sim);
	const wait = 5 * 1000 * k;
	for (const task of tasks) await submitAndPoll(request, task, wait, wait);
	return tasks.length;
}

/**
 * The interval at which a fixed poller spends about `requests` requests on these tasks:
 * per task one submit, one result, and one check per interval until the training ends.
 */
function intervalForRequests(tasks, requests) {
	const spent = (interval) =>
		tasks.reduce((sum, task) => sum + 2 + Math.ceil((task.duration * (1 + 1e-9)) / interval), 0);
	let low = 0.05;
	let high = 10000;
	for (let i = 0; i < 60; i++) {
		const mid = Math.sqrt(low * high);
		if (spent(mid) > requests) low = mid;
		else high = mid;
	}
	return high;
}

// ---------------------------------------------------------------- Predict

const MODEL_ID = 'bench-scoring-model';

/** This node: Akkio → Model → Predict on every item, default batch size (100 rows). */
async function nodePredict(sim, { items, k }) {
	return await runNode(
		sim,
		{
			nodeType: 'n8n-nodes-akkio.akkio',
			values: {
				resource: 'model',
				operation: 'predict',
				modelId: { __rl: true, mode: 'id', value: MODEL_ID },
				options: { maxRequestsPerSecond: PER_SECOND },
				timeScale: k,
			},
		},
		items,
	);
}

function predictBatches(items, batchSize) {
	const batches = [];
	for (let start = 0; start < items.length; start += batchSize) batches.push(items.slice(start, start + batchSize).map((item) => item.json));
	return batches;
}

/** A plain loop: one batch at a time, same budget. */
async function sequentialPredict(sim, { items, k, batchSize = 100 }) {
	const request = client(sim, new Budget(PER_SECOND, 1000 * k));
	let predicted = 0;
	for (const data of predictBatches(items, batchSize)) {
		const answer = await request('POST', '/v1/models', { api_key: sim.apiKey, id: MODEL_ID, data });
		predicted += answer.predictions.length;
	}
	return predicted;
}

/** Every batch queued on the same budget at once (five in flight), answers kept in order. */
async function concurrentPredict(sim, { items, k, batchSize = 100 }) {
	const request = client(sim, new Budget(PER_SECOND, 1000 * k));
	const answers = await Promise.all(
		predictBatches(items, batchSize).map((data) => request('POST', '/v1/models', { api_key: sim.apiKey, id: MODEL_ID, data })),
	);
	return answers.reduce((sum, answer) => sum + answer.predictions.length, 0);
}

const POLLERS = { nodePoller, simplePoller, fixedIntervalPoller, handBuiltLoop, nodePredict, sequentialPredict, concurrentPredict };

module.exports = { POLLERS, intervalForRequests, MODEL_ID };
