import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { TRAINING_DURATIONS } from '../../shared/constants';
import { decodeSubmittedTask } from '../../shared/decode';
import { datasetLocator } from '../../shared/locators';
import { optionsCollection } from '../../shared/options';
import { ensureDisjoint, readBoolean, readDatasetId, readFieldList, readParameter, validateDuration } from '../../shared/parameters';
import { TRAINING_SUBMIT_PATH } from '../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../shared/transport';
import { pacedSubmit } from '../../shared/pacing';
import { announceSubmitted } from '../../shared/cancellation';
import { awaitResult, firstCheckDelaySeconds, readTimeoutSeconds, TRAINING } from '../../shared/polling';
import { resultItems, type OutputMode } from '../helpers/output';
import { outputModeField, readOutputMode, waitTimeoutOption } from './fields';

export const description: INodeProperties[] = updateDisplayOptions({ show: { operation: ['train'] } }, [
	datasetLocator(),
	{
		displayName: 'Predict Field Names or IDs',
		name: 'predictFields',
		type: 'multiOptions',
		required: true,
		default: [],
		typeOptions: { loadOptionsMethod: 'getDatasetFields', loadOptionsDependsOn: ['datasetId.value'] },
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'The columns to predict, listed once a dataset is chosen above. An expression may give a list of exact (case-sensitive) names, or names separated by commas.',
	},
	{
		displayName: 'Duration',
		name: 'duration',
		type: 'options',
		default: 60,
		description: 'How long Akkio may spend training. Longer is usually more accurate.',
		options: TRAINING_DURATIONS.map((d) => ({
			name: `${d.name} (${d.seconds} s)`,
			value: d.seconds,
		})),
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			'Whether to keep polling until the training ends and output its result. Off, the node outputs the task ID right after submitting. For Production trainings prefer Off plus n8n\'s Wait node and Get Status, so no worker is held.',
	},
	{ ...outputModeField, displayOptions: { show: { waitForCompletion: [true] } } },
	optionsCollection([
		{
			displayName: 'Extra Attention',
			name: 'extraAttention',
			type: 'boolean',
			default: false,
			description: 'Whether to help the model with rare cases (an unbalanced target)',
		},
		{
			displayName: 'Force',
			name: 'force',
			type: 'boolean',
			default: false,
			description: 'Whether to create a new model even if one already exists for this dataset',
		},
		{
			displayName: 'Ignore Field Names or IDs',
			name: 'ignoreFields',
			type: 'multiOptions',
			default: [],
			typeOptions: { loadOptionsMethod: 'getDatasetFields', loadOptionsDependsOn: ['datasetId.value'] },
			description:
				'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			hint: 'Columns the model must not use, listed once a dataset is chosen above',
		},
		{ ...waitTimeoutOption, displayOptions: { show: { '/waitForCompletion': [true] } } },
	]),
]);

interface TrainPlan {
	payload: {
		dataset_id: string;
		predict_fields: string[];
		duration: number;
		extra_attention: boolean;
		force: boolean;
		ignore_fields: string[];
	};
	wait?: { output: OutputMode; timeoutSeconds: number };
}

export function readItem(ctx: IExecuteFunctions, itemIndex: number): TrainPlan {
	const predictFields = readFieldList(ctx, itemIndex, 'predictFields', 'Predict Fields', true);
	const ignoreFields = readFieldList(ctx, itemIndex, 'options.ignoreFields', 'Ignore Fields', false);
	ensureDisjoint(predictFields, ignoreFields);
	const duration = validateDuration(readParameter(ctx, itemIndex, 'duration', 'Duration'));
	const waitForCompletion = readBoolean(ctx, itemIndex, 'waitForCompletion', 'Wait for Completion');
	return {
		payload: {
			dataset_id: readDatasetId(ctx, itemIndex),
			predict_fields: predictFields,
			duration,
			extra_attention: readBoolean(ctx, itemIndex, 'options.extraAttention', 'Extra Attention'),
			force: readBoolean(ctx, itemIndex, 'options.force', 'Force'),
			ignore_fields: ignoreFields,
		},
		wait: waitForCompletion
			? { output: readOutputMode(ctx, itemIndex), timeoutSeconds: readTimeoutSeconds(ctx, itemIndex, duration) }
			: undefined,
	};
}

/**
 * Longest trainings start first, so that with many items and a request budget the slowest
 * tasks start earliest; output keeps the input order.
 */
export function startOrder(a: TrainPlan, b: TrainPlan): number {
	return b.payload.duration - a.payload.duration;
}

/**
 * Submits one training. With Wait for Completion its waiting starts right after its own
 * submit, not after the last item's.
 */
export async function runItem(rc: RequestContext, plan: TrainPlan, itemIndex: number): Promise<IDataObject[]> {
	const submit = async () =>
		await akkioRequest(rc, { method: 'POST', path: TRAINING_SUBMIT_PATH, body: plan.payload, purpose: PURPOSES.submit, itemIndex });
	// Waiting for it: paced so that the checks at each training's end fit the budget beside the others'.
	const answer = plan.wait ? await pacedSubmit(rc, plan.payload.duration, submit) : await submit();
	const submittedAt = Date.now();
	const taskId = decodeSubmittedTask(answer);
	announceSubmitted(rc, itemIndex, taskId);
	const { dataset_id, predict_fields, duration } = plan.payload;
	if (!plan.wait) return [{ task_id: taskId, status: 'SUBMITTED', dataset_id, predict_fields, duration }];
	const result = await awaitResult(rc, TRAINING, {
		itemIndex,
		taskId,
		durationSeconds: duration,
		firstCheckSeconds: firstCheckDelaySeconds(duration),
		submittedAt,
		timeoutSeconds: plan.wait.timeoutSeconds,
	});
	return resultItems(plan.wait.output, taskId, result, predict_fields);
}
