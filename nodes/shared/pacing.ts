import { pause } from './cancellation';
import type { RequestContext } from './transport';

/**
 * The end-time calendar of one execution: when its trainings will be submitted and when the
 * status check and result download at each training's end will go, planned so that Akkio
 * never gets more than the budget's requests in one window. Pure: times are numbers on the
 * caller's clock (milliseconds), the caller sleeps.
 *
 * Trainings are planned longest first (the order items start in). The longest ones set the
 * wall, so they are submitted as early as the budget allows ("packed"); their ends come in a
 * crowd the budget works through. Every shorter one is submitted at the earliest moment where
 * its two requests at the end fit beside every other planned request (it is then seen done
 * about when it ends), as long as that end comes before the longest ones' last: pacing never
 * makes the wall longer. One that cannot fit so is packed too.
 */
export class EndCalendar {
	/** Planned request times, sorted. */
	private readonly planned: number[] = [];

	private longestMs = -Infinity;

	constructor(
		private readonly perWindow: number,
		private readonly windowMs: number,
	) {}

	/**
	 * Plans a training of `durationMs` asked for at `now`, its end checked `marginMs` after its
	 * budget. Returns when to submit it.
	 */
	plan(now: number, durationMs: number, marginMs: number): number {
		if (durationMs >= this.longestMs) {
			this.longestMs = durationMs;
			return this.pack(now, durationMs + marginMs);
		}
		const endAfter = durationMs + marginMs;
		// A paced training leaves one request of each window free: the budget frees a slot a
		// window after an answer, not after a start, so a full window would make its checks wait.
		const room = Math.max(1, this.perWindow - 1);
		const last = this.planned.length ? this.planned[this.planned.length - 1] : -Infinity;
		for (let submitAt = this.earliest(now, 1, room); submitAt + endAfter < last; ) {
			this.insert(submitAt, 1);
			const endBlocked = this.blockedUntil(submitAt + endAfter, 2, room);
			if (endBlocked === undefined) {
				this.insert(submitAt + endAfter, 2);
				return submitAt;
			}
			this.remove(submitAt);
			submitAt = this.earliest(Math.max(submitAt + 1e-3, endBlocked - endAfter), 1, room);
		}
		return this.pack(now, endAfter);
	}

	/** As early as the budget allows, the end requests at the first room after the end. */
	private pack(now: number, endAfter: number): number {
		const submitAt = this.earliest(now, 1);
		this.insert(submitAt, 1);
		this.insert(this.earliest(submitAt + endAfter, 2), 2);
		return submitAt;
	}

	/** The earliest time ≥ t where `count` more requests fit. */
	private earliest(t: number, count: number, room = this.perWindow): number {
		for (;;) {
			const until = this.blockedUntil(t, count, room);
			if (until === undefined) return t;
			t = until;
		}
	}

	/**
	 * undefined when `count` requests can go at t; else a time before which they cannot. The
	 * windows holding t start in (t − window, t]; the fullest starts at a planned time or at t.
	 */
	private blockedUntil(t: number, count: number, room = this.perWindow): number | undefined {
		let until: number | undefined;
		const from = lowerBound(this.planned, t - this.windowMs);
		const to = lowerBound(this.planned, t + 1e-9);
		const starts = this.planned.slice(from, to).filter((a) => a > t - this.windowMs);
		starts.push(t);
		for (const a of starts) {
			const inWindow = lowerBound(this.planned, a + this.windowMs) - lowerBound(this.planned, a);
			if (inWindow + count > room) until = Math.max(until ?? -Infinity, a + this.windowMs);
		}
		return until;
	}

	private insert(t: number, count: number): void {
		for (let i = 0; i < count; i++) this.planned.splice(lowerBound(this.planned, t), 0, t);
	}

	private remove(t: number): void {
		this.planned.splice(lowerBound(this.planned, t), 1);
	}
}

/** Index of the first element ≥ value in a sorted array (binary search). */
function lowerBound(sorted: number[], value: number): number {
	let [low, high] = [0, sorted.length];
	while (low < high) {
		const mid = (low + high) >>> 1;
		[low, high] = sorted[mid] < value ? [mid + 1, high] : [low, mid];
	}
	return low;
}


/**
 * One execution's end-time calendar, planned in milliseconds from the first submit. The clock
 * starts when that submit is answered (a first request can take long: a new connection), so a
 * slow start shifts every planned submit instead of bunching them.
 */
class Pacing {
	readonly calendar: EndCalendar;

	private startedAt: number | undefined;

	private readonly started: Promise<void>;

	private markStarted!: () => void;

	constructor(rc: RequestContext) {
		this.calendar = new EndCalendar(rc.budget.slots, rc.budget.windowMs);
		this.started = new Promise((resolve) => (this.markStarted = resolve));
	}

	/** The calendar's time: 0 until the first submit is answered. */
	now(): number {
		return this.startedAt === undefined ? 0 : Date.now() - this.startedAt;
	}

	async at(offset: number): Promise<number> {
		if (this.startedAt === undefined && offset > 0) await this.started;
		return (this.startedAt ?? Date.now()) + offset;
	}

	answered(): void {
		if (this.startedAt !== undefined) return;
		this.startedAt = Date.now();
		this.markStarted();
	}
}

const pacings = new WeakMap<RequestContext, Pacing>();

/**
 * Submits a training (`submit`) when it fits the execution's end-time calendar (calendar.ts):
 * its status check and result at its end then fit the budget beside every other training's.
 * Called by each item, longest trainings first.
 */
export async function pacedSubmit<T>(rc: RequestContext, durationSeconds: number, submit: () => Promise<T>): Promise<T> {
	let pacing = pacings.get(rc);
	if (!pacing) {
		pacing = new Pacing(rc);
		pacings.set(rc, pacing);
	}
	const toMs = (seconds: number) => seconds * 1000 * rc.timeScale;
	const offset = pacing.calendar.plan(pacing.now(), toMs(durationSeconds), 0);
	const submitAt = await pacing.at(offset);
	const wait = submitAt - Date.now();
	if (wait > 0) await pause(rc.ctx, wait, rc.abandoned);
	try {
		return await submit();
	} finally {
		// Any answer, a refusal too, starts the calendar's clock: items planned after it must not wait forever.
		pacing.answered();
	}
}
