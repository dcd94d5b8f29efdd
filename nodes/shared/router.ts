import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isAbandonment, isCancellation, stoppedWithTrainingsError } from './cancellation';
import { asNodeError, unknownOperationError } from './errors';
import { openRequestContext, type RequestContext } from './transport';

/**
 * The one item loop of both nodes. For every operation it:
 * 1. reads and checks every item (`readItem`) before any request; without Continue On Fail the
 *    first invalid item fails the node and no request leaves;
 * 2. opens the execution's request context once (one budget for all items);
 * 3. runs the items (or batches) concurrently under that budget;
 * 4. returns what became of each item in input order, paired with its input; a failed item
 *    becomes `{ json: { error, details? } }` with Continue On Fail (n8n routes it to the error
 *    output), or fails the node with the item that failed first;
 * 5. ends the node on a cancellation, whatever Continue On Fail says, naming the trainings it
 *    leaves running in Akkio.
 * An operation never loops over items or catches an item's error itself.
 */

/** An output item that carries binary data (Chat Explore's charts) besides its json. */
export class ItemWithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

export type ItemOutput = IDataObject | ItemWithBinary;

/** `readItem` reads and checks one item with no I/O; `runItem` does its work. */
export interface ItemOperation<Plan> {
	description: INodeProperties[];
	readItem(ctx: IExecuteFunctions, itemIndex: number): Plan;
	runItem(request: RequestContext, plan: Plan, itemIndex: number): Promise<ItemOutput[]>;
	/** The order in which items start (Train: longest trainings first). Output keeps input order. */
	startOrder?(a: Plan, b: Plan): number;
}

export interface Planned<Plan> {
	itemIndex: number;
	plan: Plan;
}

/** An output item and the input items it comes from. */
export interface BatchOutput {
	json: IDataObject;
	from: number[];
}

/** How the items of a batched operation are cut into requests; read once, from item 0. */
export interface Batching<Plan> {
	size: number;
	/** Items of one group (one dataset, one model) go in the same requests. */
	groupOf(plan: Plan): string;
	/** Items left out of the requests (Add Rows: items without fields); they still reach `outputOf`. */
	isSent?(plan: Plan): boolean;
	/** One batch after the other, in input order (Add Rows); otherwise concurrently. */
	sequential: boolean;
	/** A failed batch is one error item for all its items ('batch') or one per item ('item'). */
	failure: 'batch' | 'item';
}

/** Add Rows and Predict: items are read one by one, then sent several per request. */
export interface BatchOperation<Plan, Answer> {
	description: INodeProperties[];
	readItem(ctx: IExecuteFunctions, itemIndex: number): Plan;
	readBatching(ctx: IExecuteFunctions): Batching<Plan>;
	runBatch(request: RequestContext, batch: Array<Planned<Plan>>): Promise<Answer>;
	/** A group's output items from its batches that went through (each with its answer). */
	outputOf(group: Array<Planned<Plan>>, sent: Array<{ batch: Array<Planned<Plan>>; answer: Answer }>): BatchOutput[];
}

export type Operation = ItemOperation<unknown> | BatchOperation<unknown, unknown>;

/** A node's operations: resource → operation → the operation's module. */
export type Resources = Record<string, Record<string, Operation>>;

type NodeError = NodeApiError | NodeOperationError;

/** What became of some input items: output items, or the error that ended them. */
type Outcome = { from: number[] } & ({ json: ItemOutput[] } | { error: NodeError });

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** Finds the chosen operation and runs it. */
export async function routeToOperation(ctx: IExecuteFunctions, resources: Resources, resource: string): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const operations = has(resources, resource) ? resources[resource] : {};
	if (!has(operations, operation)) throw unknownOperationError(ctx.getNode(), resource, operation);
	return [await runOperation(ctx, operations[operation])];
}

