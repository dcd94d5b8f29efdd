#!/usr/bin/env node
'use strict';

// Standalone simulator for manual runs (`npm run simulator`), e.g. to point an n8n
// credential at it. Keeps running until Ctrl-C.
//
//   node test/simulator/cli.js [--port 5678] [--time-scale 0.05] [--api-key KEY]
//        [--estimates accurate|noisy|absent|null] [--status-style schema|prose]
//        [--location-style rooted|relative] [--seed 42] [--latency-ms 150]
//        [--unknown-task pending|404] [--early-result 400|404|422|status200]
//        [--legacy-errors status|status200|error] [--predict-extra-fields ignore|reject]
// The last four play what Akkio's pages leave unsaid (CONTRACT.md); the first value is the default.

const { startSimulator, UNDOCUMENTED } = require('./index');

const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const USAGE = `usage: node test/simulator/cli.js [--port N] [--time-scale X] [--api-key KEY]
       [--estimates accurate|noisy|absent|null] [--status-style schema|prose]
       [--location-style rooted|relative] [--seed N] [--latency-ms MS]
       ${Object.entries(UNDOCUMENTED).map(([name, values]) => `[--${kebab(name)} ${values.join('|')}]`).join(' ')}`;

function parseArgs(argv) {
	const options = { demoDatasets: true };
	const flags = {
		'--port': (v) => (options.port = Number(v)),
		'--time-scale': (v) => (options.timeScale = Number(v)),
		'--api-key': (v) => (options.apiKey = v),
		'--estimates': (v) => (options.estimates = v),
		'--status-style': (v) => (options.statusStyle = v),
		'--location-style': (v) => (options.locationStyle = v),
		'--seed': (v) => (options.seed = Number(v)),
		'--latency-ms': (v) => (options.latencyMs = Number(v)),
		...Object.fromEntries(Object.keys(UNDOCUMENTED).map((name) => [`--${kebab(name)}`, (v) => (options[name] = v)])),
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.split('=', 2);
		if (flag === '--help' || flag === '-h') {
			console.log(USAGE);
			process.exit(0);
		}
		const set = flags[flag];
		const value = inline !== undefined ? inline : argv[++i];
		if (!set || value === undefined) {
			console.error(`unknown or incomplete option: ${arg}\n${USAGE}`);
			process.exit(2);
		}
		set(value);
	}
	return options;
}

/** What the example workflows name besides leads-sample, so that each runs against this server. */
function addExampleFixtures(sim) {
	for (const [id, segment] of [
		['leads-north-america', 'North America'],
		['leads-europe', 'Europe'],
		['leads-asia-pacific', 'Asia Pacific'],
	]) {
		sim.addDataset({ id, name: `Leads, ${segment} (empty: sheet-to-metrics.json fills it)`, rows: [] });
	}
	sim.addModel({ id: 'lead-scoring-model', datasetId: 'leads-sample', predictFields: ['Positive Lead'], name: 'Lead scoring (crm-scoring.json)' });
	sim.addProject({ id: 'leads-project', name: 'Lead questions', datasetId: 'leads-sample', chatContext: 'Contract values are in USD' });
}

async function main() {
	const sim = await startSimulator(parseArgs(process.argv.slice(2)));
	addExampleFixtures(sim);
	const lines = [
		`Akkio simulator listening on ${sim.url}`,
		`  API key (X-API-Key):  ${sim.apiKey}`,
		`  time scale:           ${sim.timeScale} (a 60 s training takes ${60 * sim.timeScale} s)`,
		'  datasets:',
	];
	for (const dataset of sim.datasets.values()) {
		const owner = dataset.team === sim.team ? '' : '  [other team: 403]';
		lines.push(`    ${dataset.id.padEnd(20)} ${dataset.name} (${dataset.rows.length} rows)${owner}`);
	}
	lines.push('  fields of leads-sample:');
	for (const field of sim.fieldsOf(sim.getDataset('leads-sample'))) {
		lines.push(`    ${field.name.padEnd(24)} ${field.type}`);
	}
	lines.push(
		'  try:',
		`    curl -s -H 'X-API-Key: ${sim.apiKey}' -H 'Content-Type: application/json' \\`,
		`      -d '{"dataset_id":"leads-sample","predict_fields":["Positive Lead"],"duration":10}' \\`,
		`      ${sim.url}/api/v1/models/train/new`,
		`    curl -s '${sim.url}/v1/models?api_key=${sim.apiKey}'   # models of succeeded trainings`,
		`    curl -s -H 'X-API-Key: ${sim.apiKey}' -H 'Content-Type: application/json' \\`,
		`      -d '{"project_id":"leads-project","messages":[{"role":"user","content":"Average Annual Contract Value by Plan"}]}' \\`,
		`      ${sim.url}/api/v1/chat-explore/new   # Chat Explore; also on a dataset_id`,
		'Press Ctrl-C to stop.',
	);
	console.log(lines.join('\n'));

	const stop = async () => {
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
