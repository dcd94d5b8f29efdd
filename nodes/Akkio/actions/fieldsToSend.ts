import type { IDataObject, IExecuteFunctions as Ctx, INodeProperties } from 'n8n-workflow';

import { choiceField } from '../../shared/options';
import { describeType, readChoice, readFieldList, readNumber, refuse } from '../../shared/parameters';

/**
 * Add Rows and Predict send input items as the rows Akkio documents: "List of rows in form
 * [{'field name 1': 'value 1', 'field name 2': 0}, ...]" (the Datasets page), flat. "The first
 * time you add data to your dataset, it will define the schema for that dataset", so a nested
 * value is refused before anything is sent rather than guessed into columns: one item with an
 * `address` object must not shape a dataset for good.
 */

export const FIELDS_TO_SEND = ['all', 'selected', 'except'] as const;

/** A notice, Fields to Send and its field list. */
export const rowFields = (notice: string, text: string): INodeProperties[] => [
	{ displayName: text, name: notice, type: 'notice', default: '' },
	choiceField('Fields to Send', 'fieldsToSend', 'all', [
		['All Fields', 'all', 'Each field becomes a column'],
		['All Fields Except Selected', 'except', 'Every field but the ones listed'],
		['Selected Fields', 'selected', 'Only the fields listed'],
	], { description: 'Values must be text, numbers, true/false or empty' }),
	{
		displayName: 'Fields', name: 'fieldNames', type: 'string', required: true, default: '', placeholder: 'e.g. Email, Job Title',
		description: 'Field names, separated by commas (case sensitive)', displayOptions: { show: { fieldsToSend: ['selected', 'except'] } },
	},
];

export const batchSizeOption = (fallback: number): INodeProperties =>
	({ displayName: 'Batch Size', name: 'batchSize', type: 'number', typeOptions: { minValue: 1 }, default: fallback, description: 'Rows per request to Akkio' });

/** Batch Size applies to the whole execution: read from the first item. */
export const readBatchSize = (ctx: Ctx, fallback: number) => readNumber(ctx, 0, 'options.batchSize', 'Batch Size', { fallback, max: 10000, whole: true });

/** The row the input item becomes (read with the item, so a nested value fails it before any request). */
export function readRow(ctx: Ctx, i: number) {
	const mode = readChoice(ctx, i, 'fieldsToSend', 'Fields to Send', FIELDS_TO_SEND, 'all');
	return shapeRow(ctx.getInputData()[i].json, mode, mode === 'all' ? [] : readFieldList(ctx, i, 'fieldNames', 'Fields', true));
}

/**
 * All the item's fields, only the selected ones (in the order selected; one the item lacks is
 * left out), or all but those. An `undefined` value is absent, as it is once the item is JSON.
 * The first value that is not text, a finite number, true/false or null refuses the item. Pure.
 */
export function shapeRow(json: IDataObject, mode: (typeof FIELDS_TO_SEND)[number], fields: string[]) {
	const has = (key: string) => Object.prototype.hasOwnProperty.call(json, key) && json[key] !== undefined;
	const keys = mode === 'selected' ? fields.filter(has) : Object.keys(json).filter((key) => has(key) && !(mode === 'except' && fields.includes(key)));
	for (const key of keys) {
		const value = json[key];
		if (value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value)) continue;
		const holds = typeof value === 'number' ? `the number ${value}` : describeType(value);
		const name = key.length > 60 ? `${key.slice(0, 60)}…` : key;
		refuse('Fields to Send', `field "${name}" holds ${holds}, and Akkio takes flat rows (text, numbers, true/false or empty values)`, `Leave "${name}" out (Fields to Send → All Fields Except Selected), or flatten it first, e.g. with an Edit Fields (Set) node.`);
	}
	// fromEntries defines own properties: a "__proto__" field stays a field.
	return Object.fromEntries(keys.map((key) => [key, json[key]]));
}
