import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

/**
 * Every error the nodes throw, built in one place. Two kinds start as plain errors and become
 * n8n's errors (tied to their item) in `asNodeError`: InvalidParameter (what the user entered
 * cannot be sent; the node names the field) and UnexpectedAnswer (Akkio answered 2xx with
 * something the node cannot use). Errors from Akkio's HTTP answers are built by `akkioApiError`;
 * cancellation and abandonment live in cancellation.ts with the code that detects them.
 */

/** A parameter value that cannot be sent. The pipeline adds the item index and throws. */
export class InvalidParameter extends Error {
	constructor(readonly parameter: string, problem: string, readonly hint: string) { super(`${parameter}: ${problem}`); }
}

/** Akkio answered (2xx) but not with what the node needs; `description` says what to do. */
export class UnexpectedAnswer extends Error {
	constructor(message: string, readonly description: string) { super(message); }
}

export type ErrorText = { message: string; description: string };

/** Akkio's words as a sentence of their own: the editor shows a description on one line. */
export const asSentence = (words: string) => /[.!?…]$/.test(words) ? words : `${words}.`;

/** Adds what to know before running the node again to what an error's description already says. */
export function addAdvice<E extends { description?: string | null }>(error: E, advice: string) {
	error.description = error.description ? `${asSentence(error.description)} ${advice}` : advice;
	return error;
}

/**
 * A NodeApiError that keeps its message. NodeApiError swaps any message containing a network
 * code (ECONNRESET, ETIMEDOUT, ...) for a generic one that says "you can retry the request
 * immediately": wrong after a request that may have changed something. `response` is a plain
 * object, never a caught error: the HTTP client's error carries the request headers, and with
 * them the API key.
 */
function keepingMessage(node: INode, response: JsonObject, text: ErrorText, itemIndex?: number) {
	const error = new NodeApiError(node, response, { message: text.message, description: text.description, itemIndex });
	error.message = text.message;
	return error;
}

/**
 * Akkio's HTTP answer (or its absence) as the error n8n shows. `text` is already redacted.
 * NodeApiError takes its httpCode from the response's.
 */
export const akkioApiError = (node: INode, text: ErrorText, itemIndex: number, httpCode?: number) =>
	keepingMessage(node, httpCode ? { ...text, httpCode: String(httpCode) } : { ...text }, text, itemIndex);

/** A task Akkio reports as ended without a result (FAILED, UNKNOWN_TIMEOUT). */
export const taskFailedError = (node: INode, text: ErrorText, itemIndex: number, { taskId, status }: { taskId: string; status: string }) =>
	keepingMessage(node, { message: text.message, task_id: taskId, status }, text, itemIndex);

/** A problem the node found itself: a wait past its Timeout (the task goes on in Akkio), an unusable credential. */
export const operationError = (node: INode, text: ErrorText, itemIndex?: number) => new NodeOperationError(node, text.message, { itemIndex, description: text.description });

/** The node was asked for an operation it does not have (a workflow from a newer version). */
export const unknownOperationError = (node: INode, resource: string, operation: string) => new NodeOperationError(node, `The operation "${operation}" of "${resource}" is not supported`);

/** Every error leaving the node is one n8n knows how to show, tied to its item. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	// A trigger's poll has no item: the parameter alone is named.
	const item = itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
	if (error instanceof InvalidParameter) return new NodeOperationError(node, `${error.message}${item}`, { itemIndex, description: error.hint });
	if (error instanceof UnexpectedAnswer) return keepingMessage(node, { message: error.message }, error, itemIndex);
	return new NodeOperationError(node, error as Error, { itemIndex });
}
