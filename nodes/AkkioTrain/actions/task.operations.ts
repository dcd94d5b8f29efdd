import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { decodeTaskStatus, decodeTrainingResult } from '../../shared/decode';
import { choiceField, optionsCollection } from '../../shared/options';
import { readChoice, readTaskId } from '../../shared/parameters';
import { trainingTaskPath } from '../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../shared/transport';
import { awaitResult, readTimeoutSeconds, TRAINING, type TaskToWaitFor } from '../../shared/polling';
import { resultItems, toStatusItem } from '../helpers/output';

/**
 * Get Status, Get Result and Wait for Training: the operations on a training that a Task ID
 * names. Also the Output and Timeout fields, which Train Model shows too.
 */

export const outputField = choiceField('Output', 'output', 'summary', [
	['Field Importance Rows', 'fieldImportanceRows', 'One item per input field, most important first'],
	['Per-Class Rows', 'perClassRows', 'One flat item per predicted class with its precision, recall and F1'],
	['Raw', 'raw', "Akkio's result exactly as returned"],
	['Summary', 'summary', 'One item per training: accuracy, macro and weighted F1, top fields and the data story'],
]);

const readOutput = (ctx: IExecuteFunctions, itemIndex: number) =>
	readChoice(ctx, itemIndex, 'output', 'Output', ['summary', 'raw', 'perClassRows', 'fieldImportanceRows'], 'summary');

/** Waiting's own options (Output, Timeout), for a training whose budget is `duration`. */
export const readWaiting = (ctx: IExecuteFunctions, itemIndex: number, duration: number) =>
	({ output: readOutput(ctx, itemIndex), timeoutSeconds: readTimeoutSeconds(ctx, itemIndex, duration) });

/** Polls a training until it ends, then shapes its result as the Output option asks (`predict`: the fields Train submitted). */
export const awaitItems = async (rc: RequestContext, task: TaskToWaitFor & { output: string; predict?: string[] }) =>
	resultItems(task.output, task.taskId, await awaitResult(rc, TRAINING, task), task.predict);

/** Shown once the option is added. Without it (or with 0, as older workflows have it) the timeout fits the training. */
export const timeoutOption = (withoutIt: string): INodeProperties => ({
	displayName: 'Timeout (Minutes)',
	name: 'timeoutMinutes',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 60,
	description: `How long to wait before failing the item. Without this option: ${withoutIt}.`,
});

const taskFields = (operation: string, ...fields: INodeProperties[]) => updateDisplayOptions({ show: { operation: [operation] } }, [
	{ displayName: 'Task ID', name: 'taskId', type: 'string', required: true, default: '', placeholder: 'e.g. {{ $json.task_id }}', description: 'The task_id returned by Train Model' },
	...fields,
]);

const get = (rc: RequestContext, taskId: string, endpoint: 'status' | 'result', itemIndex: number) =>
	akkioRequest(rc, { method: 'GET', path: trainingTaskPath(taskId, endpoint), purpose: PURPOSES[endpoint], itemIndex });

/** One status check per item: `{ task_id, status, done, estimate_seconds?, location?, error? }`. */
export const getStatus = {
	description: taskFields('getStatus', optionsCollection()),
	readItem: readTaskId,
	runItem: async (rc: RequestContext, taskId: string, itemIndex: number) => [toStatusItem(TRAINING, taskId, decodeTaskStatus(await get(rc, taskId, 'status', itemIndex)))],
};

/** Downloads the result of a finished training and shapes it as the Output option asks. */
export const getResult = {
	description: taskFields('getResult', outputField, optionsCollection()),
	readItem: (ctx: IExecuteFunctions, itemIndex: number) => ({ taskId: readTaskId(ctx, itemIndex), output: readOutput(ctx, itemIndex) }),
	async runItem(rc: RequestContext, { taskId, output }: { taskId: string; output: string }, itemIndex: number) {
		return resultItems(output, taskId, decodeTrainingResult(await get(rc, taskId, 'result', itemIndex)));
	},
};

/** Wait does not know the training's budget: it assumes High Quality (60 s), and its Timeout defaults to one that fits it. */
export const wait = {
	description: taskFields('wait', outputField, optionsCollection([timeoutOption('16 minutes, enough for High Quality; raise it for longer trainings')])),
	readItem: (ctx: IExecuteFunctions, itemIndex: number) =>
		({ taskId: readTaskId(ctx, itemIndex), ...readWaiting(ctx, itemIndex, 60), itemIndex, durationSeconds: 60, firstCheckSeconds: 0 }),
	/** All items wait concurrently. */
	runItem: awaitItems,
};
