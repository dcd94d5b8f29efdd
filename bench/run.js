'use strict';
// npm run bench: how fast, how cheap and how gentle the node's waiting is, against two other
// ways of waiting, on the Akkio simulator running k times faster than real time. Every figure
// is converted back to real-time seconds. Prints a markdown table and writes
// bench/results.md and bench/results.json. Figures, not pass/fail: the machine is shared.
const fs = require('node:fs');
const path = require('node:path');
const { startSimulator } = require('../test/simulator');
const { nodePoller, fixedIntervalPoller, handBuiltLoop, intervalForRequests } = require('./pollers');

const K = Number(process.env.BENCH_TIME_SCALE || 0.02);
const QUICK = process.argv.includes('--quick');

const MIXED = [10, 60, 300];
const mixed = (count) =>
	Array.from({ length: count }, (_, i) => ({ duration: MIXED[i % 3], field: i % 2 ? 'Plan' : 'Positive Lead' }));

const SCENARIOS = [
	...['accurate', 'noisy', 'absent'].map((estimates) => ({
		name: `100 tasks, mixed 10/60/300 s, estimates ${estimates}`,
		tasks: mixed(QUICK ? 30 : 100),
		estimates,
		handBuiltTasks: 20,
	})),
	...['accurate', 'noisy', 'absent'].map((estimates) => ({
		name: `one task of each duration, estimates ${estimates}`,
		tasks: MIXED.map((duration) => ({ duration, field: 'Positive Lead' })),
		estimates,
		handBuiltTasks: 3,
	})),
	{ name: '20 tasks, mixed 10/60/300 s, estimates accurate', tasks: mixed(20), estimates: 'accurate', handBuiltTasks: 20 },
];

function percentile(values, p) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs one poller on a fresh simulator and reads the figures off the simulator's log. */
async function measure(poller, tasks, estimates, options) {
	const sim = await startSimulator({ timeScale: K, estimates, seed: 7 });
	try {
		await poller(sim, tasks, { k: K, ...options });
		// From the poller's first request: the node reads and checks every item's parameters
		// before sending anything, a few milliseconds of n8n's expression engine that this
		// time scale would otherwise inflate into seconds.
		const started = Math.min(...sim.requests.map((r) => r.startedAt));
		const finished = Math.max(...sim.requests.map((r) => r.finishedAt ?? r.startedAt));
		const wallMs = finished - started;
		const toSeconds = (ms) => ms / 1000 / K;
		const latencies = sim.trainings.map((training) => {
			const result = sim.requests.find((r) => r.route === 'result' && r.path.includes(training.taskId));
			return toSeconds(result.finishedAt - sim.taskDoneAt(training.taskId));
		});
		const longest = Math.max(...sim.trainings.map((t) => toSeconds(sim.taskDoneAt(t.taskId) - started)));
		const longestTraining = Math.max(...sim.trainings.map((t) => toSeconds(sim.taskDoneAt(t.taskId) - t.createdAt)));
		return {
			tasks: tasks.length,
			wall_s: toSeconds(wallMs),
			longest_task_end_s: longest,
			longest_training_s: longestTraining,
			requests: sim.requests.length,
			requests_per_task: sim.requests.length / tasks.length,
			latency_p50_s: percentile(latencies, 50),
			latency_p95_s: percentile(latencies, 95),
			peak_per_s: sim.peakRequestsPerWindow(1000 * K),
		};
	} finally {
		await sim.close();
	}
}

