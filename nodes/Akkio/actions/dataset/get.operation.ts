import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getDataset } from '../../../shared/catalog';
import { datasetLocator } from '../../../shared/locators';
import { optionsCollection } from '../../../shared/options';
import { readBoolean, readDatasetId } from '../../../shared/parameters';
import type { RequestContext } from '../../../shared/transport';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['dataset'], operation: ['get'] } }, [
	datasetLocator(),
	optionsCollection([
		{
			displayName: 'Include Rows',
			name: 'includeRows',
			type: 'boolean',
			default: false,
			description: 'Whether to output the rows too (can be large)',
		},
	]),
]);

export function readItem(ctx: IExecuteFunctions, itemIndex: number) {
	return { datasetId: readDatasetId(ctx, itemIndex), includeRows: readBoolean(ctx, itemIndex, 'options.includeRows', 'Include Rows') };
}

/** A dataset's fields and row count: `{ dataset_id, name, row_count, fields: [{ name, type }] }`. */
export async function runItem(rc: RequestContext, { datasetId, includeRows }: ReturnType<typeof readItem>, itemIndex: number) {
	const dataset = await getDataset(rc, datasetId, itemIndex);
	return [
		{
			dataset_id: datasetId,
			name: dataset.name,
			row_count: dataset.rows.length,
			fields: dataset.fields,
			...(includeRows ? { rows: dataset.rows } : {}),
		},
	];
}
