import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { datasetFields, getDataset } from '../../../shared/catalog';
import { datasetRowCount } from '../../../shared/helpers/documentedAnswers';
import { validateDatasetId } from '../../../shared/helpers/validation';
import { collectOutput, planItems, readParameter, runPlanned } from '../../../shared/items';
import { datasetLocator } from '../../../shared/locators';
import { openSession, optionsCollection } from '../../../shared/options';

// Akkio's Datasets page documents a count of rows and no row data, so there is no Include Rows.
export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['dataset'], operation: ['get'] } }, [
	datasetLocator(),
	optionsCollection(),
]);

/** A dataset's fields and row count: `{ dataset_id, name, row_count, fields: [{ name, type }] }`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => validateDatasetId(readParameter(this, 'datasetId', 'Dataset', i)));
	const session = await openSession(this);
	const outcomes = await runPlanned(this, plans, async (datasetId, itemIndex) => {
		const dataset = await getDataset(this, session, datasetId, itemIndex);
		return [
			{
				dataset_id: datasetId,
				name: typeof dataset.name === 'string' ? dataset.name : null,
				row_count: datasetRowCount(dataset.rows),
				fields: datasetFields(dataset),
			},
		];
	});
	return collectOutput(this, outcomes);
}
