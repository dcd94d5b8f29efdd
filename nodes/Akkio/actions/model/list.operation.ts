import { listModels } from '../../../shared/catalog';
import { listOperation } from '../common';

// `{ model_id, name }`: what Akkio's Models page documents.
export const { option, description, readItem, runItem } = listOperation('model', listModels);