const round = (value, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

async function main() {
	console.log(`Akkio simulator at ${K * 1000} ms per Akkio second; figures in real-time seconds.\n`);
	// The first run in a process loads n8n-core and compiles the node: at this time scale a
	// few hundred milliseconds would count as many seconds. Warm up first, unmeasured.
	await measure(nodePoller, [{ duration: 10, field: 'Positive Lead' }], 'accurate', {});
	const handBuiltCache = new Map();
	const rows = [];
	for (const scenario of SCENARIOS) {
		const node = await measure(nodePoller, scenario.tasks, scenario.estimates, {});
		const interval = intervalForRequests(scenario.tasks, node.requests);
		const fixed = await measure(fixedIntervalPoller, scenario.tasks, scenario.estimates, { intervalSeconds: interval });
		// The hand-built loop never reads estimates, and takes the sum of all trainings: it runs
		// on the first N tasks once per task list.
		const handTasks = scenario.tasks.slice(0, scenario.handBuiltTasks);
		const key = JSON.stringify(handTasks);
		if (!handBuiltCache.has(key)) handBuiltCache.set(key, await measure(handBuiltLoop, handTasks, 'absent', {}));
		const hand = handBuiltCache.get(key);
		const entry = { scenario: scenario.name, fixed_interval_s: round(interval, 2), node, fixed, hand };
		rows.push(entry);
		console.log(`${scenario.name}: node ${round(node.wall_s)} s, ${round(node.requests_per_task, 2)} req/task, p50 ${round(node.latency_p50_s, 2)} s`);
	}

	const header =
		'| scenario | poller | tasks | wall (s) | longest task ends (s) | requests/task | latency p50 (s) | latency p95 (s) | peak req/s |\n' +
		'|---|---|---:|---:|---:|---:|---:|---:|---:|';
	const line = (scenario, name, m) =>
		`| ${scenario} | ${name} | ${m.tasks} | ${round(m.wall_s)} | ${round(m.longest_task_end_s)} | ${round(m.requests_per_task, 2)} | ${round(m.latency_p50_s, 2)} | ${round(m.latency_p95_s, 2)} | ${m.peak_per_s} |`;
	const table = [header];
	for (const row of rows) {
		table.push(line(row.scenario, '**this node**', row.node));
		table.push(line('', `fixed interval ${row.fixed_interval_s} s, same requests`, row.fixed));
		table.push(line('', 'hand-built loop, 5 s Wait, one item at a time', row.hand));
	}

	const checks = [];
	const twenty = rows.find((r) => r.scenario.startsWith('20 tasks'));
	for (const row of rows.filter((r) => r.scenario.startsWith('100 tasks'))) {
		// "The longest task": its training budget (300 s), or when it really ended in this run
		// (after its submit waited its turn in the budget).
		const byBudget = 1.05 * row.node.longest_training_s + 2;
		const byRun = 1.05 * row.node.longest_task_end_s + 2;
		checks.push([`${row.scenario}: wall ≤ 1.05 × the longest training + 2 s (${round(byBudget)} s)`, round(row.node.wall_s), row.node.wall_s <= byBudget]);
		checks.push([`${row.scenario}: wall ≤ 1.05 × the longest training's end in this run + 2 s (${round(byRun)} s)`, round(row.node.wall_s), row.node.wall_s <= byRun]);
		checks.push([`${row.scenario}: peak ≤ 5 req/s`, row.node.peak_per_s, row.node.peak_per_s <= 5]);
	}
	for (const row of rows) {
		const ratio = row.node.latency_p50_s / row.fixed.latency_p50_s;
		checks.push([`${row.scenario}: median latency ≤ 0.5 × fixed interval at equal requests`, round(ratio, 2), ratio <= 0.5]);
	}
	for (const row of rows.filter((r) => r.scenario.endsWith('accurate'))) {
		checks.push([`${row.scenario}: ≤ 4 requests per task`, round(row.node.requests_per_task, 2), row.node.requests_per_task <= 4]);
	}
	const wallRatio = twenty.node.wall_s / twenty.hand.wall_s;
	checks.push(['20 tasks: wall ratio vs hand-built loop ≤ 0.1', round(wallRatio, 3), wallRatio <= 0.1]);

	const targets = ['| target | measured | met |', '|---|---:|:---:|', ...checks.map(([name, value, ok]) => `| ${name} | ${value} | ${ok ? 'yes' : '**no**'} |`)];
	const markdown = `Time scale: 1 Akkio second = ${K * 1000} ms. All figures are real-time equivalents.\n\n${table.join('\n')}\n\n${targets.join('\n')}\n`;
	console.log(`\n${markdown}`);
	if (!QUICK) {
		fs.writeFileSync(path.join(__dirname, 'results.md'), markdown);
		fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify({ timeScale: K, rows, checks }, null, 2)}\n`);
		console.log('Written: bench/results.md, bench/results.json');
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
