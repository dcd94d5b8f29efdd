'use strict';
// Captures every log line n8n produces during a run.
//
// n8n logs through two doors: `LoggerProxy` from n8n-workflow (the engine, WorkflowExecute,
// extractValue, ...) and `Container.get(Logger)` from @n8n/backend-common (what a node sees as
// `this.logger`, plus ErrorReporter and others). Both are pointed at one recording logger. The
// container entry must be set before anything calls Container.get(Logger): constructing the
// real Logger would re-init LoggerProxy with a winston console logger.
require('./env');
const path = require('node:path');
const { LoggerProxy } = require('n8n-workflow');

// Resolve DI and backend-common from n8n-core's point of view, so the tokens are the same
// objects n8n-core uses.
const coreDir = path.dirname(require.resolve('n8n-core/package.json'));
const { Container } = require(require.resolve('@n8n/di', { paths: [coreDir] }));
const { Logger } = require(require.resolve('@n8n/backend-common', { paths: [coreDir] }));

const LEVELS = ['error', 'warn', 'info', 'debug', 'verbose'];
const sinks = new Set();

function record(level, message, meta, scopes) {
	const entry = {
		level,
		message: typeof message === 'string' ? message : safeStringify(message),
		meta: meta === undefined ? {} : meta,
		time: Date.now(),
	};
	if (scopes) entry.scopes = scopes;
	for (const sink of sinks) sink.push(entry);
}

function makeLogger(scopes) {
	const logger = {
		scoped(more) {
			return makeLogger([...(scopes || []), ...(Array.isArray(more) ? more : [more])]);
		},
	};
	for (const level of LEVELS) {
		logger[level] = (message, meta) => record(level, message, meta, scopes);
	}
	return logger;
}

const recordingLogger = makeLogger();

function installLogger() {
	LoggerProxy.init(recordingLogger);
	Container.set(Logger, recordingLogger);
}
installLogger();

/** Starts collecting log entries into a new array; returns { entries, stop }. */
function collectLogs() {
	installLogger(); // someone may have re-initialised LoggerProxy in between
	const entries = [];
	sinks.add(entries);
	return {
		entries,
		stop: () => sinks.delete(entries),
	};
}

/**
 * JSON.stringify that survives cycles and shows Errors with their own properties
 * (message, stack, description, cause, context, ...), so a search for a secret also
 * looks inside logged error objects.
 */
function safeStringify(value) {
	const seen = new WeakSet();
	try {
		return JSON.stringify(value, function replacer(_key, v) {
			if (typeof v === 'bigint') return v.toString();
			if (typeof v === 'function') return `[Function ${v.name || 'anonymous'}]`;
			if (v && typeof v === 'object') {
				if (seen.has(v)) return '[Circular]';
				seen.add(v);
				if (v instanceof Error) {
					const out = { name: v.name, message: v.message, stack: v.stack };
					for (const k of Object.getOwnPropertyNames(v)) out[k] = v[k];
					if (v.cause !== undefined) out.cause = v.cause;
					return out;
				}
				if (Buffer.isBuffer(v)) return `[Buffer ${v.length}]`;
			}
			return v;
		});
	} catch (error) {
		return `[unserialisable: ${error.message}]`;
	}
}

/** One text line per entry: "level message {meta}". */
function logsToText(entries) {
	return entries
		.map((e) => `${e.level} ${e.message} ${safeStringify(e.meta)}`)
		.join('\n');
}

module.exports = { collectLogs, installLogger, logsToText, safeStringify, recordingLogger, Container };
