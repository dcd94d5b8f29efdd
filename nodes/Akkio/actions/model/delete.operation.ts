import { LEGACY_MODELS_PATH } from '../../../shared/routes';
import { PURPOSES } from '../../../shared/transport';
import { deleteOperation } from '../common';

export const { option, description, readItem, runItem } = deleteOperation('model', (id) => ({ path: LEGACY_MODELS_PATH, body: { id } }), PURPOSES.deleteModel);
