import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { decodeTrainingResult } from '../../shared/decode';
import { optionsCollection } from '../../shared/options';
import { readTaskId } from '../../shared/parameters';
import { trainingTaskPath } from '../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../shared/transport';
import { resultItems } from '../helpers/output';
import { outputField, readOutput, taskIdField } from './fields';

export const description = updateDisplayOptions({ show: { operation: ['getResult'] } }, [taskIdField, outputField, optionsCollection()]);

export const readItem = (ctx: IExecuteFunctions, itemIndex: number) => ({ taskId: readTaskId(ctx, itemIndex), output: readOutput(ctx, itemIndex) });

/** Downloads the result of a finished training and shapes it as the Output option asks. */
export async function runItem(rc: RequestContext, { taskId, output }: ReturnType<typeof readItem>, itemIndex: number) {
	const answer = await akkioRequest(rc, { method: 'GET', path: trainingTaskPath(taskId, 'result'), purpose: PURPOSES.result, itemIndex });
	return resultItems(output, taskId, decodeTrainingResult(answer));
}
