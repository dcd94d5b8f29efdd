import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { AKKIO_DEFAULT_FAILURE_TEXT, UNKNOWN_TIMEOUT_TEXT, getTaskState } from '../helpers/taskState';
import { nextCheck } from '../helpers/schedule';
import { resolveResultPath, trainingTaskPath } from '../helpers/urls';
import { akkioRequest, type AkkioSession } from '../transport';
import { pause } from './pause';

export interface TaskToWaitFor {
	itemIndex: number;
	taskId: string;
	/** Training budget in seconds; scales the polling cap. */
	durationSeconds: number;
	/** Seconds before the first status check (0: check right away). */
	firstCheckSeconds: number;
	timeoutSeconds: number;
}

/**
 * Shared by the items of one execution. Without Continue On Fail the node fails at the first
 * failed item, so the other items stop waiting instead of polling for a result nobody gets.
 */
export class FailFast {
	private failed = false;

	constructor(private readonly enabled: boolean) {}

	readonly abandoned = (): boolean => this.enabled && this.failed;

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

/**
 * Polls one task until it ends and returns its result. Many of these run at once, one per
 * item; they share the session's request budget, so together they never exceed it. The next
 * check of each task comes from helpers/schedule.
 */
export async function waitForTask(

	ctx: IExecuteFunctions,
	session: AkkioSession,
	task: TaskToWaitFor,
	abandoned: () => boolean,
): Promise<unknown> {
	const toMs = (seconds: number) => seconds * 1000 * session.timeScale;
	const deadline = Date.now() + toMs(task.timeoutSeconds);
	let delaySeconds = task.firstCheckSeconds;
	let lastWasFromEstimate = false;

	for (;;) {
		const remainingMs = deadline - Date.now();
		if (remainingMs <= 0) throw timeoutError(ctx, task);
		// A last look exactly at the deadline rather than giving up just before the end.
		await pause(ctx, Math.min(toMs(delaySeconds), remainingMs), abandoned);

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
				const next = nextCheck(task.durationSeconds, {
					previousIntervalSeconds: delaySeconds,
					estimateSeconds: state.estimateSeconds,
					pastEstimate: lastWasFromEstimate && state.estimateSeconds === undefined,
				});
				delaySeconds = next.delaySeconds;
				lastWasFromEstimate = next.fromEstimate;
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
		? 'This is Akkio\'s own explanation. Fix the dataset or the fields and train again.'
		: text === AKKIO_DEFAULT_FAILURE_TEXT
			? 'Akkio sent no reason. Open the dataset in Akkio to check it, then train again.'
			: 'Submit the training again.';
	const response: JsonObject = { message, task_id: task.taskId, status };
	return new NodeApiError(ctx.getNode(), response, { message, description, itemIndex: task.itemIndex });
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
