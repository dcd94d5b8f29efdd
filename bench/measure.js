'use strict';
// One measurement: a fresh simulator in this process, the client in a fresh child process
// (bench/client.js), and every figure read off the simulator's request log, as Akkio would
// see it. Times in the figures are Akkio seconds (real ms / 1000 / time scale).
const os = require('node:os');
const path = require('node:path');
const { fork } = require('node:child_process');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { startSimulator } = require('../test/simulator');
const { MODEL_ID } = require('./pollers');
const { median } = require('./floor');

/** monitorEventLoopDelay samples with a timer this often; what it records includes the period. */
const LOOP_RESOLUTION_MS = 10;
const loopDelayMs = (ns) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);

function percentile(values, p) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs the client in a child process: resolves with its own figures (CPU, memory, timing). */
function runChild(job) {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, 'client.js'), [], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		let settled = false;
		const finish = (fn, value) => {
			if (!settled) {
				settled = true;
				fn(value);
			}
		};
		child.on('message', (message) => {
			if (message.type === 'ready') job.onReady(child);
			else if (message.type === 'done') finish(resolve, message.result);
			else if (message.type === 'error') finish(reject, new Error(`client ${job.poller}: ${message.message}`));
		});
		child.on('exit', (code) => finish(reject, new Error(`client ${job.poller} exited with ${code} before reporting`)));
		child.on('error', (error) => finish(reject, error));
		child.send(job.spec);
	});
}

function trainingFigures(sim, k, taskCount) {
	const toSeconds = (ms) => ms / 1000 / k;
	const requests = sim.requests;
	const firstResult = new Map();
	/** Each task's last status check before its first result download: the one that saw the end. */
	const seenDone = new Map();
	for (const entry of requests) {
		const match = /^\/api\/v1\/models\/train\/([^/]+)\/(status|result)$/.exec(entry.path);
		if (!match || firstResult.has(match[1])) continue;
		const [, taskId, route] = match;
		if (route === 'status') seenDone.set(taskId, entry);
		else if (entry.status === 200) firstResult.set(taskId, entry);
	}
	const byDuration = {};
	const partsByDuration = {};
	const latencies = sim.trainings.map((training) => {
		const result = firstResult.get(training.taskId);
		if (!result) throw new Error(`no result downloaded for task ${training.taskId}`);
		const doneAt = sim.taskDoneAt(training.taskId);
		const latency = toSeconds(result.finishedAt - doneAt);
		(byDuration[training.payload.duration] ||= []).push(latency);
		// Where the latency went: the check that saw the end came late, or the result waited.
		const seen = seenDone.get(training.taskId);
		if (seen) {
			const parts = (partsByDuration[training.payload.duration] ||= { checkAfterEnd: [], resultWaited: [] });
			parts.checkAfterEnd.push(toSeconds(seen.startedAt - doneAt));
			parts.resultWaited.push(toSeconds(result.startedAt - (seen.finishedAt ?? seen.startedAt)));
		}
		return latency;
	});
	if (sim.trainings.length !== taskCount) throw new Error(`${sim.trainings.length} trainings for ${taskCount} tasks`);
	const routes = {};
	for (const entry of requests) routes[entry.route] = (routes[entry.route] || 0) + 1;
	return {
		tasks: taskCount,
		requests: requests.length,
		requestsPerTask: requests.length / taskCount,
		routes,
		latencyP50: percentile(latencies, 50),
		latencyP95: percentile(latencies, 95),
		latencyMax: Math.max(...latencies),
		/** Median latency of the trainings of each duration: where the waiting is. */
		latencyP50ByDuration: Object.fromEntries(Object.entries(byDuration).map(([duration, values]) => [duration, percentile(values, 50)])),
		/**
		 * Per duration, the medians of the two parts of the latency: from the training's end to the
		 * status check that saw it, and from that check's answer to the result download's start.
		 */
		latencyPartsByDuration: Object.fromEntries(
			Object.entries(partsByDuration).map(([duration, parts]) => [
				duration,
				{ checkAfterEnd: percentile(parts.checkAfterEnd, 50), resultWaited: percentile(parts.resultWaited, 50) },
			]),
		),
	};
}

function predictFigures(sim, itemCount, batchSize) {
	const batches = Math.ceil(itemCount / batchSize);
	return { items: itemCount, batches, requests: sim.requests.length, requestsPerBatch: sim.requests.length / batches };
}

/**
 * spec: { poller, k, tasks? | predictItems? and batchSize?, estimates?, latencySeconds?, intervalSeconds? }.
 * Resolves with the figures of the run.
 */
async function measure(spec) {
	const { k } = spec;
	const sim = await startSimulator({
		timeScale: k,
		estimates: spec.estimates || 'accurate',
		seed: 7,
		latencyMs: (spec.latencySeconds || 0) * 1000 * k,
	});
	if (spec.predictItems) sim.addModel({ id: MODEL_ID, datasetId: 'leads-sample', predictFields: ['Positive Lead'] });
	const lag = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
	let loadStart;
	let realStart;
	try {
		const client = await runChild({
			poller: spec.poller,
			spec: { poller: spec.poller, k, tasks: spec.tasks, predictItems: spec.predictItems, intervalSeconds: spec.intervalSeconds },
			onReady: (child) => {
				sim.clearLog();
				loadStart = os.loadavg();
				realStart = Date.now();
				lag.enable();
				child.send({ url: sim.url, apiKey: sim.apiKey });
			},
		});
		lag.disable();
		const loadEnd = os.loadavg();
		const toSeconds = (ms) => ms / 1000 / k;
		const requests = sim.requests;
		if (!requests.length) throw new Error(`${spec.poller}: no request reached the simulator`);
		const started = Math.min(...requests.map((r) => r.startedAt));
		const finished = Math.max(...requests.map((r) => r.finishedAt ?? r.startedAt));
		const figures = spec.predictItems ? predictFigures(sim, spec.predictItems, spec.batchSize) : trainingFigures(sim, k, spec.tasks.length);
		return {
			poller: spec.poller,
			timeScale: k,
			// From the client's first request to the last answer: what the client does before its
			// first request (reading parameters) is shown apart, in real ms.
			wall: toSeconds(finished - started),
			...figures,
			peakPerSecond: sim.peakRequestsPerWindow(1000 * k),
			serviceMedian: toSeconds(median(requests.map((r) => (r.finishedAt ?? r.startedAt) - r.startedAt))),
			failedRequests: requests.filter((r) => !(r.status >= 200 && r.status < 300)).length,
			beforeFirstRequestMs: performance.timeOrigin + started - client.startedEpochMs,
			client,
			cpuPercentOfOneCore: (100 * (client.cpuUserMs + client.cpuSystemMs)) / client.realMs,
			simulatorLoopDelayMs: { p99: loopDelayMs(lag.percentile(99)), max: loopDelayMs(lag.max) },
			loadavg: { start: loadStart, end: loadEnd },
			startedAt: new Date(realStart).toISOString(),
			realSeconds: (Date.now() - realStart) / 1000,
		};
	} finally {
		lag.disable();
		await sim.close();
	}
}

module.exports = { measure, percentile };
