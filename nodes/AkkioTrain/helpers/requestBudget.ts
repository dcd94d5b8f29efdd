/**
 * One execution's share of Akkio's request limit, as a sliding window: at most `perSecond`
 * request starts in any second. Callers reserve a start time and sleep until it, so the budget
 * itself never waits and is testable with a fake clock.
 */
export class RequestBudget {
	private readonly starts: number[] = [];

	private readonly limit: number;

	private readonly windowMs: number;

	/**
	 * @param perSecond requests allowed per second (fractions allowed: 0.5 is one every 2 s)
	 * @param secondMs how long a second is (1000, times the time scale in tests and benchmarks)
	 * @param marginMs slack added to each window, so that jitter on the way to Akkio cannot
	 *   squeeze one request too many into one of Akkio's windows
	 */
	constructor(
		perSecond: number,
		secondMs = 1000,
		private readonly marginMs = Math.min(50, secondMs * 0.05),
	) {
		if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
			throw new RangeError('perSecond must be a positive number');
		}
		this.limit = Math.max(1, Math.floor(perSecond));
		this.windowMs = (secondMs * this.limit) / perSecond;
	}

	/** Reserves the earliest start at or after `now` (callers pass a non-decreasing clock). */
	reserve(now: number): number {
		let start = now;
		if (this.starts.length >= this.limit) {
			const blocking = this.starts[this.starts.length - this.limit];
			start = Math.max(now, blocking + this.windowMs + this.marginMs);
		}
		this.starts.push(start);
		// Only the last `limit` starts can block a later reservation.
		if (this.starts.length > this.limit * 4) this.starts.splice(0, this.starts.length - this.limit);
		return start;
	}
}
