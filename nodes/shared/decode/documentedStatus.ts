import { isLegacyPath } from '../routes';
import { excerpt } from './errorWords';

/**
 * What Akkio's pages document about the `status` of its answers, read before anything else
 * reads an answer (test/simulator/CONTRACT.md quotes the pages). Pure.
 */

/** The Datasets page's "404" tab: the answer of every legacy route to a missing or wrong key. */
export const LEGACY_KEY_REJECTION = 'missing or invalid API key';

const MAX_STATUS_LENGTH = 200;

function statusText(body: unknown): string | undefined {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const status = (body as Record<string, unknown>).status;
	return typeof status === 'string' ? status.trim() : undefined;
}

/** Whether an answer is Akkio's key refusal `{"status": "missing or invalid API key"}`, whatever its HTTP code. */
export function isKeyRejection(body: unknown): boolean {
	return statusText(body)?.toLowerCase() === LEGACY_KEY_REJECTION.toLowerCase();
}

/** The HTTP code whose meaning an error answer has: Akkio's legacy key refusal is a 404 that means 401. */
export function effectiveStatusCode(statusCode: number, body: unknown): number {
	return isKeyRejection(body) ? 401 : statusCode;
}

/**
 * The `status` of a 2xx answer that says the request did not succeed, or undefined. Every
 * legacy answer on the Datasets and Models pages carries `"status": "success"`, and so does the
 * result example on the Training page. An answer without a `status` is taken as it comes.
 * `purpose`: what the request is for (a training result lookup is checked like a legacy route).
 */
export function reportedFailure(path: string, purpose: { taskLookup?: 'status' | 'result' }, body: unknown): string | undefined {
	const result = purpose.taskLookup === 'result';
	if (!isLegacyPath(path.split('?')[0]) && !result) return undefined;
	const status = statusText(body);
	if (status === undefined) return undefined;
	const lower = status.toLowerCase();
	if (lower === 'success' || (result && lower === 'succeeded')) return undefined;
	return excerpt(status, MAX_STATUS_LENGTH);
}
