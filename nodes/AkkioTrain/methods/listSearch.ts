import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listDatasets, lookupSession, toListSearch } from '../../shared/catalog';
import { datasetUrl } from '../../shared/locators';

/** The Dataset picker's "From List" mode: the team's datasets, searchable by name or ID. */
export async function searchDatasets(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const session = await lookupSession(this);
	return toListSearch(await listDatasets(this, session), filter, datasetUrl);
}
