import { datasetLocator } from '../../../shared/locators';
import { readDatasetId } from '../../../shared/parameters';
import { LEGACY_DATASETS_PATH } from '../../../shared/routes';
import { PURPOSES } from '../../../shared/transport';
import { deleteOperation } from '../common';

/** Deletes the dataset: `{ dataset_id, deleted: true }`. */
export const { option, description, readItem, runItem } = deleteOperation({
	resource: 'dataset',
	locator: datasetLocator(),
	readId: readDatasetId,
	path: LEGACY_DATASETS_PATH,
	purpose: PURPOSES.deleteDataset,
	idKey: 'dataset_id',
});
