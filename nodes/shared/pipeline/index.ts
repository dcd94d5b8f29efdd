import type { IExecuteFunctions, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isAbandonment, isCancellation } from '../cancellation';
import { asNodeError, unknownOperationError } from '../errors';
import { openRequestContext, type RequestContext } from '../transport';
import { stoppedWithTrainingsError } from '../polling';
import { batchesOf, groupBy } from './batches';
import {
	ItemWithBinary,
	isBatchOperation,
	type BatchOperation,
	type BatchOutput,
	type Batching,
	type ItemOperation,
	type ItemOutput,
	type Operation,
	type Planned,
} from './operation';

export { ItemWithBinary } from './operation';
export type { BatchOperation, Batching, BatchOutput, ItemOperation, ItemOutput, Operation, Planned } from './operation';

/**
 * The one item pipeline of both nodes. For every operation it:
 * 1. reads and checks every item (`readItem`) before any request; without Continue On Fail the
 *    first invalid item fails the node and no request leaves;
 * 2. opens the execution's request context once (one budget for all items);
 * 3. runs the items (or batches) concurrently under that budget;
 * 4. turns what became of each item into output items in input order, each paired with its
 *    input and carrying its binary data when the operation gave some (ItemWithBinary); a
 *    failed item becomes `{ json: { error, details? } }` with Continue On Fail (n8n routes it
 *    to the error output), or fails the node with the item that failed first;
 * 5. ends the node on a cancellation, whatever the operation and Continue On Fail (naming the
 *    trainings it leaves running in Akkio).
 * Whether a failed request may be sent again ("unknown fate") is decided once, in the transport.
 */

type NodeError = NodeApiError | NodeOperationError;

/** What became of some input items: output items, or the error that ended them. */
type Outcome = { from: number[] } & ({ json: ItemOutput[] } | { error: NodeError });

export async function runOperation(ctx: IExecuteFunctions, operation: Operation): Promise<INodeExecutionData[]> {
	const node = ctx.getNode();
	const continueOnFail = ctx.continueOnFail();
	const planned: Array<Planned<unknown>> = [];
	const outcomes: Outcome[] = [];
	const itemCount = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			planned.push({ itemIndex, plan: operation.readItem(ctx, itemIndex) });
		} catch (error) {
			const failure = asNodeError(node, error, itemIndex);
			if (!continueOnFail) throw failure;
			outcomes.push({ from: [itemIndex], error: failure });
		}
	}
	let request: RequestContext;
	let batching: Batching<unknown> | undefined;
	try {
		batching = isBatchOperation(operation) ? operation.readBatching(ctx) : undefined;
		request = await openRequestContext(ctx);
	} catch (error) {
		throw asNodeError(node, error, 0);
	}
	const settle = async (from: number[], work: () => Promise<ItemOutput[]>): Promise<Outcome> => {
		try {
			return { from, json: await work() };
		} catch (error) {
			// Without Continue On Fail the node ends with this item: other items stop waiting.
			if (!continueOnFail) request.abandon();
			return { from, error: asNodeError(node, error, from[0]) };
		}
	};
	if (isBatchOperation(operation) && batching) {
		outcomes.push(...(await runBatches(operation, batching, request, planned, settle, continueOnFail)));
	} else {
		outcomes.push(...(await runItems(operation as ItemOperation<unknown>, request, planned, settle)));
	}
	return toOutput(outcomes, continueOnFail, batching?.failure === 'batch', request);
}

type Settle = (from: number[], work: () => Promise<ItemOutput[]>) => Promise<Outcome>;

async function runItems(
	operation: ItemOperation<unknown>,
	request: RequestContext,
	planned: Array<Planned<unknown>>,
	settle: Settle,
): Promise<Outcome[]> {
	const order = operation.startOrder ? [...planned].sort((a, b) => operation.startOrder!(a.plan, b.plan)) : planned;
	return await Promise.all(
		order.map(async ({ itemIndex, plan }) => await settle([itemIndex], async () => await operation.runItem(request, plan, itemIndex))),
	);
}

