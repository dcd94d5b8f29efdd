'use strict';
// Markdown for one run's records: which commit, where, then one table per scenario. Each figure
// is the median over the runs with (min–max); every figure of a report comes from that one run.

function fmt(values, digits = 1) {
	const list = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (!list.length) return '–';
	const [min, median, max] = [list[0], list[Math.ceil(list.length / 2) - 1], list[list.length - 1]].map((v) => v.toFixed(digits));
	return min === max ? median : `${median} (${min}–${max})`;
}

const LABELS = {
	node: '**this node**',
	simple: 'simple poller: sleeps the duration, then checks every 1 s (same budget)',
	sequential: 'plain loop, one batch at a time (same budget)',
};

function table(scenario, records) {
	const lines = ['| client | wall (s) | ÷ floor | median latency (s) | p95 latency (s) | requests/task | peak requests in 1 s, each run |', '|---|---:|---:|---:|---:|---:|---|'];
	const floor = records[0].floor;
	lines.push(`| floor (bench/floor.js) | ${fmt([floor.wall])} | 1 | ${fmt([floor.latencyP50], 2)} | – | ${fmt([floor.requestsPerTask], 2)} | 5 |`);
	for (const client of scenario.clients) {
		const ms = records.map((r) => r.measurements[client]).filter(Boolean);
		if (!ms.length) continue;
		lines.push(`| ${LABELS[client]} | ${fmt(ms.map((m) => m.wall))} | ${fmt(ms.map((m) => m.wall / floor.wall), 3)} | ${fmt(ms.map((m) => m.latencyP50), 2)} | ${fmt(ms.map((m) => m.latencyP95), 2)} | ${fmt(ms.map((m) => m.requestsPerTask), 2)} | ${ms.map((m) => m.peakPerSecond).join(', ')} |`);
	}
	return lines;
}

/** The one-line-per-scenario summary: the node beside the floor and the simple poller. */
function headline(scenarios, records) {
	const lines = ['| scenario | node wall ÷ floor | node median latency (s) | baseline median latency (s) | node requests/task | node peak per 1 s |', '|---|---:|---:|---:|---:|---:|'];
	for (const scenario of scenarios) {
		const mine = records.filter((r) => r.scenario === scenario.id);
		const of = (client, pick) => mine.map((r) => r.measurements[client]).filter(Boolean).map(pick);
		const [, baseline] = scenario.clients;
		lines.push(`| ${scenario.id} | ${fmt(of('node', (m) => m.wall / mine[0].floor.wall), 3)} | ${fmt(of('node', (m) => m.latencyP50), 2)} | ${fmt(of(baseline, (m) => m.latencyP50), 2)} | ${fmt(of('node', (m) => m.requestsPerTask), 2)} | ${Math.max(...of('node', (m) => m.peakPerSecond))} |`);
	}
	return lines.join('\n');
}

function renderReport(scenarios, records, meta) {
	const out = [`Commit \`${meta.commit}\` · \`${meta.command}\` · ${meta.runs} run(s) · ${meta.startedAt} · ${meta.machine} · Node.js ${meta.node}. All figures below come from this run; times are Akkio seconds.`, '', headline(scenarios, records)];
	for (const scenario of scenarios) {
		const mine = records.filter((r) => r.scenario === scenario.id);
		if (!mine.length) continue;
		const k = mine[0].timeScale;
		out.push('', `### ${scenario.title}`, '', `1 Akkio second = ${k * 1000} ms real.`, '', ...table(scenario, mine));
	}
	return `${out.join('\n')}\n`;
}

module.exports = { renderReport, headline, fmt };
