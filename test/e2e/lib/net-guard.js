'use strict';

// Preloaded into every n8n process of the e2e run (NODE_OPTIONS=--require). Any TCP connection
// to a host outside the loopback range is refused on the spot and written, one JSON line each,
// to $AKKIO_E2E_NET_LOG, so the run can assert that n8n tried to reach nothing outside
// 127.0.0.1. Unix sockets and loopback connections pass untouched.

const fs = require('node:fs');
const net = require('node:net');

const logFile = process.env.AKKIO_E2E_NET_LOG;

function isLoopback(host) {
	if (host === undefined || host === null || host === '') return true; // Node defaults to localhost
	const h = String(host).toLowerCase().replace(/^\[|\]$/g, '');
	return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\./.test(h) || h === '::ffff:127.0.0.1';
}

if (logFile && !net.Socket.prototype.connect.akkioE2eGuard) {
	const original = net.Socket.prototype.connect;
	const guarded = function connect(...args) {
		let options = args[0];
		if (Array.isArray(options)) options = options[0];
		else if (typeof net._normalizeArgs === 'function') options = net._normalizeArgs(args)[0];
		if (options && typeof options === 'object' && !options.path && !isLoopback(options.host)) {
			const limit = Error.stackTraceLimit;
			Error.stackTraceLimit = 60;
			const stack = new Error().stack || '';
			Error.stackTraceLimit = limit;
			const entry = {
				pid: process.pid,
				command: process.argv.slice(2).join(' '),
				host: String(options.host),
				port: options.port,
				at: new Date().toISOString(),
				// the callers that are not Node.js internals: where in n8n the connection came from
				stack: stack
					.split('\n')
					.slice(2)
					.map((line) => line.trim())
					.filter((line) => line.startsWith('at ') && !/\(node:|at node:/.test(line))
					.slice(0, 12),
			};
			try {
				fs.appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
			} catch {
				// the log folder is gone: the run is over
			}
			const error = Object.assign(new Error(`connect ECONNREFUSED ${entry.host}:${entry.port} (blocked by the e2e network guard)`), {
				code: 'ECONNREFUSED',
				errno: -111,
				syscall: 'connect',
				address: entry.host,
				port: entry.port,
			});
			process.nextTick(() => this.destroy(error));
			return this;
		}
		return original.apply(this, args);
	};
	guarded.akkioE2eGuard = true;
	net.Socket.prototype.connect = guarded;
}

module.exports = { isLoopback };
