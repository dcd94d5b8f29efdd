'use strict';
// One measured client run, in a child process of its own (forked by bench/measure.js), so that
// process.cpuUsage() and the memory figures are the client's alone: the simulator runs in the
// parent. Sequence: warm up against a private simulator (module loading and JIT, unmeasured),
// report 'ready', take the baseline (after a full GC), run the client against the parent's
// simulator, report the figures, exit.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { startSimulator, generateLeadRows } = require('../test/simulator');
const { POLLERS, MODEL_ID } = require('./pollers');

const WARM_SCALE = 0.001;
/** monitorEventLoopDelay samples with a timer this often; what it records includes the period. */
const LOOP_RESOLUTION_MS = 10;
const loopDelayMs = (ns) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);

function workload(job) {
	if (job.predictItems) {
		const items = generateLeadRows({ count: job.predictItems, seed: 5 }).map((json) => ({ json }));
		return { items, k: job.k };
	}
	return { tasks: job.tasks, k: job.k, intervalSeconds: job.intervalSeconds };
}

async function warmUp(job) {
	const sim = await startSimulator({ timeScale: WARM_SCALE });
	try {
		if (job.predictItems) {
			sim.addModel({ id: MODEL_ID, datasetId: 'leads-sample', predictFields: ['Positive Lead'] });
			await POLLERS[job.poller](sim, { items: generateLeadRows({ count: 250, seed: 9 }).map((json) => ({ json })), k: WARM_SCALE });
		} else {
			const tasks = [10, 60].map((duration) => ({ duration, field: 'Positive Lead' }));
			await POLLERS[job.poller](sim, { tasks, k: WARM_SCALE, intervalSeconds: 5 });
		}
	} finally {
		await sim.close();
	}
}

async function measure(job) {
	const input = workload(job);
	global.gc();
	const memory = () => process.memoryUsage();
	const before = memory();
	let peakRss = before.rss;
	let peakHeap = before.heapUsed;
	const sampler = setInterval(() => {
		const now = memory();
		peakRss = Math.max(peakRss, now.rss);
		peakHeap = Math.max(peakHeap, now.heapUsed);
	}, 100);
	const lag = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
	lag.enable();
	const cpuBefore = process.cpuUsage();
	const startedEpochMs = performance.timeOrigin + performance.now();
	const started = performance.now();
	const count = await POLLERS[job.poller]({ url: job.url, apiKey: job.apiKey }, input);
	const realMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	lag.disable();
	clearInterval(sampler);
	const after = memory();
	return {
		count,
		startedEpochMs,
		realMs,
		cpuUserMs: cpu.user / 1000,
		cpuSystemMs: cpu.system / 1000,
		rssBefore: before.rss,
		rssPeakSampled: Math.max(peakRss, after.rss),
		maxRss: process.resourceUsage().maxRSS * 1024,
		heapBefore: before.heapUsed,
		heapPeakSampled: Math.max(peakHeap, after.heapUsed),
		loopDelayMs: { p50: loopDelayMs(lag.percentile(50)), p99: loopDelayMs(lag.percentile(99)), max: loopDelayMs(lag.max) },
	};
}

process.once('message', async (job) => {
	try {
		await warmUp(job);
		process.send({ type: 'ready' });
		const go = await new Promise((resolve) => process.once('message', resolve));
		const result = await measure({ ...job, ...go });
		process.send({ type: 'done', result }, () => process.exit(0));
	} catch (error) {
		process.send({ type: 'error', message: error.stack || String(error) }, () => process.exit(1));
	}
});
