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
export function endCalendar(perWindow: number, windowMs: number) {
	/** Planned request times, sorted. */
	const planned: number[] = [];
	let longest = -Infinity;
	/** Index of the first planned time ≥ t (binary search). */
	const index = (t: number) => {
		let [low, high] = [0, planned.length];
		while (low < high) {
			const mid = (low + high) >>> 1;
			[low, high] = planned[mid] < t ? [mid + 1, high] : [low, mid];
		}
		return low;
	};
	const insert = (t: number, count: number) => planned.splice(index(t), 0, ...Array<number>(count).fill(t));
	/**
	 * undefined when `count` requests can go at t; else a time before which they cannot. The
	 * windows holding t start in (t − window, t]; the fullest starts at a planned time or at t.
	 */
	const blockedUntil = (t: number, count: number, room: number) => {
		const starts = [...planned.slice(index(t - windowMs), index(t + 1e-9)).filter((a) => a > t - windowMs), t];
		const full = starts.filter((a) => index(a + windowMs) - index(a) + count > room);
		return full.length ? Math.max(...full) + windowMs : undefined;
	};
	/** The earliest time ≥ t where `count` more requests fit. */
	const earliest = (t: number, count: number, room = perWindow) => {
		for (let until = blockedUntil(t, count, room); until !== undefined; until = blockedUntil(t, count, room)) t = until;
		return t;
	};
	/** Plans a training of `durationMs` asked for at `now`; returns when to submit it and when to check its end. */
	return (now: number, durationMs: number) => {
		// A paced training leaves one request of each window free: the budget frees a slot a
		// window after an answer, not after a start, so a full window would make its checks wait.
		const room = Math.max(1, perWindow - 1);
		const last = planned[planned.length - 1] ?? -Infinity;
		for (let at = durationMs < longest ? earliest(now, 1, room) : Infinity; at + durationMs < last; ) {
			insert(at, 1);
			const blocked = blockedUntil(at + durationMs, 2, room);
			if (blocked === undefined) {
				insert(at + durationMs, 2);
				return { submitAt: at, checkAt: at + durationMs };
			}
			planned.splice(index(at), 1);
			at = earliest(Math.max(at + 1e-3, blocked - durationMs), 1, room);
		}
		// Packed: as early as the budget allows, the end's requests at the first room after the end.
		longest = Math.max(longest, durationMs);
		const at = earliest(now, 1);
		insert(at, 1);
		const checkAt = earliest(at + durationMs, 2);
		insert(checkAt, 2);
		return { submitAt: at, checkAt };
	};
}

/**
 * One execution's calendar, planned in milliseconds from the first submit. The clock starts when
 * that submit is answered (a first request can take long: a new connection), so a slow start
 * shifts every planned submit instead of bunching them.
 */
type Pacing = { plan: ReturnType<typeof endCalendar>; startedAt?: number; started: Promise<number>; start: (at: number) => void };
const pacings = new WeakMap<RequestContext, Pacing>();

/**
 * Submits a training (`submit`) when it fits the execution's end-time calendar: its status check
 * and result at its end then fit the budget beside every other training's. Called by each item,
 * longest trainings first.
 */
export async function pacedSubmit<T>(rc: RequestContext, durationSeconds: number, submit: () => Promise<T>) {
	let start!: (at: number) => void;
	const started = new Promise<number>((resolve) => (start = resolve));
	// A slot is held from a request's start until a window after its answer: planned with a window
	// 5 % longer (the answer's way back), the calendar does not fall behind the budget during a crowd
	// of ends (bench, 500 trainings: median latency about 2.1 s with the bare window, 1.3 to 1.4 s with this).
	const pacing: Pacing = pacings.get(rc) ?? { plan: endCalendar(rc.budget.slots, rc.budget.windowMs * 1.05), started, start };
	pacings.set(rc, pacing);
	const { submitAt, checkAt } = pacing.plan(pacing.startedAt === undefined ? 0 : Date.now() - pacing.startedAt, durationSeconds * 1000 * rc.timeScale);
	const wait = (pacing.startedAt ?? (submitAt > 0 ? await pacing.started : Date.now())) + submitAt - Date.now();
	if (wait > 0) await pause(rc.ctx, wait, rc.abandoned);
	// Any answer, a refusal too, starts the calendar's clock: items planned after it must not wait forever.
	const answer = await submit().finally(() => pacing.start((pacing.startedAt ??= Date.now())));
	return { answer, checkAt: pacing.startedAt! + checkAt };
}
