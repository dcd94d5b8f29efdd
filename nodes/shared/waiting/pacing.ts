import { pause } from '../cancellation';
import type { RequestContext } from '../transport';
import { EndCalendar } from './calendar';
import { BUDGET_MARGIN_SECONDS } from './schedule';

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
		this.calendar = new EndCalendar(rc.budget.rule.slots, rc.budget.rule.windowMs);
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
	const offset = pacing.calendar.plan(pacing.now(), toMs(durationSeconds), toMs(BUDGET_MARGIN_SECONDS));
	const submitAt = await pacing.at(offset);
	const wait = submitAt - Date.now();
	if (wait > 0) await pause(rc.ctx, wait, rc.abandoned);
	const answer = await submit();
	pacing.answered();
	return answer;
}
