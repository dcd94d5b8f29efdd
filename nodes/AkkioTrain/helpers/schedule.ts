/**
 * When to look at a task next. Pure functions over seconds in Akkio's time; the waiting loop
 * converts to milliseconds (and applies the time scale used by tests and benchmarks).
 */

/** Fraction of the training budget after which the first status check is worth making. */
const FIRST_CHECK_FRACTION = 0.15;
const FIRST_CHECK_MIN_SECONDS = 2;
/** Interval growth without an estimate. */
const BACKOFF_FACTOR = 1.5;
/** Shortest interval, used right after a missed estimate. */
const MIN_INTERVAL_SECONDS = 1;
/** Margin after an estimated end: a check at exactly the estimate tends to be a moment early. */
const ESTIMATE_MARGIN_FRACTION = 0.02;
const ESTIMATE_MARGIN_MIN_SECONDS = 0.5;

/** Longest pause between two checks of one task: a tenth of its budget, 1 s to 60 s. */
export function maxIntervalSeconds(durationSeconds: number): number {
	return Math.min(60, Math.max(MIN_INTERVAL_SECONDS, durationSeconds / 10));
}

export function firstCheckDelaySeconds(durationSeconds: number): number {
	return Math.max(FIRST_CHECK_MIN_SECONDS, durationSeconds * FIRST_CHECK_FRACTION);
}

export interface PollObservation {
	/** Seconds since the previous check, or undefined before the first. */
	previousIntervalSeconds?: number;
	/** `estimate_seconds` of the latest status, read as the remaining time. */
	estimateSeconds?: number;
	/** The previous check was scheduled from an estimate that turned out too short. */
	pastEstimate?: boolean;
}

export interface NextCheck {
	delaySeconds: number;
	fromEstimate: boolean;
}

/**
 * With an estimate: aim just after the expected end. Without one (or once an estimate has been
 * overrun): grow the interval by 1.5× toward the cap, restarting short after an overrun so a
 * nearly-finished task is seen quickly.
 */
export function nextCheck(durationSeconds: number, observation: PollObservation): NextCheck {
	const cap = maxIntervalSeconds(durationSeconds);
	const { estimateSeconds, previousIntervalSeconds, pastEstimate } = observation;
	if (estimateSeconds !== undefined && estimateSeconds > 0 && !pastEstimate) {
		const margin = Math.max(ESTIMATE_MARGIN_MIN_SECONDS, estimateSeconds * ESTIMATE_MARGIN_FRACTION);
		return { delaySeconds: estimateSeconds + margin, fromEstimate: true };
	}
	if (pastEstimate || previousIntervalSeconds === undefined) {
		return { delaySeconds: Math.min(cap, MIN_INTERVAL_SECONDS), fromEstimate: false };
	}
	return {
		delaySeconds: Math.min(cap, Math.max(MIN_INTERVAL_SECONDS, previousIntervalSeconds * BACKOFF_FACTOR)),
		fromEstimate: false,
	};
}

/** Default for the Timeout option: room for six training budgets plus queueing. */
export function defaultTimeoutSeconds(durationSeconds: number): number {
	return durationSeconds * 6 + 600;
}

/**
 * Delay before retry number `retry` (1-based) of a failed request: exponential with full jitter
 * (so many items retrying at once spread out), never shorter than a `Retry-After`.
 */
export function retryDelaySeconds(
	retry: number,
	random: number,
	retryAfterSeconds: number | undefined,
	baseSeconds: number,
	capSeconds: number,
): number {
	const ceiling = Math.min(capSeconds, baseSeconds * 2 ** (retry - 1));
	const jittered = ceiling / 2 + (ceiling / 2) * random;
	return retryAfterSeconds !== undefined ? Math.max(retryAfterSeconds, jittered) : jittered;
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: unknown, nowMs: number): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, (date - nowMs) / 1000);
}
