import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { listDatasets } from '../../../shared/catalog';
import { collectOutput, planItems, runPlanned } from '../../../shared/pipeline';
import { openSession, optionsCollection } from '../../../shared/options';
import { limitFields, readLimit } from '../common';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['dataset'], operation: ['list'] } }, [
	...limitFields,
	optionsCollection(),
]);

/** The team's datasets, one item each: `{ dataset_id, name }`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => readLimit(this, i));
	const session = await openSession(this);
	const outcomes = await runPlanned(this, plans, async (limit, itemIndex) => {
		const datasets = await listDatasets(this, session, itemIndex);
		return datasets.slice(0, limit).map(({ id, name }) => ({ dataset_id: id, name }));
	});
	return collectOutput(this, outcomes);
}
