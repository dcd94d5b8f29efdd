import { NodeOperationError } from 'n8n-workflow';
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { datasetFields, getDataset, lookupSession, toFieldOptions } from '../../shared/catalog';

/** Predict Fields and Ignore Fields: the chosen dataset's columns, with their types. */
export async function getDatasetFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const datasetId = this.getNodeParameter('datasetId', undefined, { extractValue: true });
	if (typeof datasetId !== 'string' || datasetId.trim() === '') {
		throw new NodeOperationError(this.getNode(), 'Choose a dataset first', {
			description: 'The field list comes from the dataset chosen above.',
		});
	}
	const session = await lookupSession(this);
	return toFieldOptions(datasetFields(await getDataset(this, session, datasetId.trim())));
}
