import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { LEGACY_DATASETS_PATH } from '../../../shared/constants';
import { validateDatasetId } from '../../../shared/validation';
import { collectOutput, planItems, readParameter, runPlanned } from '../../../shared/pipeline';
import { datasetLocator } from '../../../shared/locators';
import { openSession, optionsCollection } from '../../../shared/options';
import { akkioRequest } from '../../../shared/transport';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['dataset'], operation: ['delete'] } }, [
	datasetLocator(),
	optionsCollection(),
]);

/** Deletes the dataset: `{ dataset_id, deleted: true }`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => validateDatasetId(readParameter(this, 'datasetId', 'Dataset', i)));
	const session = await openSession(this);
	const outcomes = await runPlanned(this, plans, async (datasetId, itemIndex) => {
		await akkioRequest(this, session, {
			method: 'DELETE',
			path: LEGACY_DATASETS_PATH,
			body: { id: datasetId },
			purpose: 'deleteDataset',
			itemIndex,
		});
		return [{ dataset_id: datasetId, deleted: true }];
	});
	return collectOutput(this, outcomes);
}
