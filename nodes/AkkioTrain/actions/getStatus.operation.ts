import { decodeTaskStatus } from '../../shared/decode';
import type { RequestContext } from '../../shared/transport';
import { TRAINING } from '../../shared/polling';
import { toStatusItem } from '../helpers/output';
import { get, taskFields } from './fields';

export const description = taskFields('getStatus');

export { readTaskId as readItem } from '../../shared/parameters';

/** One status check per item: `{ task_id, status, done, estimate_seconds?, location?, error? }`. */
export const runItem = async (rc: RequestContext, taskId: string, itemIndex: number) =>
	[toStatusItem(TRAINING, taskId, decodeTaskStatus(await get(rc, taskId, 'status', itemIndex)))];
