import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isAbandonment, isCancellation, pause } from './cancellation';
import { asSentence, decodeChatRecord, excerpt, shortId, decodeTaskStatus, decodeTrainingResult, type ChatAnswer, type TaskState, type TrainingResult } from './decode';
import { taskFailedError, waitTimeoutError, type ErrorText } from './errors';
import { readNumber } from './parameters';
import { chatExploreStatusPath, chatPath, chatTargetOf, resolveResultPath, trainingTaskPath } from './routes';
import { akkioRequest, DeadlineReached, PRIORITY, PURPOSES, type RequestContext, type RequestPurpose } from './transport';

/**
 * The one polling loop, for every kind of Akkio task (a training, a Chat Explore question: both
 * have the same status shape), and the pure rules that decide when to look next. The loop
 * sleeps until the planned check, asks the status, fetches the result once the task succeeded,
 * or throws Akkio's words when it failed. Many loops run at once, one per item, sharing the
 * execution's request budget.
 */

// ------------------------------------------------------------------ when to look (pure)

/** Interval growth without an estimate, and the shortest interval (right after a missed end). */
const BACKOFF_FACTOR = 1.5;
const MIN_INTERVAL_SECONDS = 1;
/**
 * Training budgets at least this long get an early status check at 15 % of the budget, to
 * report a training that fails at once before its half hour is up. Shorter ones are first
 * checked at the end of their budget: an early check would cost a request per task to learn of
 * a failure at most 5 minutes sooner.
 */
export const EARLY_CHECK_MIN_DURATION_SECONDS = 1800;

/** Akkio treats a task running longer than a day as failed: no estimate reaches past that. */
export const TASK_LIFETIME_SECONDS = 24 * 3600;

/** Longest pause between two checks of one task: a tenth of its budget, 1 s to 60 s. */
export function maxIntervalSeconds(durationSeconds: number): number {
	return Math.min(60, Math.max(MIN_INTERVAL_SECONDS, durationSeconds / 10));
}

export function firstCheckDelaySeconds(durationSeconds: number): number {
	return Math.max(2, durationSeconds * 0.15);
}

/** Default for the Timeout option: room for six training budgets plus queueing. */
export function defaultTimeoutSeconds(durationSeconds: number): number {
	return durationSeconds * 6 + 600;
}

/**
 * Seconds before the first check. A task this execution submitted is first checked at the end
 * of its budget (counted from the submit's answer, so Akkio already started), or early when the
 * budget is long; a task picked up by ID (Wait) or a question at `firstCheckSeconds`.
 */
export function firstCheck(durationSeconds: number, firstCheckSeconds: number, submitted: boolean): number {
	return submitted && durationSeconds < EARLY_CHECK_MIN_DURATION_SECONDS && firstCheckSeconds < durationSeconds ? durationSeconds : firstCheckSeconds;
}

export interface PollObservation {
	/** Seconds since the previous check, or undefined before the first. */
	previousIntervalSeconds?: number;
	/** `estimate_seconds` of the latest status, read as the remaining time. */
	estimateSeconds?: number;
	/** Seconds since this execution submitted the task, and the budget it was given. */
	elapsedSeconds?: number;
	expectedSeconds?: number;
	/** The previous check aimed at an expected end (estimate or budget) that was overrun. */
	pastExpectedEnd?: boolean;
	/** Seconds left of the wait's Timeout: no estimate plans a check beyond them. */
	remainingSeconds?: number;
}

export interface NextCheck {
	delaySeconds: number;
	/** Aimed at an expected end rather than backing off. */
	aimed: boolean;
}

/**
 * With an estimate: just after the estimated end (a check at exactly the estimate tends to be a
 * moment early), but never beyond the wait's Timeout or a task's lifetime. Without one: the end
 * of the training's budget. Past an expected end: the shortest interval, growing 1.5x to the
 * cap, so a nearly finished task is seen quickly and a long overrun costs few requests.
 */
