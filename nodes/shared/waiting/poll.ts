import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { AKKIO_DEFAULT_FAILURE_TEXT, UNKNOWN_TIMEOUT_TEXT, getTaskState } from '../decode/taskState';
import { EstimateTrust, nextCheck } from './schedule';
import { resolveResultPath, trainingTaskPath } from '../routes';
import { akkioRequest, type AkkioSession } from '../transport';
import { pause } from '../cancellation';

export interface TaskToWaitFor {
	itemIndex: number;
	taskId: string;
	/** Training budget in seconds; scales the polling cap. */
	durationSeconds: number;
	/** Seconds before the first status check (0: check right away). */
	firstCheckSeconds: number;
	/** Set when this execution submitted the task: its budget is then a prior for the end. */
	submittedAt?: number;
	timeoutSeconds: number;
}

/** Sleeping tasks look again this often (in Akkio seconds) whether their plan still holds. */
const REPLAN_EVERY_SECONDS = 2;

/**
 * What the items of one execution share while they wait: what has been learned about
 * Akkio's estimates, and, without Continue On Fail, whether an item has already failed the
 * node (the others then stop waiting for a result nobody gets).
 */
export class WaitGroup {
	private failed = false;

	readonly estimates = new EstimateTrust();

	constructor(private readonly stopOnFirstError: boolean) {}

	readonly abandoned = (): boolean => this.stopOnFirstError && this.failed;

	async run<T>(work: () => Promise<T>): Promise<T> {
		let succeeded = false;
		try {
			const result = await work();
			succeeded = true;
			return result;
		} finally {
			if (!succeeded) this.failed = true;
		}
	}
}

/** Sleeps until `wakeAt()`, re-reading it while asleep because what it depends on can change. */
async function sleepUntil(
	ctx: IExecuteFunctions,
	wakeAt: () => number,
	replanMs: number,
	abandoned: () => boolean,
): Promise<void> {
	for (;;) {
		const remaining = wakeAt() - Date.now();
		if (remaining <= 0) return;
		await pause(ctx, Math.min(remaining, replanMs), abandoned);
	}
}

/**
 * Polls one task until it ends and returns its result. Many of these run at once, one per
 * item; they share the session's request budget, so together they never exceed it. When to
 * check next is decided by helpers/schedule.
 */
export async function waitForTask(
	ctx: IExecuteFunctions,
	session: AkkioSession,
	task: TaskToWaitFor,
	group: WaitGroup,
): Promise<unknown> {
	const toMs = (seconds: number) => seconds * 1000 * session.timeScale;
	const toSeconds = (ms: number) => ms / 1000 / session.timeScale;
	const deadline = Date.now() + toMs(task.timeoutSeconds);
	const replanMs = Math.min(250, toMs(REPLAN_EVERY_SECONDS));

	let decidedAt = Date.now();
	let delaySeconds = task.firstCheckSeconds;
	let lastEstimate: { seconds: number; at: number } | undefined;
	let lastWasAimed = false;
	// The plan for the next check, re-made while asleep if the group learns estimates are off.
	let plan = (): number => decidedAt + toMs(delaySeconds);

	for (;;) {
		if (Date.now() >= deadline) throw timeoutError(ctx, task);
		// A last look exactly at the deadline rather than giving up just before the end.
		await sleepUntil(ctx, () => Math.min(plan(), deadline), replanMs, group.abandoned);

		const response = await akkioRequest(ctx, session, {
			method: 'GET',
			path: trainingTaskPath(task.taskId, 'status'),
			purpose: 'status',
			itemIndex: task.itemIndex,
		});
		const state = getTaskState(response);
		switch (state.kind) {
			case 'succeeded': {
				const target = resolveResultPath(session.origin, task.taskId, state.location);
				if (target.ignoredLocation) {
					ctx.logger.warn(
						`Akkio Train: result location of task ${task.taskId} points outside the Akkio API; the documented result path was used instead`,
					);
				}
				return await akkioRequest(ctx, session, {
					method: 'GET',
					path: target.path,
					purpose: 'result',
					itemIndex: task.itemIndex,
				});
			}
			case 'failed':
				throw trainingFailedError(ctx, task, state.error, state.errorFromAkkio);
			case 'timedOut':
				throw trainingFailedError(ctx, task, UNKNOWN_TIMEOUT_TEXT, false, 'UNKNOWN_TIMEOUT');
			default: {
				const now = Date.now();
				const estimate = state.estimateSeconds;
				if (estimate !== undefined && lastEstimate) {
					group.estimates.observe(lastEstimate.seconds, toSeconds(now - lastEstimate.at), estimate);
				}
				lastEstimate = estimate !== undefined && estimate > 0 ? { seconds: estimate, at: now } : undefined;
				const observed = {
					previousIntervalSeconds: delaySeconds,
					estimateSeconds: estimate,
					elapsedSeconds: task.submittedAt !== undefined ? toSeconds(now - task.submittedAt) : undefined,
					expectedSeconds: task.submittedAt !== undefined ? task.durationSeconds : undefined,
					pastExpectedEnd: lastWasAimed,
				};
				const next = nextCheck(task.durationSeconds, { ...observed, estimateFactor: group.estimates.factor() });
				decidedAt = now;
				delaySeconds = next.delaySeconds;
				lastWasAimed = next.aimed;
				plan = () => decidedAt + toMs(nextCheck(task.durationSeconds, { ...observed, estimateFactor: group.estimates.factor() }).delaySeconds);
			}
		}
	}
}

function trainingFailedError(
	ctx: IExecuteFunctions,
	task: TaskToWaitFor,
	text: string,
	fromAkkio: boolean,
	status = 'FAILED',
): NodeApiError {
	const message = `Akkio training ${task.taskId} failed: ${text}`;
	const description = fromAkkio
		? "This is Akkio's own explanation. Fix the dataset or the fields and train again."
		: text === AKKIO_DEFAULT_FAILURE_TEXT
			? 'Akkio sent no reason. Open the dataset in Akkio to check it, then train again.'
			: 'Submit the training again.';
	const response: JsonObject = { message, task_id: task.taskId, status };
	const error = new NodeApiError(ctx.getNode(), response, { message, description, itemIndex: task.itemIndex });
	// n8n swaps a message that mentions a network code (ECONNRESET, ...) for generic advice;
	// Akkio's own text is what the user needs here.
	error.message = message;
	return error;
}

function timeoutError(ctx: IExecuteFunctions, task: TaskToWaitFor): NodeOperationError {
	const minutes = Math.round((task.timeoutSeconds / 60) * 10) / 10;
	return new NodeOperationError(
		ctx.getNode(),
		`Training ${task.taskId} was still running after ${minutes} minutes, the node's timeout`,
		{
			itemIndex: task.itemIndex,
			description:
				`The training goes on in Akkio. Either raise Timeout in the node options, or turn off Wait for Completion ` +
				`and look the task up later with Get Status or Wait using task ID ${task.taskId}.`,
		},
	);
}
