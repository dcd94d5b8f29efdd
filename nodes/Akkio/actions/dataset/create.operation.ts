import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { LEGACY_DATASETS_PATH } from '../../../shared/constants';
import { validateName } from '../../../shared/helpers/validation';
import { collectOutput, planItems, readParameter, runPlanned } from '../../../shared/items';
import { openSession, optionsCollection } from '../../../shared/options';
import { akkioRequest } from '../../../shared/transport';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['dataset'], operation: ['create'] } }, [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. CRM leads 2026-11',
		description: 'Name of the new dataset, as Akkio will show it',
	},
	optionsCollection(),
]);

/** One new, empty dataset per item: `{ dataset_id, name }`. Add rows with Dataset → Add Rows. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => validateName('Name', readParameter(this, 'name', 'Name', i)));
	const session = await openSession(this);
	const outcomes = await runPlanned(this, plans, async (name, itemIndex) => {
		const answer = (await akkioRequest(this, session, {
			method: 'POST',
			path: LEGACY_DATASETS_PATH,
			body: { name },
			purpose: 'createDataset',
			itemIndex,
		})) as IDataObject;
		// The Datasets page: {"status": "success", "dataset_id": ..., "dataset_name": ...}.
		const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
		return [{ dataset_id: text(answer?.dataset_id) ?? text(answer?.id) ?? null, name: text(answer?.dataset_name) ?? text(answer?.name) ?? name }];
	});
	return collectOutput(this, outcomes);
}
