import { LEGACY_DATASETS_PATH, LEGACY_MODELS_PATH } from '../constants';
import { checkAdvice, describeHttpError, RESULT_ONLY_AFTER_SUCCESS, type ErrorText, type RequestPurpose } from './apiErrors';

/**
 * What Akkio's pages document about its answers, as pure checks the transport applies to every
 * answer before anything reads it. `test/simulator/CONTRACT.md` quotes the pages.
 */

/** The Datasets page's "404" tab: the answer of every legacy route to a missing or wrong key. */
export const LEGACY_KEY_REJECTION = 'missing or invalid API key';

const MAX_STATUS_LENGTH = 200;

export function isLegacyPath(path: string): boolean {
	const bare = path.split('?')[0];
	return bare === LEGACY_DATASETS_PATH || bare === LEGACY_MODELS_PATH;
}

function statusText(body: unknown): string | undefined {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const status = (body as Record<string, unknown>).status;
	return typeof status === 'string' ? status.trim() : undefined;
}

/** Whether an answer is Akkio's key refusal `{"status": "missing or invalid API key"}`, whatever its HTTP code. */
export function isKeyRejection(body: unknown): boolean {
	return statusText(body)?.toLowerCase() === LEGACY_KEY_REJECTION.toLowerCase();
}

/**
 * The `status` of a 2xx answer that says the request did not succeed, or undefined. Every
 * legacy answer on the Datasets and Models pages carries `"status": "success"`, and so does the
 * result example on the Training page. An answer without a `status` is taken as it comes.
 */
export function reportedFailure(path: string, purpose: RequestPurpose, body: unknown): string | undefined {
	if (!isLegacyPath(path) && purpose !== 'result') return undefined;
	const status = statusText(body);
	if (status === undefined) return undefined;
	const lower = status.toLowerCase();
	if (lower === 'success' || (purpose === 'result' && lower === 'succeeded')) return undefined;
	return status.length > MAX_STATUS_LENGTH ? `${status.slice(0, MAX_STATUS_LENGTH)}…` : status;
}

export function describeReportedFailure(statusCode: number, status: string, purpose: RequestPurpose): ErrorText {
	if (purpose === 'result') {
		return {
			message: `Akkio has no result for this task yet: it answered with the task's status (${status || 'empty'})`,
			description: RESULT_ONLY_AFTER_SUCCESS,
		};
	}
	const check = checkAdvice(purpose);
	return {
		message: `Akkio did not succeed: ${status || 'an empty status'}`,
		description: `Akkio said: ${status}\nIt answered HTTP ${statusCode}, but a request that worked answers "status": "success", so this one is treated as failed.${check ? ` ${check}` : ''}`,
	};
}

/** Why a 2xx answer is an error after all, or undefined when it is the success it says it is. */
export function failureIn2xx(path: string, purpose: RequestPurpose, statusCode: number, body: unknown, attempts: number): ErrorText | undefined {
	if (isKeyRejection(body)) return describeHttpError(401, LEGACY_KEY_REJECTION, purpose, attempts);
	const status = reportedFailure(path, purpose, body);
	return status === undefined ? undefined : describeReportedFailure(statusCode, status, purpose);
}

/** The HTTP code whose meaning an error answer has: Akkio's legacy key refusal is a 404 that means 401. */
export function effectiveStatusCode(statusCode: number, body: unknown): number {
	return isKeyRejection(body) ? 401 : statusCode;
}

/** Dataset → Get: `rows` is a count on the Datasets page (`"rows": 887`). A list (the SDKs' idea) is counted. */
export function datasetRowCount(rows: unknown): number | null {
	if (typeof rows === 'number' && Number.isInteger(rows) && rows >= 0) return rows;
	if (typeof rows === 'string' && /^\d+$/.test(rows.trim())) return Number(rows.trim());
	if (Array.isArray(rows)) return rows.length;
	return null;
}
