import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { listModels, toListSearch } from '../../shared/catalog';
import { modelUrl } from '../../shared/locators';
import { lookupRequestContext } from '../../shared/transport';

export { searchDatasets } from '../../AkkioTrain/methods/listSearch';

/** The Model picker: the team's trained models, searchable by name or ID. */
export async function searchModels(this: ILoadOptionsFunctions, filter?: string) {
	return toListSearch(await listModels(await lookupRequestContext(this)), filter, modelUrl);
}
