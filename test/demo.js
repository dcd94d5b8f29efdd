'use strict';
// npm run demo: examples/train-and-wait.json in n8n-core's engine against the Akkio stand-in
// (offline, a few seconds), then what the workflow output. The first line sums it up.
//   AKKIO_API_KEY=... npm run demo -- --live --dataset <id> --predict "<field>"   real Akkio (minutes)
const { runWorkflow, loadPackageNodes } = require('./harness/engine');
const { startSimulator } = require('./simulator');

const arg = (name) => process.argv[process.argv.indexOf(name) + 1];

async function main() {
	const workflow = require('../examples/train-and-wait.json');
	const live = process.argv.includes('--live');
	let sim;
	let credentials;
	if (live) {
		if (!process.env.AKKIO_API_KEY || !process.argv.includes('--dataset') || !process.argv.includes('--predict')) throw new Error('Live mode needs AKKIO_API_KEY and --dataset <id> --predict "<field>".');
		const train = workflow.nodes.find((n) => n.name === 'Train model');
		Object.assign(train.parameters, { datasetId: { __rl: true, mode: 'id', value: arg('--dataset') }, predictFields: arg('--predict').split(',').map((f) => f.trim()), duration: 10, options: {} });
		credentials = { akkioApi: { apiKey: process.env.AKKIO_API_KEY, baseUrl: process.env.AKKIO_BASE_URL || 'https://api.akkio.com' } };
	} else {
		// One Akkio second = 20 ms on both clocks: the stand-in's and the node's hidden test clock
		// (honoured only for a loopback Base URL, so never against Akkio).
		sim = await startSimulator({ timeScale: 0.02 });
		for (const node of workflow.nodes) if (node.type.startsWith('n8n-nodes-akkio.')) node.parameters.timeScale = 0.02;
		credentials = { akkioApi: { apiKey: sim.apiKey, baseUrl: sim.url } };
	}
	const started = Date.now();
	try {
		const result = await runWorkflow(workflow, { ...loadPackageNodes(), credentials });
		if (result.status !== 'success') throw new Error(`The workflow ended with status ${result.status}: ${result.error && result.error.message}\n${(result.error && result.error.description) || ''}`);
		const [summary] = result.outputItems('Wait for training').map((i) => i.json);
		const requests = sim ? `, ${sim.requests.length} requests` : '';
		console.log(`Model ${summary.model_id}: accuracy ${summary.accuracy} (macro F1 ${summary.macro_f1}) predicting ${summary.predict_fields.join(', ')}, trained in ${((Date.now() - started) / 1000).toFixed(1)} s${requests}, ${live ? 'on Akkio' : 'against the offline stand-in (1 Akkio second = 20 ms)'}.`);
		for (const name of ['Train model', 'Wait for training']) {
			console.log(`\n${name}:`);
			for (const item of result.outputItems(name)) console.log(JSON.stringify(item.json, null, 2));
		}
	} finally {
		if (sim) await sim.close();
	}
}

main().catch((error) => {
	console.error(error.message);
	process.exitCode = 1;
});
