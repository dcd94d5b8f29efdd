import { listModels } from '../../../shared/catalog';
import { listOperation } from '../common';

/** The team's trained models, one item each: `{ model_id, name }`, what Akkio's Models page documents. */
export const { option, description, readItem, runItem } = listOperation('model', 'trained models', async (rc, itemIndex) =>
	(await listModels(rc, itemIndex)).map(({ id, name }) => ({ model_id: id, name })),
);