async function runBatches(
	operation: BatchOperation<unknown, unknown>,
	batching: Batching<unknown>,
	request: RequestContext,
	planned: Array<Planned<unknown>>,
	settle: Settle,
	continueOnFail: boolean,
): Promise<Outcome[]> {
	// In order, one batch after the other, the node stops at a failure it cannot continue after.
	const stops = (outcome: Outcome) => 'error' in outcome && (!continueOnFail || isCancellation(outcome.error));
	const runGroup = async (group: Array<Planned<unknown>>): Promise<Outcome[]> => {
		const sendable = batching.isSent ? group.filter((entry) => batching.isSent!(entry.plan)) : group;
		const sent: Array<{ batch: Array<Planned<unknown>>; answer: unknown }> = [];
		const failed: Outcome[] = [];
		const runBatch = async (batch: Array<Planned<unknown>>): Promise<Outcome> => {
			const outcome = await settle(
				batch.map((entry) => entry.itemIndex),
				async () => {
					sent.push({ batch, answer: await operation.runBatch(request, batch) });
					return [];
				},
			);
			if ('error' in outcome) failed.push(outcome);
			return outcome;
		};
		if (batching.sequential) {
			for (const batch of batchesOf(sendable, batching.size)) if (stops(await runBatch(batch))) break;
		} else {
			await Promise.all(batchesOf(sendable, batching.size).map(runBatch));
		}
		sent.sort((a, b) => a.batch[0].itemIndex - b.batch[0].itemIndex);
		const output: Outcome[] = operation.outputOf(group, sent).map(({ json, from }: BatchOutput) => ({ from, json: [json] }));
		const errors = failed.flatMap((outcome) =>
			batching.failure === 'item' && 'error' in outcome ? outcome.from.map((item) => ({ from: [item], error: outcome.error })) : [outcome],
		);
		return [...errors, ...output];
	};
	const groups = groupBy(planned, (entry) => batching.groupOf(entry.plan));
	if (batching.sequential) {
		const outcomes: Outcome[] = [];
		for (const { entries } of groups) {
			const groupOutcomes = await runGroup(entries);
			outcomes.push(...groupOutcomes);
			if (groupOutcomes.some(stops)) break;
		}
		return outcomes;
	}
	return (await Promise.all(groups.map(async ({ entries }) => await runGroup(entries)))).flat();
}

/**
 * Outcomes as the node's output, in input order (by the first item each comes from), each
 * paired with its input items (as a list when the operation reports per batch).
 */
function toOutput(outcomes: Outcome[], continueOnFail: boolean, pairAsList: boolean, request: RequestContext): INodeExecutionData[] {
	const cancelled = outcomes.find((outcome) => 'error' in outcome && isCancellation(outcome.error));
	// A stop leaves submitted trainings running in Akkio: the error names them.
	if (cancelled && 'error' in cancelled) throw stoppedWithTrainingsError(request) ?? cancelled.error;
	const sorted = [...outcomes].sort((a, b) => Math.min(...a.from) - Math.min(...b.from));
	if (!continueOnFail) {
		// The item that failed first, not one that merely stopped waiting because of it.
		const failure = sorted.find((outcome) => 'error' in outcome && !isAbandonment(outcome.error));
		if (failure && 'error' in failure) throw failure.error;
	}
	return sorted.flatMap((outcome) => {
		const pairedItem = pairAsList || outcome.from.length !== 1 ? outcome.from.map((item) => ({ item })) : { item: outcome.from[0] };
		if ('json' in outcome) {
			return outcome.json.map((item) =>
				item instanceof ItemWithBinary ? { json: item.json, binary: item.binary, pairedItem } : { json: item, pairedItem },
			);
		}
		const description = (outcome.error as { description?: unknown }).description;
		return [
			{
				json: { error: outcome.error.message, ...(typeof description === 'string' && description ? { details: description } : {}) },
				pairedItem,
			},
		];
	});
}

/** A node's operations: resource → operation → the operation's module. */
export type Resources = Record<string, Record<string, Operation>>;

/**
 * What both nodes' routers do: find the chosen operation and run it through the pipeline.
 * Akkio Train has a single resource, so its router names it.
 */
export async function routeToOperation(ctx: IExecuteFunctions, resources: Resources, resource: string): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const operations = Object.prototype.hasOwnProperty.call(resources, resource) ? resources[resource] : {};
	if (!Object.prototype.hasOwnProperty.call(operations, operation)) throw unknownOperationError(ctx.getNode(), resource, operation);
	return [await runOperation(ctx, operations[operation])];
}
