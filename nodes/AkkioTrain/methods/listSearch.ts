import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { getDataset, listDatasets, toFieldOptions, toListSearch } from '../../shared/catalog';
import { datasetUrl } from '../../shared/locators';
import { lookupRequestContext } from '../../shared/transport';

/** The editor's methods (Akkio and Akkio Trigger use searchDatasets too). */

/** The Dataset picker's "From List" mode: the team's datasets, searchable by name or ID. */
export async function searchDatasets(this: ILoadOptionsFunctions, filter?: string) {
	return toListSearch(await listDatasets(await lookupRequestContext(this)), filter, datasetUrl);
}

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
