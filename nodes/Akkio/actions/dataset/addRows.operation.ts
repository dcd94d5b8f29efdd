import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_ROWS_BATCH_SIZE } from '../../../shared/constants';
import { datasetLocator } from '../../../shared/locators';
import { noticeField, optionsCollection } from '../../../shared/options';
import { readDatasetId } from '../../../shared/parameters';
import type { Batching, BatchOutput, Planned } from '../../../shared/router';
import { LEGACY_DATASETS_PATH } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { batchSizeOption, readBatchSize } from '../common';
import { fieldsToSendFields, readRow } from '../fieldsToSend';

export const option: INodePropertyOptions = { name: 'Add Rows', value: 'addRows', description: 'Add the input items to a dataset as rows', action: 'Add rows to a dataset' };

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['dataset'], operation: ['addRows'] } }, [
	datasetLocator(),
	noticeField('rowsNotice', 'Each input item becomes one row: its fields are the columns. Items without fields are skipped.'),
	...fieldsToSendFields,
	optionsCollection([batchSizeOption(DEFAULT_ROWS_BATCH_SIZE, 'rows')]),
]);

interface Row {
	datasetId: string;
	row: IDataObject;
}

export function readItem(ctx: IExecuteFunctions, itemIndex: number): Row {
	// Flat rows only: a nested value fails its item here, before any request.
	return { datasetId: readDatasetId(ctx, itemIndex), row: readRow(ctx, itemIndex) };
}

/**
 * The input items become rows of their dataset, sent in batches in input order, one batch after
 * the other, so rows keep their order. Adding rows cannot be undone or safely repeated: a batch
 * whose fate is unknown is not sent again (the transport decides), and its items fail together.
 */
export function readBatching(ctx: IExecuteFunctions): Batching<Row> {
	return {
		size: readBatchSize(ctx, DEFAULT_ROWS_BATCH_SIZE),
		groupOf: (row) => row.datasetId,
		// Items without fields (to send) are skipped.
		isSent: (row) => Object.keys(row.row).length > 0,
		sequential: true,
		failure: 'batch',
	};
}

export async function runBatch(rc: RequestContext, batch: Array<Planned<Row>>): Promise<number> {
	await akkioRequest(rc, {
		method: 'POST',
		path: LEGACY_DATASETS_PATH,
		body: { id: batch[0].plan.datasetId, rows: batch.map(({ plan }) => plan.row) },
		purpose: PURPOSES.addRows,
		itemIndex: batch[0].itemIndex,
	});
	return batch.length;
}

/** One item per dataset, paired with all its rows: `{ dataset_id, rows_sent, batches, items_skipped }`. */
export function outputOf(group: Array<Planned<Row>>, sent: Array<{ batch: Array<Planned<Row>>; answer: number }>): BatchOutput[] {
	const skipped = group.filter(({ plan }) => Object.keys(plan.row).length === 0).length;
	return [
		{
			json: {
				dataset_id: group[0].plan.datasetId,
				rows_sent: sent.reduce((sum, { answer }) => sum + answer, 0),
				batches: sent.length,
				items_skipped: skipped,
			},
			from: group.map(({ itemIndex }) => itemIndex),
		},
	];
}
