import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { datasetFields, getDataset, lookupSession, toFieldOptions } from '../../shared/catalog';

/**
 * Predict Fields and Ignore Fields: the chosen dataset's columns, with their types. Before a
 * dataset is chosen the list is empty (the fields' hints say why), as in n8n's own nodes: the
 * editor shows an error for a method that throws.
 */
export async function getDatasetFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const datasetId = this.getNodeParameter('datasetId', undefined, { extractValue: true });
	if (typeof datasetId !== 'string' || datasetId.trim() === '') return [];
	const session = await lookupSession(this);
	return toFieldOptions(datasetFields(await getDataset(this, session, datasetId.trim())));
}
