import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidParameter } from '../../shared/errors';
import { readChoice, readFieldList } from '../../shared/parameters';
import { FIELDS_TO_SEND, nestedValueText, shapeRow, type FieldSelection } from '../helpers/rows';

/** Fields to Send and its field list: Add Rows and Predict send items the same way. */
export const fieldsToSendFields: INodeProperties[] = [
	{
		displayName: 'Fields to Send',
		name: 'fieldsToSend',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All Fields', value: 'all', description: "Every field of the input item becomes a column" },
			{ name: 'All Fields Except Selected', value: 'except', description: 'Every field but the ones listed' },
			{ name: 'Selected Fields', value: 'selected', description: 'Only the fields listed' },
		],
		description: 'Which fields of each input item go to Akkio. Values must be flat: text, numbers, true/false or empty.',
	},
	{
		displayName: 'Fields',
		name: 'fieldNames',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Email, Job Title',
		description: 'Names of the input item fields, separated by commas (case sensitive)',
		displayOptions: { show: { fieldsToSend: ['selected', 'except'] } },
	},
];

export function readFieldSelection(ctx: IExecuteFunctions, itemIndex: number): FieldSelection {
	const mode = readChoice(ctx, itemIndex, 'fieldsToSend', 'Fields to Send', FIELDS_TO_SEND, 'all');
	if (mode === 'all') return { mode, fields: [] };
	return { mode, fields: readFieldList(ctx, itemIndex, 'fieldNames', 'Fields', true) };
}

/**
 * The row one item becomes (an operation's readItem calls this, so a nested value fails its item
 * before any request); a nested value is refused, naming the field (the pipeline adds the item).
 */
export function rowOf(json: IDataObject, selection: FieldSelection): IDataObject {
	const shaped = shapeRow(json, selection);
	if (shaped.ok) return shaped.row;
	const { problem, hint } = nestedValueText(shaped.field, shaped.holds);
	throw new InvalidParameter('Fields to Send', problem, hint);
}

/** The row the input item `itemIndex` becomes under its Fields to Send. */
export function readRow(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return rowOf(ctx.getInputData()[itemIndex].json, readFieldSelection(ctx, itemIndex));
}
