import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { datasetFields, getDataset } from '../../../shared/catalog';
import { validateBoolean, validateDatasetId } from '../../../shared/validation';
import { collectOutput, planItems, readParameter, runPlanned } from '../../../shared/pipeline';
import { datasetLocator } from '../../../shared/locators';
import { openSession, optionsCollection } from '../../../shared/options';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['dataset'], operation: ['get'] } }, [
	datasetLocator(),
	optionsCollection([
		{
			displayName: 'Include Rows',
			name: 'includeRows',
			type: 'boolean',
			default: false,
			description: 'Whether to output the rows too (can be large)',
		},
	]),
]);

/** A dataset's fields and row count: `{ dataset_id, name, row_count, fields: [{ name, type }] }`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => ({
		datasetId: validateDatasetId(readParameter(this, 'datasetId', 'Dataset', i)),
		includeRows: validateBoolean('Include Rows', readParameter(this, 'options.includeRows', 'Include Rows', i, false) ?? false),
	}));
	const session = await openSession(this);
	const outcomes = await runPlanned(this, plans, async ({ datasetId, includeRows }, itemIndex) => {
		const dataset = await getDataset(this, session, datasetId, itemIndex);
		const rows = Array.isArray(dataset.rows) ? dataset.rows : [];
		return [
			{
				dataset_id: datasetId,
				name: typeof dataset.name === 'string' ? dataset.name : null,
				row_count: rows.length,
				fields: datasetFields(dataset),
				...(includeRows ? { rows } : {}),
			},
		];
	});
	return collectOutput(this, outcomes);
}
