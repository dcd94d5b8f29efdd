import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { DEFAULT_ROWS_BATCH_SIZE, LEGACY_DATASETS_PATH } from '../../../shared/constants';
import { validateDatasetId } from '../../../shared/helpers/validation';
import { asNodeError, isPlanned, planItems, readParameter } from '../../../shared/items';
import { datasetLocator } from '../../../shared/locators';
import { openSession, optionsCollection } from '../../../shared/options';
import { akkioRequest } from '../../../shared/transport';
import { batches, groupBy } from '../../helpers/batches';
import { batchSizeOption, readBatchSize } from '../common';
import { fieldsToSendFields, readFieldSelection, rowOf } from '../fieldsToSend';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['dataset'], operation: ['addRows'] } }, [
	datasetLocator(),
	{
		displayName: 'Each input item becomes one row: its fields are the columns. Items without fields are skipped.',
		name: 'rowsNotice',
		type: 'notice',
		default: '',
	},
	...fieldsToSendFields,
	optionsCollection([batchSizeOption(DEFAULT_ROWS_BATCH_SIZE, 'rows')]),
]);

interface Row {
	itemIndex: number;
	datasetId: string;
	row: IDataObject;
}

/**
 * The input items become rows of the dataset, sent in batches (in input order, one batch after
 * the other, so rows keep their order). Output: one item per dataset, paired with all its rows:
 * `{ dataset_id, rows_sent, batches }`. Adding rows cannot be undone or safely repeated: a
 * batch whose fate is unknown is not sent again, and its items fail with the reason.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i): Row => ({
		itemIndex: i,
		datasetId: validateDatasetId(readParameter(this, 'datasetId', 'Dataset', i)),
		// Flat rows only: a nested value fails its item here, before any request.
		row: rowOf(items[i].json, readFieldSelection(this, i)),
	}));
	const batchSize = readBatchSize(this, DEFAULT_ROWS_BATCH_SIZE);
	const session = await openSession(this);

	const output: INodeExecutionData[] = plans
		.filter((plan) => !isPlanned(plan))
		.map((plan) => errorItem('error' in plan ? plan.error : undefined, [plan.itemIndex]));
	const rows = plans.filter(isPlanned).map((plan) => plan.value);
	for (const { key: datasetId, entries } of groupBy(rows, (row) => row.datasetId)) {
		const withFields = entries.filter((entry) => Object.keys(entry.row).length > 0);
		let sent = 0;
		let sentBatches = 0;
		for (const batch of batches(withFields, batchSize)) {
			try {
				await akkioRequest(this, session, {
					method: 'POST',
					path: LEGACY_DATASETS_PATH,
					body: { id: datasetId, rows: batch.map((entry) => entry.row) },
					purpose: 'addRows',
					itemIndex: batch[0].itemIndex,
				});
				sent += batch.length;
				sentBatches += 1;
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(this, error, batch[0].itemIndex);
				output.push(errorItem(asNodeError(this, error, batch[0].itemIndex), batch.map((entry) => entry.itemIndex)));
			}
		}
		output.push({
			json: { dataset_id: datasetId, rows_sent: sent, batches: sentBatches, items_skipped: entries.length - withFields.length },
			pairedItem: entries.map((entry) => ({ item: entry.itemIndex })),
		});
	}
	return output;
}

function errorItem(error: Error | undefined, itemIndexes: number[]): INodeExecutionData {
	const description = (error as { description?: unknown } | undefined)?.description;
	return {
		json: {
			error: error?.message ?? 'Unknown error',
			...(typeof description === 'string' && description ? { details: description } : {}),
		},
		pairedItem: itemIndexes.map((item) => ({ item })),
	};
}
