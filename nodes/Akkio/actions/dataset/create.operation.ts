import type { IExecuteFunctions } from 'n8n-workflow';

import { decodeCreatedDataset } from '../../../shared/decode';
import { readName } from '../../../shared/parameters';
import { LEGACY_DATASETS_PATH } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { describeOperation, nameField } from '../common';

export const { option, description } = describeOperation('dataset', 'create', 'Create', 'Create a dataset', [nameField('dataset', 'CRM leads 2026-11')], [], 'Create an empty dataset');

export const readItem = (ctx: IExecuteFunctions, i: number) => readName(ctx, i, 'name', 'Name');

/** One new, empty dataset per item: `{ dataset_id, name }`. */
export async function runItem(rc: RequestContext, name: string, i: number) {
	const { id, name: named } = decodeCreatedDataset(await akkioRequest(rc, { method: 'POST', path: LEGACY_DATASETS_PATH, body: { name }, purpose: PURPOSES.createDataset, itemIndex: i }), name);
	return [{ dataset_id: id, name: named }];
}
