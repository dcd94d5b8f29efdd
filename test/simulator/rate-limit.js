'use strict';

// Akkio's account-wide request limit (option `rateLimit`). Akkio publishes "five requests per
// second per account" but no answer for going past it: this plays one (CONTRACT.md, "Over the
// account's request limit"). Every request carrying the account's key counts on arrival, answered
// or refused, in a sliding window of one Akkio second (1000 ms × timeScale); one that arrives when
// `perSecond` already arrived in that window is refused with a 429 before any handler runs, so a
// refused submit never creates a training.

const { jsonResponse } = require('./responses');

/** Throws a TypeError unless `rateLimit` is undefined or `{ perSecond: integer >= 1, retryAfter?: seconds >= 0 }`. */
function checkRateLimit(rateLimit) {
	if (rateLimit === undefined) return;
	const ok =
		rateLimit !== null &&
		typeof rateLimit === 'object' &&
		Number.isInteger(rateLimit.perSecond) &&
		rateLimit.perSecond >= 1 &&
		(rateLimit.retryAfter === undefined || (rateLimit.retryAfter >= 0 && Number.isFinite(rateLimit.retryAfter)));
	if (!ok) throw new TypeError('startSimulator: rateLimit must be { perSecond: an integer >= 1, retryAfter?: seconds >= 0 }');
}

/** Whether the request carries the account's key: the header, or a legacy `api_key` field. */
function carriesKey(sim, ctx) {
	if (ctx.headers['x-api-key'] === sim.apiKey) return true;
	if (ctx.query.api_key === sim.apiKey) return true;
	return Boolean(ctx.json && typeof ctx.json === 'object' && ctx.json.api_key === sim.apiKey);
}

class RateLimiter {
	constructor(sim) {
		this.sim = sim;
		/** Arrival times (sim.now()) of the keyed requests in the current window, oldest first. */
		this.arrivals = [];
	}

	/**
	 * Counts the request (if it carries the key) and returns the 429 answer when it is over the
	 * limit, else null. Reads `sim.options.rateLimit` on every request.
	 */
	refuse(ctx) {
		const limit = this.sim.options.rateLimit;
		if (!limit || !carriesKey(this.sim, ctx)) return null;
		const now = ctx.entry.startedAt;
		const windowMs = 1000 * this.sim.timeScale;
		while (this.arrivals.length && now - this.arrivals[0] >= windowMs) this.arrivals.shift();
		const over = this.arrivals.length >= limit.perSecond;
		this.arrivals.push(now);
		if (!over) return null;
		const retryAfter = limit.retryAfter === undefined ? 1 : limit.retryAfter;
		return jsonResponse(
			429,
			{ detail: `Rate limit exceeded: ${limit.perSecond} per 1 second` },
			{ 'retry-after': String(retryAfter) },
		);
	}
}

module.exports = { RateLimiter, checkRateLimit };
