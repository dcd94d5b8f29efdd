import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toStatusItem } from '../helpers/taskState';
import { trainingTaskPath } from '../helpers/urls';
import { validateTaskId } from '../helpers/validation';
import { akkioRequest } from '../transport';
import { collectOutput, isPlanned, openSession, planItems, settleItem, taskIdField } from './common';

export const description: INodeProperties[] = updateDisplayOptions({ show: { operation: ['getStatus'] } }, [
	taskIdField,
]);

/** One status check per item: `{ task_id, status, done, estimate_seconds?, location?, error? }`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => validateTaskId(this.getNodeParameter('taskId', i)));
	const session = await openSession(this);
	const outcomes = await Promise.all(
		plans.map(async (plan) =>
			isPlanned(plan)
				? await settleItem(this, plan.itemIndex, async () => {
						const response = await akkioRequest(this, session, {
							method: 'GET',
							path: trainingTaskPath(plan.value, 'status'),
							purpose: 'status',
							itemIndex: plan.itemIndex,
						});
						return [toStatusItem(plan.value, response)];
					})
				: plan,
		),
	);
	return collectOutput(this, outcomes);
}
