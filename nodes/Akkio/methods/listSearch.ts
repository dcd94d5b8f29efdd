import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listDatasets, listModels, lookupSession, toListSearch } from '../../shared/catalog';
import { datasetUrl, modelUrl } from '../../shared/locators';

/** The Dataset picker: the team's datasets, searchable by name or ID. */
export async function searchDatasets(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const session = await lookupSession(this);
	return toListSearch(await listDatasets(this, session), filter, datasetUrl);
}

/** The Model picker: the team's trained models, searchable by name or ID. */
export async function searchModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const session = await lookupSession(this);
	return toListSearch(await listModels(this, session), filter, modelUrl);
}
