#!/usr/bin/env node
'use strict';
// The stand-in on its own (`npm run simulator`), e.g. for an n8n credential's Base URL. Ctrl-C stops it.
//   --host 0.0.0.0   listen on every interface (n8n in Docker cannot reach 127.0.0.1 on the host)
//   --time-scale X   trainings and questions end after duration × X (default 1, as on Akkio; --fast is 0.05)
const { startSimulator, UNDOCUMENTED } = require('./index');

const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const FLAGS = {
	port: Number,
	host: String,
	'time-scale': (v) => ['timeScale', Number(v)],
	'api-key': (v) => ['apiKey', v],
	estimates: String,
	'status-style': (v) => ['statusStyle', v],
	'location-style': (v) => ['locationStyle', v],
	'latency-ms': (v) => ['latencyMs', Number(v)],
	...Object.fromEntries(Object.keys(UNDOCUMENTED).map((name) => [kebab(name), (v) => [name, v]])),
};
const USAGE = `usage: node test/simulator/cli.js [--fast] ${Object.keys(FLAGS).map((f) => `[--${f} X]`).join(' ')}
  undocumented answers: ${Object.entries(UNDOCUMENTED).map(([n, v]) => `--${kebab(n)} ${v.join('|')}`).join(', ')}`;

function parseArgs(argv) {
	const options = { demoDatasets: true };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].replace(/^--/, '').split('=', 2);
		if (flag === 'help' || flag === '-h') return console.log(USAGE), process.exit(0);
		if (flag === 'fast') {
			options.timeScale = 0.05;
			continue;
		}
		const value = inline !== undefined ? inline : argv[++i];
		if (!FLAGS[flag] || value === undefined) return console.error(`unknown or incomplete option: ${argv[i]}\n${USAGE}`), process.exit(2);
		const parsed = FLAGS[flag](value);
		if (Array.isArray(parsed)) options[parsed[0]] = parsed[1];
		else options[flag] = parsed;
	}
	return options;
}

async function main() {
	const sim = await startSimulator(parseArgs(process.argv.slice(2)));
	// What the example workflows name besides leads-sample.
	for (const [id, segment] of [['leads-north-america', 'North America'], ['leads-europe', 'Europe'], ['leads-asia-pacific', 'Asia Pacific']]) {
		sim.addDataset({ id, name: `Leads, ${segment} (empty: sheet-to-metrics.json fills it)` });
	}
	sim.addModel({ id: 'lead-scoring-model', datasetId: 'leads-sample', predictFields: ['Positive Lead'], name: 'Lead scoring (crm-scoring.json)' });
	sim.addProject({ id: 'leads-project', name: 'Lead questions', datasetId: 'leads-sample', chatContext: 'Contract values are in USD' });
	const k = sim.timeScale;
	console.log([
		`Akkio simulator listening on ${sim.url}  (API key: ${sim.apiKey})`,
		`  time scale ${k}: a training of Duration D seconds ends here after D × ${k} s.`,
		'  What you will see: the node does not know it talks to a simulator, so it waits as planned',
		'  for Akkio: its first status check comes about D seconds after the submit (sooner only if',
		'  Akkio gives an estimate), then every few seconds. Fastest (10 s) takes about 10-15 s;',
		'  High Quality (60 s) about a minute. Pick Duration "Fastest" for a quick try-out.',
		'  datasets:',
		...[...sim.datasets.values()].map((d) => `    ${d.id.padEnd(20)} ${d.name} (${d.rows.length} rows)${d.team === sim.team ? '' : '  [other team: 403]'}`),
		`  try: curl -s '${sim.url}/v1/datasets?api_key=${sim.apiKey}'`,
		'Press Ctrl-C to stop.',
	].join('\n'));
	const stop = () => sim.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
