import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { TRAINING_DURATIONS } from '../../shared/constants';
import { decodeSubmittedTask, decodeTaskStatus, decodeTrainingResult } from '../../shared/decode';
import { datasetLocator } from '../../shared/locators';
import { choiceField, optionsCollection } from '../../shared/options';
import { ensureDisjoint, readBoolean, readChoice, readDatasetId, readFieldList, readParameter, readTaskId, validateDuration } from '../../shared/parameters';
import { TRAINING_SUBMIT_PATH, trainingTaskPath } from '../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../shared/transport';
import { pacedSubmit } from '../../shared/pacing';
import { announceSubmitted } from '../../shared/cancellation';
import { awaitResult, firstCheckDelaySeconds, readTimeoutSeconds, TRAINING, type TaskToWaitFor } from '../../shared/polling';
import { resultItems, toStatusItem } from '../helpers/output';

/**
 * Akkio Train's operations on its one resource, trainings: Train Model, then Get Status, Get
 * Result and Wait for Training on the training a Task ID names. Each is its fields
 * (`description`), `readItem` (reads and checks one item, no I/O) and `runItem` (one item's work).
 */

// ------------------------------------------------------------------ what several operations share

const outputField = choiceField('Output', 'output', 'summary', [
	['Field Importance Rows', 'fieldImportanceRows', 'One item per input field, most important first'],
	['Per-Class Rows', 'perClassRows', 'One flat item per predicted class with its precision, recall and F1'],
	['Raw', 'raw', "Akkio's result exactly as returned"],
	['Summary', 'summary', 'One item per training: accuracy, macro and weighted F1, top fields and the data story'],
]);

const readOutput = (ctx: IExecuteFunctions, itemIndex: number) =>
	readChoice(ctx, itemIndex, 'output', 'Output', ['summary', 'raw', 'perClassRows', 'fieldImportanceRows'], 'summary');

/** Waiting's own options (Output, Timeout), for a training whose budget is `duration`. */
const readWaiting = (ctx: IExecuteFunctions, itemIndex: number, duration: number) =>
	({ output: readOutput(ctx, itemIndex), timeoutSeconds: readTimeoutSeconds(ctx, itemIndex, duration) });

/** Polls a training until it ends, then shapes its result as the Output option asks (`predict`: the fields Train submitted). */
const awaitItems = async (rc: RequestContext, task: TaskToWaitFor & { output: string; predict?: string[] }) =>
	resultItems(task.output, task.taskId, await awaitResult(rc, TRAINING, task), task.predict);

/** Shown once the option is added. Without it (or with 0, as older workflows have it) the timeout fits the training. */
const timeoutOption = (withoutIt: string): INodeProperties => ({
	displayName: 'Timeout (Minutes)',
	name: 'timeoutMinutes',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 60,
	description: `How long to wait before failing the item. Without this option: ${withoutIt}.`,
});

const shownFor = (operation: string, fields: INodeProperties[]) => updateDisplayOptions({ show: { operation: [operation] } }, fields);

// ------------------------------------------------------------------ Train Model

/** Predict Fields and Ignore Fields: the chosen dataset's columns (methods/listSearch.ts: getDatasetFields). */
const fieldsPicker = {
	type: 'multiOptions' as const,
	default: [],
	typeOptions: { loadOptionsMethod: 'getDatasetFields', loadOptionsDependsOn: ['datasetId.value'] },
	description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};
const flag = (displayName: string, name: string, description: string) => ({ displayName, name, type: 'boolean' as const, default: false, description });

function readTraining(ctx: IExecuteFunctions, itemIndex: number) {
	const predict_fields = readFieldList(ctx, itemIndex, 'predictFields', 'Predict Fields', true);
	const ignore_fields = readFieldList(ctx, itemIndex, 'options.ignoreFields', 'Ignore Fields', false);
	ensureDisjoint(predict_fields, ignore_fields);
	const duration = validateDuration(readParameter(ctx, itemIndex, 'duration', 'Duration'));
	const wait = readBoolean(ctx, itemIndex, 'waitForCompletion', 'Wait for Completion');
	const payload = {
		dataset_id: readDatasetId(ctx, itemIndex),
		predict_fields,
		duration,
		extra_attention: readBoolean(ctx, itemIndex, 'options.extraAttention', 'Extra Attention'),
		force: readBoolean(ctx, itemIndex, 'options.force', 'Force'),
		ignore_fields,
	};
	return { payload, wait: wait ? readWaiting(ctx, itemIndex, duration) : undefined };
}

type Plan = ReturnType<typeof readTraining>;

export const train = {
	description: shownFor('train', [
		datasetLocator(),
		{
			displayName: 'Predict Field Names or IDs',
			name: 'predictFields',
			...fieldsPicker,
			required: true,
			hint: 'Listed once a dataset is chosen above. An expression may give a list or comma-separated names.',
		},
		{
			displayName: 'Duration',
			name: 'duration',
			type: 'options',
			default: 60,
			description: 'How long Akkio may spend training. Longer is usually more accurate.',
			options: TRAINING_DURATIONS.map((d) => ({ name: `${d.name} (${d.seconds} s)`, value: d.seconds })),
		},
		flag('Wait for Completion', 'waitForCompletion', "Whether to poll until the training ends and output its result. For long trainings prefer Off with n8n's Wait node and Get Status."),
		{ ...outputField, displayOptions: { show: { waitForCompletion: [true] } } },
		optionsCollection([
			flag('Extra Attention', 'extraAttention', 'Whether to help the model with rare cases (an unbalanced target)'),
			flag('Force', 'force', 'Whether to create a new model even if one already exists for this dataset'),
			{ displayName: 'Ignore Field Names or IDs', name: 'ignoreFields', ...fieldsPicker, hint: 'Columns the model must not use' },
			{ ...timeoutOption('six times the duration plus 10 minutes (16 for High Quality)'), displayOptions: { show: { '/waitForCompletion': [true] } } },
		]),
	]),
	readItem: readTraining,
	/** Longest trainings start first, so that under the request budget the slowest start earliest; output keeps input order. */
	startOrder: (a: Plan, b: Plan) => b.payload.duration - a.payload.duration,
	/** Submits one training; with Wait for Completion its waiting starts right after its own submit. */
	async runItem(rc: RequestContext, { payload, wait }: Plan, itemIndex: number) {
		const submit = () => akkioRequest(rc, { method: 'POST', path: TRAINING_SUBMIT_PATH, body: payload, purpose: PURPOSES.submit, itemIndex });
		// Waiting for it: paced so that the checks at each training's end fit the budget beside the others'.
		const { answer, checkAt } = wait ? await pacedSubmit(rc, payload.duration, submit) : { answer: await submit(), checkAt: undefined };
		const submittedAt = Date.now();
		const taskId = decodeSubmittedTask(answer);
		announceSubmitted(rc, itemIndex, taskId);
		const { dataset_id, predict_fields, duration } = payload;
		if (!wait) return [{ task_id: taskId, status: 'SUBMITTED', dataset_id, predict_fields, duration }];
		return await awaitItems(rc, { ...wait, itemIndex, taskId, durationSeconds: duration, firstCheckSeconds: firstCheckDelaySeconds(duration), submittedAt, checkAt, predict: predict_fields });
	},
};

// ------------------------------------------------------------------ on the training a Task ID names

const taskFields = (operation: string, ...fields: INodeProperties[]) => shownFor(operation, [
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
