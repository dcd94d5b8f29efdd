import { NodeOperationError } from 'n8n-workflow';

import type { RequestContext } from '../transport';

/**
 * A submitted training goes on in Akkio when the execution is stopped, and its task ID would be
 * lost with the node's output (the editor's Stop discards a running node's output and error). So
 * each one is told as soon as it is submitted, in the browser's console for a manual run (n8n's
 * sendMessageToUI) and in n8n's log, and the error that ends a stopped execution names them all.
 */

const submittedIn = new WeakMap<RequestContext, Array<{ itemIndex: number; taskId: string }>>();

function tell(rc: RequestContext, text: string, level: 'info' | 'warn', meta: Record<string, unknown>): void {
	rc.ctx.logger[level](`${rc.ctx.getNode().name}: ${text}`, meta);
	if ('sendMessageToUI' in rc.ctx) rc.ctx.sendMessageToUI(text);
}

/** Records and announces a training submitted for an item of this execution. */
export function announceSubmitted(rc: RequestContext, itemIndex: number, taskId: string): void {
	const submitted = submittedIn.get(rc) ?? [];
	submitted.push({ itemIndex, taskId });
	submittedIn.set(rc, submitted);
	tell(rc, `Akkio training submitted for item ${itemIndex}: task ID ${taskId}`, 'info', { taskId, itemIndex });
}

/**
 * For an execution stopped after trainings were submitted: the error that ends the node, naming
 * the trainings that go on in Akkio (told again in the console and the log). Undefined when
 * none was submitted.
 */
export function stoppedWithTrainingsError(rc: RequestContext): NodeOperationError | undefined {
	const submitted = submittedIn.get(rc);
	if (!submitted?.length) return undefined;
	const ids = [...submitted].sort((a, b) => a.itemIndex - b.itemIndex).map((task) => task.taskId);
	const list = ids.join(', ');
	const message = `The execution was stopped; Akkio goes on training task${ids.length > 1 ? 's' : ''} ${list}`;
	const description = `To pick the result up later, use Akkio Train → Wait for Training (or Get Status) with task ID ${list}.`;
	tell(rc, `${message}. ${description}`, 'warn', { taskIds: ids });
	return new NodeOperationError(rc.ctx.getNode(), message, { description });
}
