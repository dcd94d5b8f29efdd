'use strict';
// npm run demo: runs examples/train-and-wait.json in n8n-core's engine against the Akkio
// simulator and prints what the workflow outputs.
//   npm run demo                      simulator, fast clock
//   AKKIO_API_KEY=... npm run demo -- --live --dataset <id> --predict "<field>"   real Akkio
const path = require('node:path');
const { runWorkflow, loadPackageNodes } = require('./harness/engine');
const { startSimulator } = require('./simulator');

const example = require(path.join(__dirname, '..', 'examples', 'train-and-wait.json'));

function argument(name) {
	const index = process.argv.indexOf(name);
	return index > 0 ? process.argv[index + 1] : undefined;
}

function printItems(title, items) {
	console.log(`\n${title} (${items.length} item${items.length === 1 ? '' : 's'})`);
	for (const item of items) console.log(JSON.stringify(item.json, null, 2));
}

async function main() {
	const live = process.argv.includes('--live');
	const workflow = JSON.parse(JSON.stringify(example));
	const trainNode = workflow.nodes.find((n) => n.name === 'Train model');
	let sim;
	let credentials;
	if (live) {
		const apiKey = process.env.AKKIO_API_KEY;
		const dataset = argument('--dataset');
		const predict = argument('--predict');
		if (!apiKey || !dataset || !predict) {
			console.error('Live mode needs AKKIO_API_KEY and --dataset <id> --predict "<field>".');
			process.exitCode = 2;
			return;
		}
		trainNode.parameters.datasetId = { __rl: true, mode: 'id', value: dataset };
		trainNode.parameters.predictFields = predict.split(',').map((field) => field.trim());
		trainNode.parameters.duration = 10;
		trainNode.parameters.options = {};
		credentials = { akkioApi: { apiKey, baseUrl: process.env.AKKIO_BASE_URL || 'https://api.akkio.com' } };
		console.log(`Training on Akkio (${credentials.akkioApi.baseUrl}), dataset ${dataset}: this takes minutes.`);
	} else {
		// 1 simulated second = 20 ms: the 60 s training takes about 1.2 s.
		const timeScale = 0.02;
		sim = await startSimulator({ timeScale });
		for (const node of workflow.nodes) if (node.type.startsWith('n8n-nodes-akkio.')) node.parameters.timeScale = timeScale;
		credentials = { akkioApi: { apiKey: sim.apiKey, baseUrl: sim.url } };
		console.log(`Akkio simulator at ${sim.url} (1 Akkio second = ${timeScale * 1000} ms)`);
	}
	try {
		const started = Date.now();
		const result = await runWorkflow(workflow, { ...loadPackageNodes(), credentials });
		if (result.status !== 'success') {
			console.error(`The workflow ended with status ${result.status}: ${result.error && result.error.message}`);
			if (result.error && result.error.description) console.error(result.error.description);
			process.exitCode = 1;
			return;
		}
		printItems('Train model output', result.outputItems('Train model'));
		printItems('Wait for training output (summary)', result.outputItems('Wait for training'));
		const requests = sim ? `, ${sim.requests.length} requests to Akkio` : '';
		console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s${requests}.`);
	} finally {
		if (sim) await sim.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
