'use strict';
// npm run bench: how fast, how cheap and how gentle the node's waiting is, beside the floor
// (bench/floor.js) and a simple poller, on the Akkio simulator. Prints markdown; a full run also
// writes bench/results.md and bench/results.json, naming the commit measured. Figures, not
// pass/fail: the machine may be shared.
//
//   node bench/run.js [--only=id,id] [--runs=3] [--scale=0.1] [--clients=node,simple] [--out=file.md] [--list]
//   node bench/run.js --render=bench/results.json      re-renders a saved run
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { SCENARIOS, DEFAULT_SCALE } = require('./scenarios');
const { measure } = require('./measure');
const { computeFloor } = require('./floor');
const { renderReport } = require('./report');

const POLLER_OF = { node: (s) => (s.predictItems ? 'nodePredict' : 'nodePoller'), simple: () => 'simplePoller', sequential: () => 'sequentialPredict' };

function parseArgs(argv) {
	const args = { runs: 3, scale: DEFAULT_SCALE };
	for (const arg of argv) {
		const [flag, value] = arg.replace(/^--/, '').split('=', 2);
		if (!['only', 'runs', 'scale', 'clients', 'out', 'list', 'render'].includes(flag)) throw new Error(`unknown option ${arg}`);
		args[flag] = ['only', 'clients'].includes(flag) ? value.split(',') : ['runs', 'scale'].includes(flag) ? Number(value) : (value ?? true);
	}
	const unknown = (args.only || []).filter((id) => !SCENARIOS.some((s) => s.id === id));
	if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; --list shows them`);
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.list) return SCENARIOS.forEach((s) => console.log(`${s.id.padEnd(20)} ${s.title}`));
	if (args.render) {
		const { meta, records } = JSON.parse(fs.readFileSync(args.render, 'utf8'));
		return process.stdout.write(renderReport(SCENARIOS.filter((s) => records.some((r) => r.scenario === s.id)), records, meta));
	}
	const selected = SCENARIOS.filter((s) => !args.only || args.only.includes(s.id));
	const git = (...a) => execFileSync('git', a, { cwd: path.join(__dirname, '..'), encoding: 'utf8' }).trim();
	const meta = {
		commit: git('rev-parse', 'HEAD') + (git('status', '--porcelain', '--', 'nodes', 'credentials') ? ' (with uncommitted changes to the product)' : ''),
		command: `node bench/run.js ${process.argv.slice(2).join(' ')}`.trim(),
		runs: args.runs,
		startedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
		machine: `${os.cpus().length} × ${os.cpus()[0].model.split(' ').slice(0, 2).join(' ')}`,
		node: process.version,
	};
	const records = [];
	for (let run = 1; run <= args.runs; run++) {
		for (const scenario of selected) {
			const k = scenario.scale ?? args.scale;
			const record = { scenario: scenario.id, run, timeScale: k, floor: computeFloor(scenario, { serviceSeconds: scenario.latencySeconds || 0 }), measurements: {} };
			for (const client of scenario.clients.filter((c) => !args.clients || args.clients.includes(c))) {
				console.error(`${new Date().toISOString().slice(11, 19)} run ${run}/${args.runs} ${scenario.id} ${client}`);
				record.measurements[client] = await measure({ ...scenario, poller: POLLER_OF[client](scenario), k });
			}
			records.push(record);
		}
	}
	const markdown = renderReport(selected, records, meta);
	process.stdout.write(markdown);
	const full = !args.only && !args.clients;
	if (args.out || full) fs.writeFileSync(args.out || path.join(__dirname, 'results.md'), `# Benchmark results\n\n${markdown}`);
	if (full) fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify({ meta, records }, null, 1)}\n`);
	return undefined;
}

main().catch((error) => {
	console.error(error.stack || error.message);
	process.exitCode = 1;
});
