import { listDatasets } from '../../../shared/catalog';
import { listOperation } from '../common';

/** The team's datasets, one item each: `{ dataset_id, name }`. */
export const { option, description, readItem, runItem } = listOperation('dataset', 'datasets', async (rc, itemIndex) =>
	(await listDatasets(rc, itemIndex)).map(({ id, name }) => ({ dataset_id: id, name })),
);
