import { modelLocator } from '../../../shared/locators';
import { readModelId } from '../../../shared/parameters';
import { LEGACY_MODELS_PATH } from '../../../shared/routes';
import { PURPOSES } from '../../../shared/transport';
import { deleteOperation } from '../common';

/** Deletes the model: `{ model_id, deleted: true }`. */
export const { option, description, readItem, runItem } = deleteOperation({
	resource: 'model',
	locator: modelLocator(),
	readId: readModelId,
	path: LEGACY_MODELS_PATH,
	purpose: PURPOSES.deleteModel,
	idKey: 'model_id',
});
