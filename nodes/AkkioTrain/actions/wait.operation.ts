import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { WAIT_ASSUMED_DURATION_SECONDS } from '../../shared/constants';
import { validatePositiveNumber, validateTaskId } from '../../shared/validation';
import { collectOutput, planItems, readParameter, runPlanned } from '../../shared/pipeline';
import { openSession, optionsCollection } from '../../shared/options';
import type { AkkioSession } from '../../shared/transport';
import { resultItems, type OutputMode } from '../helpers/output';
import { defaultTimeoutSeconds } from '../../shared/waiting/schedule';
import { WaitGroup, waitForTask, type TaskToWaitFor } from '../../shared/waiting/poll';
import { outputModeField, readOutputMode, taskIdField, waitTimeoutOption } from './fields';

export const description: INodeProperties[] = updateDisplayOptions({ show: { operation: ['wait'] } }, [
	taskIdField,
	outputModeField,
	optionsCollection([waitTimeoutOption]),
]);

export interface PendingResult extends TaskToWaitFor {
	output: OutputMode;
	predictFields?: string[];
}

/** Timeout option in seconds; 0 or unset picks the default for the training's duration. */
export function readTimeoutSeconds(ctx: IExecuteFunctions, itemIndex: number, durationSeconds: number): number {
	const value = readParameter(ctx, 'options.timeoutMinutes', 'Timeout (Minutes)', itemIndex, 0);
	const minutes = validatePositiveNumber('Timeout (Minutes)', value ?? 0, 60 * 24 * 7, true);
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
	const plans = planItems(this, items.length, (i): PendingResult => ({
		itemIndex: i,
		taskId: validateTaskId(readParameter(this, 'taskId', 'Task ID', i)),
		output: readOutputMode(this, i),
		durationSeconds: WAIT_ASSUMED_DURATION_SECONDS,
		firstCheckSeconds: 0,
		timeoutSeconds: readTimeoutSeconds(this, i, WAIT_ASSUMED_DURATION_SECONDS),
	}));
	const session = await openSession(this);
	const group = new WaitGroup(!this.continueOnFail());
	const outcomes = await runPlanned(this, plans, async (task) =>
		await group.run(async () => await awaitResult(this, session, task, group)),
	);
	return collectOutput(this, outcomes);
}
