'use strict';
// One measurement: a fresh simulator in this process, the client in a child process
// (bench/client.js), every figure read off the simulator's request log as Akkio sees it. Times in
// the figures are Akkio seconds (real ms / 1000 / time scale).
const path = require('node:path');
const { fork } = require('node:child_process');
const { startSimulator } = require('../test/simulator');
const { MODEL_ID } = require('./pollers');

function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

/** Runs the client in a child process; `onReady(child)` starts it. Resolves with its own figures. */
function runChild(job, onReady) {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, 'client.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		child.on('message', (message) => {
			if (message.type === 'ready') onReady(child);
			else if (message.type === 'done') resolve(message.result);
			else reject(new Error(`client ${job.poller}: ${message.message}`));
		});
		child.on('exit', (code) => reject(new Error(`client ${job.poller} exited with ${code} before reporting`)));
		child.send(job);
	});
}

/** Detection latency per training: from its end to the answer of its first result download. */
function trainingFigures(sim, k) {
	const latencies = sim.trainings.map((training) => {
		const result = sim.requests.find((r) => r.route === 'result' && r.status === 200 && r.path.includes(`/${training.taskId}/`));
		if (!result) throw new Error(`no result downloaded for task ${training.taskId}`);
		return (result.finishedAt - sim.taskDoneAt(training.taskId)) / 1000 / k;
	});
	return { tasks: sim.trainings.length, requestsPerTask: sim.requests.length / sim.trainings.length, latencyP50: percentile(latencies, 50), latencyP95: percentile(latencies, 95) };
}

/** spec: { poller, k, tasks? | predictItems? and batchSize?, estimates?, latencySeconds? } */
async function measure(spec) {
	const { k } = spec;
	const sim = await startSimulator({ timeScale: k, estimates: spec.estimates || 'accurate', latencyMs: (spec.latencySeconds || 0) * 1000 * k });
	if (spec.predictItems) sim.addModel({ id: MODEL_ID, datasetId: 'leads-sample', predictFields: ['Positive Lead'] });
	try {
		const client = await runChild({ poller: spec.poller, k, tasks: spec.tasks, predictItems: spec.predictItems }, (child) => {
			sim.clearLog();
			child.send({ url: sim.url, apiKey: sim.apiKey });
		});
		const starts = sim.requests.map((r) => r.startedAt);
		const wall = (Math.max(...sim.requests.map((r) => r.finishedAt ?? r.startedAt)) - Math.min(...starts)) / 1000 / k;
		const figures = spec.predictItems ? { requests: sim.requests.length, requestsPerTask: sim.requests.length / Math.ceil(spec.predictItems / spec.batchSize) } : trainingFigures(sim, k);
		const failed = sim.requests.filter((r) => !(r.status >= 200 && r.status < 300)).length;
		return { poller: spec.poller, timeScale: k, wall, ...figures, peakPerSecond: sim.peakRequestsPerWindow(1000 * k), failedRequests: failed, client };
	} finally {
		await sim.close();
	}
}

module.exports = { measure, percentile };
