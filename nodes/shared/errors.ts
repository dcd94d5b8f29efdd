import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

/**
 * Every error the nodes throw, built in one place. Three kinds start here as plain errors and
 * become n8n's errors (tied to their item) in `asNodeError`:
 * - InvalidParameter: what the user entered cannot be sent (the node names the field);
 * - UnexpectedAnswer: Akkio answered 2xx with something the node cannot use;
 * - everything else unknown is wrapped as it is.
 * Errors from Akkio's HTTP answers are NodeApiErrors built by `akkioApiError`. Cancellation and
 * abandonment live in cancellation.ts with the code that detects them.
 */

/** A parameter value that cannot be sent. The pipeline adds the item index and throws. */
export class InvalidParameter extends Error {
	constructor(
		readonly parameter: string,
		problem: string,
		readonly hint: string,
	) {
		super(`${parameter}: ${problem}`);
		this.name = 'InvalidParameter';
	}
}

/** Akkio answered (2xx) but not with what the node needs; `description` says what to do. */
export class UnexpectedAnswer extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'UnexpectedAnswer';
	}
}

export interface ErrorText {
	message: string;
	description: string;
}

/**
 * A NodeApiError that keeps its message. NodeApiError swaps any message containing a network
 * code (ECONNRESET, ETIMEDOUT, ...) for a generic one that says "you can retry the request
 * immediately": wrong after a request that may have changed something. `response` is a plain
 * object, never a caught error: the HTTP client's error carries the request headers, and with
 * them the API key.
 */
function keepingMessage(node: INode, response: JsonObject, text: ErrorText, itemIndex: number | undefined, httpCode?: string) {
	const error = new NodeApiError(node, response, {
		message: text.message,
		description: text.description,
		itemIndex,
		...(httpCode ? { httpCode } : {}),
	});
	error.message = text.message;
	return error;
}

/** Akkio's HTTP answer (or its absence) as the error n8n shows. `text` is already redacted. */
export function akkioApiError(node: INode, text: ErrorText, itemIndex: number, httpCode?: number): NodeApiError {
	const code = httpCode ? String(httpCode) : undefined;
	return keepingMessage(node, { ...text, ...(code ? { httpCode: code } : {}) }, text, itemIndex, code);
}

/** A task Akkio reports as ended without a result (FAILED, UNKNOWN_TIMEOUT). */
export function taskFailedError(node: INode, text: ErrorText, itemIndex: number, task: { taskId: string; status: string }): NodeApiError {
	return keepingMessage(node, { message: text.message, task_id: task.taskId, status: task.status }, text, itemIndex);
}

/** A wait that reached the node's own timeout: the task goes on in Akkio. */
export function waitTimeoutError(node: INode, text: ErrorText, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, text.message, { itemIndex, description: text.description });
}

/** A problem with the credential found before any request (an unusable Base URL). */
export function credentialError(node: INode, text: ErrorText): NodeOperationError {
	return new NodeOperationError(node, text.message, { description: text.description });
}

/** The node was asked for an operation it does not have (a workflow from a newer version). */
export function unknownOperationError(node: INode, resource: string, operation: string): NodeOperationError {
	return new NodeOperationError(node, `The operation "${operation}" of "${resource}" is not supported`);
}

/** Every error leaving the node is one n8n knows how to show, tied to its item. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof InvalidParameter) {
		// A trigger's poll has no item: the parameter alone is named.
		const item = itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
		return new NodeOperationError(node, `${error.message}${item}`, { itemIndex, description: error.hint });
	}
	if (error instanceof UnexpectedAnswer) {
		return keepingMessage(node, { message: error.message }, error, itemIndex);
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}
