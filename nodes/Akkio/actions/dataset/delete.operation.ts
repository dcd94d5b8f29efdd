import { LEGACY_DATASETS_PATH } from '../../../shared/routes';
import { PURPOSES } from '../../../shared/transport';
import { deleteOperation } from '../common';

export const { option, description, readItem, runItem } = deleteOperation('dataset', (id) => ({ path: LEGACY_DATASETS_PATH, body: { id } }), PURPOSES.deleteDataset);
