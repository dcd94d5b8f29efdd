import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isAbandonment, isCancellation, pause } from './cancellation';
import { decodeTaskStatus, decodeTrainingResult, excerpt, shortId, type TaskState, type TrainingResult } from './decode';
import { addAdvice, asNodeError, operationError, taskFailedError } from './errors';
import { readNumber } from './parameters';
import { resolveResultPath, trainingTaskPath } from './routes';
import { akkioRequest, DeadlineReached, PRIORITY, PURPOSES, type RequestContext, type RequestPurpose } from './transport';

/**
 * The one polling loop, for every kind of Akkio task (a training, a Chat Explore question: both
 * have the same status shape), and the pure rules that decide when to look next. The loop
 * sleeps until the planned check, asks the status, fetches the result once the task succeeded,
 * or throws Akkio's words when it failed. Many loops run at once, one per item, sharing the
 * execution's request budget.
 */

// ------------------------------------------------------------------ when to look (pure; `duration`: the task's budget in seconds)

export const firstCheckDelaySeconds = (duration: number) => Math.max(2, duration * 0.15);

/** Default for the Timeout option: room for six training budgets plus queueing. */
export const defaultTimeoutSeconds = (duration: number) => duration * 6 + 600;

/**
 * Seconds before the first check. A task this execution submitted is first checked at the end
 * of its budget (counted from the submit's answer, so Akkio already started); budgets of 30
 * minutes and more get an early check at `firstCheckSeconds` (15 %), to report a training that
 * fails at once before its half hour is up (for shorter ones it would cost a request per task to
 * learn of a failure at most 5 minutes sooner). A task picked up by ID (Wait) or a question: at
 * `firstCheckSeconds`. `aimed`, as in nextCheck: the check aims at the expected end, so a task
 * still running then is checked again after 1 s, not after a tenth of its budget.
 */
export function firstCheck(duration: number, firstCheckSeconds: number, submitted: boolean) {
	const aimed = submitted && duration < 1800 && firstCheckSeconds < duration;
	return { delaySeconds: aimed ? duration : firstCheckSeconds, aimed };
}

/**
 * The next check, all in seconds. With an `estimate` (`estimate_seconds`, the remaining time):
 * just after the estimated end (a check at exactly the estimate tends to be a moment early),
 * but never beyond the wait's Timeout (`remaining`) or a task's lifetime (Akkio fails a task
 * running for a day, 86400 s; past that, checks go on at the shortest interval). Without one, for a task
 * submitted `elapsed` ago: the end of its budget. Past an expected end (`past`: the previous
 * check was aimed at one) or without a `previous` interval: 1 s, growing 1.5x to a tenth of the
 * budget (1 s to 60 s), so a nearly finished task is seen quickly and a long overrun costs few
 * requests. `aimed`: the check aims at an expected end rather than backing off.
 */
type Seen = { previous?: number; estimate?: number; elapsed?: number; past?: boolean; remaining?: number };
export function nextCheck(duration: number, { previous, estimate = 0, elapsed, past, remaining = Infinity }: Seen) {
	if (estimate > 0) return { delaySeconds: Math.max(0, Math.min(estimate + Math.max(0.5, estimate * 0.01), remaining, Math.max(1, 86400 - (elapsed ?? 0)))), aimed: true };
	if (!past && elapsed !== undefined && elapsed < duration) return { delaySeconds: duration - elapsed, aimed: true };
	return { delaySeconds: Math.min(60, Math.max(1, duration / 10), past || previous === undefined ? 1 : Math.max(1, previous * 1.5)), aimed: false };
}

// ------------------------------------------------------------------ kinds of task

type Ended = Extract<TaskState, { kind: 'failed' | 'timedOut' }>;

/**
 * What waiting needs to know about one kind of task: how messages name it (`noun`), where its
 * status is, where its result is once it succeeded (from its status's `location`) and how that
 * reads, and its texts: what a `location` not followed does not name (`ignored`), what to do
 * after Akkio lost it (`again`), after Akkio's own words (`fix`), after a failure without
 * them (`check`), and after the node's Timeout (`timeoutAdvice`).
 */
export interface TaskKind<Result> {
	noun: string;
	statusPath(taskId: string): string;
	statusPurpose: RequestPurpose;
	resultPurpose: RequestPurpose;
	result(origin: string, taskId: string, location?: string): { path: string; ignoredLocation?: string; decode(answer: unknown): Result };
	ignored: string; again: string; fix: string; check: string;
	timeoutAdvice(taskId: string): string;
	/** Why a task ended without a result, in Akkio's words when it gave some, and what to do. */
	endedText(state: Ended): { text: string; advice: string };
}

export function ended(kind: Omit<TaskKind<unknown>, 'endedText'>, state: Ended) {
	if (state.kind === 'timedOut') return { text: `Akkio lost track of the ${kind.noun} (UNKNOWN_TIMEOUT).`, advice: kind.again };
	if (state.error) return { text: state.error, advice: `This is Akkio's own explanation. ${kind.fix}` };
	return { text: `Akkio reported the ${kind.noun} as failed without saying why.`, advice: kind.check };
}

