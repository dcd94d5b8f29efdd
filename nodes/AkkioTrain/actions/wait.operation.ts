import type { IExecuteFunctions } from 'n8n-workflow';

import { readTaskId } from '../../shared/parameters';
import { awaitItems, outputField, readWaiting, taskFields, timeoutOption } from './fields';

/** Wait does not know the training's budget: it assumes High Quality (60 s), and its Timeout defaults to one that fits it. */
export const description = taskFields('wait', [outputField], [timeoutOption('16 minutes, enough for High Quality; raise it for longer trainings')]);

export const readItem = (ctx: IExecuteFunctions, itemIndex: number) =>
	({ taskId: readTaskId(ctx, itemIndex), ...readWaiting(ctx, itemIndex, 60), itemIndex, durationSeconds: 60, firstCheckSeconds: 0 });

/** All items wait concurrently. */
export const runItem = awaitItems;
