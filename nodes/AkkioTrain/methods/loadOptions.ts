import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { getDataset, toFieldOptions } from '../../shared/catalog';
import { lookupRequestContext } from '../../shared/transport';

/**
 * Predict Fields and Ignore Fields: the chosen dataset's columns, with their types. Before a
 * dataset is chosen the list is empty (the fields' hints say why), as in n8n's own nodes: the
 * editor shows an error for a method that throws.
 */
export async function getDatasetFields(this: ILoadOptionsFunctions) {
	const datasetId = this.getNodeParameter('datasetId', undefined, { extractValue: true });
	if (typeof datasetId !== 'string' || !datasetId.trim()) return [];
	return toFieldOptions((await getDataset(await lookupRequestContext(this), datasetId.trim())).fields);
}
