import type { IBinaryKeyData, IDataObject, IExecuteFunctions as Ctx, INodeProperties } from 'n8n-workflow';

import { isAbandonment, isCancellation, stoppedWithTrainingsError, withOtherTrainings } from './cancellation';
import { addAdvice, asNodeError, unknownOperationError } from './errors';
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
export class ItemWithBinary { constructor(readonly json: IDataObject, readonly binary: IBinaryKeyData) {} }

export type ItemOutput = IDataObject | ItemWithBinary;
export type Planned<Plan> = { itemIndex: number; plan: Plan };
/** An output item of a batched operation and the input items it comes from. */
export type BatchOutput = { json: IDataObject; from: number[] };
type Items = Array<Planned<unknown>>;
type Sent = Array<{ batch: Items; answer: unknown }>;

/**
 * How a batched operation's items are cut into requests, read once from item 0: items of one
 * group (one dataset, one model) go `size` per request; `isSent` leaves items out (Add Rows:
 * items without fields; they still reach `outputOf`); `sequential` sends one batch after the
 * other in input order (Add Rows), else concurrently; a failed batch is one error item for all
 * its items (`failure: 'batch'`) or one per item ('item').
 */
export interface Batching<Plan> { size: number; groupOf(plan: Plan): string; isSent?(plan: Plan): boolean; sequential: boolean; failure: 'batch' | 'item' }

/**
 * An operation module: `readItem` reads and checks one item with no I/O. Then either `runItem`
 * does one item's work (`startOrder`: the order in which items start, Train's longest first;
 * output keeps input order), or (Add Rows, Predict) `runBatch` sends several items per request
 * and `outputOf` makes a group's output items from its batches that went through.
 */
export type Operation = { description: INodeProperties[]; readItem(ctx: Ctx, itemIndex: number): unknown } & (
	| { runItem(request: RequestContext, plan: unknown, itemIndex: number): Promise<ItemOutput[]>; startOrder?(a: unknown, b: unknown): number }
	| { readBatching(ctx: Ctx): Batching<unknown>; runBatch(request: RequestContext, batch: Items): Promise<unknown>;
			outputOf(group: Items, sent: Sent): BatchOutput[] }
);

/** A node's operations: resource → operation → the operation's module. */
export type Resources = Record<string, Record<string, Operation>>;

/** What became of some input items: output items, or the error that ended them. */
type Outcome = { from: number[]; json?: ItemOutput[] | void; error?: ReturnType<typeof asNodeError> };

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

export async function routeToOperation(ctx: Ctx, resources: Resources, resource: string) {
	const [name, node, continueOnFail] = [ctx.getNodeParameter('operation', 0) as string, ctx.getNode(), ctx.continueOnFail()];
	const operation = has(resources, resource) && has(resources[resource], name) && resources[resource][name];
	if (!operation) throw unknownOperationError(node, resource, name);
	const planned: Items = [];
	const outcomes: Outcome[] = [];
	for (let itemIndex = 0; itemIndex < ctx.getInputData().length; itemIndex++) {
		try {
			planned.push({ itemIndex, plan: operation.readItem(ctx, itemIndex) });
		} catch (caught) {
			const error = asNodeError(node, caught, itemIndex);
			if (!continueOnFail) throw error;
			outcomes.push({ from: [itemIndex], error });
		}
	}
	// The batching and the request options are read (from item 0) before any request; an error there names item 0.
	const open = async () => ['runBatch' in operation ? operation.readBatching(ctx) : undefined, await openRequestContext(ctx)] as const;
	const [batching, request] = await open().catch((error) => { throw asNodeError(node, error, 0); });
	const settle = async (from: number[], work: () => Promise<ItemOutput[] | void>): Promise<Outcome> =>
		await work().then((json) => ({ from, json }), (error) => {
			// Without Continue On Fail the node ends with this item: other items stop waiting.
			if (!continueOnFail) request.abandon();
			return { from, error: asNodeError(node, error, from[0]) };
		});
	// Runs the tasks at once, or one after the other up to a stop: a cancellation, or any failure without Continue On Fail.
	const runAll = async <T>(list: T[], task: (entry: T) => Promise<Outcome[]>, sequential = false) => {
		if (!sequential) return (await Promise.all(list.map(task))).flat();
		const done: Outcome[] = [];
		for (const entry of list) {
			done.push(...(await task(entry)));
			if (done.some(({ error }) => error && (!continueOnFail || isCancellation(error)))) break;
		}
		return done;
	};
	if (!('runBatch' in operation)) {
		const order = operation.startOrder ? [...planned].sort((a, b) => operation.startOrder!(a.plan, b.plan)) : planned;
		const run = async ({ itemIndex, plan }: Planned<unknown>) => [await settle([itemIndex], async () => await operation.runItem(request, plan, itemIndex))];
		outcomes.push(...(await runAll(order, run)));
	} else if (batching) {
		const { size, groupOf, isSent, sequential, failure } = batching;
		const groups = new Map<string, Items>();
		for (const entry of planned) {
			const key = groupOf(entry.plan);
			(groups.get(key) ?? groups.set(key, []).get(key)!).push(entry);
		}
		const runGroup = async (group: Items) => {
			const sendable = group.filter((entry) => isSent?.(entry.plan) ?? true);
			const [step, sent]: [number, Sent] = [Math.max(1, Math.floor(size)), []];
			const batches = Array.from({ length: Math.ceil(sendable.length / step) }, (_, index) => sendable.slice(index * step, (index + 1) * step));
			const failed = await runAll(batches, async (batch) => {
				const send = async () => { sent.push({ batch, answer: await operation.runBatch(request, batch) }); };
				const { from, error } = await settle(batch.map((entry) => entry.itemIndex), send);
				return !error ? [] : failure === 'item' ? from.map((item) => ({ from: [item], error })) : [{ from, error }];
			}, sequential);
			// One after the other (Add Rows), a failed batch that ends the node says which items went through before it.
			const through = sent.flatMap(({ batch }) => batch.map((entry) => entry.itemIndex));
			if (sequential && !continueOnFail && through.length && failed[0]?.error) {
				addAdvice(failed[0].error, `The ${through.length} items before it (up to item ${Math.max(...through)}) went through: running the node again would send them again.`);
			}
			sent.sort((a, b) => a.batch[0].itemIndex - b.batch[0].itemIndex);
			return [...failed, ...operation.outputOf(group, sent).map(({ json, from }) => ({ from, json: [json] }))];
		};
		outcomes.push(...(await runAll([...groups.values()], runGroup, sequential)));
	}
	// The outcomes as the node's output, in input order (by the first item each comes from), each
	// paired with its input items (as a list when the operation reports per batch).
	const cancelled = outcomes.find(({ error }) => isCancellation(error))?.error;
	if (cancelled) throw stoppedWithTrainingsError(request) ?? cancelled;
	outcomes.sort((a, b) => Math.min(...a.from) - Math.min(...b.from));
	// The item that failed first, not one that merely stopped waiting because of it.
	const failure = continueOnFail ? undefined : outcomes.find(({ error }) => error && !isAbandonment(error));
	if (failure?.error) throw withOtherTrainings(request, failure.error, failure.from);
	return [outcomes.flatMap(({ from, json, error }) => {
		const pairedItem = batching?.failure === 'batch' || from.length !== 1 ? from.map((item) => ({ item })) : { item: from[0] };
		if (error) return [{ json: { error: error.message, ...(error.description && { details: error.description }) }, pairedItem }];
		return (json || []).map((item) => (item instanceof ItemWithBinary ? { ...item, pairedItem } : { json: item, pairedItem }));
	})];
}
