'use strict';
// Shared by the fault tests: the node run through n8n-core's engine (test/support/akkio.js),
// the simulator, and a few observation helpers.
const { delay, until, watchConnections } = require('../support/observe');
const { runAkkio, startSimulator, akkioCredentials, NODE_NAME } = require('../support/akkio');
const { reservedClosedPort, generateLeadRows } = require('../simulator');
const { safeStringify } = require('../harness/engine');

const TRAIN = { operation: 'train', datasetId: 'leads-sample', predictFields: 'Positive Lead', duration: 60 };

/** Every message the node uses when a submit may have started a training without telling us. */
const CHECK_IN_AKKIO = /check whether a new model appeared/;

/** Requests to one route ('submit' | 'status' | 'result' | ...), in arrival order. */
const routed = (sim, route) => sim.requests.filter((r) => r.route === route);


/**
 * Everything a user, a log collector or an error tracker could see from a run: the run data
 * (output items, node errors), the execution error with every own property (stack, cause,
 * description, context), its cause chain, and every captured log line with its metadata.
 */
function everythingVisible(run) {
	const parts = [run.serialized, run.logText, safeStringify(run.error), safeStringify(run.nodeError)];
	const seen = new Set();
	const walk = (value, depth) => {
		if (value === null || typeof value !== 'object' || seen.has(value) || depth > 8) return;
		seen.add(value);
		for (const key of Object.getOwnPropertyNames(value)) {
			let entry;
			try {
				entry = value[key];
			} catch {
				continue;
			}
			if (typeof entry === 'string') parts.push(`${key}=${entry}`);
			else walk(entry, depth + 1);
		}
	};
	walk(run.error, 0);
	walk(run.nodeError, 0);
	walk(run.runData, 0);
	for (const items of [run.success, run.errors]) walk(items, 0);
	if (run.error) parts.push(String(run.error), String(run.error.stack));
	return parts.join('\n');
}

module.exports = {
	TRAIN,
	CHECK_IN_AKKIO,
	NODE_NAME,
	runAkkio,
	startSimulator,
	akkioCredentials,
	reservedClosedPort,
	generateLeadRows,
	delay,
	until,
	routed,
	watchConnections,
	everythingVisible,
};
