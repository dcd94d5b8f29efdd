import { cancellationError, cancelSignal, pause } from '../cancellation';
import type { AkkioContext } from '../cancellation';

/**
 * One execution's share of Akkio's request limit, counted as Akkio counts it: at most
 * ⌊ceiling⌋ request starts in any one-second window (a ceiling below 1, such as 0.5, is one
 * request every 1 / ceiling seconds). A request holds a slot from its start until one window
 * after its answer arrived. Anchoring on the answer (not on the send) keeps the count true at
 * Akkio's end whatever the network delay: a request reaches Akkio before its answer comes back,
 * so two requests of one slot reach Akkio at least a window apart.
 *
 * Waiting requests queue by priority, then in arrival order; one timer serves the whole queue.
 * Times come from a sub-millisecond monotonic clock (whole milliseconds could free a slot up to
 * a millisecond early and let a sixth request into the window).
 *
 * A 429 from Akkio (another execution with the same key, say) holds every start for the
 * Retry-After and halves the slots in use; a slot comes back every ten windows without a 429.
 */

/** Lower is sooner: results of finished tasks first, then status checks, then the rest. */
export const PRIORITY = {
	/** The result of a task that finished: its detection latency is running. */
	result: 0,
	/** A status check at a task's planned end (its budget or Akkio's estimate). */
	plannedCheck: 1,
	/** Everything else: submits, predictions, rows, lists. */
	normal: 2,
} as const;

export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

/** Windows without a 429 after which one slot halved away by a 429 comes back. */
const RECOVER_AFTER_WINDOWS = 10;

interface Waiter {
	priority: Priority;
	resolve: (slot: number) => void;
	reject: (error: Error) => void;
}

export class RequestBudget {
	/** The window in milliseconds: a second, or 1 / ceiling seconds below 1. */
	readonly windowMs: number;

	readonly slots: number;

	private readonly freeAt: number[];

	private readonly busy: boolean[];

	/** Sorted by priority, then arrival. */
	private readonly waiters: Waiter[] = [];

	/** No start before this (a 429's Retry-After). */
	private holdUntil = -Infinity;

	/** Slots usable now (fewer than `slots` after a 429), and since when. */
	private active: number;

	private activeSince = -Infinity;

	private timerAt: number | undefined;

	private watchingCancel = false;

	/**
	 * @param perSecond requests allowed per second; 4.5 allows 4 in any second, 0.5 one every 2 s
	 * @param secondMs how long a second is (1000, times the time scale in tests and benchmarks)
	 * @param clock sub-millisecond and monotonic
	 */
	constructor(
		perSecond: number,
		secondMs = 1000,
		private readonly clock: () => number = () => performance.now(),
	) {
		if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new RangeError('perSecond must be a positive number');
		this.slots = Math.max(1, Math.floor(perSecond));
		this.windowMs = perSecond >= 1 ? secondMs : secondMs / perSecond;
		this.active = this.slots;
		this.freeAt = new Array<number>(this.slots).fill(-Infinity);
		this.busy = new Array<boolean>(this.slots).fill(false);
	}

	/** Waits for a slot, in priority then arrival order. Returns the slot to `finish`. */
	async acquire(ctx: AkkioContext, priority: Priority = PRIORITY.normal): Promise<number> {
		const signal = cancelSignal(ctx);
		if (signal?.aborted) throw cancellationError(ctx);
		const slot = new Promise<number>((resolve, reject) => {
			const after = this.waiters.findIndex((other) => other.priority > priority);
			this.waiters.splice(after < 0 ? this.waiters.length : after, 0, { priority, resolve, reject });
		});
		if (signal && !this.watchingCancel) {
			this.watchingCancel = true;
			// One listener for the whole execution: a cancel rejects everyone still waiting.
			signal.addEventListener('abort', () => this.waiters.splice(0).forEach((waiter) => waiter.reject(cancellationError(ctx))), { once: true });
		}
		this.pump(ctx);
		return await slot;
	}

	/** The request in `slot` got its answer (or failed). */
	finish(ctx: AkkioContext, slot: number): void {
		this.busy[slot] = false;
		this.freeAt[slot] = this.clock() + this.windowMs;
		this.pump(ctx);
	}

	/** Akkio answered 429: nothing starts for `waitMs`, and half the slots rest. */
	backOff(ctx: AkkioContext, waitMs: number): void {
		const now = this.clock();
		this.holdUntil = Math.max(this.holdUntil, now + waitMs);
		this.active = Math.max(1, Math.ceil(this.active / 2));
		this.activeSince = now;
		this.pump(ctx);
	}

	/** The idle slot free soonest, or -1 when every usable slot is in flight. */
	private freeSlot(now: number): number {
		const every = RECOVER_AFTER_WINDOWS * this.windowMs;
		for (; this.active < this.slots && now - this.activeSince >= every; this.activeSince += every) this.active++;
		let best = -1;
		for (let slot = 0; slot < this.active; slot++) {
			if (!this.busy[slot] && (best < 0 || this.freeAt[slot] < this.freeAt[best])) best = slot;
		}
		return best;
	}

	/** Starts the head of the queue while the rule allows; otherwise sets the one timer. */
	private pump(ctx: AkkioContext): void {
		for (;;) {
			const now = this.clock();
			const slot = this.freeSlot(now);
			if (this.waiters.length === 0 || slot < 0) return; // an answer will free a slot
			const startAt = Math.max(this.freeAt[slot], this.holdUntil);
			if (startAt > now) {
				if (this.timerAt === undefined || startAt < this.timerAt) void this.ring(ctx, startAt);
				return;
			}
			this.busy[slot] = true;
			this.waiters.shift()!.resolve(slot);
		}
	}

	private async ring(ctx: AkkioContext, at: number): Promise<void> {
		this.timerAt = at;
		try {
			// Timers count whole milliseconds: at least one, rounded up.
			await pause(ctx, Math.max(1, Math.ceil(at - this.clock())));
		} catch {
			return; // cancelled: the abort listener rejected every waiter
		} finally {
			if (this.timerAt === at) this.timerAt = undefined;
		}
		this.pump(ctx);
	}
}
