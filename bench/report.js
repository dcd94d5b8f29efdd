'use strict';
// Markdown for the benchmark's records: the targets first, then one table per scenario.
// Each figure is the median over the runs, with (min–max); a ratio "÷ floor" is taken per run
// against that run's floor, then summarised the same way.

const MB = 1024 * 1024;

function stats(values) {
	const list = values.filter((v) => v !== null && v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b);
	if (!list.length) return null;
	return { min: list[0], median: list[Math.ceil(list.length / 2) - 1], max: list[list.length - 1], n: list.length };
}

function fmt(values, digits = 1) {
	const s = stats(values);
	if (!s) return '–';
	const f = (v) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
	return s.n === 1 || f(s.min) === f(s.max) ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}

const ratio = (a, b) => (b > 0 ? a / b : Infinity);

const LABELS = {
	node: () => '**this node**',
	simple: () => 'simple poller: sleeps the training budget, then checks every 1 s (same budget)',
	fixed: (ms) => `fixed interval ${fmt(ms.map((m) => m.intervalSeconds), 0)} s, about the node's request count (same budget)`,
	hand: (ms) => `hand-built loop: one item at a time, 5 s Wait (first ${ms[0].tasks} tasks; ÷ floor of those)`,
	sequential: () => 'plain loop, one batch at a time (same budget)',
	concurrent: () => 'all batches queued at once, 5 in flight (same budget)',
};

function scaleText(k) {
	return k === 1 ? '1 Akkio second = 1 s real (real time)' : `1 Akkio second = ${Math.round(k * 1000)} ms real`;
}

function trainingTable(scenario, records) {
	const lines = [
		'| client | wall (s) | ÷ floor | median latency (s) | ÷ floor | p95 latency (s) | requests/task | ÷ floor | peak per 1 s window, each run |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---|',
	];
	const floors = records.map((r) => r.floor);
	lines.push(
		`| floor: best schedule, verified (wall lower bound ${fmt(floors.map((f) => f.wallLowerBound), 2)} s) | ${fmt(floors.map((f) => f.wall), 2)} | 1 | ${fmt(floors.map((f) => f.medianLatency), 3)} | 1 | ${fmt(floors.map((f) => f.latencyP95), 2)} | ${fmt(floors.map((f) => f.requestsPerTask), 2)} | 1 | ${floors.map((f) => f.peak).join(', ')} |`,
	);
	for (const client of scenario.clients) {
		const ms = records.map((r) => r.measurements[client]).filter(Boolean);
		if (!ms.length) continue;
		const floorOf = (m, i) => m.floor || records[i].floor;
		lines.push(
			`| ${LABELS[client](ms)} | ${fmt(ms.map((m) => m.wall))} | ${fmt(ms.map((m, i) => ratio(m.wall, floorOf(m, i).wall)), 3)} | ${fmt(ms.map((m) => m.latencyP50), 2)} | ${fmt(ms.map((m, i) => ratio(m.latencyP50, floorOf(m, i).medianLatency)), 0)} | ${fmt(ms.map((m) => m.latencyP95), 2)} | ${fmt(ms.map((m) => m.requestsPerTask), 2)} | ${fmt(ms.map((m, i) => ratio(m.requestsPerTask, floorOf(m, i).requestsPerTask)), 2)} | ${ms.map((m) => m.peakPerSecond).join(', ')} |`,
		);
	}
	return lines;
}

function predictTable(scenario, records) {
	const lines = [
		'| client | wall (s) | ÷ floor | requests | requests per batch | items per s | peak per 1 s window, each run |',
		'|---|---:|---:|---:|---:|---:|---|',
	];
	const floors = records.map((r) => r.floor);
	const batches = Math.ceil(scenario.predictItems / scenario.batchSize);
	lines.push(
		`| floor: five batches per second (lower bound ${fmt(floors.map((f) => f.wallLowerBound), 2)} s) | ${fmt(floors.map((f) => f.wall), 2)} | 1 | ${batches} | 1 | ${fmt(floors.map((f) => scenario.predictItems / f.wall), 0)} | ${floors.map((f) => f.peak).join(', ')} |`,
	);
	for (const client of scenario.clients) {
		const ms = records.map((r) => r.measurements[client]).filter(Boolean);
		if (!ms.length) continue;
		lines.push(
			`| ${LABELS[client](ms)} | ${fmt(ms.map((m) => m.wall), 2)} | ${fmt(ms.map((m, i) => ratio(m.wall, records[i].floor.wall)), 3)} | ${fmt(ms.map((m) => m.requests), 0)} | ${fmt(ms.map((m) => m.requestsPerBatch), 2)} | ${fmt(ms.map((m) => m.items / m.wall), 0)} | ${ms.map((m) => m.peakPerSecond).join(', ')} |`,
		);
	}
	return lines;
}

