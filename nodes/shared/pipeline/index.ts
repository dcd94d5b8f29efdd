import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InvalidParameter } from '../validation';
import { isAbandonment, isCancellation } from '../cancellation';

/**
 * Item plumbing shared by every operation of both nodes: read and check all items first, run
 * them, then shape what became of each into output items paired with their inputs.
 */

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

/**
 * Reads a parameter (a dotted path such as `options.force` for a collection entry). An
 * expression that cannot be evaluated becomes an InvalidParameter naming the field, so the
 * user learns which of the node's fields holds the broken expression.
 */
export function readParameter(
	ctx: IExecuteFunctions,
	path: string,
	label: string,
	itemIndex: number,
	fallback?: unknown,
): unknown {
	let failure: unknown;
	try {
		// extractValue: a resource locator gives its ID (from a picked entry, an ID or a URL).
		return ctx.getNodeParameter(path, itemIndex, fallback, { extractValue: true });
	} catch (error) {
		failure = error;
	}
	throw new InvalidParameter(
		label,
		`the expression could not be evaluated (${(failure as Error)?.message ?? 'unknown error'})`,
		'Open the field and fix its expression; the expression editor shows what it evaluates to.',
	);
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

/** Runs each planned item with `work` (concurrently); unplanned items keep their error. */
export async function runPlanned<T>(
	ctx: IExecuteFunctions,
	plans: Array<ItemPlan<T>>,
	work: (value: T, itemIndex: number) => Promise<IDataObject[]>,
): Promise<ItemOutcome[]> {
	return await Promise.all(
		plans.map(async (plan) =>
			isPlanned(plan) ? await settleItem(ctx, plan.itemIndex, async () => await work(plan.value, plan.itemIndex)) : plan,
		),
	);
}
