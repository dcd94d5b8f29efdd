'use strict';
// npm run bench: how fast, how cheap and how gentle the node's waiting is, beside the physical
// floor (bench/floor.js) and other ways of waiting, on the Akkio simulator. Prints markdown;
// a full run also writes bench/results.md and bench/results.json. Figures, not pass/fail: the
// machine is shared. See docs/benchmark.md.
//
//   node bench/run.js [--only=id,id] [--runs=3] [--scale=0.1] [--clients=node,simple] [--list]
//                     [--out=file.md] [--render=results.json [--headline] [--add=later.json] [--out=…]]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SCENARIOS, DEFAULT_SCALE, estimateSeconds } = require('./scenarios');
const { measure, percentile } = require('./measure');
const { intervalForRequests } = require('./pollers');
const { computeFloor, trainingTask, singleRequestTask } = require('./floor');
const { renderReport, headline } = require('./report');

const POLLER_OF = {
	node: (scenario) => (scenario.predictItems ? 'nodePredict' : 'nodePoller'),
	simple: () => 'simplePoller',
	fixed: () => 'fixedIntervalPoller',
	hand: () => 'handBuiltLoop',
	sequential: () => 'sequentialPredict',
	concurrent: () => 'concurrentPredict',
};

function parseArgs(argv) {
	const args = { runs: 3, scale: DEFAULT_SCALE, only: null, clients: null, list: false, out: null, render: null, headline: false, add: null };
	for (const arg of argv) {
		const [flag, value] = arg.split('=', 2);
		if (flag === '--runs') args.runs = Number(value);
		else if (flag === '--scale') args.scale = Number(value);
		else if (flag === '--only') args.only = value.split(',');
		else if (flag === '--clients') args.clients = value.split(',');
		else if (flag === '--out') args.out = value;
		else if (flag === '--list') args.list = true;
		else if (flag === '--render') args.render = value;
		else if (flag === '--headline') args.headline = true;
		else if (flag === '--add') args.add = value;
		else throw new Error(`unknown option ${arg}; see docs/benchmark.md`);
	}
	if (!(args.runs >= 1) || !Number.isInteger(args.runs)) throw new Error('--runs must be a whole number ≥ 1');
	if (!(args.scale > 0)) throw new Error('--scale must be > 0');
	if (args.only) {
		const unknown = args.only.filter((id) => !SCENARIOS.some((s) => s.id === id));
		if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; --list shows them`);
	}
	return args;
}

function floorFor(scenario, tasks, serviceSeconds) {
	const list = scenario.predictItems
		? Array.from({ length: Math.ceil(scenario.predictItems / scenario.batchSize) }, () => singleRequestTask())
		: tasks.map((task) => trainingTask(task.duration));
	const floor = computeFloor(list, { perWindow: 5, windowSeconds: 1, serviceSeconds });
	const { schedules, ...figures } = floor;
	return {
		...figures,
		latencyP95: schedules.latency.latencies.length ? percentile(schedules.latency.latencies, 95) : null,
		packed: schedules.latency.packed,
		peak: Math.max(schedules.wall.peak, schedules.latency.peak),
	};
}

const clock = () => new Date().toISOString().slice(11, 19);
const load = (l) => l.map((v) => v.toFixed(2)).join(' / ');

function describe(scenario, client, m) {
	const parts = [`wall ${m.wall.toFixed(1)} s`];
	if (m.latencyP50 !== undefined) parts.push(`p50 ${m.latencyP50.toFixed(2)} s`, `${m.requestsPerTask.toFixed(2)} req/task`);
	else parts.push(`${m.requests} requests`);
	parts.push(`peak ${m.peakPerSecond}/s`, `CPU ${m.cpuPercentOfOneCore.toFixed(1)} %`, `${m.realSeconds.toFixed(0)} s real`, `load ${load(m.loadavg.start)}`);
	return `${scenario.id} · ${client}: ${parts.join(', ')}`;
}

async function runScenario(scenario, args, run, handCache) {
	const k = scenario.scale ?? args.scale;
	const clients = scenario.clients.filter((c) => !args.clients || args.clients.includes(c));
	const record = { scenario: scenario.id, run, timeScale: k, loadavgStart: os.loadavg(), measurements: {} };
	const base = { k, estimates: scenario.estimates, latencySeconds: scenario.latencySeconds, tasks: scenario.tasks, predictItems: scenario.predictItems, batchSize: scenario.batchSize };
	for (const client of clients) {
		let m;
		if (client === 'hand') {
			const handTasks = scenario.tasks.slice(0, scenario.handBuiltTasks);
			const key = `${k}:${JSON.stringify(handTasks)}`;
			if (!handCache.has(key)) handCache.set(key, await measure({ ...base, poller: 'handBuiltLoop', tasks: handTasks, estimates: 'absent' }));
			m = handCache.get(key);
			// Its own floor: it runs on the first tasks only.
			m = { ...m, floor: floorFor(scenario, handTasks, m.serviceMedian) };
		} else if (client === 'fixed') {
			const reference = record.measurements.node;
			if (!reference) throw new Error('the fixed-interval poller takes its interval from the node: run the node too');
			const intervalSeconds = intervalForRequests(scenario.tasks, reference.requests);
			m = { ...(await measure({ ...base, poller: 'fixedIntervalPoller', intervalSeconds })), intervalSeconds };
		} else {
			m = await measure({ ...base, poller: POLLER_OF[client](scenario) });
		}
		record.measurements[client] = m;
		console.log(`[${clock()} run ${run}] ${describe(scenario, client, m)}`);
	}
	// The floor of this run: every request answered as fast as the simulator answered the node's.
	const reference = record.measurements.node || Object.values(record.measurements)[0];
	record.floor = floorFor(scenario, scenario.tasks || [], reference.serviceMedian);
	const f = record.floor;
	console.log(
		`[${clock()} run ${run}] ${scenario.id} · floor: wall ${f.wall.toFixed(2)} s (lower bound ${f.wallLowerBound.toFixed(2)} s)` +
			(f.medianLatency !== null ? `, median latency ${f.medianLatency.toFixed(3)} s` : '') +
			`, ${f.requestsPerTask} req/task, at ${(reference.serviceMedian * 1000).toFixed(1)} ms per answer`,
	);
	return record;
}

function describeRun(startedAt, args) {
	const finishedAt = new Date();
	return {
		startedAt: startedAt.toISOString(),
		finishedAt: finishedAt.toISOString(),
		minutes: (finishedAt - startedAt) / 60000,
		runs: args.runs,
		defaultScale: args.scale,
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0] && os.cpus()[0].model,
		node: process.version,
		command: `node bench/run.js ${process.argv.slice(2).join(' ')}`.trim(),
	};
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const selected = SCENARIOS.filter((s) => !args.only || args.only.includes(s.id));
	if (args.render) {
		// Re-renders saved results (after a change to report.js) without measuring again.
		const { meta, records } = JSON.parse(fs.readFileSync(args.render, 'utf8'));
		if (args.add) addMeasurements({ meta, records }, JSON.parse(fs.readFileSync(args.add, 'utf8')));
		const ids = new Set(records.map((r) => r.scenario));
		const scenarios = SCENARIOS.filter((s) => ids.has(s.id));
		// --headline: only the targets and the one-line-per-scenario table, as the README has them.
		const markdown = args.headline ? headline(scenarios, records) : renderReport(scenarios, records, meta);
		console.log(markdown);
		if (args.out && !args.headline) writeResults(args.out, markdown, meta, records);
		return;
	}
	if (args.list) {
		for (const s of SCENARIOS) {
			console.log(`${s.id.padEnd(20)} ~${Math.round(estimateSeconds(s, args.scale) / 60)} min per run   ${s.title}`);
		}
		const total = SCENARIOS.reduce((sum, s) => sum + estimateSeconds(s, args.scale), 0);
		console.log(`all: ~${Math.round(total / 60)} min per run (the hand-built loop runs once per task list and run: less)`);
		return;
	}
	const estimate = selected.reduce((sum, s) => sum + estimateSeconds(s, args.scale), 0) * args.runs;
	console.log(
		`Bench: ${selected.length} scenario(s) × ${args.runs} run(s), about ${Math.round(estimate / 60)} min. ` +
			`${os.cpus().length} CPUs, load average ${load(os.loadavg())}, Node.js ${process.version}.\n`,
	);
	const PARTIAL = path.join(os.tmpdir(), 'akkio-bench-partial.json');
	console.log(`Records so far are kept in ${PARTIAL} after each scenario.`);
	const startedAt = new Date();
	const records = [];
	for (let run = 1; run <= args.runs; run++) {
		// The hand-built loop runs once per task list and run (it ignores estimates).
		const handCache = new Map();
		for (const scenario of selected) {
			records.push(await runScenario(scenario, args, run, handCache));
			// Kept as it goes, so a long run that dies late loses nothing measured: --render reads it.
			fs.writeFileSync(PARTIAL, `${JSON.stringify({ meta: describeRun(startedAt, args), records }, null, 2)}\n`);
		}
	}
	const meta = describeRun(startedAt, args);
	const markdown = renderReport(selected, records, meta);
	console.log(`\n${markdown}`);
	const full = !args.only && !args.clients && args.runs === 3 && args.scale === DEFAULT_SCALE;
	const out = args.out || (full ? path.join(__dirname, 'results.md') : null);
	if (out) writeResults(out, markdown, meta, records);
}

function writeResults(out, markdown, meta, records) {
	fs.writeFileSync(out, `${markdown}\n`);
	fs.writeFileSync(out.replace(/\.md$/, '') + '.json', `${JSON.stringify({ meta, records }, null, 2)}\n`);
	console.log(`Written: ${out} and its .json`);
}

/**
 * --add: the clients measured in a later run (same scenarios, same run numbers) join the saved
 * records, and the report says so: for a client a scenario gained after its full run.
 */
function addMeasurements(into, added) {
	for (const record of added.records) {
		const target = into.records.find((r) => r.scenario === record.scenario && r.run === record.run);
		if (!target) throw new Error(`--add: no run ${record.run} of ${record.scenario} to add to`);
		for (const [client, measurement] of Object.entries(record.measurements)) {
			target.measurements[client] = measurement;
			const supplements = (into.meta.supplements ||= []);
			if (!supplements.some((s) => s.scenario === record.scenario && s.client === client)) {
				supplements.push({ scenario: record.scenario, client, command: added.meta.command, startedAt: added.meta.startedAt });
			}
		}
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
