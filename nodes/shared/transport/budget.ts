/**
 * One execution's share of Akkio's request limit. At most `perSecond` requests are in a
 * window at once, counted as Akkio counts them: a slot is taken when a request starts and
 * becomes free one window after its answer arrived. Anchoring on the answer (not on the send)
 * keeps the limit true at Akkio's end whatever the network delay, because a request always
 * reaches Akkio before its answer comes back.
 *
 * Waiters queue in order; each asks `tryStart` and sleeps `retryInMs` when refused. Pure: the
 * caller passes the clock, so tests drive it with a fake one.
 */
export type StartAttempt = { ok: true; slot: number } | { ok: false; retryInMs: number };

export class RequestBudget {
	private readonly freeAt: number[];

	private readonly busy: boolean[];

	private readonly queue: number[] = [];

	private nextTicket = 0;

	private readonly windowMs: number;

	/**
	 * @param perSecond requests allowed per second (fractions allowed: 0.5 is one every 2 s)
	 * @param secondMs how long a second is (1000, times the time scale in tests and benchmarks)
	 */
	constructor(perSecond: number, secondMs = 1000) {
		if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
			throw new RangeError('perSecond must be a positive number');
		}
		const slots = Math.max(1, Math.floor(perSecond));
		this.windowMs = (secondMs * slots) / perSecond;
		this.freeAt = new Array<number>(slots).fill(-Infinity);
		this.busy = new Array<boolean>(slots).fill(false);
	}

	/** Takes a place in the queue. */
	enqueue(): number {
		const ticket = this.nextTicket++;
		this.queue.push(ticket);
		return ticket;
	}

	/** Leaves the queue without starting (the waiter was cancelled). */
	withdraw(ticket: number): void {
		const index = this.queue.indexOf(ticket);
		if (index >= 0) this.queue.splice(index, 1);
	}

	/** Starts now if this ticket is first in line and a slot is free. */
	tryStart(ticket: number, now: number): StartAttempt {
		const polling = Math.max(1, Math.min(50, this.windowMs / 10));
		if (this.queue[0] !== ticket) return { ok: false, retryInMs: polling };
		let best = -1;
		for (let slot = 0; slot < this.freeAt.length; slot++) {
			if (this.busy[slot]) continue;
			if (best < 0 || this.freeAt[slot] < this.freeAt[best]) best = slot;
		}
		if (best < 0) return { ok: false, retryInMs: polling }; // all in flight: wait for an answer
		if (this.freeAt[best] > now) return { ok: false, retryInMs: this.freeAt[best] - now };
		this.queue.shift();
		this.busy[best] = true;
		return { ok: true, slot: best };
	}

	/** The request in `slot` got its answer (or failed) at `now`. */
	finish(slot: number, now: number): void {
		this.busy[slot] = false;
		this.freeAt[slot] = now + this.windowMs;
	}
}
