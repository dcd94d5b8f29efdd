import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions, NodeApiError } from 'n8n-workflow';

import { MAX_SLEEP_SLICE_MS } from './constants';
import { shortId } from './decode';
import { addAdvice } from './errors';
import type { RequestContext } from './transport';

/** Where Akkio is called from: a node's execution, the editor filling a list, or a trigger's poll. */
export type AkkioContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * Cancellation (the user stopped the execution) and abandonment (another item already failed
 * the node, so nobody will get this item's result): the errors that say so, how to tell them
 * from other errors, and the only sleep the nodes use, which ends early for both.
 */
// They keep NodeOperationError's name: n8n-core treats an error by its name.
class Cancelled extends NodeOperationError { name = 'NodeOperationError'; }
class Abandoned extends NodeOperationError { name = 'NodeOperationError'; }

export const cancellationError = (ctx: AkkioContext) => new Cancelled(ctx.getNode(), 'The execution was cancelled');
export const isCancellation = (error: unknown) => error instanceof Cancelled;
export const isAbandonment = (error: unknown) => error instanceof Abandoned;

/** The execution's cancel signal; the editor's list requests have none. */
export const cancelSignal = (ctx: AkkioContext) => (ctx as IExecuteFunctions).getExecutionCancelSignal?.();

export function throwIfCancelled(ctx: AkkioContext) {
	if (cancelSignal(ctx)?.aborted) throw cancellationError(ctx);
}

/**
 * Sleeps `ms`, ending early when the execution is cancelled (or `abandoned()` turns true). The
 * sleep is sliced: n8n-workflow before 2.34 ignores sleep's abort argument, so there the signal
 * is only seen between slices.
 */
export async function pause(ctx: AkkioContext, ms: number, abandoned?: () => boolean) {
	// The slices end at one deadline: every timer fires a little late, and over a long wait's
	// slices that lateness added up to most of a second past a training's end.
	const end = performance.now() + ms;
	for (let remaining = ms; remaining > 0; remaining = end - performance.now()) {
		throwIfCancelled(ctx);
		if (abandoned?.()) throw new Abandoned(ctx.getNode(), 'Stopped waiting because another item failed');
		await sleep(Math.min(remaining, MAX_SLEEP_SLICE_MS), cancelSignal(ctx)).catch(() => Promise.reject(cancellationError(ctx)));
	}
	throwIfCancelled(ctx);
}

/**
 * The trainings each execution submitted. A stopped execution leaves them running (and paid
 * for) in Akkio; in n8n 2.x the editor's Stop drops the node's output and error, so the task IDs
 * also go to the browser console and n8n's log as they are submitted.
 */
const submittedIn = new WeakMap<RequestContext, Array<{ itemIndex: number; taskId: string }>>();

function tell(rc: RequestContext, text: string, level: 'info' | 'warn', meta: Record<string, unknown>) {
	rc.ctx.logger[level](`${rc.ctx.getNode().name}: ${text}`, meta);
	if ('sendMessageToUI' in rc.ctx) rc.ctx.sendMessageToUI(text);
}

export function announceSubmitted(rc: RequestContext, itemIndex: number, taskId: string) {
	if (!submittedIn.has(rc)) submittedIn.set(rc, []);
	submittedIn.get(rc)!.push({ itemIndex, taskId });
	tell(rc, `Akkio training submitted for item ${itemIndex}: task ID ${shortId(taskId)}`, 'info', { taskId, itemIndex });
}

/** The trainings submitted so far, in input order (they are announced in the order they start). */
const submitted = (rc: RequestContext) => [...(submittedIn.get(rc) ?? [])].sort((a, b) => a.itemIndex - b.itemIndex);

/** The error of a stopped execution that leaves trainings running, or undefined when none. */
export function stoppedWithTrainingsError(rc: RequestContext) {
	const full = submitted(rc).map((task) => task.taskId);
	if (!full.length) return;
	const list = full.map(shortId).join(', ');
	const message = `The execution was stopped; Akkio goes on training task${full.length > 1 ? 's' : ''} ${list}`;
	const description = `To pick the result up later, use Akkio Train → Wait for Training (or Get Status) with task ID ${list}.`;
	// The log keeps the whole IDs: after a Stop it may be the only copy left.
	tell(rc, `${message}. ${description}`, 'warn', { taskIds: full });
	return new NodeOperationError(rc.ctx.getNode(), message, { description });
}

/**
 * The error of an item that ended the node, naming the trainings of the other items: running
 * or finished, they were submitted and paid for, and the node outputs nothing of them.
 */
export function withOtherTrainings(rc: RequestContext, error: NodeApiError | NodeOperationError, items: number[]) {
	const others = submitted(rc).filter((task) => !items.includes(task.itemIndex));
	if (!others.length) return error;
	const list = others.map((task) => `${shortId(task.taskId)} (item ${task.itemIndex})`).join(', ');
	const pickup = `The other items' trainings were submitted too: ${list}. Pick them up with Wait for Training instead of running this node again.`;
	tell(rc, pickup, 'warn', { taskIds: others.map((task) => task.taskId) });
	return addAdvice(error, pickup);
}
