import { asRecord, finiteNumber, nonEmptyText } from './json';

/**
 * An Akkio task's status answer (`GET …/status`: trainings, and Chat Explore questions, share
 * its shape) as the node's own value. Pure.
 */

export type TaskState =
	| { kind: 'running'; status: string; estimateSeconds?: number }
	| { kind: 'succeeded'; location?: string }
	/** `error`: Akkio's own explanation, when it gave one. */
	| { kind: 'failed'; error?: string }
	| { kind: 'timedOut' };

export interface TaskStatus {
	/** Akkio's status word, upper case ('UNKNOWN' when missing). */
	status: string;
	done: boolean;
	state: TaskState;
}

/** Reads a status answer defensively: every field may be missing or of another type. */
export function decodeTaskStatus(answer: unknown): TaskStatus {
	const status = nonEmptyText(asRecord(answer).status)?.toUpperCase() ?? 'UNKNOWN';
	const metadata = asRecord(asRecord(answer).metadata);
	const state = stateOf(status, metadata);
	// SUCCEEDED, FAILED and UNKNOWN_TIMEOUT never change; anything else (PENDING, the docs'
	// SUBMITTED, IN_PROGRESS, any status Akkio adds later) means "not yet".
	return { status, done: state.kind !== 'running', state };
}

function stateOf(status: string, metadata: Record<string, unknown>): TaskState {
	if (status === 'SUCCEEDED') {
		return { kind: 'succeeded', location: typeof metadata.location === 'string' ? metadata.location : undefined };
	}
	if (status === 'FAILED') {
		const error = nonEmptyText(metadata.error);
		return error ? { kind: 'failed', error } : { kind: 'failed' };
	}
	if (status === 'UNKNOWN_TIMEOUT') return { kind: 'timedOut' };
	const estimate = finiteNumber(metadata.estimate_seconds);
	return estimate !== undefined && estimate >= 0 ? { kind: 'running', status, estimateSeconds: estimate } : { kind: 'running', status };
}