export function nextCheck(durationSeconds: number, observation: PollObservation): NextCheck {
	const cap = maxIntervalSeconds(durationSeconds);
	const { estimateSeconds, previousIntervalSeconds, pastExpectedEnd, elapsedSeconds, expectedSeconds } = observation;
	if (estimateSeconds !== undefined && estimateSeconds > 0) {
		// Past a task's lifetime Akkio should have failed it: checks go on at the shortest interval.
		const reach = Math.min(observation.remainingSeconds ?? Infinity, Math.max(MIN_INTERVAL_SECONDS, TASK_LIFETIME_SECONDS - (elapsedSeconds ?? 0)));
		return { delaySeconds: Math.max(0, Math.min(estimateSeconds + Math.max(0.5, estimateSeconds * 0.01), reach)), aimed: true };
	}
	if (!pastExpectedEnd && expectedSeconds !== undefined && elapsedSeconds !== undefined && elapsedSeconds < expectedSeconds) {
		return { delaySeconds: expectedSeconds - elapsedSeconds, aimed: true };
	}
	if (pastExpectedEnd || previousIntervalSeconds === undefined) return { delaySeconds: Math.min(cap, MIN_INTERVAL_SECONDS), aimed: false };
	return { delaySeconds: Math.min(cap, Math.max(MIN_INTERVAL_SECONDS, previousIntervalSeconds * BACKOFF_FACTOR)), aimed: false };
}

// ------------------------------------------------------------------ kinds of task

/**
 * What waiting needs to know about one kind of task: where its status is, how its result is
 * fetched once it succeeded, and how its messages read.
 */
export interface TaskKind<Result> {
	/** "training": how messages name a task of this kind. */
	noun: string;
	statusPath(taskId: string): string;
	statusPurpose: RequestPurpose;
	/** The decoded result of a task that succeeded; `location` is what its status gave. */
	fetchResult(rc: RequestContext, task: TaskToWaitFor & { deadline: number }, location?: string): Promise<Result>;
	/** Why a task ended without a result, in Akkio's words when it gave some, and what to do. */
	endedText(state: EndedState): { text: string; advice: string };
	timeoutAdvice(taskId: string): string;
}

export type EndedState = Extract<TaskState, { kind: 'failed' | 'timedOut' }>;

export const AKKIO_DEFAULT_FAILURE_TEXT = 'Akkio reported the training as failed without saying why. Check the dataset in the Akkio app.';

export const UNKNOWN_TIMEOUT_TEXT =
	'Akkio lost track of the training (UNKNOWN_TIMEOUT). Trainings running for more than a day are treated as failed; submit it again.';

export const TRAINING: TaskKind<TrainingResult> = {
	noun: 'training',
	statusPath: (taskId) => trainingTaskPath(taskId, 'status'),
	statusPurpose: PURPOSES.status,
	async fetchResult(rc, task, location) {
		const target = resolveResultPath(rc.origin, task.taskId, location);
		// A finished task's result goes before every status check: its detection latency is running.
		const answer = await akkioRequest(rc, {
			method: 'GET',
			path: target.path,
			purpose: PURPOSES.result,
			itemIndex: task.itemIndex,
			deadline: task.deadline,
			priority: PRIORITY.result,
		});
		return { ...decodeTrainingResult(answer), ...locationNotice(target.ignoredLocation, "this training's result", 'the documented result path was used') };
	},
	endedText(state) {
		if (state.kind === 'timedOut') return { text: UNKNOWN_TIMEOUT_TEXT, advice: 'Submit the training again.' };
		return state.error
			? { text: state.error, advice: "This is Akkio's own explanation. Fix the dataset or the fields and train again." }
			: { text: AKKIO_DEFAULT_FAILURE_TEXT, advice: 'Akkio sent no reason. Open the dataset in Akkio to check it, then train again.' };
	},
	timeoutAdvice: (taskId) =>
		`The training goes on in Akkio. Either raise Timeout in the node options, or turn off Wait for Completion ` +
		`and look the task up later with Get Status or Wait using task ID ${shortId(taskId)}.`,
};

