import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { optionsCollection } from '../../shared/options';
import { readTaskId } from '../../shared/parameters';
import type { RequestContext } from '../../shared/transport';
import { awaitResult, readTimeoutSeconds, TRAINING } from '../../shared/polling';
import { resultItems } from '../helpers/output';
import { outputField, readOutput, taskIdField, timeoutOption } from './fields';

/** Wait does not know the training's budget: it assumes High Quality. */
const WAIT_ASSUMED_DURATION_SECONDS = 60;

// The default is the Timeout for a High Quality training: Wait cannot know the task's Duration.
const WAIT_TIMEOUT_TEXT = 'How long to wait before failing the item. Without this option: 16 minutes, enough for High Quality; raise it for longer trainings.';
export const description = updateDisplayOptions({ show: { operation: ['wait'] } }, [taskIdField, outputField, optionsCollection([{ ...timeoutOption, description: WAIT_TIMEOUT_TEXT }])]);

export function readItem(ctx: IExecuteFunctions, itemIndex: number) {
	const taskId = readTaskId(ctx, itemIndex);
	const output = readOutput(ctx, itemIndex);
	const durationSeconds = WAIT_ASSUMED_DURATION_SECONDS;
	return { itemIndex, taskId, output, durationSeconds, firstCheckSeconds: 0, timeoutSeconds: readTimeoutSeconds(ctx, itemIndex, durationSeconds) };
}

/** Polls the item's task until it ends, then emits its result. All items wait concurrently. */
export async function runItem(rc: RequestContext, task: ReturnType<typeof readItem>) {
	return resultItems(task.output, task.taskId, await awaitResult(rc, TRAINING, task));
}
