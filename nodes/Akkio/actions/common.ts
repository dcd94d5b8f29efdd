import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { validateBoolean, validatePositiveNumber } from '../../shared/validation';
import { readParameter } from '../../shared/pipeline';

/** Return All / Limit, as n8n's list operations have them. */
export const limitFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** How many entries to output; Infinity with Return All. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number {
	const returnAll = validateBoolean('Return All', readParameter(ctx, 'returnAll', 'Return All', itemIndex, false));
	if (returnAll) return Infinity;
	return Math.floor(validatePositiveNumber('Limit', readParameter(ctx, 'limit', 'Limit', itemIndex, 50), 100000));
}

/** Batch Size: rows per request. */
export function batchSizeOption(defaultSize: number, what: string): INodeProperties {
	return {
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: defaultSize,
		description: `How many ${what} go to Akkio in one request`,
	};
}

export function readBatchSize(ctx: IExecuteFunctions, defaultSize: number): number {
	const value = readParameter(ctx, 'options.batchSize', 'Batch Size', 0, defaultSize);
	return Math.floor(validatePositiveNumber('Batch Size', value ?? defaultSize, 10000));
}
