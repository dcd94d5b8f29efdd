'use strict';

// Fault injection: the network and gateway failures a node meets in production.
// A fault is decided per request, before the handler runs. Most faults mean "the
// service never processed it"; `afterEffect: true` models the nasty ambiguous case
// where the service did the work (a training was created) but the answer was lost.
// The hostile kinds (trickle, endless, echo) and `deepJson` play answers that are valid
// HTTP but meant to hurt a client: see README.md, "Hostile answers".

const { createRng } = require('./prng');
const { jsonResponse, textResponse } = require('./responses');

const KINDS = ['status', 'html', 'reset', 'slow', 'truncated', 'nonjson', 'hang', 'trickle', 'endless', 'echo'];
const REASONS = {
	400: 'Bad Request',
	408: 'Request Timeout',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};
// These kinds always run the handler: a slow answer is still the real answer, and
// a truncated body is the real body cut short.
const ALWAYS_EFFECTIVE = new Set(['slow', 'truncated', 'trickle']);
// These statuses tell the client "not processed, retry": they never create anything.
const NEVER_EFFECTIVE_STATUSES = new Set([429, 503]);

/**
 * Accepts 'reset' | 'html' | 'truncated' | 'nonjson' | 'hang' | 'slow' | 503 | '503'
 * | { status, body?, headers?, retryAfter?, retryAfterDate?, afterEffect? }
 * | { kind, ms?, status?, body?, afterEffect? }.
 */
function normalizeFault(spec) {
	if (typeof spec === 'number') spec = { status: spec };
	if (typeof spec === 'string') spec = /^\d{3}$/.test(spec) ? { status: Number(spec) } : { kind: spec };
	if (!spec || typeof spec !== 'object') throw new TypeError(`invalid fault spec: ${spec}`);
	const fault = { ...spec };
	if (!fault.kind) fault.kind = fault.status ? 'status' : undefined;
	if (!KINDS.includes(fault.kind)) throw new TypeError(`unknown fault kind: ${JSON.stringify(spec)}`);
	if (fault.kind === 'html' && !fault.status) fault.status = 502;
	if (fault.kind === 'slow' && !Number.isFinite(fault.ms)) fault.ms = 5000;
	if ((fault.kind === 'trickle' || fault.kind === 'endless') && !Number.isFinite(fault.ms)) fault.ms = 50;
	if (fault.kind === 'trickle' && !Number.isFinite(fault.bytes)) fault.bytes = 1;
	if (fault.kind === 'echo' && !fault.status) fault.status = 404;
	if (ALWAYS_EFFECTIVE.has(fault.kind)) fault.afterEffect = true;
	else if (fault.kind === 'status' && NEVER_EFFECTIVE_STATUSES.has(fault.status)) fault.afterEffect = false;
	else fault.afterEffect = fault.afterEffect === true;
	fault.name = fault.kind === 'status' ? `http-${fault.status}` : fault.kind;
	return fault;
}

/** matcher: {} matches everything; or a function(entry) => boolean. */
function matches(matcher, entry) {
	if (!matcher) return true;
	if (typeof matcher === 'function') return Boolean(matcher(entry));
	if (matcher.method && matcher.method.toUpperCase() !== entry.method) return false;
	if (matcher.route) {
		const routes = Array.isArray(matcher.route) ? matcher.route : [matcher.route];
		if (!routes.includes(entry.route)) return false;
	}
	if (matcher.path instanceof RegExp) return matcher.path.test(entry.path);
	if (typeof matcher.path === 'string') return entry.path.startsWith(matcher.path);
	return true;
}

const nginxPage = (status) => {
	const title = `${status} ${REASONS[status] || 'Error'}`;
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
};

/** Retry-After as delta-seconds, or as an HTTP-date rounded up to the next second. */
function retryAfterHeader(fault) {
	const seconds = Number.isFinite(fault.retryAfter) ? fault.retryAfter : 1;
	if (fault.retryAfterDate) {
		const delay = typeof fault.retryAfterDate === 'number' ? fault.retryAfterDate : seconds;
		return new Date(Math.ceil((Date.now() + delay * 1000) / 1000) * 1000).toUTCString();
	}
	return Number.isFinite(fault.retryAfter) ? String(fault.retryAfter) : undefined;
}

/**
 * JSON nested `depth` levels deep (`{"a":{"a":...}}`, or `[[...]]` with `array: true`) around
 * `leaf`, as text: JSON.stringify of such a value would itself overflow the stack.
 */
