import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { API_ROOT_PATH, TRAINING_DURATIONS } from '../../shared/constants';
import {
	InvalidParameter,
	ensureDisjoint,
	parseFieldList,
	validateBoolean,
	validateDatasetId,
	validateDuration,
} from '../../shared/helpers/validation';
import { collectOutput, isPlanned, planItems, readParameter, runPlanned, type ItemOutcome, type ItemPlan } from '../../shared/items';
import { datasetLocator } from '../../shared/locators';
import { openSession, optionsCollection } from '../../shared/options';
import { isCancellation } from '../../shared/pause';
import { akkioRequest } from '../../shared/transport';
import { type OutputMode } from '../helpers/output';
import { firstCheckDelaySeconds } from '../helpers/schedule';
import { WaitGroup } from '../waiting/waitForTasks';
import { outputModeField, readOutputMode, waitTimeoutOption } from './fields';
import { awaitResult, readTimeoutSeconds } from './wait.operation';

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

function readPlan(ctx: IExecuteFunctions, itemIndex: number): TrainPlan {
	const read = (path: string, label: string, fallback?: unknown) => readParameter(ctx, path, label, itemIndex, fallback);
	const predictFields = parseFieldList('Predict Fields', read('predictFields', 'Predict Fields'), true);
	const ignoreFields = parseFieldList('Ignore Fields', read('options.ignoreFields', 'Ignore Fields', ''), false);
	ensureDisjoint(predictFields, ignoreFields);
	const duration = validateDuration(read('duration', 'Duration'));
	const waitForCompletion = validateBoolean('Wait for Completion', read('waitForCompletion', 'Wait for Completion', false));
	return {
		payload: {
			dataset_id: validateDatasetId(read('datasetId', 'Dataset')),
			predict_fields: predictFields,
			duration,
			extra_attention: validateBoolean('Extra Attention', read('options.extraAttention', 'Extra Attention', false) ?? false),
			force: validateBoolean('Force', read('options.force', 'Force', false) ?? false),
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
	const longestFirst = [...plans].sort((a, b) => durationOf(b) - durationOf(a));
	const group = new WaitGroup(!this.continueOnFail());
	const submitted: SubmittedTask[] = [];
	const outcomes = await runPlanned(this, longestFirst, async (plan, itemIndex) =>
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
			submitted.push({ itemIndex, taskId });
			announceSubmitted(this, itemIndex, taskId);
			if (!plan.wait) {
				const { dataset_id, predict_fields, duration } = plan.payload;
				return [{ task_id: taskId, status: 'SUBMITTED', dataset_id, predict_fields, duration }];
			}
			// Waiting starts per task right after its own submit, not after the last one.
			return await awaitResult(
				this,
				session,
				{
					itemIndex,
					taskId,
					durationSeconds: plan.payload.duration,
					firstCheckSeconds: firstCheckDelaySeconds(plan.payload.duration),
					submittedAt,
					timeoutSeconds: plan.wait.timeoutSeconds,
					output: plan.wait.output,
					predictFields: plan.payload.predict_fields,
				},
				group,
			);
		}),
	);
	throwIfStopped(this, outcomes, submitted);
	return collectOutput(this, outcomes);
}

interface SubmittedTask {
	itemIndex: number;
	taskId: string;
}

/**
 * A submitted training keeps running in Akkio when the execution is stopped, and its task ID
 * would be lost with the node's output. So each one is told as soon as it is submitted: in the
 * browser's console for a manual run (n8n's sendMessageToUI) and in n8n's log.
 */
function announceSubmitted(ctx: IExecuteFunctions, itemIndex: number, taskId: string): void {
	const text = `Akkio training submitted for item ${itemIndex}: task ID ${taskId}`;
	ctx.logger.info(`${ctx.getNode().name}: ${text}`, { taskId, itemIndex });
	ctx.sendMessageToUI(text);
}

/**
 * When the execution is stopped after trainings were submitted, the node says which ones go on
 * in Akkio: in the browser's console and n8n's log again, and in the error that ends the node
 * (n8n keeps it where it records the node's end, e.g. a cancelled run in n8n-core's engine;
 * the editor's Stop discards it).
 */
function throwIfStopped(ctx: IExecuteFunctions, outcomes: ItemOutcome[], submitted: SubmittedTask[]): void {
	if (submitted.length === 0 || !outcomes.some((o) => 'error' in o && isCancellation(o.error))) return;
	const ids = [...submitted].sort((a, b) => a.itemIndex - b.itemIndex).map((t) => t.taskId);
	const list = ids.join(', ');
	const message = `The execution was stopped; Akkio goes on training task${ids.length > 1 ? 's' : ''} ${list}`;
	const description = `To pick the result up later, use Akkio Train → Wait for Training (or Get Status) with task ID ${list}.`;
	ctx.logger.warn(`${ctx.getNode().name}: ${message}`, { taskIds: ids });
	ctx.sendMessageToUI(`${message}. ${description}`);
	throw new NodeOperationError(ctx.getNode(), message, { description });
}

function durationOf(plan: ItemPlan<TrainPlan>): number {
	return isPlanned(plan) ? plan.value.payload.duration : 0;
}
