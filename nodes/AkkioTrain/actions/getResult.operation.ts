import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { resultItems } from '../helpers/output';
import { trainingTaskPath } from '../helpers/urls';
import { validateTaskId } from '../helpers/validation';
import { akkioRequest } from '../transport';
import {
	collectOutput,
	isPlanned,
	openSession,
	outputModeField,
	planItems,
	readOutputMode,
	settleItem,
	taskIdField,
} from './common';

export const description: INodeProperties[] = updateDisplayOptions({ show: { operation: ['getResult'] } }, [
	taskIdField,
	outputModeField,
]);

/** Downloads the result of a finished training and shapes it as the Output option asks. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => ({
		taskId: validateTaskId(this.getNodeParameter('taskId', i)),
		output: readOutputMode(this, i),
	}));
	const session = await openSession(this);
	const outcomes = await Promise.all(
		plans.map(async (plan) =>
			isPlanned(plan)
				? await settleItem(this, plan.itemIndex, async () => {
						const result = await akkioRequest(this, session, {
							method: 'GET',
							path: trainingTaskPath(plan.value.taskId, 'result'),
							purpose: 'result',
							itemIndex: plan.itemIndex,
						});
						return resultItems(plan.value.output, plan.value.taskId, result);
					})
				: plan,
		),
	);
	return collectOutput(this, outcomes);
}
