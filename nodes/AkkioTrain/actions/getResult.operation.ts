import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { trainingTaskPath } from '../../shared/routes';
import { validateTaskId } from '../../shared/validation';
import { collectOutput, planItems, readParameter, runPlanned } from '../../shared/pipeline';
import { openSession, optionsCollection } from '../../shared/options';
import { akkioRequest } from '../../shared/transport';
import { resultItems } from '../helpers/output';
import { outputModeField, readOutputMode, taskIdField } from './fields';

export const description: INodeProperties[] = updateDisplayOptions({ show: { operation: ['getResult'] } }, [
	taskIdField,
	outputModeField,
	optionsCollection(),
]);

/** Downloads the result of a finished training and shapes it as the Output option asks. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => ({
		taskId: validateTaskId(readParameter(this, 'taskId', 'Task ID', i)),
		output: readOutputMode(this, i),
	}));
	const session = await openSession(this);
	const outcomes = await runPlanned(this, plans, async ({ taskId, output }, itemIndex) => {
		const result = await akkioRequest(this, session, {
			method: 'GET',
			path: trainingTaskPath(taskId, 'result'),
			purpose: 'result',
			itemIndex,
		});
		return resultItems(output, taskId, result);
	});
	return collectOutput(this, outcomes);
}
