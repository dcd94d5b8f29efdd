import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { WAIT_ASSUMED_DURATION_SECONDS } from '../../shared/constants';
import { optionsCollection } from '../../shared/options';
import { readTaskId } from '../../shared/parameters';
import type { RequestContext } from '../../shared/transport';
import { awaitResult, readTimeoutSeconds, TRAINING, type TaskToWaitFor } from '../../shared/polling';
import { resultItems, type OutputMode } from '../helpers/output';
import { outputModeField, readOutputMode, taskIdField, waitTimeoutOption } from './fields';

export const description: INodeProperties[] = updateDisplayOptions({ show: { operation: ['wait'] } }, [
	taskIdField,
	outputModeField,
	optionsCollection([waitTimeoutOption]),
]);

type WaitPlan = TaskToWaitFor & { output: OutputMode };

export function readItem(ctx: IExecuteFunctions, itemIndex: number): WaitPlan {
	return {
		itemIndex,
		taskId: readTaskId(ctx, itemIndex),
		output: readOutputMode(ctx, itemIndex),
		durationSeconds: WAIT_ASSUMED_DURATION_SECONDS,
		firstCheckSeconds: 0,
		timeoutSeconds: readTimeoutSeconds(ctx, itemIndex, WAIT_ASSUMED_DURATION_SECONDS),
	};
}

/** Polls the item's task until it ends, then emits its result. All items wait concurrently. */
export async function runItem(rc: RequestContext, task: WaitPlan) {
	return resultItems(task.output, task.taskId, await awaitResult(rc, TRAINING, task));
}
