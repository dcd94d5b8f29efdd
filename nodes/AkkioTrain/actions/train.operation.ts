import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { API_ROOT_PATH, TRAINING_DURATIONS } from '../constants';
import { type OutputMode } from '../helpers/output';
import { firstCheckDelaySeconds } from '../helpers/schedule';
import {
	InvalidParameter,
	ensureDisjoint,
	parseFieldList,
	validateBoolean,
	validateDatasetId,
	validateDuration,
} from '../helpers/validation';
import { akkioRequest } from '../transport';
import {
	collectOutput,
	isPlanned,
	openSession,
	outputModeField,
	planItems,
	readOutputMode,
	requestOptions,
	settleItem,
	waitTimeoutOption,
	type ItemOutcome,
} from './common';
import { WaitGroup } from '../waiting/waitForTasks';
import { awaitResult, readTimeoutSeconds, type PendingResult } from './wait.operation';

export const description: INodeProperties[] = updateDisplayOptions({ show: { operation: ['train'] } }, [
	{
		displayName: 'Dataset ID',
		name: 'datasetId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. YTV32jCdVf5DbcMxzvX5',
		description: 'ID of the Akkio dataset to train on: the last part of the dataset page URL in Akkio',
	},
	{
		displayName: 'Predict Fields',
		name: 'predictFields',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Positive Lead',
		description:
			'Exact column names to predict (case sensitive), separated by commas. An expression may return a list instead.',
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
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
				displayName: 'Ignore Fields',
				name: 'ignoreFields',
				type: 'string',
				default: '',
				placeholder: 'e.g. Email, Lead ID',
				description: 'Column names the model must not use (case sensitive), separated by commas',
			},
			...requestOptions,
			{ ...waitTimeoutOption, displayOptions: { show: { '/waitForCompletion': [true] } } },
		],
	},
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

function readPlan(ctx: IExecuteFunctions, itemIndex: number): TrainPlan {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options === null || typeof options !== 'object' || Array.isArray(options)) {
		throw new InvalidParameter('Options', 'expected a set of options', 'Remove the expression from Options.');
	}
	const predictFields = parseFieldList('Predict Fields', ctx.getNodeParameter('predictFields', itemIndex), true);
	const ignoreFields = parseFieldList('Ignore Fields', options.ignoreFields, false);
	ensureDisjoint(predictFields, ignoreFields);
	const duration = validateDuration(ctx.getNodeParameter('duration', itemIndex));
	const waitForCompletion = validateBoolean('Wait for Completion', ctx.getNodeParameter('waitForCompletion', itemIndex, false));
	return {
		payload: {
			dataset_id: validateDatasetId(ctx.getNodeParameter('datasetId', itemIndex)),
			predict_fields: predictFields,
			duration,
			extra_attention: validateBoolean('Extra Attention', options.extraAttention ?? false),
			force: validateBoolean('Force', options.force ?? false),
			ignore_fields: ignoreFields,
		},
		wait: waitForCompletion
			? { output: readOutputMode(ctx, itemIndex), timeoutSeconds: readTimeoutSeconds(ctx, itemIndex, duration) }
			: undefined,
	};
}

function readTaskId(response: unknown): string {
	const taskId = (response as IDataObject | null)?.task_id;
	if (typeof taskId !== 'string' || taskId === '') {
		throw new InvalidParameter(
			'Akkio response',
			'the training was accepted but Akkio sent no task_id',
			'Check the dataset in the Akkio app: the training may be running.',
		);
	}
	return taskId;
}

/**
 * Submits one training per item. Longest trainings go first, so that with many items and a
 * request budget the slowest tasks start earliest; output keeps the input order. With Wait for
 * Completion all submitted tasks are then waited on together.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => readPlan(this, i));
	const session = await openSession(this);
	const submitOrder = plans.filter(isPlanned).sort((a, b) => b.value.payload.duration - a.value.payload.duration);

	const group = new WaitGroup(!this.continueOnFail());
	const submitted = await Promise.all(
		submitOrder.map(async ({ itemIndex, value: plan }) =>
			await settleItem(this, itemIndex, async () =>
				await group.run(async () => {
					const response = await akkioRequest(this, session, {
						method: 'POST',
						path: `${API_ROOT_PATH}/models/train/new`,
						body: plan.payload,
						purpose: 'submit',
						itemIndex,
					});
					const submittedAt = Date.now();
					const taskId = readTaskId(response);
					if (!plan.wait) {
						return [
							{
								task_id: taskId,
								status: 'SUBMITTED',
								dataset_id: plan.payload.dataset_id,
								predict_fields: plan.payload.predict_fields,
								duration: plan.payload.duration,
							},
						];
					}
					// Waiting starts per task right after its own submit, not after the last one.
					const task: PendingResult = {
						itemIndex,
						taskId,
						durationSeconds: plan.payload.duration,
						firstCheckSeconds: firstCheckDelaySeconds(plan.payload.duration),
						submittedAt,
						timeoutSeconds: plan.wait.timeoutSeconds,
						output: plan.wait.output,
						predictFields: plan.payload.predict_fields,
					};
					return await awaitResult(this, session, task, group);
				}),
			),
		),
	);
	return collectOutput(this, [...plans.filter((plan) => !isPlanned(plan)), ...submitted] as ItemOutcome[]);
}
