import { listModels } from '../../../shared/catalog';
import { listOperation } from '../common';

/** The team's trained models, one item each: `{ model_id, name, ...what Akkio adds }`. */
export const { description, readItem, runItem } = listOperation('model', async (rc, itemIndex) =>
	(await listModels(rc, itemIndex)).map(({ id, name, details }) => ({ ...details, name, model_id: id })),
);
