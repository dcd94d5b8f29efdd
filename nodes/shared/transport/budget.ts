import { cancellationError, cancelSignal, pause } from '../cancellation';
import type { AkkioContext } from './requestContext';

/**
 * One execution's share of Akkio's request limit, counted as Akkio counts it: at most
 * ⌊ceiling⌋ request starts in any one-second window (a ceiling below 1, such as 0.5, is one
 * request every 1 / ceiling seconds). A request holds a slot from its start until one window
 * after its answer arrived. Anchoring on the answer (not on the send) keeps the count true at
 * Akkio's end whatever the network delay: a request always reaches Akkio before its answer
 * comes back, so two requests of one slot reach Akkio at least a window apart.
 *
 * Waiting requests queue by priority, then in arrival order, and only the head is ever woken:
 * a slot is handed over when an answer frees it or when the one timer of the budget rings.
 * Times come from a monotonic clock with sub-millisecond resolution (a slot timed with whole
 * milliseconds could free up to a millisecond early and let a sixth request into the window).
 *
 * A 429 from Akkio (another execution with the same key, say) holds every start of the
 * execution for the Retry-After and halves the slots in use; a slot comes back every ten
 * windows without a 429.
 */

/** Lower is sooner. Results of finished tasks first, speculative status checks last. */
export const PRIORITY = {
	/** The result of a task that finished: its detection latency is running. */
	result: 0,
	/** A status check at a task's planned end (its budget or Akkio's estimate). */
	plannedCheck: 1,
	/** Everything else: submits, predictions, rows, lists. */
	normal: 2,
	/** A status check before any expected end (a task that fails at once), or after a missed one. */
	speculativeCheck: 3,
} as const;

export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

const PRIORITIES = 4;

/** Windows without a 429 after which one slot halved away by a 429 comes back. */
const RECOVER_AFTER_WINDOWS = 10;

export interface Ticket {
	readonly id: number;
	readonly priority: Priority;
}

/** Sub-millisecond, monotonic. */
export const monotonicClock = (): number => performance.now();

/** The pure rule: who may start when. The caller passes the time (tests drive a fake clock). */
export class RequestBudget {
	/** The window in milliseconds: a second, or 1 / ceiling seconds below 1. */
	readonly windowMs: number;

	readonly slots: number;

	private readonly freeAt: number[];

	private readonly busy: boolean[];

	private readonly queues: Ticket[][] = Array.from({ length: PRIORITIES }, () => []);

	private readonly heads: number[] = new Array<number>(PRIORITIES).fill(0);

	private readonly withdrawn = new Set<number>();

	private nextId = 0;

	private waiting = 0;

	/** No start before this (a 429's Retry-After). */
	private holdUntil = -Infinity;

	/** Slots usable now (fewer than `slots` after a 429), and when the last change happened. */
	private active: number;

	private activeSince = -Infinity;

	/**
	 * @param perSecond requests allowed per second; fractions allowed: 4.5 allows 4 in any second, 0.5 one every 2 s
	 * @param secondMs how long a second is (1000, times the time scale in tests and benchmarks)
	 */
	constructor(perSecond: number, secondMs = 1000) {
		if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new RangeError('perSecond must be a positive number');
		if (!(secondMs > 0) || !Number.isFinite(secondMs)) throw new RangeError('secondMs must be a positive number');
		this.slots = Math.max(1, Math.floor(perSecond));
		this.windowMs = perSecond >= 1 ? secondMs : secondMs / perSecond;
		this.active = this.slots;
		this.freeAt = new Array<number>(this.slots).fill(-Infinity);
		this.busy = new Array<boolean>(this.slots).fill(false);
	}

	/** Takes a place in the queue of its priority. */
	enqueue(priority: Priority = PRIORITY.normal): Ticket {
		const ticket = { id: this.nextId++, priority };
		this.queues[priority].push(ticket);
		this.waiting++;
		return ticket;
	}

	/** Leaves the queue without starting (the waiter was cancelled). */
	withdraw(ticket: Ticket): void {
		if (this.withdrawn.has(ticket.id)) return;
		const queue = this.queues[ticket.priority];
		const index = queue.indexOf(ticket, this.heads[ticket.priority]);
		if (index < 0) return; // already started
		this.withdrawn.add(ticket.id);
		this.waiting--;
	}

	/** Requests waiting for a slot. */
	get queued(): number {
		return this.waiting;
	}

	/** Nobody waits and a request could start at `now`: capacity no queued request needs. */
	idleAt(now: number): boolean {
		if (this.waiting > 0 || this.holdUntil > now) return false;
		for (let slot = 0; slot < this.active; slot++) if (!this.busy[slot] && this.freeAt[slot] <= now) return true;
		return false;
	}