async function runOperation(ctx: IExecuteFunctions, operation: Operation): Promise<INodeExecutionData[]> {
	const node = ctx.getNode();
	const continueOnFail = ctx.continueOnFail();
	const planned: Array<Planned<unknown>> = [];
	const outcomes: Outcome[] = [];
	for (let itemIndex = 0; itemIndex < ctx.getInputData().length; itemIndex++) {
		try {
			planned.push({ itemIndex, plan: operation.readItem(ctx, itemIndex) });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(node, error, itemIndex);
			outcomes.push({ from: [itemIndex], error: asNodeError(node, error, itemIndex) });
		}
	}
	let request: RequestContext;
	let batching: Batching<unknown> | undefined;
	try {
		batching = 'runBatch' in operation ? operation.readBatching(ctx) : undefined;
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
	if ('runBatch' in operation && batching) {
		// A stop ends a sequential run: a cancellation, or any failure without Continue On Fail.
		const stops = (outcome: Outcome) => 'error' in outcome && (!continueOnFail || isCancellation(outcome.error));
		const groups = new Map<string, Array<Planned<unknown>>>();
		for (const entry of planned) {
			const key = batching.groupOf(entry.plan);
			if (groups.has(key)) groups.get(key)!.push(entry);
			else groups.set(key, [entry]);
		}
		const runGroup = async (group: Array<Planned<unknown>>) => await runBatches(operation, batching!, request, group, settle, stops);
		if (batching.sequential) {
			for (const group of groups.values()) {
				const groupOutcomes = await runGroup(group);
				outcomes.push(...groupOutcomes);
				if (groupOutcomes.some(stops)) break;
			}
		} else {
			outcomes.push(...(await Promise.all([...groups.values()].map(runGroup))).flat());
		}
	} else {
		const itemOperation = operation as ItemOperation<unknown>;
		const order = itemOperation.startOrder ? [...planned].sort((a, b) => itemOperation.startOrder!(a.plan, b.plan)) : planned;
		outcomes.push(...(await Promise.all(order.map(async ({ itemIndex, plan }) => await settle([itemIndex], async () => await itemOperation.runItem(request, plan, itemIndex))))));
	}
	return toOutput(outcomes, continueOnFail, batching?.failure === 'batch', request);
}

/** One group's batches: sent one after the other (stopping at a stop) or all at once. */
async function runBatches(
	operation: BatchOperation<unknown, unknown>,
	batching: Batching<unknown>,
	request: RequestContext,
	group: Array<Planned<unknown>>,
	settle: (from: number[], work: () => Promise<ItemOutput[]>) => Promise<Outcome>,
	stops: (outcome: Outcome) => boolean,
): Promise<Outcome[]> {
	const sendable = batching.isSent ? group.filter((entry) => batching.isSent!(entry.plan)) : group;
	const size = Math.max(1, Math.floor(batching.size));
	const batches = Array.from({ length: Math.ceil(sendable.length / size) }, (_, index) => sendable.slice(index * size, (index + 1) * size));
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
		for (const batch of batches) if (stops(await runBatch(batch))) break;
	} else {
		await Promise.all(batches.map(runBatch));
	}
	sent.sort((a, b) => a.batch[0].itemIndex - b.batch[0].itemIndex);
	const errors = failed.flatMap((outcome) =>
		batching.failure === 'item' && 'error' in outcome ? outcome.from.map((item) => ({ from: [item], error: outcome.error })) : [outcome],
	);
	return [...errors, ...operation.outputOf(group, sent).map(({ json, from }): Outcome => ({ from, json: [json] }))];
}

/**
 * Outcomes as the node's output, in input order (by the first item each comes from), each
 * paired with its input items (as a list when the operation reports per batch).
 */
function toOutput(outcomes: Outcome[], continueOnFail: boolean, pairAsList: boolean, request: RequestContext): INodeExecutionData[] {
	const cancelled = outcomes.find((outcome) => 'error' in outcome && isCancellation(outcome.error));
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
			return outcome.json.map((item) => (item instanceof ItemWithBinary ? { json: item.json, binary: item.binary, pairedItem } : { json: item, pairedItem }));
		}
		const description = (outcome.error as { description?: unknown }).description;
		const details = typeof description === 'string' && description ? { details: description } : {};
		return [{ json: { error: outcome.error.message, ...details }, pairedItem }];
	});
}