function resourceTable(scenario, records) {
	const lines = [
		'',
		"The client's own process (the simulator runs in another):",
		'',
		'| client | CPU (s) | CPU, % of one core | peak RSS (MB) | RSS growth (MB) | heap growth (MB) | before the first request (ms) | event-loop delay p99 / max (ms) |',
		'|---|---:|---:|---:|---:|---:|---:|---|',
	];
	for (const client of scenario.clients) {
		const ms = records.map((r) => r.measurements[client]).filter(Boolean);
		if (!ms.length) continue;
		const c = (m) => m.client;
		lines.push(
			`| ${client === 'node' ? '**this node**' : client} | ${fmt(ms.map((m) => (c(m).cpuUserMs + c(m).cpuSystemMs) / 1000), 2)} | ${fmt(ms.map((m) => m.cpuPercentOfOneCore), 1)} | ${fmt(ms.map((m) => c(m).maxRss / MB), 0)} | ${fmt(ms.map((m) => (c(m).rssPeakSampled - c(m).rssBefore) / MB), 0)} | ${fmt(ms.map((m) => (c(m).heapPeakSampled - c(m).heapBefore) / MB), 0)} | ${fmt(ms.map((m) => m.beforeFirstRequestMs), 0)} | ${fmt(ms.map((m) => c(m).loopDelayMs.p99), 1)} / ${fmt(ms.map((m) => c(m).loopDelayMs.max), 1)} |`,
		);
	}
	return lines;
}

function scenarioSection(scenario, records) {
	const k = records[0].timeScale;
	const loads = records.map((r) => `run ${r.run}: ${r.loadavgStart.map((v) => v.toFixed(2)).join(' / ')}`).join('; ');
	const service = fmt(records.map((r) => (r.measurements.node || Object.values(r.measurements)[0]).serviceMedian * 1000), 1);
	const lines = [
		`### ${scenario.title}`,
		'',
		`\`npm run bench -- --only=${scenario.id}\` · ${scaleText(k)} · ${records.length} run(s) · load average (1 / 5 / 15 min) at the start: ${loads} · the simulator answered the node in ${service} ms (Akkio time, median), which the floor uses for every request.`,
		'',
		...(scenario.predictItems ? predictTable(scenario, records) : trainingTable(scenario, records)),
	];
	if (scenario.resources) lines.push(...resourceTable(scenario, records));
	const delays = scenario.clients
		.map((client) => {
			const ms = records.map((r) => r.measurements[client]).filter(Boolean);
			return ms.length ? `${client} ${fmt(ms.map((m) => m.client.loopDelayMs.p99), 1)} (max ${fmt(ms.map((m) => m.client.loopDelayMs.max), 0)})` : null;
		})
		.filter(Boolean);
	const simulator = records.flatMap((r) => Object.values(r.measurements).map((m) => m.simulatorLoopDelayMs.p99));
	lines.push(
		'',
		`Event-loop delay, p99 in real ms (1 Akkio second is ${Math.round(k * 1000)} ms here): ${delays.join(', ')}; the simulator's ${fmt(simulator, 1)}.`,
	);
	return lines.join('\n');
}

