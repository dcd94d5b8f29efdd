'use strict';
// What the node tests share: the stand-in, the compiled package, and one node of this package run
// through n8n-core's engine on the given input items.
const { runWorkflow, loadPackageNodes, safeStringify } = require('../harness/engine');
const { startSimulator, generateLeadRows } = require('../simulator');

const NODE_TYPE = 'n8n-nodes-akkio.akkioTrain';
const AKKIO = 'n8n-nodes-akkio.akkio';
const NODE_NAME = 'Akkio';
/** The hidden test clock: an Akkio second is a millisecond (a 60 s training takes 60 ms). */
const FAST = 0.001;
const TRAIN = { operation: 'train', datasetId: 'leads-sample', predictFields: 'Positive Lead', duration: 60 };

const pkg = loadPackageNodes();
/** A resource locator given by ID, as n8n stores it. */
const rl = (value) => ({ __rl: true, mode: 'id', value });
/** `count` lead rows as input items. */
const leads = (count, seed = 3) => generateLeadRows({ count, seed }).map((json) => ({ json }));
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `predicate()` holds (checked every 5 ms): an event, never a duration, is awaited. */
async function until(predicate, what = 'condition', timeoutMs = 20000) {
	for (const start = Date.now(); !predicate(); await delay(5)) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
	}
}

function akkioCredentials(sim, overrides = {}) {
	return { akkioApi: { apiKey: sim.apiKey, baseUrl: sim.url, ...overrides } };
}

/**
 * Runs one node (Akkio Train unless `nodeType` says otherwise) on `items`: the harness result
 * plus `success` (output 0), `errors` (output 1, with onError 'continueErrorOutput'), `nodeError`,
 * and `visible`: everything a user, a log or an error tracker could see, as text.
 */
function runAkkio(sim, { parameters, items = [{}], onError, credentials, timeScale = FAST, cancelAfterMs, nodeType = NODE_TYPE } = {}) {
	const node = { id: 'node', name: NODE_NAME, type: nodeType, typeVersion: 1, position: [0, 0], parameters: { timeScale, ...parameters }, credentials: { akkioApi: { id: 'akkio-test', name: 'Akkio test' } }, ...(onError ? { onError } : {}) };
	const running = runWorkflow({ nodes: [node], connections: {} }, { ...pkg, credentials: credentials ?? akkioCredentials(sim), inputItems: items, cancelAfterMs });
	const finished = running.then((result) => {
		const nodeError = result.nodeError(NODE_NAME);
		const errorText = (e) => e && [safeStringify(e), String(e.stack), e.cause && safeStringify(e.cause)].join('\n');
		return { ...result, success: result.outputItems(NODE_NAME, 0), errors: result.outputItems(NODE_NAME, 1), nodeError, visible: [safeStringify({ runData: result.runData, logs: result.logs }), errorText(result.error), errorText(nodeError)].join('\n') };
	});
	finished.cancel = running.cancel;
	return finished;
}

/** The stand-in of a whole test file: started before its tests, stopped after, its log and faults cleared before each test. */
function useSimulator(options) {
	const stand = {};
	beforeAll(async () => {
		stand.sim = await startSimulator(options);
	});
	afterAll(() => stand.sim.close());
	beforeEach(() => {
		stand.sim.clearLog();
		stand.sim.faults.clear();
	});
	return stand;
}

module.exports = { useSimulator, runAkkio, akkioCredentials, startSimulator, until, delay, pkg, rl, leads, TRAIN, NODE_TYPE, AKKIO, NODE_NAME, FAST };
