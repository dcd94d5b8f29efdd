import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { trainingTaskPath } from '../../shared/routes';
import { validateTaskId } from '../../shared/validation';
import { collectOutput, planItems, readParameter, runPlanned } from '../../shared/pipeline';
import { openSession, optionsCollection } from '../../shared/options';
import { akkioRequest } from '../../shared/transport';
import { toStatusItem } from '../../shared/decode/taskState';
import { taskIdField } from './fields';

export const description: INodeProperties[] = updateDisplayOptions({ show: { operation: ['getStatus'] } }, [
	taskIdField,
	optionsCollection(),
]);

/** One status check per item: `{ task_id, status, done, estimate_seconds?, location?, error? }`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => validateTaskId(readParameter(this, 'taskId', 'Task ID', i)));
	const session = await openSession(this);
	const outcomes = await runPlanned(this, plans, async (taskId, itemIndex) => {
		const response = await akkioRequest(this, session, {
			method: 'GET',
			path: trainingTaskPath(taskId, 'status'),
			purpose: 'status',
			itemIndex,
		});
		return [toStatusItem(taskId, response)];
	});
	return collectOutput(this, outcomes);
}
