'use strict';
// Shared by the fault tests: the node run through n8n-core's engine (test/support/akkio.js),
// the simulator, and a few observation helpers.
const diagnostics = require('node:diagnostics_channel');
const { runAkkio, startSimulator, akkioCredentials, NODE_NAME } = require('../support/akkio');
const { reservedClosedPort, generateLeadRows } = require('../simulator');
const { safeStringify } = require('../harness/engine');

const TRAIN = { operation: 'train', datasetId: 'leads-sample', predictFields: 'Positive Lead', duration: 60 };

/** Every message the node uses when a submit may have started a training without telling us. */
const CHECK_IN_AKKIO = /check whether a new model appeared/;

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `predicate` every 5 ms; rejects after `timeoutMs`. */
async function until(predicate, timeoutMs = 5000, what = 'condition') {
	const start = Date.now();
	while (!predicate()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await delay(5);
	}
}

/** Requests to one route ('submit' | 'status' | 'result' | ...), in arrival order. */
const routed = (sim, route) => sim.requests.filter((r) => r.route === route);

/**
 * Counts TCP connection attempts to a port, refused ones included (the simulator cannot see
 * those). Node's `net.client.socket` diagnostics channel fires for every client socket of this
 * process (the engine runs in-process); the port is known once the socket connects or fails.
 */
function watchConnections(port) {
	const attempts = [];
	const channel = diagnostics.channel('net.client.socket');
	const onSocket = ({ socket }) => {
		socket.once('connect', () => {
			if (socket.remotePort === port) attempts.push({ outcome: 'connected', at: Date.now() });
		});
		socket.once('error', (error) => {
			if (error && error.port === port) attempts.push({ outcome: error.code, at: Date.now() });
		});
	};
	channel.subscribe(onSocket);
	return {
		attempts,
		count: () => attempts.length,
		stop: () => channel.unsubscribe(onSocket),
	};
}

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
