'use strict';
// Waiting for something the engine or the simulator does, and watching the sockets the node opens.
const diagnostics = require('node:diagnostics_channel');

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `predicate` every 5 ms; rejects after `timeoutMs`. */
async function until(predicate, timeoutMs = 5000, what = 'condition') {
	const start = Date.now();
	while (!predicate()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await delay(5);
	}
}

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

module.exports = { delay, until, watchConnections };
