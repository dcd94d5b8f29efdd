import type { IExecuteFunctions } from 'n8n-workflow';

import { TRAINING_DURATIONS } from '../../shared/constants';
import { decodeSubmittedTask } from '../../shared/decode';
import { datasetLocator } from '../../shared/locators';
import { optionsCollection } from '../../shared/options';
import { ensureDisjoint, readBoolean, readDatasetId, readFieldList, readParameter, validateDuration } from '../../shared/parameters';
import { TRAINING_SUBMIT_PATH } from '../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../shared/transport';
import { pacedSubmit } from '../../shared/pacing';
import { announceSubmitted } from '../../shared/cancellation';
import { firstCheckDelaySeconds } from '../../shared/polling';
import { awaitItems, outputField, readWaiting, shownFor, timeoutOption } from './fields';

/** Predict Fields and Ignore Fields: the chosen dataset's columns (methods/listSearch.ts: getDatasetFields). */
const fieldsPicker = {
	type: 'multiOptions' as const,
	default: [],
	typeOptions: { loadOptionsMethod: 'getDatasetFields', loadOptionsDependsOn: ['datasetId.value'] },
	description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};
const flag = (displayName: string, name: string, description: string) => ({ displayName, name, type: 'boolean' as const, default: false, description });

export const description = shownFor('train', [
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
]);

export function readItem(ctx: IExecuteFunctions, itemIndex: number) {
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

type Plan = ReturnType<typeof readItem>;

/** Longest trainings start first, so that under the request budget the slowest start earliest; output keeps input order. */
export const startOrder = (a: Plan, b: Plan) => b.payload.duration - a.payload.duration;

/** Submits one training; with Wait for Completion its waiting starts right after its own submit. */
export async function runItem(rc: RequestContext, { payload, wait }: Plan, itemIndex: number) {
	const submit = () => akkioRequest(rc, { method: 'POST', path: TRAINING_SUBMIT_PATH, body: payload, purpose: PURPOSES.submit, itemIndex });
	// Waiting for it: paced so that the checks at each training's end fit the budget beside the others'.
	const { answer, checkAt } = wait ? await pacedSubmit(rc, payload.duration, submit) : { answer: await submit(), checkAt: undefined };
	const submittedAt = Date.now();
	const taskId = decodeSubmittedTask(answer);
	announceSubmitted(rc, itemIndex, taskId);
	const { dataset_id, predict_fields, duration } = payload;
	if (!wait) return [{ task_id: taskId, status: 'SUBMITTED', dataset_id, predict_fields, duration }];
	return await awaitItems(rc, { ...wait, itemIndex, taskId, durationSeconds: duration, firstCheckSeconds: firstCheckDelaySeconds(duration), submittedAt, checkAt, predict: predict_fields });
}
