'use strict';
// One measured client run in a child process of its own (forked by bench/measure.js), so that
// its CPU and memory are the client's alone: warm up against a private simulator, report
// 'ready', run against the parent's simulator, report the figures, exit.
const { startSimulator, generateLeadRows } = require('../test/simulator');
const { POLLERS, MODEL_ID } = require('./pollers');

const itemsOf = (count, seed) => generateLeadRows({ count, seed }).map((json) => ({ json }));
const workload = (job, warm) =>
	job.predictItems ? { items: itemsOf(warm ? 250 : job.predictItems, 5), k: warm ? 0.001 : job.k } : { tasks: warm ? [{ duration: 10, field: 'Plan' }] : job.tasks, k: warm ? 0.001 : job.k };

process.once('message', async (job) => {
	try {
		const warm = await startSimulator({ timeScale: 0.001 });
		warm.addModel({ id: MODEL_ID, datasetId: 'leads-sample', predictFields: ['Positive Lead'] });
		await POLLERS[job.poller](warm, workload(job, true));
		await warm.close();
		process.send({ type: 'ready' });
		const sim = await new Promise((resolve) => process.once('message', resolve));
		const cpu = process.cpuUsage();
		const started = performance.now();
		await POLLERS[job.poller](sim, workload(job, false));
		const realMs = performance.now() - started;
		const used = process.cpuUsage(cpu);
		const result = { realMs, cpuPercentOfOneCore: (100 * (used.user + used.system)) / 1000 / realMs, maxRssMb: process.resourceUsage().maxRSS / 1024 };
		process.send({ type: 'done', result }, () => process.exit(0));
	} catch (error) {
		process.send({ type: 'error', message: error.stack || String(error) }, () => process.exit(1));
	}
});
