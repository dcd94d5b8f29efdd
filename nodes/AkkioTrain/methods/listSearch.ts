import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { listDatasets, toListSearch } from '../../shared/catalog';
import { datasetUrl } from '../../shared/locators';
import { lookupRequestContext } from '../../shared/transport';

/** The Dataset picker's "From List" mode: the team's datasets, searchable by name or ID (Akkio and Akkio Trigger use it too). */
export async function searchDatasets(this: ILoadOptionsFunctions, filter?: string) {
	return toListSearch(await listDatasets(await lookupRequestContext(this)), filter, datasetUrl);
}