/** A Chat Explore question: the answer is the chat its `location` names (routes.chatTargetOf). */
export const CHAT_EXPLORE: TaskKind<ChatAnswer> = {
	noun: 'Chat Explore question',
	statusPath: chatExploreStatusPath,
	statusPurpose: PURPOSES.chatStatus,
	async fetchResult(rc, task, location) {
		const target = chatTargetOf(rc.origin, task.taskId, location);
		const answer = await akkioRequest(rc, {
			method: 'GET',
			path: chatPath(target.chatId),
			...(task.resultQuery ? { query: task.resultQuery } : {}),
			purpose: PURPOSES.chatResult,
			itemIndex: task.itemIndex,
			deadline: task.deadline,
			priority: PRIORITY.result,
		});
		return { ...decodeChatRecord(answer, target.chatId), ...locationNotice(target.ignoredLocation, 'a chat', "the chat with the question's task ID was fetched") };
	},
	endedText(state) {
		if (state.kind === 'timedOut') return { text: 'Akkio lost track of the question (UNKNOWN_TIMEOUT).', advice: 'Ask the question again.' };
		return state.error
			? { text: state.error, advice: "This is Akkio's own explanation. Rephrase the question, or check the dataset, and ask again." }
			: { text: 'Akkio could not answer the question and did not say why.', advice: 'Rephrase the question, or try it in Chat Explore in the Akkio app.' };
	},
	timeoutAdvice: () => 'Akkio may still answer it, but the node stopped waiting. Raise Timeout (Minutes) in the node options and ask again.',
};

/** A location that was not followed, said on the items of the result (never another task's result instead). */
function locationNotice(ignored: string | undefined, names: string, instead: string): { notice?: string } {
	return ignored === undefined ? {} : { notice: `Akkio gave the location "${excerpt(ignored, 100)}", which does not name ${names}; ${instead}.` };
}

/** The error of a task that ended without a result. */
export function taskEndedText<Result>(kind: TaskKind<Result>, taskId: string, state: EndedState): ErrorText {
	const { text, advice } = kind.endedText(state);
	return { message: `Akkio ${kind.noun} ${shortId(taskId)} failed: ${text}`, description: advice };
}

/** The Timeout option in seconds; without it (or 0) one that fits the task's budget. */
export function readTimeoutSeconds(ctx: IExecuteFunctions, itemIndex: number, durationSeconds: number): number {
	const minutes = readNumber(ctx, itemIndex, 'options.timeoutMinutes', 'Timeout (Minutes)', { fallback: 0, max: 60 * 24 * 7, allowZero: true });
	return minutes > 0 ? minutes * 60 : defaultTimeoutSeconds(durationSeconds);
}

// ------------------------------------------------------------------ the loop

export interface TaskToWaitFor {
	itemIndex: number;
	taskId: string;
	/** The task's budget in seconds (a training's duration); scales the polling cap. */
	durationSeconds: number;
	/** Seconds before the first status check (0: check right away). */
	firstCheckSeconds: number;
	/** Set when this execution submitted the task: its budget is then a prior for the end. */
	submittedAt?: number;
	timeoutSeconds: number;
	/** Query parameters of the result fetch (Chat Explore: `image_format`). */
	resultQuery?: IDataObject;
}

/**
 * How long past Timeout a request in flight may take (real ms): the last look, made exactly at
 * the deadline, gets this long for its answer.
 */
const LAST_LOOK_MS = 2000;

/**
 * Polls one task until it ends and returns its decoded result. Timeout bounds the requests in
 * flight too. Once this execution submitted the task, every error names it and how to pick it up.
 */
