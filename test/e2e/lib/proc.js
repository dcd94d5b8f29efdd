'use strict';

// Child processes for the e2e run: every command has a time limit, its output is kept in a
// log file for the post-mortem, and a failure says which command failed and how it ended.

const { spawn } = require('node:child_process');
const fs = require('node:fs');

class CommandError extends Error {
	constructor(message, result) {
		super(message);
		this.name = 'CommandError';
		this.result = result;
	}
}

/** Process groups still running: ended if this process exits before they do. */
const live = new Set();
function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}
process.on('exit', () => {
	for (const pid of live) killGroup(pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		console.error(`\n${signal}: stopping`);
		process.exit(130);
	});
}

/** Registers a detached child so that it dies with this process. */
function track(child) {
	if (child.pid) live.add(child.pid);
	child.on('close', () => live.delete(child.pid));
	return child;
}

function tail(text, lines = 40) {
	return text.split('\n').slice(-lines).join('\n');
}

/**
 * Runs `command args` and resolves to { code, signal, stdout, stderr, ms }. Rejects with a
 * CommandError on a non-zero exit or a timeout, unless `allowFailure` is set.
 * options: { cwd, env, timeoutMs, log (file to append the command and its output to), allowFailure }
 */
function run(command, args, options = {}) {
	const { cwd, env = process.env, timeoutMs = 10 * 60 * 1000, log, allowFailure = false, input } = options;
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd,
			env,
			stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
			detached: true, // its own process group, so a timeout ends its children too
		});
		track(child);
		if (input !== undefined) child.stdin.end(input);
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(new CommandError(`${command} could not be started: ${error.message}`, null));
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const result = { code, signal, stdout, stderr, ms: Date.now() - started };
			if (log) {
				fs.appendFileSync(
					log,
					`\n$ ${[command, ...args].join(' ')}   (cwd ${cwd || process.cwd()}, exit ${code}${signal ? ` ${signal}` : ''}, ${result.ms} ms)\n` +
						`--- stdout\n${stdout}\n--- stderr\n${stderr}\n`,
				);
			}
			if (timedOut) {
				reject(new CommandError(`${command} ${args.join(' ')} timed out after ${timeoutMs} ms\n${tail(stdout + stderr)}`, result));
			} else if (code !== 0 && !allowFailure) {
				reject(new CommandError(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${tail(stdout + '\n' + stderr)}`, result));
			} else {
				resolve(result);
			}
		});
	});
}

module.exports = { run, track, CommandError, tail };
