'use strict';

// Child processes of the e2e run: each in its own process group (ended with it, and with this
// process), its output in the command log for the post-mortem; plus waiting and free ports.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

const live = new Set();
const kill = (pid, signal) => {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
};
process.on('exit', () => live.forEach((pid) => kill(pid, 'SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

const tail = (text, lines = 40) => text.split('\n').slice(-lines).join('\n');

/** Starts `command`: { stdout, stderr, output(), exited, done (resolves on exit), stop() }. */
function start(command, args, { cwd, env = process.env } = {}) {
	const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const p = { stdout: '', stderr: '', exited: null, started: Date.now(), output: () => p.stdout + p.stderr };
	if (child.pid) live.add(child.pid);
	child.stdout.setEncoding('utf8').on('data', (chunk) => (p.stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk) => (p.stderr += chunk));
	p.done = new Promise((resolve) => {
		child.on('error', (error) => resolve((p.exited = { code: null, signal: error.message })));
		child.on('close', (code, signal) => {
			live.delete(child.pid);
			resolve((p.exited = p.exited || { code, signal }));
		});
	});
	p.stop = async (signal = 'SIGTERM') => {
		if (!p.exited) {
			kill(child.pid, signal);
			const killer = setTimeout(() => kill(child.pid, 'SIGKILL'), 8000);
			await p.done;
			clearTimeout(killer);
		}
		return p;
	};
	return p;
}

/**
 * Runs `command` to its end: { code, stdout, stderr, ms }. Throws on a non-zero exit or after
 * `timeoutMs`, unless `allowFailure`. `log`: the file the command and its output go to.
 */
async function run(command, args, { cwd, env, timeoutMs = 10 * 60 * 1000, log, allowFailure = false } = {}) {
	const p = start(command, args, { cwd, env });
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		p.stop('SIGKILL');
	}, timeoutMs);
	const { code, signal } = await p.done;
	clearTimeout(timer);
	const ms = Date.now() - p.started;
	const how = timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${code ?? signal}`;
	if (log) fs.appendFileSync(log, `\n$ ${[command, ...args].join(' ')}   (cwd ${cwd || process.cwd()}, ${how}, ${ms} ms)\n--- stdout\n${p.stdout}\n--- stderr\n${p.stderr}\n`);
	if (code !== 0 && !allowFailure) throw new Error(`${command} ${args.join(' ')} ${how}\n${tail(`${p.stdout}\n${p.stderr}`)}`);
	return { code, stdout: p.stdout, stderr: p.stderr, ms };
}

/**
 * Polls `probe` until it gives something truthy (a throw counts as not yet) and resolves to it;
 * after `timeoutMs` fails naming `what`. Only a bound on waiting: nothing here is a speed claim.
 */
async function waitFor(probe, what, timeoutMs = 60 * 1000, everyMs = 250) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs / 1000} s${last ? ` (${last.message})` : ''}`);
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}

/** A port on 127.0.0.1 that was free a moment ago. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer().on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

module.exports = { start, run, waitFor, freePort, tail };
