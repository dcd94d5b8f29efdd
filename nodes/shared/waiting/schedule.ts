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
const ESTIMATE_MARGIN_FRACTION = 0.01;
const ESTIMATE_MARGIN_MIN_SECONDS = 0.5;
/**
 * Margin after a training's budget: none. The budget is counted from the submit's answer, so
 * already after Akkio started the training; a check that finds it still running is followed by
 * one a second later. (A margin of 1 % of the budget was 3 s of latency for every 300 s
 * training; 0.5 s flat still cost 1.4 s of median latency in the 100-task benchmark.)
 */
export const BUDGET_MARGIN_SECONDS = 0;

/** Longest pause between two checks of one task: a tenth of its budget, 1 s to 60 s. */
export function maxIntervalSeconds(durationSeconds: number): number {
	return Math.min(60, Math.max(MIN_INTERVAL_SECONDS, durationSeconds / 10));
}

export function firstCheckDelaySeconds(durationSeconds: number): number {
	return Math.max(FIRST_CHECK_MIN_SECONDS, durationSeconds * FIRST_CHECK_FRACTION);
}

/**
 * Training budgets at least this long get an early status check (at firstCheckDelaySeconds),
 * to report a training that fails at once before its half hour is up. Shorter ones are first
 * checked at their planned end: an early check costs a request per task (3.66 instead of 3
 * requests per task in the 100-task benchmark) to learn of a failure at most 5 minutes sooner.
 * See docs/benchmark.md.
 */
export const EARLY_CHECK_MIN_DURATION_SECONDS = 1800;

export interface FirstCheck {
	delaySeconds: number;
	/** Before any expected end: made only with capacity no other request needs (PRIORITY.speculativeCheck). */
	speculative: boolean;
}

/**
 * The first status check of a task. One this execution submitted (`submitted`) is first
 * checked just after its budget, unless the budget is long enough for an early check; a task
 * picked up by ID (Wait) or a Chat Explore question at `firstCheckSeconds` as asked.
 */
export function firstCheck(durationSeconds: number, firstCheckSeconds: number, submitted: boolean): FirstCheck {
	if (!submitted || firstCheckSeconds >= durationSeconds) return { delaySeconds: firstCheckSeconds, speculative: false };
	if (durationSeconds >= EARLY_CHECK_MIN_DURATION_SECONDS) return { delaySeconds: firstCheckSeconds, speculative: true };
	return { delaySeconds: durationSeconds + BUDGET_MARGIN_SECONDS, speculative: false };
}

export interface PollObservation {
	/** Seconds since the previous check, or undefined before the first. */
	previousIntervalSeconds?: number;
	/** `estimate_seconds` of the latest status, read as the remaining time. */
	estimateSeconds?: number;
	/**
	 * How far estimates can be trusted, from EstimateTrust: 1 aims at the estimated end, less
	 * aims earlier, at the earliest end the observed estimate errors allow.
	 */
	estimateFactor?: number;
	/** Seconds since the training was submitted, when this execution submitted it. */
	elapsedSeconds?: number;
	/** The training budget Akkio was given: a training rarely ends before it. */
	expectedSeconds?: number;
	/** The previous check aimed at an expected end (estimate or budget) that was overrun. */
	pastExpectedEnd?: boolean;
}

export interface NextCheck {
	delaySeconds: number;
	/** Aimed at an expected end rather than backing off. */
	aimed: boolean;
}

/**
 * How long after an estimated end a check is aimed: a check at exactly the estimate tends to
 * be a moment early, by more the longer the estimate.
 */
function endMargin(seconds: number): number {
	return Math.max(ESTIMATE_MARGIN_MIN_SECONDS, seconds * ESTIMATE_MARGIN_FRACTION);
}

/**
 * With an estimate: aim just after the expected end, or, once this execution has seen Akkio's
 * estimates miss, at the earliest end their observed error allows. Without one: aim just after
 * the training budget, since a training seldom ends before it. Past the expected end: restart
 * at the shortest interval and grow 1.5x toward the cap, so a nearly-finished task is seen
 * quickly and a long overrun does not cost many requests.
 */
export function nextCheck(durationSeconds: number, observation: PollObservation): NextCheck {
	const cap = maxIntervalSeconds(durationSeconds);
	const { estimateSeconds, previousIntervalSeconds, pastExpectedEnd, elapsedSeconds, expectedSeconds } = observation;
	if (estimateSeconds !== undefined && estimateSeconds > 0) {
		const factor = observation.estimateFactor ?? 1;
		const delaySeconds =
			factor >= 1 ? estimateSeconds + endMargin(estimateSeconds) : Math.max(MIN_INTERVAL_SECONDS, estimateSeconds * factor);
		return { delaySeconds, aimed: true };
	}
	if (!pastExpectedEnd && expectedSeconds !== undefined && elapsedSeconds !== undefined && elapsedSeconds < expectedSeconds) {
		return { delaySeconds: expectedSeconds - elapsedSeconds + BUDGET_MARGIN_SECONDS, aimed: true };
	}
	if (pastExpectedEnd || previousIntervalSeconds === undefined) {
		return { delaySeconds: Math.min(cap, MIN_INTERVAL_SECONDS), aimed: false };
	}
	return {
		delaySeconds: Math.min(cap, Math.max(MIN_INTERVAL_SECONDS, previousIntervalSeconds * BACKOFF_FACTOR)),
		aimed: false,
	};
}

/** Estimates shorter than this say too little about the estimator's error to learn from. */
const MIN_ESTIMATE_TO_LEARN_SECONDS = 2;
/** Errors within this fraction are rounding, not noise. */
const ESTIMATE_TOLERANCE = 0.05;
const MIN_ESTIMATE_FACTOR = 0.5;

/**
 * What one execution has learned about Akkio's `estimate_seconds`, across all its tasks.
 * Two estimates of one task, `first` at one check and `second` some seconds later, imply the
 * ratio q = (seconds between them + second) / first of the real to the estimated remaining
 * time. While every q is about 1, estimates are aimed at directly (one check at the end).
 * Once they miss, checks aim at the earliest end the misses allow, so an estimate that is too
 * long cannot make the node notice the end late; overestimates are assumed as large as the
 * underestimates seen, since an estimate that was too long is never observed directly.
 */
export class EstimateTrust {
	private lowest = 1;

	private highest = 1;

	observe(firstSeconds: number, secondsBetween: number, secondSeconds: number): void {
		if (!(firstSeconds >= MIN_ESTIMATE_TO_LEARN_SECONDS) || secondsBetween < 0 || secondSeconds < 0) return;
		const ratio = (secondsBetween + secondSeconds) / firstSeconds;
		this.lowest = Math.min(this.lowest, ratio);
		this.highest = Math.max(this.highest, ratio);
	}

	/** Multiply an estimate by this to get the earliest plausible end (1: trust it). */
	factor(): number {
		const earliest = Math.min(this.lowest, 1 / this.highest);
		if (earliest >= 1 - ESTIMATE_TOLERANCE) return 1;
		return Math.max(MIN_ESTIMATE_FACTOR, earliest);
	}
}

/** Default for the Timeout option: room for six training budgets plus queueing. */
export function defaultTimeoutSeconds(durationSeconds: number): number {
	return durationSeconds * 6 + 600;
}
