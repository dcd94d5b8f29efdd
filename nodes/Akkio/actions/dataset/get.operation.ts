import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { getDataset } from '../../../shared/catalog';
import { datasetLocator } from '../../../shared/locators';
import { optionsCollection } from '../../../shared/options';
import { readDatasetId } from '../../../shared/parameters';
import type { RequestContext } from '../../../shared/transport';

// Akkio's Datasets page documents a count of rows and no row data, so there is no Include Rows.
export const option: INodePropertyOptions = { name: 'Get', value: 'get', description: "Get a dataset's fields and row count", action: 'Get a dataset' };

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['dataset'], operation: ['get'] } }, [
	datasetLocator(),
	optionsCollection(),
]);

export const readItem = readDatasetId;

/** A dataset's fields and row count: `{ dataset_id, name, row_count, fields: [{ name, type }] }`. */
export async function runItem(rc: RequestContext, datasetId: string, itemIndex: number) {
	const dataset = await getDataset(rc, datasetId, itemIndex);
	return [{ dataset_id: datasetId, name: dataset.name, row_count: dataset.rowCount, fields: dataset.fields }];
}
