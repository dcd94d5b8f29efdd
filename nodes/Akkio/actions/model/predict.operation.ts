import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_PREDICT_BATCH_SIZE } from '../../../shared/constants';
import { decodePredictions, type Prediction } from '../../../shared/decode';
import { InvalidParameter } from '../../../shared/errors';
import { modelLocator } from '../../../shared/locators';
import { noticeField, optionsCollection } from '../../../shared/options';
import { readBoolean, readModelId, readParameter } from '../../../shared/parameters';
import type { Batching, BatchOutput, Planned } from '../../../shared/router';
import { LEGACY_MODELS_PATH } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { shapePrediction, withPrediction } from '../../helpers/predictions';
import { batchSizeOption, readBatchSize } from '../common';
import { fieldsToSendFields, readRow } from '../fieldsToSend';

export const option: INodePropertyOptions = { name: 'Predict', value: 'predict', description: 'Score the input items with a trained model', action: 'Predict with a model' };

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['model'], operation: ['predict'] } }, [
	modelLocator(),
	noticeField('predictNotice', 'Each input item is one row to score: its fields are the columns the model knows. The prediction is added to the item.'),
	...fieldsToSendFields,
	optionsCollection([
		batchSizeOption(DEFAULT_PREDICT_BATCH_SIZE, 'rows'),
		{
			displayName: 'Explain',
			name: 'explain',
			type: 'boolean',
			default: false,
			description: 'Whether to ask Akkio how much each field contributed to each prediction',
		},
		{
			displayName: 'Put Prediction In',
			name: 'predictionKey',
			type: 'string',
			default: 'prediction',
			description: 'Field of the output item that holds the prediction. Empty: merge the prediction into the item itself.',
		},
	]),
]);

interface Row {
	modelId: string;
	/** What Akkio gets for this item: its Fields to Send, flat. */
	row: IDataObject;
	explain: boolean;
	key: string;
	/** The input item, output unchanged with the prediction added. */
	input: IDataObject;
}

export function readItem(ctx: IExecuteFunctions, itemIndex: number): Row {
	const key = readParameter(ctx, itemIndex, 'options.predictionKey', 'Put Prediction In', 'prediction') ?? 'prediction';
	if (typeof key !== 'string' || key.length > 200) {
		throw new InvalidParameter('Put Prediction In', 'expected a field name', 'Enter a field name such as "prediction", or leave it empty.');
	}
	return {
		modelId: readModelId(ctx, itemIndex),
		row: readRow(ctx, itemIndex),
		explain: readBoolean(ctx, itemIndex, 'options.explain', 'Explain'),
		key: key.trim(),
		input: ctx.getInputData()[itemIndex].json,
	};
}

/** Rows of one model and one Explain setting go together; batches go concurrently, under the budget. */
export function readBatching(ctx: IExecuteFunctions): Batching<Row> {
	return {
		size: readBatchSize(ctx, DEFAULT_PREDICT_BATCH_SIZE),
		groupOf: (row) => `${row.modelId}\u0000${row.explain}`,
		sequential: false,
		failure: 'item',
	};
}

/**
 * Scores one batch of input items. Predicting changes nothing in Akkio, so a failed batch is
 * retried like a read.
 */
export async function runBatch(rc: RequestContext, batch: Array<Planned<Row>>): Promise<Prediction[]> {
	const { modelId, explain } = batch[0].plan;
	const answer = await akkioRequest(rc, {
		method: 'POST',
		path: LEGACY_MODELS_PATH,
		body: { id: modelId, data: batch.map(({ plan }) => plan.row), ...(explain ? { explain: true } : {}) },
		purpose: PURPOSES.predict,
		itemIndex: batch[0].itemIndex,
	});
	return decodePredictions(answer, batch.length);
}

/**
 * Each output item is its input item with the prediction added (the predicted value, its
 * confidence, every class's probability).
 */
export function outputOf(_group: Array<Planned<Row>>, sent: Array<{ batch: Array<Planned<Row>>; answer: Prediction[] }>): BatchOutput[] {
	return sent.flatMap(({ batch, answer }) =>
		batch.map(({ itemIndex, plan }, index) => ({ json: withPrediction(plan.input, shapePrediction(answer[index]), plan.key), from: [itemIndex] })),
	);
}
