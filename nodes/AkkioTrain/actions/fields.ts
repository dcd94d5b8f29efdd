import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { choiceField, optionsCollection } from '../../shared/options';
import { readChoice } from '../../shared/parameters';
import { trainingTaskPath } from '../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../shared/transport';
import { awaitResult, readTimeoutSeconds, TRAINING, type TaskToWaitFor } from '../../shared/polling';
import { resultItems } from '../helpers/output';

/** The fields and helpers several Akkio Train operations share. */

export const shownFor = (operation: string, fields: INodeProperties[]) => updateDisplayOptions({ show: { operation: [operation] } }, fields);

export const outputField = choiceField('Output', 'output', 'summary', [
	['Field Importance Rows', 'fieldImportanceRows', 'One item per input field, most important first'],
	['Per-Class Rows', 'perClassRows', 'One flat item per predicted class with its precision, recall and F1'],
	['Raw', 'raw', "Akkio's result exactly as returned"],
	['Summary', 'summary', 'One item per training: accuracy, macro and weighted F1, top fields and the data story'],
]);

export const readOutput = (ctx: IExecuteFunctions, itemIndex: number) =>
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

/** The fields of an operation on the training a Task ID names: Task ID, `fields`, then Options with `options`. */
export const taskFields = (operation: string, fields: INodeProperties[] = [], options?: INodeProperties[]) => shownFor(operation, [
	{ displayName: 'Task ID', name: 'taskId', type: 'string', required: true, default: '', placeholder: 'e.g. {{ $json.task_id }}', description: 'The task_id returned by Train Model' },
	...fields,
	optionsCollection(options),
]);

/** The training's status or result. */
export const get = (rc: RequestContext, taskId: string, endpoint: 'status' | 'result', itemIndex: number) =>
	akkioRequest(rc, { method: 'GET', path: trainingTaskPath(taskId, endpoint), purpose: PURPOSES[endpoint], itemIndex });
