import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { datasetLocator } from '../../../shared/locators';
import { readDatasetId } from '../../../shared/parameters';
import type { Batching, Planned } from '../../../shared/router';
import { LEGACY_DATASETS_PATH } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { describeOperation } from '../common';
import { batchSizeOption, readBatchSize, readRow, rowFields } from '../fieldsToSend';

const BATCH_SIZE = 500;

const notice = 'Each input item becomes one row: its fields are the columns. Items without fields are skipped.';
export const { option, description } = describeOperation('dataset', 'addRows', 'Add Rows', 'Add rows to a dataset', [datasetLocator(), ...rowFields('rowsNotice', notice)], [batchSizeOption(BATCH_SIZE)]);

type Row = { datasetId: string; row: IDataObject };
type Rows = Array<Planned<Row>>;

export const readItem = (ctx: IExecuteFunctions, i: number): Row => ({ datasetId: readDatasetId(ctx, i), row: readRow(ctx, i) });

/** Items without fields (to send) are skipped. */
const isSent = ({ row }: Row) => Object.keys(row).length > 0;

/**
 * Rows go to their dataset in batches in input order, one after the other, so they keep their
 * order. Adding rows cannot be undone or safely repeated: a batch whose fate is unknown is not
 * sent again (the transport decides), and its items fail together.
 */
export const readBatching = (ctx: IExecuteFunctions): Batching<Row> =>
	({ size: readBatchSize(ctx, BATCH_SIZE), groupOf: (plan) => plan.datasetId, isSent, sequential: true, failure: 'batch' });

export async function runBatch(rc: RequestContext, batch: Rows) {
	const body = { id: batch[0].plan.datasetId, rows: batch.map(({ plan }) => plan.row) };
	await akkioRequest(rc, { method: 'POST', path: LEGACY_DATASETS_PATH, body, purpose: PURPOSES.addRows, itemIndex: batch[0].itemIndex });
}

/** One item per dataset, paired with all its rows: `{ dataset_id, rows_sent, batches, items_skipped }`. */
export function outputOf(group: Rows, sent: Array<{ batch: unknown[] }>) {
	const json = { dataset_id: group[0].plan.datasetId, rows_sent: sent.flatMap(({ batch }) => batch).length, batches: sent.length,
		items_skipped: group.filter(({ plan }) => !isSent(plan)).length };
	return [{ json, from: group.map(({ itemIndex }) => itemIndex) }];
}
