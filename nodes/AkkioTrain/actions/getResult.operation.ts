import type { IExecuteFunctions } from 'n8n-workflow';

import { decodeTrainingResult } from '../../shared/decode';
import { readTaskId } from '../../shared/parameters';
import type { RequestContext } from '../../shared/transport';
import { resultItems } from '../helpers/output';
import { get, outputField, readOutput, taskFields } from './fields';

export const description = taskFields('getResult', [outputField]);

export const readItem = (ctx: IExecuteFunctions, itemIndex: number) => ({ taskId: readTaskId(ctx, itemIndex), output: readOutput(ctx, itemIndex) });

/** Downloads the result of a finished training and shapes it as the Output option asks. */
export async function runItem(rc: RequestContext, { taskId, output }: ReturnType<typeof readItem>, itemIndex: number) {
	return resultItems(output, taskId, decodeTrainingResult(await get(rc, taskId, 'result', itemIndex)));
}