/** The targets of issue 12, read off the records. */
function targets(selected, records) {
	const rows = [];
	const of = (id) => records.filter((r) => r.scenario === id && r.measurements.node);
	const ids = selected.map((s) => s.id);
	const row = (name, values, digits, ok, note = '') => {
		if (values.length) rows.push(`| ${name} | ${fmt(values, digits)}${note} | ${ok ? 'yes' : '**no**'} |`);
	};
	for (const id of ids.filter((i) => /^mixed(100|500)-/.test(i))) {
		const rs = of(id);
		const walls = rs.map((r) => r.measurements.node.wall / r.floor.wall);
		row(`${id}: wall ≤ 1.01 × floor`, walls, 3, walls.every((v) => v <= 1.01));
		const p50 = rs.map((r) => r.measurements.node.latencyP50);
		row(`${id}: median detection latency ≤ 2 s`, p50, 2, p50.every((v) => v <= 2), ' s');
	}
	const peaks = records.flatMap((r) => (r.measurements.node ? [r.measurements.node.peakPerSecond] : []));
	row('every scenario, every run: peak ≤ 5 requests in any 1 s window (the node)', peaks, 0, peaks.every((v) => v <= 5));
	const lean = records.filter((r) => /-(accurate|absent)$/.test(r.scenario) && r.measurements.node);
	const perTask = lean.map((r) => r.measurements.node.requestsPerTask);
	row('estimates accurate or absent: ≤ 3.1 requests per task', perTask, 2, perTask.every((v) => v <= 3.1), ' (all such scenarios)');
	const duels = records.filter((r) => r.measurements.node && r.measurements.simple);
	if (duels.length) {
		// Requests per task cannot go below the floor's 3 (submit, one status, result): where both
		// clients spend exactly that, "level at the floor" is the best possible and is counted apart.
		const atFloor = (r, m) => m.requestsPerTask <= r.floor.requestsPerTask + 0.005;
		const fewer = (r) => r.measurements.node.requestsPerTask < r.measurements.simple.requestsPerTask;
		const level = (r) => atFloor(r, r.measurements.node) && atFloor(r, r.measurements.simple);
		const fasterOn = (key) => (r) => r.measurements.node[key] < r.measurements.simple[key];
		const [shorterWall, lowerLatency] = [fasterOn('wall'), fasterOn('latencyP50')];
		const count = (test) => duels.filter(test).length;
		const ahead = duels.filter((r) => shorterWall(r) && lowerLatency(r) && (fewer(r) || level(r)));
		rows.push(
			`| ahead of the simple poller on wall, median latency and requests per task (or level with it at the floor's 3), same run | ${ahead.length} of ${duels.length} scenario runs (wall ${count(shorterWall)}, latency ${count(lowerLatency)}, requests fewer ${count(fewer)}, level at the floor ${count((r) => !fewer(r) && level(r))}) | ${ahead.length === duels.length ? 'yes' : '**no**'} |`,
		);
	}
	const cpu = of('mixed500-realtime').map((r) => r.measurements.node.cpuPercentOfOneCore);
	row('500 waiting tasks in real time: node CPU < 10 % of one core', cpu, 1, cpu.every((v) => v < 10), ' %');
	const predict = of('predict20k').map((r) => r.measurements.node.wall / r.floor.wall);
	row('Predict, 20,000 items, 150 ms latency: wall ≤ 1.05 × floor', predict, 3, predict.every((v) => v <= 1.05));
	return ['| target (issue 12) | measured, this node: median (min–max) over runs | met in every run |', '|---|---|:---:|', ...rows].join('\n');
}

/** One line per scenario: the floor, the node and the best baseline side by side (the README's table). */
function summary(selected, records) {
	const lines = [
		'| scenario | wall (s): floor | **node** | node ÷ floor | simple poller | median latency (s): floor | **node** | simple poller | requests per task: floor | **node** | simple poller | node peak per 1 s |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const scenario of selected) {
		const rs = records.filter((r) => r.scenario === scenario.id && r.measurements.node);
		if (!rs.length) continue;
		const node = rs.map((r) => r.measurements.node);
		const peak = Math.max(...node.map((m) => m.peakPerSecond));
		const wallRatio = fmt(rs.map((r) => r.measurements.node.wall / r.floor.wall), 3);
		if (scenario.predictItems) {
			const concurrent = rs.map((r) => r.measurements.concurrent).filter(Boolean);
			lines.push(
				`| ${scenario.id} (simple: 5 batches in flight) | ${fmt(rs.map((r) => r.floor.wall), 2)} | **${fmt(node.map((m) => m.wall), 2)}** | ${wallRatio} | ${fmt(concurrent.map((m) => m.wall), 2)} | – | – | – | 1 per batch | **${fmt(node.map((m) => m.requestsPerBatch), 2)}** | 1 | ${peak} |`,
			);
			continue;
		}
		// fmt prints '–' where a scenario has no simple poller.
		const simple = rs.map((r) => r.measurements.simple).filter(Boolean);
		const simpleFigure = (pick, digits) => fmt(simple.map(pick), digits);
		lines.push(
			`| ${scenario.id} | ${fmt(rs.map((r) => r.floor.wall), 1)} | **${fmt(node.map((m) => m.wall), 1)}** | ${wallRatio} | ${simpleFigure((m) => m.wall, 1)} | ${fmt(rs.map((r) => r.floor.medianLatency), 3)} | **${fmt(node.map((m) => m.latencyP50), 2)}** | ${simpleFigure((m) => m.latencyP50, 2)} | ${fmt(rs.map((r) => r.floor.requestsPerTask), 2)} | **${fmt(node.map((m) => m.requestsPerTask), 2)}** | ${simpleFigure((m) => m.requestsPerTask, 2)} | ${peak} |`,
		);
	}
	return lines.join('\n');
}

