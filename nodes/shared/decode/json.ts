import type { IDataObject } from 'n8n-workflow';

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

export function isRecord(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value as a record, or an empty one. */
export function asRecord(value: unknown): IDataObject {
	return isRecord(value) ? value : {};
}

/** The records of a list; anything else in it (or a non-list) is left out. */
export function records(value: unknown): IDataObject[] {
	return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** A record's own entries as a Map: its keys are Akkio's, never property names of ours. */
export function entriesOf(value: unknown): Map<string, unknown> {
	return new Map(isRecord(value) ? Object.entries(value) : []);
}

/** An entry of a list Akkio answered: an object's entries as a Map, anything else as it came. */
export type FieldsOrValue = { fields: Map<string, unknown> } | { value: unknown };

export function fieldsOrValue(entry: unknown): FieldsOrValue {
	return isRecord(entry) ? { fields: entriesOf(entry) } : { value: entry };
}

/**
 * An output object from entries whose keys may be anything (`__proto__`, `constructor`): each
 * is defined as an own property, so none can reach a prototype.
 */
export function dataObject(entries: Iterable<[string, unknown]>): IDataObject {
	const object: IDataObject = {};
	for (const [key, value] of entries) {
		Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
	}
	return object;
}

export function finiteNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A JSON string as it is; anything else (objects, lists, numbers) is not a text. */
export function text(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

/** A name Akkio may send as a string, a number or a boolean (a class "1" or 1): its text, or undefined. */
export function label(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' ? String(value) : undefined;
}

/** A text with something in it, trimmed. */
export function nonEmptyText(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** An ID: a non-empty text, as given. */
export function identifier(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

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
