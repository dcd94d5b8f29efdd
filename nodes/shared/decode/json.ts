import type { IDataObject } from 'n8n-workflow';

/**
 * The primitives every decoder uses to read Akkio's JSON: nothing else in the nodes looks at
 * a raw answer. Each one accepts any value and never throws.
 */

export type JsonParse = { ok: true; value: unknown } | { ok: false };

/** Parses a response body. */
export function parseJson(body: string): JsonParse {
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

export function finiteNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A text with something in it, trimmed. */
export function nonEmptyText(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** An ID: a non-empty text, as given. */
export function identifier(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}
