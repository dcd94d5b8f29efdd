'use strict';

// A throwaway Redis for n8n's queue mode: Debian's redis-server on 127.0.0.1, a free port, its own
// temp folder, no persistence (no RDB snapshots, no AOF). `.ci/run` installs redis-server; on a
// machine without it the run says how to get it.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { track, tail } = require('./proc');
const { reservedClosedPort: freePort } = require('../../simulator');

/** The redis-server binary on PATH or in Debian's place, or null. */
function findRedisServer() {
	const dirs = [...(process.env.PATH || '').split(path.delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
	for (const dir of dirs) {
		const candidate = path.join(dir, 'redis-server');
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			return candidate;
		} catch {
			// not here
		}
	}
	return null;
}

/** Sends one inline command and resolves to the first reply line (`+PONG`, `-ERR ...`). */
function redisCommand(port, command, timeoutMs = 1000) {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let reply = '';
		const timer = setTimeout(() => socket.destroy(new Error(`redis ${command}: no answer within ${timeoutMs} ms`)), timeoutMs);
		socket.setEncoding('utf8');
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (chunk) => {
			reply += chunk;
			if (reply.includes('\r\n')) {
				clearTimeout(timer);
				socket.end();
				resolve(reply.split('\r\n')[0]);
			}
		});
		socket.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

/**
 * Starts redis-server and resolves once it answers PING: { host, port, dir, stop(), output() }.
 * `dir` is its working folder (under the run's temp folder); nothing is written there.
 */
async function startRedis({ dir, log, timeoutMs = 20 * 1000 }) {
	const bin = findRedisServer();
	if (!bin) throw new Error('redis-server is not installed: `apt-get install -y redis-server` (Debian), as .ci/run does');
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const args = [
		'--port', String(port),
		'--bind', '127.0.0.1',
		'--protected-mode', 'yes',
		'--dir', dir,
		'--save', '',
		'--appendonly', 'no',
		'--daemonize', 'no',
		'--logfile', '',
		'--databases', '1',
	];
	const started = Date.now();
	const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	track(child);
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
	let exited = null;
	const exitPromise = new Promise((resolve) => child.on('close', (code, signal) => resolve((exited = { code, signal }))));
	const stop = async () => {
		if (!exited) {
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				// already gone
			}
			await exitPromise;
		}
		if (log) fs.appendFileSync(log, `\n$ ${bin} ${args.join(' ')}   (${Date.now() - started} ms)\n${output}\n`);
	};
	for (;;) {
		if (exited) {
			await stop();
			throw new Error(`redis-server exited early (${exited.code ?? exited.signal})\n${tail(output)}`);
		}
		try {
			if ((await redisCommand(port, 'PING')) === '+PONG') break;
		} catch {
			// not listening yet
		}
		if (Date.now() - started > timeoutMs) {
			await stop();
			throw new Error(`redis-server did not answer PING within ${timeoutMs} ms\n${tail(output)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	const version = (/version=(\d+\.\d+\.\d+)/.exec(output) || [])[1] || 'unknown';
	return { host: '127.0.0.1', port, dir, version, stop, output: () => output, command: (text) => redisCommand(port, text) };
}

module.exports = { startRedis, findRedisServer, redisCommand };
