import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { WAIT_ASSUMED_DURATION_SECONDS } from '../constants';
import { resultItems, type OutputMode } from '../helpers/output';
import { defaultTimeoutSeconds } from '../helpers/schedule';
import { validatePositiveNumber, validateTaskId } from '../helpers/validation';
import type { AkkioSession } from '../transport';
import { WaitGroup, waitForTask, type TaskToWaitFor } from '../waiting/waitForTasks';
import {
	collectOutput,
	isPlanned,
	openSession,
	outputModeField,
	planItems,
	readOutputMode,
	requestOptions,
	taskIdField,
	waitTimeoutOption,
	settleItem,
	type ItemPlan,
} from './common';

export const description: INodeProperties[] = updateDisplayOptions({ show: { operation: ['wait'] } }, [
	taskIdField,
	outputModeField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...requestOptions, waitTimeoutOption],
	},
]);

export interface PendingResult extends TaskToWaitFor {
	output: OutputMode;
	predictFields?: string[];
}

/** Timeout option in seconds; 0 or unset picks the default for the training's duration. */
export function readTimeoutSeconds(ctx: IExecuteFunctions, itemIndex: number, durationSeconds: number): number {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const minutes = validatePositiveNumber('Timeout (Minutes)', options.timeoutMinutes ?? 0, 60 * 24 * 7, true);
	return minutes > 0 ? minutes * 60 : defaultTimeoutSeconds(durationSeconds);
}

/** Waits for one task and shapes its result as the item's Output option asks. */
export async function awaitResult(
	ctx: IExecuteFunctions,
	session: AkkioSession,
	task: PendingResult,
	group: WaitGroup,
): Promise<IDataObject[]> {
	const result = await waitForTask(ctx, session, task, group);
	return resultItems(task.output, task.taskId, result, task.predictFields);
}

/** Polls each item's task until it ends, then emits its result. All items wait concurrently. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans: Array<ItemPlan<PendingResult>> = planItems(this, items.length, (i) => ({
		itemIndex: i,
		taskId: validateTaskId(this.getNodeParameter('taskId', i)),
		output: readOutputMode(this, i),
		durationSeconds: WAIT_ASSUMED_DURATION_SECONDS,
		firstCheckSeconds: 0,
		timeoutSeconds: readTimeoutSeconds(this, i, WAIT_ASSUMED_DURATION_SECONDS),
	}));
	const session = await openSession(this);
	const group = new WaitGroup(!this.continueOnFail());
	const outcomes = await Promise.all(
		plans.map(async (plan) =>
			isPlanned(plan)
				? await settleItem(this, plan.itemIndex, async () =>
						await group.run(async () => await awaitResult(this, session, plan.value, group)),
					)
				: plan,
		),
	);
	return collectOutput(this, outcomes);
}