function deepJson(depth, { leaf = 1, array = false } = {}) {
	const [open, close] = array ? ['[', ']'] : ['{"a":', '}'];
	return `${open.repeat(depth)}${JSON.stringify(leaf)}${close.repeat(depth)}`;
}

/** `entry`'s full URL as the client sent it (query string included: a legacy GET carries the key). */
function requestUrlOf(entry) {
	const query = new URLSearchParams(entry.query).toString();
	return `${entry.origin || ''}${entry.path}${query ? `?${query}` : ''}`;
}

/**
 * The response a faulted request gets, for the kinds that answer at all
 * (status, html, nonjson, truncated, echo). `real` is the handler's response, if it ran.
 */
function faultResponse(fault, real, entry) {
	switch (fault.kind) {
		case 'echo': {
			// A gateway echoing the request URL: a 404 page naming it, or a 3xx to a sign-in
			// page carrying it (encoded once more) as the address to come back to.
			const url = entry.rawUrl || requestUrlOf(entry);
			if (fault.status >= 300 && fault.status < 400) {
				const location = `https://sso.example.com/sign-in?next=${encodeURIComponent(url)}`;
				return textResponse(fault.status, `Redirecting to ${location}`, 'text/plain', { location });
			}
			return textResponse(fault.status, `<html><body><h1>Not Found</h1><p>No route for ${url}</p></body></html>`, 'text/html');
		}
		case 'status': {
			const headers = { ...(fault.headers || {}) };
			if (fault.status === 429) {
				const retryAfter = retryAfterHeader(fault);
				if (retryAfter) headers['retry-after'] = retryAfter;
			}
			if (typeof fault.body === 'string') return textResponse(fault.status, fault.body, undefined, headers);
			const body = fault.body !== undefined ? fault.body : { detail: REASONS[fault.status] || 'Error' };
			return jsonResponse(fault.status, body, headers);
		}
		case 'html':
			return textResponse(fault.status, nginxPage(fault.status), 'text/html');
		case 'nonjson':
			return textResponse(200, typeof fault.body === 'string' ? fault.body : 'OK');
		case 'truncated': {
			const body = String(real.body);
			return { status: 200, headers: { 'content-type': 'application/json' }, body: body.slice(0, Math.max(1, Math.floor(body.length / 2))) };
		}
		default:
			throw new Error(`fault ${fault.kind} has no response`);
	}
}

class FaultController {
	constructor() {
		this.rules = [];
		/** every fault actually injected: { seq, name, route, path } */
		this.injected = [];
	}

	/**
	 * The next requests matching `matcher` get `specs` in order, then behave normally.
	 * Returns a handle: `remaining` (faults not yet used) and `cancel()`.
	 */
	script(matcher, specs) {
		if (Array.isArray(matcher) && specs === undefined) [matcher, specs] = [{}, matcher];
		const queue = (Array.isArray(specs) ? specs : [specs]).map(normalizeFault);
		const rule = { type: 'script', matcher, queue };
		this.rules.push(rule);
		return this.handle(rule, () => rule.queue.length);
	}

	/** Each matching request faults with `probability`, choosing uniformly among `kinds`. */
	random({ probability, kinds = [503], seed = 1, ...matcher }) {
		if (!(probability >= 0 && probability <= 1)) throw new RangeError('probability must be within [0, 1]');
		const rule = { type: 'random', matcher, probability, kinds: kinds.map(normalizeFault), rng: createRng(seed) };
		this.rules.push(rule);
		return this.handle(rule, () => Infinity);
	}

	handle(rule, remaining) {
		return {
			get remaining() {
				return remaining();
			},
			cancel: () => {
				this.rules = this.rules.filter((r) => r !== rule);
			},
		};
	}

	clear() {
		this.rules = [];
	}

	/** The fault for this request, or null. Scripts take precedence over random rules. */
	pick(entry) {
		for (const rule of this.rules) {
			if (rule.type === 'script' && rule.queue.length && matches(rule.matcher, entry)) {
				return this.record(entry, rule.queue.shift());
			}
		}
		for (const rule of this.rules) {
			if (rule.type === 'random' && matches(rule.matcher, entry) && rule.rng.next() < rule.probability) {
				return this.record(entry, rule.kinds[Math.floor(rule.rng.next() * rule.kinds.length)]);
			}
		}
		return null;
	}

	record(entry, fault) {
		this.injected.push({ seq: entry.seq, name: fault.name, route: entry.route, path: entry.path });
		return fault;
	}
}

module.exports = { FaultController, normalizeFault, faultResponse, matches, deepJson, KINDS };
