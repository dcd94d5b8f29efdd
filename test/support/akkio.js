'use strict';
// What most node tests need: a simulator, the compiled package, and a one-node workflow run
// through n8n-core's engine with the given input items.
const { runWorkflow, loadPackageNodes, safeStringify } = require('../harness/engine');
const { startSimulator, generateLeadRows } = require('../simulator');

const NODE_TYPE = 'n8n-nodes-akkio.akkioTrain';
const NODE_NAME = 'Akkio';
/** Simulated seconds are milliseconds: a High Quality (60 s) training takes 60 ms. */
const FAST = 0.001;

const pkg = loadPackageNodes();

/** A resource locator given by ID, as n8n stores it. */
const rl = (value) => ({ __rl: true, mode: 'id', value });

/** `count` generated lead rows as input items. */
const leads = (count, seed = 3) => generateLeadRows({ count, seed }).map((json) => ({ json }));

/** One Akkio Train node, as in an n8n export. */
function akkioNode(parameters, { name = NODE_NAME, onError, timeScale = FAST, nodeType = NODE_TYPE } = {}) {
	return {
		id: `node-${name}`,
		name,
		type: nodeType,
		typeVersion: 1,
		position: [0, 0],
		parameters: { timeScale, ...parameters },
		credentials: { akkioApi: { id: 'akkio-test', name: 'Akkio test' } },
		...(onError ? { onError } : {}),
	};
}

function akkioCredentials(sim, overrides = {}) {
	return { akkioApi: { apiKey: sim.apiKey, baseUrl: sim.url, ...overrides } };
}

/**
 * Runs one node of this package (Akkio Train unless `nodeType` says otherwise) on `items` and returns the harness result plus its two outputs:
 * `success` (output 0) and `errors` (output 1, used with onError 'continueErrorOutput').
 */
function runAkkio(sim, { parameters, items = [{}], onError, credentials, timeScale, cancelAfterMs, signal, nodeType } = {}) {
	const workflow = { nodes: [akkioNode(parameters, { onError, timeScale, nodeType })], connections: {} };
	const running = runWorkflow(workflow, {
		...pkg,
		credentials: credentials ?? akkioCredentials(sim),
		inputItems: items,
		cancelAfterMs,
		signal,
	});
	const finished = running.then((result) => ({
		...result,
		success: result.outputItems(NODE_NAME, 0),
		errors: result.outputItems(NODE_NAME, 1),
		nodeError: result.nodeError(NODE_NAME),
		serialized: safeStringify({ runData: result.runData, error: result.error, logs: result.logs }),
	}));
	finished.cancel = running.cancel;
	return finished;
}

module.exports = { akkioNode, akkioCredentials, runAkkio, startSimulator, pkg, rl, leads, NODE_TYPE, NODE_NAME, FAST };
