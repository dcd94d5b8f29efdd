import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { LEGACY_MODELS_PATH } from '../../../shared/constants';
import { validateModelId } from '../../../shared/validation';
import { collectOutput, planItems, readParameter, runPlanned } from '../../../shared/pipeline';
import { modelLocator } from '../../../shared/locators';
import { openSession, optionsCollection } from '../../../shared/options';
import { akkioRequest } from '../../../shared/transport';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['model'], operation: ['delete'] } }, [
	modelLocator(),
	optionsCollection(),
]);

/** Deletes the model: `{ model_id, deleted: true }`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => validateModelId(readParameter(this, 'modelId', 'Model', i)));
	const session = await openSession(this);
	const outcomes = await runPlanned(this, plans, async (modelId, itemIndex) => {
		await akkioRequest(this, session, {
			method: 'DELETE',
			path: LEGACY_MODELS_PATH,
			body: { id: modelId },
			purpose: 'deleteModel',
			itemIndex,
		});
		return [{ model_id: modelId, deleted: true }];
	});
	return collectOutput(this, outcomes);
}
