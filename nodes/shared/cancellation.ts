import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

import { MAX_SLEEP_SLICE_MS } from './constants';
import { shortId } from './decode';
import type { RequestContext } from './transport';

/** Where Akkio is called from: a node's execution, the editor filling a list, or a trigger's poll. */
export type AkkioContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * Cancellation (the user stopped the execution) and abandonment (another item already failed
 * the node, so nobody will get this item's result): the errors that say so, how to tell them
 * from other errors, and the only sleep the nodes use, which ends early for both.
 */

const cancellations = new WeakSet<Error>();
const abandonments = new WeakSet<Error>();

/** The error that ends an item's work when the execution is cancelled. */
export function cancellationError(ctx: AkkioContext): NodeOperationError {
	const error = new NodeOperationError(ctx.getNode(), 'The execution was cancelled');
	cancellations.add(error);
	return error;
}

/** The error that ends an item's wait because another item already failed the node. */
export function abandonmentError(ctx: AkkioContext): NodeOperationError {
	const error = new NodeOperationError(ctx.getNode(), 'Stopped waiting because another item failed');
	abandonments.add(error);
	return error;
}

export function isCancellation(error: unknown): boolean {
	return error instanceof Error && cancellations.has(error);
}

export function isAbandonment(error: unknown): boolean {
	return error instanceof Error && abandonments.has(error);
}

export function cancelSignal(ctx: AkkioContext): AbortSignal | undefined {
	// The editor's list requests have no execution to cancel.
	return 'getExecutionCancelSignal' in ctx && typeof ctx.getExecutionCancelSignal === 'function'
		? ctx.getExecutionCancelSignal()
		: undefined;
}

export function throwIfCancelled(ctx: AkkioContext): void {
	if (cancelSignal(ctx)?.aborted) throw cancellationError(ctx);
}

/**
 * Sleeps `ms`, ending early when the execution is cancelled (or `abandoned()` turns true). The
 * sleep is sliced: n8n-workflow before 2.34 ignores sleep's abort argument, so there the signal
 * is only seen between slices.
 */
export async function pause(ctx: AkkioContext, ms: number, abandoned?: () => boolean): Promise<void> {
	const signal = cancelSignal(ctx);
	let remaining = ms;
	while (remaining > 0) {
		throwIfCancelled(ctx);
		if (abandoned?.()) throw abandonmentError(ctx);
		const slice = Math.min(remaining, MAX_SLEEP_SLICE_MS);
		let interrupted = false;
		await sleep(slice, signal).catch(() => {
			interrupted = true;
		});
		if (interrupted) throw cancellationError(ctx);
		remaining -= slice;
	}
	throwIfCancelled(ctx);
}

// ------------------------------------------------------------------ trainings a stop leaves running

/**
 * The trainings each execution submitted. A stopped execution leaves them running (and paid
 * for) in Akkio; in n8n 2.x the editor's Stop drops the node's output and error, so the task IDs
 * also go to the browser console and n8n's log as they are submitted.
 */
const submittedIn = new WeakMap<RequestContext, Array<{ itemIndex: number; taskId: string }>>();

function tell(rc: RequestContext, text: string, level: 'info' | 'warn', meta: Record<string, unknown>): void {
	rc.ctx.logger[level](`${rc.ctx.getNode().name}: ${text}`, meta);
	if ('sendMessageToUI' in rc.ctx) rc.ctx.sendMessageToUI(text);
}

export function announceSubmitted(rc: RequestContext, itemIndex: number, taskId: string): void {
	if (!submittedIn.has(rc)) submittedIn.set(rc, []);
	submittedIn.get(rc)!.push({ itemIndex, taskId });
	tell(rc, `Akkio training submitted for item ${itemIndex}: task ID ${shortId(taskId)}`, 'info', { taskId, itemIndex });
}

/** The error of a stopped execution that leaves trainings running, or undefined when none. */
export function stoppedWithTrainingsError(rc: RequestContext): NodeOperationError | undefined {
	const submitted = submittedIn.get(rc);
	if (!submitted?.length) return undefined;
	const full = [...submitted].sort((a, b) => a.itemIndex - b.itemIndex).map((task) => task.taskId);
	const ids = full.map(shortId);
	const list = ids.join(', ');
	const message = `The execution was stopped; Akkio goes on training task${ids.length > 1 ? 's' : ''} ${list}`;
	const description = `To pick the result up later, use Akkio Train → Wait for Training (or Get Status) with task ID ${list}.`;
	// The log keeps the whole IDs: after a Stop it may be the only copy left.
	tell(rc, `${message}. ${description}`, 'warn', { taskIds: full });
	return new NodeOperationError(rc.ctx.getNode(), message, { description });
}
