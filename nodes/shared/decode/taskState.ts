import type { IDataObject } from 'n8n-workflow';

/**
 * Statuses after which a task never changes. Everything else (PENDING, the docs' SUBMITTED,
 * IN_PROGRESS and any status Akkio adds later) means "not yet".
 */
export const TERMINAL_STATUSES = new Set(['SUCCEEDED', 'FAILED', 'UNKNOWN_TIMEOUT']);

export const AKKIO_DEFAULT_FAILURE_TEXT =
	'Akkio reported the training as failed without saying why. Check the dataset in the Akkio app.';

export type TaskState =
	| { kind: 'running'; status: string; estimateSeconds?: number }
	| { kind: 'succeeded'; location?: string }
	| { kind: 'failed'; error: string; errorFromAkkio: boolean }
	| { kind: 'timedOut' };

function asObject(value: unknown): IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: {};
}

export function readStatus(response: unknown): string {
	const status = asObject(response).status;
	return typeof status === 'string' && status.trim() ? status.trim().toUpperCase() : 'UNKNOWN';
}

/** Reads a status response defensively: every field may be missing or of another type. */
export function getTaskState(response: unknown): TaskState {
	const status = readStatus(response);
	const metadata = asObject(asObject(response).metadata);
	if (status === 'SUCCEEDED') {
		const location = typeof metadata.location === 'string' ? metadata.location : undefined;
		return { kind: 'succeeded', location };
	}
	if (status === 'FAILED') {
		const text = typeof metadata.error === 'string' ? metadata.error.trim() : '';
		return text
			? { kind: 'failed', error: text, errorFromAkkio: true }
			: { kind: 'failed', error: AKKIO_DEFAULT_FAILURE_TEXT, errorFromAkkio: false };
	}
	if (status === 'UNKNOWN_TIMEOUT') return { kind: 'timedOut' };
	const estimate = metadata.estimate_seconds;
	return typeof estimate === 'number' && Number.isFinite(estimate) && estimate >= 0
		? { kind: 'running', status, estimateSeconds: estimate }
		: { kind: 'running', status };
}

/** The item `Get Status` emits: flat, so an IF node can test `done` or `status` directly. */
export function toStatusItem(taskId: string, response: unknown): IDataObject {
	const status = readStatus(response);
	const state = getTaskState(response);
	const item: IDataObject = { task_id: taskId, status, done: TERMINAL_STATUSES.has(status) };
	if (state.kind === 'running' && state.estimateSeconds !== undefined) {
		item.estimate_seconds = state.estimateSeconds;
	}
	if (state.kind === 'succeeded' && state.location) item.location = state.location;
	if (state.kind === 'failed') item.error = state.error;
	if (state.kind === 'timedOut') item.error = UNKNOWN_TIMEOUT_TEXT;
	return item;
}

export const UNKNOWN_TIMEOUT_TEXT =
	'Akkio lost track of the training (UNKNOWN_TIMEOUT). Trainings running for more than a day are treated as failed; submit it again.';
