import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidParameter, parseFieldList, validateChoice } from '../../shared/helpers/validation';
import { readParameter } from '../../shared/items';
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
	const mode = validateChoice('Fields to Send', readParameter(ctx, 'fieldsToSend', 'Fields to Send', itemIndex, 'all'), FIELDS_TO_SEND);
	if (mode === 'all') return { mode, fields: [] };
	return { mode, fields: parseFieldList('Fields', readParameter(ctx, 'fieldNames', 'Fields', itemIndex, ''), true) };
}

/** The row one item becomes; a nested value is refused, naming the field (the caller adds the item). */
export function rowOf(json: IDataObject, selection: FieldSelection): IDataObject {
	const shaped = shapeRow(json, selection);
	if (shaped.ok) return shaped.row;
	const { problem, hint } = nestedValueText(shaped.field, shaped.holds);
	throw new InvalidParameter('Fields to Send', problem, hint);
}
