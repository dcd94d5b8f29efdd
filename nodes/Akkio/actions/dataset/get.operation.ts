import { getDataset } from '../../../shared/catalog';
import type { RequestContext } from '../../../shared/transport';
import { byIdOperation } from '../common';

// Akkio's Datasets page documents a count of rows and no row data, so there is no Include Rows.
export const { option, description, readItem } = byIdOperation('dataset', 'get', 'Get', 'Get a dataset', "Get a dataset's fields and row count");

/** `{ dataset_id, name, row_count, fields: [{ name, type }] }` */
export async function runItem(rc: RequestContext, datasetId: string, i: number) {
	const { name, rowCount, fields } = await getDataset(rc, datasetId, i);
	return [{ dataset_id: datasetId, name, row_count: rowCount, fields }];
}
