import type { IDataObject } from 'n8n-workflow';

/**
 * Input items as the rows Akkio documents: "List of rows in form [{'field name 1': 'value 1',
 * 'field name 2': 0}, ...]" (the Datasets page), flat. "The first time you add data to your
 * dataset, it will define the schema for that dataset", so a nested value is refused before
 * anything is sent rather than guessed into columns: one item with an `address` object must not
 * shape a dataset for good. Pure.
 */

/** Which of an item's fields become the row's columns. */
export type FieldsToSend = 'all' | 'selected' | 'except';

export const FIELDS_TO_SEND: readonly FieldsToSend[] = ['all', 'selected', 'except'];

export interface FieldSelection {
	mode: FieldsToSend;
	/** Field names for 'selected' and 'except' (exact, case-sensitive); ignored for 'all'. */
	fields: string[];
}

export type RowOutcome = { ok: true; row: IDataObject } | { ok: false; field: string; holds: string };

/** A value a row can hold: text, a number, true/false, or empty (null). */
export function isFlatValue(value: unknown): boolean {
	return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function describeValue(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'number') return `the number ${String(value)}`;
	if (value !== null && typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

/**
 * The row for one item: all its fields, only the selected ones (in the order they were
 * selected; a selected field the item lacks is left out), or all but the selected ones.
 * A field whose value is `undefined` is absent, as it is once the item is JSON. The first field
 * whose value is not flat makes the whole item refused.
 */
export function shapeRow(json: IDataObject, selection: FieldSelection): RowOutcome {
	const has = (key: string) => Object.prototype.hasOwnProperty.call(json, key) && json[key] !== undefined;
	const excluded = new Set(selection.mode === 'except' ? selection.fields : []);
	const keys = selection.mode === 'selected' ? selection.fields.filter(has) : Object.keys(json).filter((key) => has(key) && !excluded.has(key));
	for (const key of keys) {
		if (!isFlatValue(json[key])) return { ok: false, field: key, holds: describeValue(json[key]) };
	}
	// fromEntries defines own properties: a "__proto__" field stays a field.
	return { ok: true, row: Object.fromEntries(keys.map((key) => [key, json[key]])) };
}

/** What to tell the user about a refused field: the problem (the item is added by the caller) and the way out. */
export function nestedValueText(field: string, holds: string): { problem: string; hint: string } {
	const shown = field.length > 60 ? `${field.slice(0, 60)}…` : field;
	return {
		problem: `field "${shown}" holds ${holds}, and Akkio takes flat rows (text, numbers, true/false or empty values)`,
		hint:
			`Leave "${shown}" out (Fields to Send → All Fields Except Selected), or turn what you need of it into ` +
			'flat fields before this node, for example with an Edit Fields (Set) node.',
	};
}
