/** When to try a failed request again. Pure. */

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
