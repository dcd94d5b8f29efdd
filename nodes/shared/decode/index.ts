import type { IDataObject } from 'n8n-workflow';

import { UnexpectedAnswer } from '../errors';
import { isLegacyPath } from '../routes';

/**
 * The one boundary where Akkio's answers become the node's own typed values. Operations,
 * waiting and output shaping work on what these return and never read raw JSON. The transport
 * parses a body here (`parseJson`), reads Akkio's words in an error here (`akkioWords`), and
 * reads here whether an answer says it failed (`isKeyRejection`, `reportedFailure`). Answers
 * about tasks (status, training result, Chat Explore) are in tasks.ts.
 */
export * from './tasks';

/**
 * The primitives every decoder uses to read Akkio's JSON: nothing else in the nodes looks at
 * a raw answer. Each one accepts any value and never throws.
 *
 * Whatever answers at the Base URL can send anything that is valid JSON, so:
 * - depth and size are bounded (`parseJson`), with a reason past the bound;
 * - a text is only ever a JSON string (`text`), a number only a finite one (`finiteNumber`):
 *   nothing from Akkio is turned into a string with String(), which runs its own `toString`;
 * - keys from Akkio are never property names written into plain objects (`__proto__` would
 *   write into Object.prototype of the whole n8n process): decoders keep them in Maps, and
 *   `dataObject` turns entries into an output object by definition, not by assignment.
 */

/** Deepest nesting accepted: Akkio's answers are a few levels deep. */
export const MAX_JSON_DEPTH = 100;
/** Largest answer accepted, in UTF-16 code units of the decoded body (about bytes for ASCII). */
export const MAX_ANSWER_CHARS = 32 * 1024 * 1024;

export type JsonParse = { ok: true; value: unknown } | { ok: false; tooLarge?: true; tooDeep?: true };

/**
 * How deep `body` nests, counted without parsing, stopping past `limit`: JSON.parse accepts
 * any depth, but what walks the value afterwards (n8n's own copies of items included) may not.
 */
function depthExceeds(body: string, limit: number): boolean {
	let depth = 0;
	let inString = false;
	for (let index = 0; index < body.length; index++) {
		const char = body.charCodeAt(index);
		if (inString) {
			if (char === 0x5c) index++; // backslash: skip the escaped character
			else if (char === 0x22) inString = false;
		} else if (char === 0x22) {
			inString = true;
		} else if (char === 0x5b || char === 0x7b) {
			if (++depth > limit) return true;
		} else if (char === 0x5d || char === 0x7d) {
			depth--;
		}
	}
	return false;
}

/** Parses a response body within the bounds. */
export function parseJson(body: string): JsonParse {
	if (body.length > MAX_ANSWER_CHARS) return { ok: false, tooLarge: true };
	if (depthExceeds(body, MAX_JSON_DEPTH)) return { ok: false, tooDeep: true };
	try {
		return { ok: true, value: JSON.parse(body) };
	} catch {
		return { ok: false };
	}
}

export const isRecord = (value: unknown): value is IDataObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The value as a record, or an empty one. */
export const asRecord = (value: unknown): IDataObject => (isRecord(value) ? value : {});

