import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RequestContext } from '../transport';

/**
 * An output item that carries binary data (Chat Explore's charts) besides its json. An
 * operation returns one of these where an item needs binary; a plain object is an item's json.
 * The pipeline pairs both kinds alike.
 */
export class ItemWithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/** What an operation returns per output item: its json, or its json with binary data. */
export type ItemOutput = IDataObject | ItemWithBinary;

/**
 * What an operation gives the item pipeline. It never loops over items, opens a request
 * context, catches errors or builds output items itself: the pipeline does that, once, for
 * every operation of both nodes.
 *
 * `readItem` reads and checks one item's parameters, with no I/O. It throws InvalidParameter
 * (or a NodeOperationError) for input that cannot be sent; the pipeline calls it for every
 * item before any request leaves.
 */
export interface ItemOperation<Plan> {
	description: INodeProperties[];
	readItem(ctx: IExecuteFunctions, itemIndex: number): Plan;
	/** The work for one item: its output items. Items run concurrently under the request budget. */
	runItem(request: RequestContext, plan: Plan, itemIndex: number): Promise<ItemOutput[]>;
	/** The order in which items start (Train: longest trainings first). Output keeps input order. */
	startOrder?(a: Plan, b: Plan): number;
}

/** A planned item: its index and what `readItem` made of it. */
export interface Planned<Plan> {
	itemIndex: number;
	plan: Plan;
}

/** An output item and the input items it comes from. */
export interface BatchOutput {
	json: IDataObject;
	from: number[];
}

/** How the planned items of a batched operation are cut into requests; read once, from item 0. */
export interface Batching<Plan> {
	size: number;
	/** Items of one group (one dataset, one model) go in the same requests. */
	groupOf(plan: Plan): string;
	/** Items left out of the requests (Add Rows: items without fields); they still reach `outputOf`. */
	isSent?(plan: Plan): boolean;
	/** Send batches one after the other, in input order (Add Rows); otherwise concurrently. */
	sequential: boolean;
	/**
	 * A failed batch becomes one error item paired with all its items ('batch', Add Rows: every
	 * output item is then paired with a list), or one error item per item ('item', Predict).
	 */
	failure: 'batch' | 'item';
}

/**
 * A batched operation (Add Rows, Predict): items are read one by one like any other, then sent
 * several per request.
 */
export interface BatchOperation<Plan, Answer> {
	description: INodeProperties[];
	readItem(ctx: IExecuteFunctions, itemIndex: number): Plan;
	readBatching(ctx: IExecuteFunctions): Batching<Plan>;
	/** The work for one batch (one request); what it returns goes to `outputOf`. */
	runBatch(request: RequestContext, batch: Array<Planned<Plan>>): Promise<Answer>;
	/** A group's output items from its batches that went through (each with its answer). */
	outputOf(group: Array<Planned<Plan>>, sent: Array<{ batch: Array<Planned<Plan>>; answer: Answer }>): BatchOutput[];
}

/** Any operation (methods are bivariant in their parameters, so every plan type fits). */
export type Operation = ItemOperation<unknown> | BatchOperation<unknown, unknown>;

export function isBatchOperation(operation: Operation): operation is BatchOperation<unknown, unknown> {
	return 'runBatch' in operation;
}