/** The targets and one line per scenario: what the README shows, word for word (test/unit/benchReport.test.js). */
function headline(selected, records) {
	return [
		targets(selected, records),
		'',
		'Each scenario in one line, median (min–max) over the runs:',
		'',
		summary(selected, records),
	].join('\n');
}

/** The same 500 tasks at two time scales: the node's figures should not move. */
function scaleCheck(records) {
	const pick = (id) => records.filter((r) => r.scenario === id && r.measurements.node).map((r) => r.measurements.node);
	const fast = pick('mixed500-accurate');
	const real = pick('mixed500-realtime');
	if (!fast.length || !real.length) return [];
	const row = (label, ms) =>
		`| ${label} | ${fmt(ms.map((m) => m.wall))} | ${fmt(ms.map((m) => m.latencyP50), 2)} | ${fmt(ms.map((m) => m.latencyP95), 2)} | ${fmt(ms.map((m) => m.requestsPerTask), 2)} | ${fmt(ms.map((m) => m.client.loopDelayMs.p99), 1)} |`;
	return [
		'Time scale check, this node on the same 500 tasks:',
		'',
		'| time scale | wall (s) | median latency (s) | p95 latency (s) | requests/task | event-loop delay p99 (real ms) |',
		'|---|---:|---:|---:|---:|---:|',
		row(scaleText(fast[0].timeScale), fast),
		row(scaleText(real[0].timeScale), real),
		'',
	];
}

function renderReport(selected, records, meta) {
	const sections = selected.map((scenario) => scenarioSection(scenario, records.filter((r) => r.scenario === scenario.id)));
	const loadRuns = [];
	for (let run = 1; run <= meta.runs; run++) {
		const rs = records.filter((r) => r.run === run);
		const measured = rs.flatMap((r) => Object.values(r.measurements));
		if (!measured.length) continue;
		const ones = measured.flatMap((m) => [m.loadavg.start[0], m.loadavg.end[0]]);
		loadRuns.push(`| ${run} | ${rs[0].loadavgStart.map((v) => v.toFixed(2)).join(' / ')} | ${Math.min(...ones).toFixed(2)}–${Math.max(...ones).toFixed(2)} |`);
	}
	return [
		`Command: \`${meta.command}\` · ${meta.runs} run(s) · ${meta.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${meta.minutes.toFixed(0)} min · ${meta.cpus} × ${meta.cpuModel} · Node.js ${meta.node}.`,
		'Each cell: the median over the runs (min–max). "÷ floor" is taken per run against that run\'s floor. Times are Akkio seconds (real time ÷ the time scale).',
		...(meta.supplements || []).map(
			(added) => `Added to this run's records afterwards: ${added.client} in ${added.scenario} (\`${added.command}\`, ${added.startedAt.slice(0, 16).replace('T', ' ')} UTC, same code), so its runs and the node's are not simultaneous.`,
		),
		'',
		'| run | load average at its start (1 / 5 / 15 min) | 1-min load average seen during its measurements |',
		'|---:|---|---|',
		...loadRuns,
		'',
		headline(selected, records),
		'',
		...scaleCheck(records),
		...sections.flatMap((section) => [section, '']),
	].join('\n');
}

module.exports = { renderReport, headline, stats, fmt };
