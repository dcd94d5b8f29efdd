import { pause } from './cancellation';
import type { RequestContext } from './transport';

/**
 * The end-time calendar of one execution: when its trainings will be submitted and when the
 * status check and result download at each training's end will go, planned so that Akkio
 * never gets more than the budget's requests in one window. Pure: times are numbers on the
 * caller's clock (milliseconds), the caller sleeps. Measured worth (docs/benchmark.md): about
 * 4.5 s of median detection latency at 100 tasks and 11.6 s at 500.
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

	constructor(private readonly perWindow: number, private readonly windowMs: number) {}

	/** Plans a training of `durationMs` asked for at `now`; returns when to submit it. */
	plan(now: number, durationMs: number): number {
		// A paced training leaves one request of each window free: the budget frees a slot a
		// window after an answer, not after a start, so a full window would make its checks wait.
		const room = Math.max(1, this.perWindow - 1);
		const last = this.planned[this.planned.length - 1] ?? -Infinity;
		for (let at = durationMs < this.longestMs ? this.earliest(now, 1, room) : Infinity; at + durationMs < last; ) {
			this.insert(at, 1);
			const blocked = this.blockedUntil(at + durationMs, 2, room);
			if (blocked === undefined) {
				this.insert(at + durationMs, 2);
				return at;
			}
			this.planned.splice(this.index(at), 1);
			at = this.earliest(Math.max(at + 1e-3, blocked - durationMs), 1, room);
		}
		// Packed: as early as the budget allows, the end's requests at the first room after the end.
		this.longestMs = Math.max(this.longestMs, durationMs);
		const at = this.earliest(now, 1);
		this.insert(at, 1);
		this.insert(this.earliest(at + durationMs, 2), 2);
		return at;
	}

	/** The earliest time ≥ t where `count` more requests fit. */
	private earliest(t: number, count: number, room = this.perWindow): number {
		for (let until = this.blockedUntil(t, count, room); until !== undefined; until = this.blockedUntil(t, count, room)) t = until;
		return t;
	}

	/**
	 * undefined when `count` requests can go at t; else a time before which they cannot. The
	 * windows holding t start in (t − window, t]; the fullest starts at a planned time or at t.
	 */
	private blockedUntil(t: number, count: number, room: number): number | undefined {
		const starts = [...this.planned.slice(this.index(t - this.windowMs), this.index(t + 1e-9)).filter((a) => a > t - this.windowMs), t];
		const full = starts.filter((a) => this.index(a + this.windowMs) - this.index(a) + count > room);
		return full.length ? Math.max(...full) + this.windowMs : undefined;
	}

	private insert(t: number, count: number): void {
		this.planned.splice(this.index(t), 0, ...Array<number>(count).fill(t));
	}

	/** Index of the first planned time ≥ value (binary search). */
	private index(value: number): number {
		let [low, high] = [0, this.planned.length];
		while (low < high) {
			const mid = (low + high) >>> 1;
			[low, high] = this.planned[mid] < value ? [mid + 1, high] : [low, mid];
		}
		return low;
	}
}

/**
 * One execution's calendar, planned in milliseconds from the first submit. The clock starts when
 * that submit is answered (a first request can take long: a new connection), so a slow start
 * shifts every planned submit instead of bunching them.
 */
type Pacing = { calendar: EndCalendar; startedAt?: number; started: Promise<void>; start: () => void };
const pacings = new WeakMap<RequestContext, Pacing>();

/**
 * Submits a training (`submit`) when it fits the execution's end-time calendar: its status check
 * and result at its end then fit the budget beside every other training's. Called by each item,
 * longest trainings first.
 */
export async function pacedSubmit<T>(rc: RequestContext, durationSeconds: number, submit: () => Promise<T>): Promise<T> {
	let start!: () => void;
	const started = new Promise<void>((resolve) => (start = resolve));
	const pacing: Pacing = pacings.get(rc) ?? { calendar: new EndCalendar(rc.budget.slots, rc.budget.windowMs), started, start };
	pacings.set(rc, pacing);
	const offset = pacing.calendar.plan(pacing.startedAt === undefined ? 0 : Date.now() - pacing.startedAt, durationSeconds * 1000 * rc.timeScale);
	if (pacing.startedAt === undefined && offset > 0) await pacing.started;
	const wait = (pacing.startedAt ?? Date.now()) + offset - Date.now();
	if (wait > 0) await pause(rc.ctx, wait, rc.abandoned);
	try {
		return await submit();
	} finally {
		// Any answer, a refusal too, starts the calendar's clock: items planned after it must not wait forever.
		if (pacing.startedAt === undefined) pacing.startedAt = Date.now();
		pacing.start();
	}
}
