import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_REQUEST_TIMEOUT_SECONDS } from '../constants';
import { OUTPUT_MODES, type OutputMode } from '../helpers/output';
import { InvalidParameter, validateChoice, validatePositiveNumber } from '../helpers/validation';
import { createSession, type AkkioSession } from '../transport';
import { isAbandonment, isCancellation } from '../waiting/pause';

/** Fields and item plumbing shared by the operations. */

export const taskIdField: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.task_id }}',
	description: 'The task_id returned by Train Model',
};

export const outputModeField: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	default: 'summary',
	options: [
		{
			name: 'Field Importance Rows',
			value: 'fieldImportanceRows',
			description: 'One item per input field, most important first',
		},
		{
			name: 'Per-Class Rows',
			value: 'perClassRows',
			description: 'One flat item per predicted class with its precision, recall and F1, ready for a spreadsheet',
		},
		{
			name: 'Raw',
			value: 'raw',
			description: "Akkio's result exactly as returned",
		},
		{
			name: 'Summary',
			value: 'summary',
			description: 'One item per training: accuracy, macro and weighted F1, top fields and the data story',
		},
	],
};

export const requestOptions: INodeProperties[] = [
	{
		displayName: 'Max Requests per Second',
		name: 'maxRequestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0.1, numberPrecision: 1 },
		default: DEFAULT_MAX_REQUESTS_PER_SECOND,
		description:
			"Ceiling for this node's requests to Akkio, counting submits, status checks, result downloads and retries. Akkio allows 5 per second per account; lower it when other workflows use the same key at the same time.",
	},
	{
		displayName: 'Request Timeout (Seconds)',
		name: 'requestTimeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_REQUEST_TIMEOUT_SECONDS,
		description: 'How long one HTTP request to Akkio may take before it counts as failed',
	},
];

export const waitTimeoutOption: INodeProperties = {
	displayName: 'Timeout (Minutes)',
	name: 'timeoutMinutes',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'How long to wait for a training before failing the item. 0 picks a default that fits the training: six times its duration plus 10 minutes (16 minutes for High Quality).',
};

/**
 * Lets the tests and the benchmark run Akkio's clock faster than real time: every wait,
 * interval and budget window of the node is multiplied by it. Not shown in the editor.
 */
export const timeScaleField: INodeProperties = {
	displayName: 'Time Scale',
	name: 'timeScale',
	type: 'hidden',
	default: 1,
};

/** Every error leaving the node is one n8n knows how to show, tied to its item. */
export function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof InvalidParameter) return invalidParameterError(ctx, error, itemIndex);
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** Raises an InvalidParameter as the error n8n shows, naming the parameter and the item. */
export function invalidParameterError(ctx: IExecuteFunctions, error: InvalidParameter, itemIndex: number) {
	return new NodeOperationError(ctx.getNode(), `${error.message} [item ${itemIndex}]`, {
		itemIndex,
		description: error.hint,
	});
}

export function readOutputMode(ctx: IExecuteFunctions, itemIndex: number): OutputMode {
	return validateChoice('Output', ctx.getNodeParameter('output', itemIndex, 'summary'), OUTPUT_MODES);
}

/** One session per execution: the budget is shared by every item of the node. */
export async function openSession(ctx: IExecuteFunctions): Promise<AkkioSession> {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	try {
		return await createSession(ctx, {
			maxRequestsPerSecond: validatePositiveNumber(
				'Max Requests per Second',
				options.maxRequestsPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND,
				100,
			),
			requestTimeoutSeconds: validatePositiveNumber(
				'Request Timeout (Seconds)',
				options.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS,
				3600,
			),
			timeScale: validatePositiveNumber('Time Scale', ctx.getNodeParameter('timeScale', 0, 1), 1000),
		});
	} catch (error) {
		throw asNodeError(ctx, error, 0);
	}
}

/** What became of one input item: output items, or the error that ended it. */
export type ItemOutcome = { itemIndex: number } & ({ json: IDataObject[] } | { error: NodeApiError | NodeOperationError });

/**
 * Turns outcomes into the node's output in input order, each item paired with its input.
 * A failed item becomes `{ json: { error, details } }` with Continue On Fail (n8n routes an item
 * whose json holds only error/message/details to the error output), or fails the node.
 */
export function collectOutput(ctx: IExecuteFunctions, outcomes: ItemOutcome[]): INodeExecutionData[] {
	const cancelled = outcomes.find((o) => 'error' in o && isCancellation(o.error));
	if (cancelled && 'error' in cancelled) throw cancelled.error;
	const sorted = [...outcomes].sort((a, b) => a.itemIndex - b.itemIndex);
	if (!ctx.continueOnFail()) {
		// The item that failed first, not one that merely stopped waiting because of it.
		const failure = sorted.find((o) => 'error' in o && !isAbandonment(o.error));
		if (failure && 'error' in failure) throw failure.error;
	}
	const output: INodeExecutionData[] = [];
	for (const outcome of sorted) {
		const pairedItem = { item: outcome.itemIndex };
		if ('json' in outcome) {
			for (const json of outcome.json) output.push({ json, pairedItem });
			continue;
		}
		if (!ctx.continueOnFail()) throw outcome.error;
		const { message } = outcome.error;
		const description = (outcome.error as { description?: unknown }).description;
		output.push({
			json: {
				error: message,
				...(typeof description === 'string' && description ? { details: description } : {}),
			},
			pairedItem,
		});
	}
	return output;
}

/** Runs `work` for one item, turning a thrown error into that item's outcome. */
export async function settleItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	work: () => Promise<IDataObject[]>,
): Promise<ItemOutcome> {
	try {
		return { itemIndex, json: await work() };
	} catch (error) {
		return { itemIndex, error: asNodeError(ctx, error, itemIndex) };
	}
}

export type ItemPlan<T> = { itemIndex: number; value: T } | { itemIndex: number; error: NodeApiError | NodeOperationError };

/**
 * Reads and validates every item's parameters before anything is sent. Without Continue On
 * Fail the first invalid item fails the node here, so no request leaves for any item.
 */
export function planItems<T>(
	ctx: IExecuteFunctions,
	itemCount: number,
	read: (itemIndex: number) => T,
): Array<ItemPlan<T>> {
	const plans: Array<ItemPlan<T>> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			plans.push({ itemIndex, value: read(itemIndex) });
		} catch (caught) {
			const error = asNodeError(ctx, caught, itemIndex);
			if (!ctx.continueOnFail()) throw error;
			plans.push({ itemIndex, error });
		}
	}
	return plans;
}

export function isPlanned<T>(plan: ItemPlan<T>): plan is { itemIndex: number; value: T } {
	return 'value' in plan;
}