export async function awaitResult<Result>(rc: RequestContext, kind: TaskKind<Result>, task: TaskToWaitFor): Promise<Result> {
	try {
		return await pollTask(rc, kind, task);
	} catch (error) {
		if (error instanceof DeadlineReached) throw timeoutError(rc, kind, task);
		throw task.submittedAt === undefined ? error : namingPickup(error, kind, task.taskId);
	}
}

async function pollTask<Result>(rc: RequestContext, kind: TaskKind<Result>, task: TaskToWaitFor): Promise<Result> {
	const toMs = (seconds: number) => seconds * 1000 * rc.timeScale;
	const toSeconds = (ms: number) => ms / 1000 / rc.timeScale;
	const deadline = Date.now() + toMs(task.timeoutSeconds);
	const { submittedAt } = task;
	let delaySeconds = firstCheck(task.durationSeconds, task.firstCheckSeconds, submittedAt !== undefined);
	let pastExpectedEnd = false;
	for (;;) {
		if (Date.now() >= deadline) throw timeoutError(rc, kind, task);
		// A last look exactly at the deadline rather than giving up just before it.
		await pause(rc.ctx, Math.min(toMs(delaySeconds), deadline - Date.now()), rc.abandoned);
		const request = { itemIndex: task.itemIndex, deadline: deadline + LAST_LOOK_MS };
		const answer = await akkioRequest(rc, { ...request, method: 'GET', path: kind.statusPath(task.taskId), purpose: kind.statusPurpose, priority: PRIORITY.plannedCheck });
		const { status, state } = decodeTaskStatus(answer);
		if (state.kind === 'succeeded') return await kind.fetchResult(rc, { ...task, ...request }, state.location);
		if (state.kind !== 'running') {
			throw taskFailedError(rc.ctx.getNode(), taskEndedText(kind, task.taskId, state), task.itemIndex, { taskId: task.taskId, status });
		}
		const now = Date.now();
		const next = nextCheck(task.durationSeconds, {
			previousIntervalSeconds: delaySeconds,
			estimateSeconds: state.estimateSeconds,
			elapsedSeconds: submittedAt === undefined ? undefined : toSeconds(now - submittedAt),
			expectedSeconds: submittedAt === undefined ? undefined : task.durationSeconds,
			pastExpectedEnd,
			remainingSeconds: toSeconds(deadline - now),
		});
		[delaySeconds, pastExpectedEnd] = [next.delaySeconds, next.aimed];
	}
}

function timeoutError<Result>(rc: RequestContext, kind: TaskKind<Result>, task: TaskToWaitFor) {
	const minutes = Math.round((task.timeoutSeconds / 60) * 10) / 10;
	const noun = kind.noun.charAt(0).toUpperCase() + kind.noun.slice(1);
	return waitTimeoutError(
		rc.ctx.getNode(),
		{ message: `${noun} ${shortId(task.taskId)} was still running after ${minutes} minutes, the node's timeout`, description: kind.timeoutAdvice(task.taskId) },
		task.itemIndex,
	);
}

/**
 * Adds to an error after a successful submit which task it was and how to pick it up, so that
 * nobody submits (and pays for) it again. Cancellation, abandonment and errors that already
 * name the task (FAILED, the timeout) are left as they are.
 */
function namingPickup<Result>(error: unknown, kind: TaskKind<Result>, fullId: string): unknown {
	const taskId = shortId(fullId);
	if (!(error instanceof Error) || isCancellation(error) || isAbandonment(error) || error.message.includes(taskId)) return error;
	const described = error as Error & { description?: string | null };
	const pickup =
		`The ${kind.noun} ${taskId} was submitted and may still be running in Akkio: pick it up with ` +
		`Get Status or Wait with task ID ${taskId} instead of submitting again.`;
	described.message = `${error.message} (${kind.noun} ${taskId} was submitted)`;
	described.description = described.description ? `${asSentence(described.description)} ${pickup}` : pickup;
	return error;
}
