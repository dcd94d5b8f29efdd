import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { decodeCreatedDataset } from '../../../shared/decode';
import { nameField, optionsCollection } from '../../../shared/options';
import { readName } from '../../../shared/parameters';
import { LEGACY_DATASETS_PATH } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';

export const option: INodePropertyOptions = { name: 'Create', value: 'create', description: 'Create an empty dataset', action: 'Create a dataset' };

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['dataset'], operation: ['create'] } }, [
	nameField('dataset', 'CRM leads 2026-11'),
	optionsCollection(),
]);

export function readItem(ctx: IExecuteFunctions, itemIndex: number): string {
	return readName(ctx, itemIndex, 'name', 'Name');
}

/** One new, empty dataset per item: `{ dataset_id, name }`. Add rows with Dataset → Add Rows. */
export async function runItem(rc: RequestContext, name: string, itemIndex: number) {
	const answer = await akkioRequest(rc, { method: 'POST', path: LEGACY_DATASETS_PATH, body: { name }, purpose: PURPOSES.createDataset, itemIndex });
	const created = decodeCreatedDataset(answer, name);
	return [{ dataset_id: created.id, name: created.name }];
}
