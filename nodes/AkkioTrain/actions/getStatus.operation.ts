import { updateDisplayOptions } from 'n8n-workflow';

import { decodeTaskStatus } from '../../shared/decode';
import { optionsCollection } from '../../shared/options';
import { readTaskId } from '../../shared/parameters';
import { trainingTaskPath } from '../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../shared/transport';
import { TRAINING } from '../../shared/polling';
import { toStatusItem } from '../helpers/output';
import { taskIdField } from './fields';

export const description = updateDisplayOptions({ show: { operation: ['getStatus'] } }, [taskIdField, optionsCollection()]);

export const readItem = readTaskId;

/** One status check per item: `{ task_id, status, done, estimate_seconds?, location?, error? }`. */
export async function runItem(rc: RequestContext, taskId: string, itemIndex: number) {
	const answer = await akkioRequest(rc, { method: 'GET', path: trainingTaskPath(taskId, 'status'), purpose: PURPOSES.status, itemIndex });
	return [toStatusItem(TRAINING, taskId, decodeTaskStatus(answer))];
}
