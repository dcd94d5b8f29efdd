'use strict';

// Preloaded into every n8n process of the e2e run (NODE_OPTIONS=--require). A TCP connection to
// a host outside the loopback range is refused on the spot and written, one JSON line each, to
// $AKKIO_E2E_NET_LOG, so the run can assert that n8n reached for nothing outside 127.0.0.1.
// Unix sockets and loopback connections pass untouched.

const fs = require('node:fs');
const net = require('node:net');

const logFile = process.env.AKKIO_E2E_NET_LOG;
const isLoopback = (host) => {
	const h = String(host || 'localhost').toLowerCase().replace(/^\[|\]$/g, '');
	return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^(::ffff:)?127\./.test(h);
};

if (logFile && !net.Socket.prototype.connect.akkioE2eGuard) {
	const original = net.Socket.prototype.connect;
	const guarded = function connect(...args) {
		const options = Array.isArray(args[0]) ? args[0][0] : net._normalizeArgs ? net._normalizeArgs(args)[0] : args[0];
		if (!options || typeof options !== 'object' || options.path || isLoopback(options.host)) return original.apply(this, args);
		const limit = Error.stackTraceLimit;
		Error.stackTraceLimit = 60;
		const stack = (new Error().stack || '').split('\n').slice(2).map((line) => line.trim());
		Error.stackTraceLimit = limit;
		const entry = {
			command: process.argv.slice(2).join(' '),
			host: String(options.host),
			port: options.port,
			// the callers that are not Node.js internals: where in n8n the connection came from
			stack: stack.filter((line) => line.startsWith('at ') && !/\(node:|at node:/.test(line)).slice(0, 12),
		};
		try {
			fs.appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
		} catch {
			// the log folder is gone: the run is over
		}
		const error = Object.assign(new Error(`connect ECONNREFUSED ${entry.host}:${entry.port} (blocked by the e2e network guard)`), { code: 'ECONNREFUSED', syscall: 'connect' });
		process.nextTick(() => this.destroy(error));
		return this;
	};
	guarded.akkioE2eGuard = true;
	net.Socket.prototype.connect = guarded;
}