	/**
	 * Starts as many queued requests as the rule allows at `now`, head first. Returns them with
	 * their slots, and when to look again if some still wait (undefined: only an answer can
	 * free a slot, or nobody waits).
	 */
	grant(now: number): { started: Array<{ ticket: Ticket; slot: number }>; nextAt?: number } {
		this.recover(now);
		const started: Array<{ ticket: Ticket; slot: number }> = [];
		for (;;) {
			const ticket = this.peek();
			if (!ticket) return { started };
			let best = -1;
			for (let slot = 0; slot < this.active; slot++) {
				if (this.busy[slot]) continue;
				if (best < 0 || this.freeAt[slot] < this.freeAt[best]) best = slot;
			}
			if (best < 0) return { started }; // all in flight: an answer will free one
			const startAt = Math.max(this.freeAt[best], this.holdUntil);
			if (startAt > now) return { started, nextAt: startAt };
			this.take(ticket);
			this.busy[best] = true;
			started.push({ ticket, slot: best });
		}
	}

	/** The request in `slot` got its answer (or failed) at `now`. */
	finish(slot: number, now: number): void {
		this.busy[slot] = false;
		this.freeAt[slot] = now + this.windowMs;
	}

	/**
	 * Akkio answered 429 at `now`: nothing starts before `until`, and half the slots rest (a
	 * key shared with other executions is the likely cause; the budget cannot see theirs).
	 */
	backOff(now: number, until: number): void {
		this.holdUntil = Math.max(this.holdUntil, until);
		this.active = Math.max(1, Math.ceil(this.active / 2));
		this.activeSince = now;
	}

	private recover(now: number): void {
		const every = RECOVER_AFTER_WINDOWS * this.windowMs;
		while (this.active < this.slots && now - this.activeSince >= every) {
			this.active++;
			this.activeSince += every;
		}
	}

	private peek(): Ticket | undefined {
		for (let priority = 0; priority < PRIORITIES; priority++) {
			const queue = this.queues[priority];
			while (this.heads[priority] < queue.length && this.withdrawn.has(queue[this.heads[priority]].id)) {
				this.withdrawn.delete(queue[this.heads[priority]].id);
				this.heads[priority]++;
			}
			if (this.heads[priority] < queue.length) return queue[this.heads[priority]];
			// Empty: reclaim the array.
			queue.length = 0;
			this.heads[priority] = 0;
		}
		return undefined;
	}

	private take(ticket: Ticket): void {
		this.heads[ticket.priority]++;
		this.waiting--;
	}
}

interface Waiter {
	ticket: Ticket;
	resolve: (slot: number) => void;
	reject: (error: Error) => void;
}

/**
 * The budget of one execution with its clock and its one timer: `acquire` resolves when the
 * request may start. Waiting costs nothing per waiter: only the head of the queue is looked
 * at, when an answer arrives or when the timer (one sleep for the whole execution) rings.
 */
export class BudgetGate {
	private readonly waiters = new Map<number, Waiter>();

	/** When the one timer rings, if it is running. */
	private timerAt: number | undefined;

	private watchingCancel = false;

	constructor(
		readonly rule: RequestBudget,
		private readonly clock: () => number = monotonicClock,
	) {}

	/** Waits for a slot, in priority then arrival order. Returns the slot to `finish`. */
	async acquire(ctx: AkkioContext, priority: Priority = PRIORITY.normal): Promise<number> {
		const signal = cancelSignal(ctx);
		if (signal?.aborted) throw cancellationError(ctx);
		const ticket = this.rule.enqueue(priority);
		const slot = new Promise<number>((resolve, reject) => this.waiters.set(ticket.id, { ticket, resolve, reject }));
		if (signal && !this.watchingCancel) {
			this.watchingCancel = true;
			signal.addEventListener('abort', () => this.cancelAll(ctx), { once: true });
		}
		this.pump(ctx);
		return await slot;
	}

	/** Whether a request could start now without making any queued one wait. */
	idle(): boolean {
		return this.rule.idleAt(this.clock());
	}

	finish(ctx: AkkioContext, slot: number): void {
		this.rule.finish(slot, this.clock());
		this.pump(ctx);
	}

	/** Akkio answered 429: the whole execution waits `waitMs`, then goes on with fewer slots. */
	backOff(ctx: AkkioContext, waitMs: number): void {
		const now = this.clock();
		this.rule.backOff(now, now + waitMs);
		this.pump(ctx);
	}

	private pump(ctx: AkkioContext): void {
		const { started, nextAt } = this.rule.grant(this.clock());
		for (const { ticket, slot } of started) {
			const waiter = this.waiters.get(ticket.id);
			this.waiters.delete(ticket.id);
			waiter?.resolve(slot);
		}
		if (nextAt !== undefined && (this.timerAt === undefined || nextAt < this.timerAt)) void this.ring(ctx, nextAt);
	}

	private async ring(ctx: AkkioContext, at: number): Promise<void> {
		this.timerAt = at;
		try {
			// Timers count whole milliseconds: at least one, rounded up.
			await pause(ctx, Math.max(1, Math.ceil(at - this.clock())));
		} catch {
			return; // cancelled: cancelAll rejects the waiters
		} finally {
			if (this.timerAt === at) this.timerAt = undefined;
		}
		// A sleep can end a fraction of a millisecond early: the rule, not the timer, decides.
		this.pump(ctx);
	}

	private cancelAll(ctx: AkkioContext): void {
		for (const [id, waiter] of this.waiters) {
			this.waiters.delete(id);
			this.rule.withdraw(waiter.ticket);
			waiter.reject(cancellationError(ctx));
		}
	}
}