/** The records of a list; anything else in it (or a non-list) is left out. */
export const records = (value: unknown): IDataObject[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/** A record's own entries as a Map: its keys are Akkio's, never property names of ours. */
export const entriesOf = (value: unknown): Map<string, unknown> => new Map(isRecord(value) ? Object.entries(value) : []);

/** An entry of a list Akkio answered: an object's entries as a Map, anything else as it came. */
export type FieldsOrValue = { fields: Map<string, unknown> } | { value: unknown };

export const fieldsOrValue = (entry: unknown): FieldsOrValue => (isRecord(entry) ? { fields: entriesOf(entry) } : { value: entry });

/**
 * An output object from entries whose keys may be anything (`__proto__`, `constructor`): each
 * is defined as an own property, so none can reach a prototype.
 */
export function dataObject(entries: Iterable<[string, unknown]>): IDataObject {
	const object: IDataObject = {};
	for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
	return object;
}

export const finiteNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** A JSON string as it is; anything else (objects, lists, numbers) is not a text. */
export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A name Akkio may send as a string, a number or a boolean (a class "1" or 1): its text, or undefined. */
export const label = (value: unknown): string | undefined =>
	typeof value === 'string' ? value : finiteNumber(value) !== undefined || typeof value === 'boolean' ? String(value) : undefined;

/** A text with something in it, trimmed. */
export const nonEmptyText = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** An ID: a non-empty text, as given. */
export const identifier = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Why an ID from Akkio cannot go into a request path, or undefined when it can. An ID of dots
 * only (`.`, `..`) is a path step even percent-encoded: URL parsers resolve it and the request
 * would go elsewhere. Control characters and broken surrogates are never part of an Akkio ID.
 */
export function unusableInPath(id: string): string | undefined {
	if (/^\.+$/.test(id)) return 'it is made only of dots';
	if (/[\p{Cc}\p{Cs}]/u.test(id)) return 'it contains control or broken characters';
	return undefined;
}

// ------------------------------------------------------------------ Akkio's words
/** What Akkio said when it refused a request: its own words, from JSON or a page. Pure. */


export const SNIPPET_LENGTH = 200;

/** The start of `text`, at most `length` code units, never ending on half a character, with … when cut. */
export function excerpt(text: string, length = SNIPPET_LENGTH): string {
	if (text.length <= length) return text;
	const code = text.charCodeAt(length - 1);
	// A high surrogate last would be half of a character outside the Basic Multilingual Plane.
	const end = code >= 0xd800 && code <= 0xdbff ? length - 1 : length;
	return `${text.slice(0, end)}…`;
}

/** One step of a 422's `loc`: a name or an index; anything else shown as JSON. */
function locationStep(step: unknown): string {
	return label(step) ?? JSON.stringify(step) ?? '?';
}

/** First part of a body, on one line, HTML tags removed: enough to recognise a proxy's error page. */
export function bodySnippet(body: string): string {
	const toText = (html: string) =>
		html
			.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
			.replace(/<[^>]*>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim();
	// An error page's <title> usually repeats its heading: show the head only if the body is empty.
	const text = toText(body.replace(/<head[\s>][\s\S]*?<\/head>/i, ' ')) || toText(body);
	return excerpt(text);
}

/** FastAPI's `detail`: a string, or a list of `{loc, msg}` as "body.duration: msg; …" (one line). */
export function formatDetail(detail: unknown): string | undefined {
	if (typeof detail === 'string' && detail.trim()) return detail.trim();
	if (!Array.isArray(detail)) return undefined;
	const lines = detail
		.map((entry) => {
			if (entry === null || typeof entry !== 'object') return typeof entry === 'string' ? entry : '';
			const { loc, msg } = entry as { loc?: unknown; msg?: unknown };
			const where = Array.isArray(loc) ? loc.map(locationStep).join('.') : '';
			const what = typeof msg === 'string' ? msg : JSON.stringify(entry);
			return where ? `${where}: ${what}` : what;
		})
		.filter((line) => line !== '');
	return lines.length ? lines.join('; ') : undefined;
}

/** An ID as messages show it: whole up to 60 characters, cut after that (a 1 MB ID makes no 1 MB message). */
export function shortId(id: string): string {
	return excerpt(id, 60);
}

/**
 * Akkio's words as a sentence of their own. The editor shows a description on one line, so
 * the sentences that follow must not run into them.
 */
export function asSentence(words: string): string {
	return /[.!?…]$/.test(words) ? words : `${words}.`;
}

/** What Akkio said, from a parsed JSON body or the raw text. */
export function akkioWords(parsed: unknown, rawBody: string): string | undefined {
	const words = wordsIn(parsed, rawBody);
	// Short whatever Akkio sends: an answer echoing a 1 MB ID makes no 1 MB message.
	return words === undefined ? undefined : excerpt(words, 500);
}

function wordsIn(parsed: unknown, rawBody: string): string | undefined {
	if (parsed !== null && typeof parsed === 'object') {
		const record = parsed as Record<string, unknown>;
		const detail = formatDetail(record.detail);
		if (detail) return detail;
		// Akkio's legacy routes put their words in `status` ({"status": "missing or invalid API key"}).
		for (const key of ['message', 'error', 'status']) {
			const value = record[key];
			if (typeof value === 'string' && value.trim() && value.trim().toLowerCase() !== 'success') return value.trim();
		}
		// JSON with no words in it (`{"detail": []}`) says nothing: no raw JSON as a message.
		if (!Object.values(record).some((value) => typeof value === 'string' && value.trim())) return undefined;
	}
	const snippet = bodySnippet(rawBody);
	return snippet || undefined;
}

// ------------------------------------------------------------------ what a `status` says
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

// ------------------------------------------------------------------ datasets, models, predictions
/**
 * Akkio's answers about datasets and models (legacy `/v1/datasets`, `/v1/models`) as the
 * node's own values, as the Datasets and Models pages show them (test/simulator/CONTRACT.md).
 * Read defensively: every field may be missing or of another type. Pure.
 */

/** A dataset or model as the Datasets and Models pages list it: `{ id, name }` and nothing else. */
export interface Summary {
	id: string;
	name: string;
}
export type DatasetSummary = Summary;
export type ModelSummary = Summary;

export interface DatasetField {
	name: string;
	type: string;
}

export interface DatasetDetails {
	name: string | null;
	fields: DatasetField[];
	/** How many rows the dataset holds (null when Akkio sent no readable count). */
	rowCount: number | null;
}

/** The entries of a legacy list (`{ datasets: [...] }`, `{ models: [...] }`) that have an ID; the ID names one without a name. */
function summaries(answer: unknown, key: 'datasets' | 'models'): Summary[] {
	return records(asRecord(answer)[key]).flatMap((record) => {
		const id = identifier(record.id ?? record.dataset_id ?? record.model_id);
		return id ? [{ id, name: identifier(record.name) ?? id }] : [];
	});
}

export const decodeDatasetList = (answer: unknown): Summary[] => summaries(answer, 'datasets');
export const decodeModelList = (answer: unknown): Summary[] => summaries(answer, 'models');

export function decodeDataset(answer: unknown): DatasetDetails {
	const record = asRecord(answer);
	const fields = records(record.fields).flatMap((field) => (typeof field.name === 'string' ? [{ name: field.name, type: text(field.type) ?? 'unknown' }] : []));
	return { name: text(record.name) ?? null, fields, rowCount: datasetRowCount(record.rows) };
}

/** Dataset → Get: `rows` is a count on the Datasets page (`"rows": 887`). A list (the SDKs' idea) is counted. */
export function datasetRowCount(rows: unknown): number | null {
	if (typeof rows === 'number' && Number.isInteger(rows) && rows >= 0) return rows;
	if (typeof rows === 'string' && /^\d+$/.test(rows.trim())) return Number(rows.trim());
	return Array.isArray(rows) ? rows.length : null;
}

/** A new dataset (`{"status": "success", "dataset_id": ..., "dataset_name": ...}`): its ID, or null, and its name. */
export function decodeCreatedDataset(answer: unknown, askedName: string): { id: string | null; name: string } {
	const record = asRecord(answer);
	return { id: identifier(record.dataset_id) ?? identifier(record.id) ?? null, name: identifier(record.dataset_name) ?? identifier(record.name) ?? askedName };
}

export type Prediction = FieldsOrValue;

export function decodePredictions(answer: unknown, rowCount: number): Prediction[] {
	const predictions = asRecord(answer).predictions;
	if (!Array.isArray(predictions) || predictions.length !== rowCount) {
		throw new UnexpectedAnswer(
			`Akkio answered ${Array.isArray(predictions) ? predictions.length : 'no'} predictions for ${rowCount} rows`,
			'The answer could not be matched to the input items, so none of this batch was used.',
		);
	}
	return predictions.map(fieldsOrValue);
}
