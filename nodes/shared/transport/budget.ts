import { cancellationError, cancelSignal, pause, type AkkioContext } from '../cancellation';

/**
 * One execution's share of Akkio's request limit, counted as Akkio counts it: at most
 * ⌊ceiling⌋ request starts in any one-second window (a ceiling below 1, such as 0.5, is one
 * request every 1 / ceiling seconds). A request holds a slot from its start until one window
 * after its answer arrived. Anchoring on the answer (not on the send) keeps the count true at
 * Akkio's end whatever the network delay: a request reaches Akkio before its answer comes back,
 * so two requests of one slot reach Akkio at least a window apart.
 *
 * Waiting requests queue by priority, then by when they are due (epoch ms: a status check the
 * end-time calendar planned is due at its planned time, anything else when it arrives, so that a
 * crowd of ends cannot push a check planned earlier back); one timer serves the whole queue.
 * Times come from a sub-millisecond monotonic clock (whole milliseconds could free a slot up to
 * a millisecond early and let a sixth request into the window).
 *
 * A 429 from Akkio (another execution with the same key, say) holds every start for the
 * Retry-After and halves the slots in use; a slot comes back every ten windows without a 429.
 */

/** Lower is sooner: the result of a finished task (its detection latency is running), a status check at a task's planned end, the rest. */
export const PRIORITY = { result: 0, plannedCheck: 1, normal: 2 } as const;

export class RequestBudget {
	readonly slots: number;

	/** The window in milliseconds: a second, or 1 / ceiling seconds below 1. */
	readonly windowMs: number;

	/** When each slot may start again: Infinity while its request is in flight. */
	private readonly freeAt: number[];

	/** Sorted by priority, then due time. */
	private readonly waiters: { priority: number; due: number; resolve(slot: number): void; reject(error: Error): void }[] = [];

	/** No start before this (a 429's Retry-After). */
	private holdUntil = -Infinity;

	/** Slots usable now (fewer than `slots` after a 429), and since when. */
	private active: number;

	private activeSince = -Infinity;

	private timerAt?: number;

	private watchingCancel = false;

	/** `perSecond` 4.5 allows 4 starts in any second, 0.5 one every 2 s; `secondMs` is scaled in tests. */
	constructor(perSecond: number, secondMs = 1000, private readonly clock = () => performance.now()) {
		if (!(perSecond > 0 && perSecond < Infinity)) throw new RangeError('perSecond must be a positive number');
		this.slots = this.active = Math.max(1, Math.floor(perSecond));
		this.windowMs = perSecond >= 1 ? secondMs : secondMs / perSecond;
		this.freeAt = new Array<number>(this.slots).fill(-Infinity);
	}

	/** Waits for a slot, in priority then due order. Returns the slot to `finish`. */
	async acquire(ctx: AkkioContext, priority: number = PRIORITY.normal, due = Date.now()) {
		const signal = cancelSignal(ctx);
		if (signal?.aborted) throw cancellationError(ctx);
		if (signal && !this.watchingCancel) {
			this.watchingCancel = true;
			// One listener for the whole execution: a cancel rejects everyone still waiting.
			signal.addEventListener('abort', () => this.waiters.splice(0).forEach((waiter) => waiter.reject(cancellationError(ctx))), { once: true });
		}
		const slot = new Promise<number>((resolve, reject) => {
			const after = this.waiters.findIndex((other) => other.priority > priority || (other.priority === priority && other.due > due));
			this.waiters.splice(after < 0 ? this.waiters.length : after, 0, { priority, due, resolve, reject });
		});
		this.pump(ctx);
		return await slot;
	}

	/** The request in `slot` got its answer (or failed). */
	finish(ctx: AkkioContext, slot: number) {
		this.freeAt[slot] = this.clock() + this.windowMs;
		this.pump(ctx);
	}

	/** Akkio answered 429: nothing starts for `waitMs`, and half the slots rest. */
	backOff(ctx: AkkioContext, waitMs: number) {
		this.activeSince = this.clock();
		this.holdUntil = Math.max(this.holdUntil, this.activeSince + waitMs);
		this.active = Math.max(1, Math.ceil(this.active / 2));
		this.pump(ctx);
	}

	/** Starts the head of the queue while the rule allows; otherwise sets the one timer. */
	private pump(ctx: AkkioContext) {
		for (;;) {
			const now = this.clock();
			const every = 10 * this.windowMs;
			for (; this.active < this.slots && now - this.activeSince >= every; this.activeSince += every) this.active++;
			const usable = this.freeAt.slice(0, this.active);
			const slot = usable.indexOf(Math.min(...usable));
			const startAt = Math.max(usable[slot], this.holdUntil);
			if (this.waiters.length === 0 || startAt === Infinity) return; // an answer will free a slot
			if (startAt > now) {
				if (this.timerAt === undefined || startAt < this.timerAt) void this.ring(ctx, startAt);
				return;
			}
			this.freeAt[slot] = Infinity;
			this.waiters.shift()!.resolve(slot);
		}
	}

	private async ring(ctx: AkkioContext, at: number) {
		this.timerAt = at;
		// Timers count whole milliseconds: at least one, rounded up. A cancel ends it: the abort listener rejected every waiter.
		const rang = await pause(ctx, Math.max(1, Math.ceil(at - this.clock()))).then(() => true, () => false);
		if (this.timerAt === at) this.timerAt = undefined;
		if (rang) this.pump(ctx);
	}
}
