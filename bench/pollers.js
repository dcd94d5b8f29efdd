'use strict';
// The clients the benchmark compares. Each takes the simulator's address and a workload and
// resolves when every result (or prediction) is in. `k` is the time scale (real ms per Akkio
// ms). They run in the child process of bench/client.js, never beside the simulator.
const { runWorkflow, loadPackageNodes } = require('../test/harness/engine');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const PER_SECOND = 5;
const MODEL_ID = 'bench-scoring-model';

/**
 * The baselines' request budget, the rule the node follows, kept here so that they do not move
 * when the node changes: at most `perWindow` requests at once, a slot free again one window
 * after its answer arrived, so Akkio never sees more than `perWindow` starts in a window.
 */
function budget(perWindow, windowMs) {
	const freeAt = Array(perWindow).fill(-Infinity);
	let chain = Promise.resolve();
	let release;
	let released = new Promise((resolve) => (release = resolve));
	return (request) => {
		const slot = (chain = chain.then(async () => {
			while (Math.min(...freeAt) === Infinity) await released; // every slot in flight
			const i = freeAt.indexOf(Math.min(...freeAt));
			// A timer may fire up to a millisecond before its time: wait until the slot is really free.
			while (performance.now() < freeAt[i]) await sleep(Math.ceil(freeAt[i] - performance.now()));
			freeAt[i] = Infinity; // held until the answer arrives
			return i;
		}));
		return slot.then(async (i) => {
			try {
				return await request();
			} finally {
				freeAt[i] = performance.now() + windowMs;
				release();
				released = new Promise((resolve) => (release = resolve));
			}
		});
	};
}

function client(sim, k) {
	const slot = budget(PER_SECOND, 1000 * k);
	return (method, urlPath, body) =>
		slot(async () => {
			const headers = { 'Content-Type': 'application/json', ...(urlPath.startsWith('/v1/') ? {} : { 'X-API-Key': sim.apiKey }) };
			const response = await fetch(`${sim.url}${urlPath}`, { method, headers, body: body && JSON.stringify(body) });
			const json = await response.json();
			if (!response.ok) throw new Error(`${method} ${urlPath}: ${response.status} ${JSON.stringify(json)}`);
			return json;
		});
}

async function runNode(sim, nodeType, parameters, items) {
	const node = { id: 'akkio', name: 'Akkio', type: nodeType, typeVersion: 1, position: [0, 0], credentials: { akkioApi: { id: 'bench', name: 'bench' } }, parameters };
	const result = await runWorkflow({ nodes: [node], connections: {} }, { ...loadPackageNodes(), credentials: { akkioApi: { apiKey: sim.apiKey, baseUrl: sim.url } }, inputItems: items });
	if (result.status !== 'success') throw new Error(`node run failed: ${result.error && result.error.message}`);
	if (result.outputItems('Akkio').length !== items.length) throw new Error('the node lost items');
	return items.length;
}

const POLLERS = {
	/** This node: Akkio Train with Wait for Completion on every item. */
	nodePoller: (sim, { tasks, k }) =>
		runNode(sim, 'n8n-nodes-akkio.akkioTrain', { operation: 'train', datasetId: 'leads-sample', predictFields: '={{ $json.field }}', duration: '={{ $json.duration }}', waitForCompletion: true, timeScale: k }, tasks.map((json) => ({ json }))),
	/** The duration-aware simple poller: each task sleeps its duration after the submit, then checks every second. */
	async simplePoller(sim, { tasks, k }) {
		const request = client(sim, k);
		await Promise.all(
			tasks.map(async (task) => {
				const { task_id: id } = await request('POST', '/api/v1/models/train/new', { dataset_id: 'leads-sample', predict_fields: [task.field], duration: task.duration });
				await sleep(task.duration * 1000 * k);
				while ((await request('GET', `/api/v1/models/train/${id}/status`)).status !== 'SUCCEEDED') await sleep(1000 * k);
				await request('GET', `/api/v1/models/train/${id}/result`);
			}),
		);
		return tasks.length;
	},
	/** This node: Akkio → Model → Predict, default batch size (100 rows). */
	nodePredict: (sim, { items, k }) => runNode(sim, 'n8n-nodes-akkio.akkio', { resource: 'model', operation: 'predict', modelId: { __rl: true, mode: 'id', value: MODEL_ID }, timeScale: k }, items),
	/** A plain loop: one batch of 100 at a time. */
	async sequentialPredict(sim, { items, k }) {
		const request = client(sim, k);
		for (let i = 0; i < items.length; i += 100) await request('POST', '/v1/models', { api_key: sim.apiKey, id: MODEL_ID, data: items.slice(i, i + 100).map((item) => item.json) });
		return items.length;
	},
};

module.exports = { POLLERS, MODEL_ID };
