import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { listModels } from '../../../shared/catalog';
import { collectOutput, planItems, runPlanned } from '../../../shared/items';
import { openSession, optionsCollection } from '../../../shared/options';
import { limitFields, readLimit } from '../common';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['model'], operation: ['list'] } }, [
	...limitFields,
	optionsCollection(),
]);

/** The team's trained models, one item each: `{ model_id, name }`, what Akkio's Models page documents. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => readLimit(this, i));
	const session = await openSession(this);
	const outcomes = await runPlanned(this, plans, async (limit, itemIndex) => {
		const models = await listModels(this, session, itemIndex);
		return models.slice(0, limit).map(({ id, name }) => ({ model_id: id, name }));
	});
	return collectOutput(this, outcomes);
}
