'use strict';
// Fault injection: what a network, a gateway or a hostile server does to an answer. A fault is
// picked per request before the handler runs. Most faults mean "never processed"; the kinds in
// AFTER_EFFECT (and `afterEffect: true`) run the handler first, so the work is done (a training
// created, rows stored) and only the answer is lost or mangled: the ambiguous case.
//
// A spec: 503 | '503' | 'reset' | 'hang' | 'truncated' | 'nonjson' | 'html' | 'echo'
//   | { status, body?, headers?, retryAfter?, retryAfterDate? } | { kind: 'slow', ms }
//   | { kind: 'trickle', ms, bytes } | { kind: 'endless', ms } | { kind, afterEffect: true }.

const AFTER_EFFECT = new Set(['slow', 'truncated', 'trickle']);
const REASONS = { 400: 'Bad Request', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
const KINDS = ['status', 'html', 'reset', 'slow', 'truncated', 'nonjson', 'hang', 'trickle', 'endless', 'echo'];

function normalizeFault(spec) {
	if (typeof spec === 'number' || /^\d{3}$/.test(spec)) spec = { status: Number(spec) };
	if (typeof spec === 'string') spec = { kind: spec };
	const fault = { kind: spec.status && !spec.kind ? 'status' : spec.kind, ms: 50, bytes: 1, ...spec };
	if (!KINDS.includes(fault.kind)) throw new TypeError(`unknown fault: ${JSON.stringify(spec)}`);
	if (fault.kind === 'slow' && !spec.ms) fault.ms = 5000;
	if (fault.kind === 'html') fault.status = fault.status || 502;
	if (fault.kind === 'echo') fault.status = fault.status || 404;
	// 429 and 503 say "not processed": they never create anything.
	fault.afterEffect = AFTER_EFFECT.has(fault.kind) || (fault.afterEffect === true && ![429, 503].includes(fault.status));
	fault.name = fault.kind === 'status' ? `http-${fault.status}` : fault.kind;
	return fault;
}

/** matcher: undefined (all), a function(entry), or { method?, route?, path? (prefix or RegExp) }. */
function matches(matcher, entry) {
	if (!matcher) return true;
	if (typeof matcher === 'function') return Boolean(matcher(entry));
	if (matcher.method && matcher.method.toUpperCase() !== entry.method) return false;
	if (matcher.route && ![].concat(matcher.route).includes(entry.route)) return false;
	if (matcher.path instanceof RegExp) return matcher.path.test(entry.path);
	return typeof matcher.path !== 'string' || entry.path.startsWith(matcher.path);
}

/** JSON nested `depth` levels deep, as text (JSON.stringify of it would overflow the stack). */
function deepJson(depth, { leaf = 1, array = false } = {}) {
	const [open, close] = array ? ['[', ']'] : ['{"a":', '}'];
	return `${open.repeat(depth)}${JSON.stringify(leaf)}${close.repeat(depth)}`;
}

const json = (status, value, headers = {}) => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) });
const text = (status, body, type = 'text/plain', headers = {}) => ({ status, headers: { 'content-type': type, ...headers }, body });

/** The answer of a fault that answers at once; `real` is the handler's answer when it ran. */
function faultResponse(fault, real, entry) {
	const title = `${fault.status} ${REASONS[fault.status] || 'Error'}`;
	switch (fault.kind) {
		case 'echo': {
			// A gateway echoing the request URL (the key of a legacy GET rides in it): a 404 page
			// naming it, or a 3xx to a sign-in page carrying it, encoded once more.
			if (fault.status >= 300 && fault.status < 400) {
				const location = `https://sso.example.com/sign-in?next=${encodeURIComponent(entry.rawUrl)}`;
				return text(fault.status, `Redirecting to ${location}`, 'text/plain', { location });
			}
			return text(fault.status, `<html><body><h1>Not Found</h1><p>No route for ${entry.rawUrl}</p></body></html>`, 'text/html');
		}
		case 'html':
			return text(fault.status, `<html>\r\n<head><title>${title}</title></head>\r\n<body><center><h1>${title}</h1></center><hr><center>nginx</center></body>\r\n</html>\r\n`, 'text/html');
		case 'nonjson':
			return text(200, typeof fault.body === 'string' ? fault.body : 'OK');
		case 'truncated':
			return { ...real, status: 200, body: String(real.body).slice(0, Math.max(1, Math.floor(String(real.body).length / 2))) };
		default: {
			const headers = { ...fault.headers };
			if (fault.retryAfterDate !== undefined) {
				const seconds = typeof fault.retryAfterDate === 'number' ? fault.retryAfterDate : 1;
				headers['retry-after'] = new Date(Math.ceil((Date.now() + seconds * 1000) / 1000) * 1000).toUTCString();
			} else if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
			if (typeof fault.body === 'string') return text(fault.status, fault.body, 'text/plain', headers);
			return json(fault.status, fault.body !== undefined ? fault.body : { detail: REASONS[fault.status] || 'Error' }, headers);
		}
	}
}

class FaultController {
	constructor() {
		this.rules = [];
		/** every fault injected: { seq, name, route, path } */
		this.injected = [];
	}

	/** The next requests matching `matcher` get `specs` in order, then behave normally. */
	script(matcher, specs) {
		if (Array.isArray(matcher) && specs === undefined) [matcher, specs] = [undefined, matcher];
		const rule = { matcher, queue: [].concat(specs).map(normalizeFault) };
		this.rules.push(rule);
		return { get remaining() { return rule.queue.length; }, cancel: () => (this.rules = this.rules.filter((r) => r !== rule)) };
	}

	clear() {
		this.rules = [];
	}

	pick(entry) {
		const rule = this.rules.find((r) => r.queue.length && matches(r.matcher, entry));
		if (!rule) return null;
		const fault = rule.queue.shift();
		this.injected.push({ seq: entry.seq, name: fault.name, route: entry.route, path: entry.path });
		return fault;
	}
}

module.exports = { FaultController, normalizeFault, faultResponse, matches, deepJson, json, text };
