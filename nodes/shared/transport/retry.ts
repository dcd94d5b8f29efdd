import type { ErrorText } from '../errors';
import { describeHttpError, describeNetworkFailure, describeOutOfBounds, describeUnreadableAnswer, type RequestPurpose } from './errorText';

/**
 * How often a request is tried at most (first try plus retries); the base and cap of the
 * exponential, jittered backoff; and the longest Retry-After that is waited out (a longer one
 * fails the request with Akkio's answer).
 */
const RETRY_POLICY = { maxAttempts: 4, baseSeconds: 1, capSeconds: 20, retryAfterLimitSeconds: 120 } as const;

/**
 * What to do after one attempt of a request that did not give a usable answer. Pure: the
 * transport passes the facts and the random number, this decides.
 *
 * The one rule behind every branch: Akkio has no idempotency key, so a request that changes
 * something is sent again only when Akkio surely did not act on it (429 rate limited, 503
 * unavailable, or a connection that never opened). A read is sent again after any temporary
 * failure. What cannot be retried fails with a text saying whether the change may have happened.
 */

/** What an attempt ended with, when it was not a 2xx answer that could be read and used. */
export type AttemptOutcome =
	/** A 2xx whose body says the request failed (errorText.failureIn2xx): Akkio answered, and said no. */
	| { kind: 'refused'; failure: ErrorText }
	/** A 2xx past the decoding bounds (decode/json.ts): larger or deeper than the node reads. */
	| { kind: 'outOfBounds'; statusCode: number; bound: 'tooLarge' | 'tooDeep' }
	/** A 2xx whose body is not JSON: a cut-off answer, or a proxy's page. */
	| { kind: 'unreadable'; statusCode: number; body: string }
	/** Any other HTTP status. `words` is what Akkio said; `retryAfterSeconds` its Retry-After. */
	| { kind: 'status'; statusCode: number; words?: string; retryAfterSeconds?: number; redirectTo?: string }
	/** No answer. `sent`: the request may have reached Akkio (false: the connection never opened). */
	| { kind: 'network'; code: string; sent: boolean };

export type RetryDecision = { retryAfterMs: number } | { fail: ErrorText };

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/** The only answers that say a change was surely not made. */
const NOT_PROCESSED_STATUS = new Set([429, 503]);

/** Whether sending the request twice does no harm (a read, a prediction, a delete). */
export function isRepeatable(purpose: RequestPurpose): boolean {
	return purpose.change === undefined;
}

/**
 * @param purpose what the request is for; decides whether it can be repeated
 * @param attemptNumber 1 for the first try
 * @param random a number in [0, 1) spreading the backoff of many items retrying at once
 * @returns the wait before the next try in Akkio's milliseconds, or the failure to report
 */
export function decideRetry(purpose: RequestPurpose, attemptNumber: number, outcome: AttemptOutcome, random: number): RetryDecision {
	const repeatable = isRepeatable(purpose);
	const mayRetry = attemptNumber < RETRY_POLICY.maxAttempts;
	const retry = (retryAfterSeconds?: number): RetryDecision => ({
		retryAfterMs: retryDelaySeconds(attemptNumber, random, retryAfterSeconds, RETRY_POLICY.baseSeconds, RETRY_POLICY.capSeconds) * 1000,
	});
	switch (outcome.kind) {
		case 'refused':
			// The same request would get the same answer: never sent again.
			return { fail: outcome.failure };
		case 'outOfBounds':
			// The same answer would come again: never sent again.
			return { fail: describeOutOfBounds(outcome.bound, purpose) };
		case 'unreadable':
			// A change that got a 2xx did happen: only a read is worth another try.
			if (repeatable && mayRetry) return retry();
			return { fail: describeUnreadableAnswer(outcome.body, purpose) };
		case 'status': {
			const retryable = (repeatable ? RETRYABLE_STATUS : NOT_PROCESSED_STATUS).has(outcome.statusCode);
			const waitable = outcome.retryAfterSeconds === undefined || outcome.retryAfterSeconds <= RETRY_POLICY.retryAfterLimitSeconds;
			if (retryable && mayRetry && waitable) return retry(outcome.retryAfterSeconds);
			return {
				fail: describeHttpError(outcome.statusCode, outcome.words, purpose, attemptNumber, outcome.redirectTo),
			};
		}
		case 'network':
			if ((repeatable || !outcome.sent) && mayRetry) return retry();
			return { fail: describeNetworkFailure(outcome.code, purpose, attemptNumber, outcome.sent) };
	}
}

/**
 * Delay before retry number `retry` (1-based): exponential with equal jitter (between half and
 * all of the exponential step, so many items retrying at once spread out without any retrying
 * at once), never shorter than a `Retry-After`.
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