export const TRAINING: TaskKind<TrainingResult> = {
	noun: 'training', statusPath: (taskId) => trainingTaskPath(taskId, 'status'), statusPurpose: PURPOSES.status, resultPurpose: PURPOSES.result,
	endedText: (state) => ended(TRAINING, state),
	result: (origin, taskId, location) => ({ ...resolveResultPath(origin, taskId, location), decode: decodeTrainingResult }),
	ignored: "this training's result; the documented result path was used",
	again: 'Trainings running for more than a day are treated as failed: submit it again.',
	fix: 'Fix the dataset or the fields and train again.',
	check: 'Open the dataset in the Akkio app to check it, then train again.',
	timeoutAdvice: (taskId) =>
		`The training goes on in Akkio: raise Timeout (Minutes), or pick it up later with Get Status or Wait using task ID ${shortId(taskId)}.`,
};

/** The Timeout option in seconds; without it (or 0) one that fits the task's budget. */
export function readTimeoutSeconds(ctx: IExecuteFunctions, itemIndex: number, durationSeconds: number) {
	// At most a week.
	const minutes = readNumber(ctx, itemIndex, 'options.timeoutMinutes', 'Timeout (Minutes)', { fallback: 0, max: 10080, allowZero: true });
	return minutes > 0 ? minutes * 60 : defaultTimeoutSeconds(durationSeconds);
}

// ------------------------------------------------------------------ the loop

/**
 * One task to wait for. `durationSeconds`: its budget (a training's duration), which scales the
 * polling cap; `firstCheckSeconds`: before the first status check (0: at once); `submittedAt`:
 * set when this execution submitted it, its budget then a prior for the end; `resultQuery`: the
 * result fetch's query (Chat Explore: `image_format`).
 */
export type TaskToWaitFor = { itemIndex: number; taskId: string; durationSeconds: number; firstCheckSeconds: number; timeoutSeconds: number }
	& { submittedAt?: number; checkAt?: number; resultQuery?: IDataObject };

/**
 * Polls one task until it ends and returns its decoded result. Timeout bounds the requests in
 * flight too: the last look, made exactly at the deadline, gets 2 s (real) for its answer.
 * Once this execution submitted the task, every error names it and how to pick it up.
 */
export async function awaitResult<Result>(rc: RequestContext, kind: TaskKind<Result>, task: TaskToWaitFor) {
	const { itemIndex, taskId, durationSeconds, submittedAt } = task;
	const [id, node, seconds] = [shortId(taskId), rc.ctx.getNode(), (ms: number) => ms / 1000 / rc.timeScale];
	const deadline = Date.now() + task.timeoutSeconds * 1000 * rc.timeScale;
	const request = { method: 'GET' as const, itemIndex, deadline: deadline + 2000 };
	try {
		let { delaySeconds, aimed } = firstCheck(durationSeconds, task.firstCheckSeconds, submittedAt !== undefined);
		for (;;) {
			if (Date.now() >= deadline) throw new DeadlineReached();
			// A last look exactly at the deadline rather than giving up just before it.
			await pause(rc.ctx, Math.min(delaySeconds * 1000 * rc.timeScale, deadline - Date.now()), rc.abandoned);
			const check = { ...request, path: kind.statusPath(taskId), purpose: kind.statusPurpose, priority: PRIORITY.plannedCheck, due: task.checkAt };
			const { status, state } = decodeTaskStatus(await akkioRequest(rc, check));
			if (state.kind === 'succeeded') {
				// A finished task's result goes before every status check: its detection latency is running.
				const { path, ignoredLocation, decode } = kind.result(rc.origin, taskId, state.location);
				const answer = await akkioRequest(rc, { ...request, path, query: task.resultQuery, purpose: kind.resultPurpose, priority: PRIORITY.result });
				// A location that was not followed is said on the result's items (never another task's result instead).
				const notice = ignoredLocation && `Akkio gave the location "${excerpt(ignoredLocation, 100)}", which does not name ${kind.ignored}.`;
				return { ...decode(answer), ...(notice && { notice }) };
			}
			if (state.kind !== 'running') {
				const { text, advice } = kind.endedText(state);
				throw taskFailedError(node, { message: `Akkio ${kind.noun} ${id} failed: ${text}`, description: advice }, itemIndex, { taskId, status });
			}
			const now = Date.now();
			const elapsed = submittedAt === undefined ? undefined : seconds(now - submittedAt);
			({ delaySeconds, aimed } = nextCheck(durationSeconds, { previous: delaySeconds, estimate: state.estimateSeconds, elapsed, past: aimed, remaining: seconds(deadline - now) }));
		}
	} catch (error) {
		if (error instanceof DeadlineReached) {
			const [noun, minutes] = [kind.noun[0].toUpperCase() + kind.noun.slice(1), Math.round(task.timeoutSeconds / 6) / 10];
			const message = `${noun} ${id} was still running after ${minutes} minutes, the node's timeout`;
			throw operationError(node, { message, description: kind.timeoutAdvice(taskId) }, itemIndex);
		}
		// After a successful submit, the error says which task it was and how to pick it up, so that nobody
		// submits (and pays for) it again. Cancellation, abandonment and errors that name the task are left as they are.
		if (submittedAt !== undefined && typeof error?.message === 'string' && !isCancellation(error) && !isAbandonment(error) && !error.message.includes(id)) {
			error.message += ` (${kind.noun} ${id} was submitted)`;
			addAdvice(error, `It may still be running in Akkio: pick it up with Get Status or Wait using task ID ${id} instead of submitting it again.`);
		}
		// As the router would make it (the same item).
		throw asNodeError(node, error, itemIndex);
	}
}
