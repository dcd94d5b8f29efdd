import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getDataset, toFieldOptions } from '../../shared/catalog';
import { choiceNeededError } from '../../shared/errors';
import { lookupRequestContext } from '../../shared/transport';

/** Predict Fields and Ignore Fields: the chosen dataset's columns, with their types. */
export async function getDatasetFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const datasetId = this.getNodeParameter('datasetId', undefined, { extractValue: true });
	if (typeof datasetId !== 'string' || datasetId.trim() === '') {
		throw choiceNeededError(this.getNode(), {
			message: 'Choose a dataset first',
			description: 'The field list comes from the dataset chosen above.',
		});
	}
	return toFieldOptions((await getDataset(await lookupRequestContext(this), datasetId.trim())).fields);
}
