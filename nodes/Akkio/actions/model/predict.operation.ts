import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { DEFAULT_PREDICT_BATCH_SIZE, LEGACY_MODELS_PATH } from '../../../shared/constants';
import { InvalidParameter, validateBoolean, validateModelId } from '../../../shared/helpers/validation';
import { asNodeError, collectOutput, isPlanned, planItems, readParameter, type ItemOutcome } from '../../../shared/items';
import { modelLocator } from '../../../shared/locators';
import { openSession, optionsCollection } from '../../../shared/options';
import { akkioRequest } from '../../../shared/transport';
import { batches, groupBy } from '../../helpers/batches';
import { shapePrediction, withPrediction } from '../../helpers/predictions';
import { batchSizeOption, readBatchSize } from '../common';
import { fieldsToSendFields, readFieldSelection, rowOf } from '../fieldsToSend';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['model'], operation: ['predict'] } }, [
	modelLocator(),
	{
		displayName: 'Each input item is one row to score: its fields are the columns the model knows. The prediction is added to the item.',
		name: 'predictNotice',
		type: 'notice',
		default: '',
	},
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
	itemIndex: number;
	/** What Akkio gets for this item (the item itself is output unchanged). */
	row: IDataObject;
	modelId: string;
	explain: boolean;
	key: string;
}

function readRow(ctx: IExecuteFunctions, itemIndex: number, json: IDataObject): Row {
	const key = readParameter(ctx, 'options.predictionKey', 'Put Prediction In', itemIndex, 'prediction') ?? 'prediction';
	if (typeof key !== 'string' || key.length > 200) {
		throw new InvalidParameter('Put Prediction In', 'expected a field name', 'Enter a field name such as "prediction", or leave it empty.');
	}
	return {
		itemIndex,
		modelId: validateModelId(readParameter(ctx, 'modelId', 'Model', itemIndex)),
		row: rowOf(json, readFieldSelection(ctx, itemIndex)),
		explain: validateBoolean('Explain', readParameter(ctx, 'options.explain', 'Explain', itemIndex, false) ?? false),
		key: key.trim(),
	};
}

/**
 * Scores the input items with a trained model, in batches. Each output item is its input item
 * with the prediction added (the predicted value, its confidence, every class's probability).
 * Predicting changes nothing in Akkio, so failed batches are retried like reads.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = planItems(this, items.length, (i) => readRow(this, i, items[i].json));
	const batchSize = readBatchSize(this, DEFAULT_PREDICT_BATCH_SIZE);
	const session = await openSession(this);

	const outcomes: ItemOutcome[] = plans.filter((plan) => !isPlanned(plan)) as ItemOutcome[];
	const rows = plans.filter(isPlanned).map((plan) => plan.value);
	const groups = groupBy(rows, (row) => `${row.modelId}\u0000${row.explain}`);
	for (const { entries } of groups) {
		for (const batch of batches(entries, batchSize)) {
			const { modelId, explain } = batch[0];
			try {
				const answer = (await akkioRequest(this, session, {
					method: 'POST',
					path: LEGACY_MODELS_PATH,
					body: { id: modelId, data: batch.map((entry) => entry.row), ...(explain ? { explain: true } : {}) },
					purpose: 'predict',
					itemIndex: batch[0].itemIndex,
				})) as IDataObject;
				const predictions = Array.isArray(answer?.predictions) ? answer.predictions : undefined;
				if (!predictions || predictions.length !== batch.length) {
					throw new NodeApiError(this.getNode(), { message: 'unexpected predictions' }, {
						message: `Akkio answered ${predictions ? predictions.length : 'no'} predictions for ${batch.length} rows`,
						description: 'The answer could not be matched to the input items, so none of this batch was used.',
						itemIndex: batch[0].itemIndex,
					});
				}
				batch.forEach((row, index) => {
					const prediction = shapePrediction(predictions[index]);
					outcomes.push({ itemIndex: row.itemIndex, json: [withPrediction(items[row.itemIndex].json, prediction, row.key)] });
				});
			} catch (error) {
				for (const row of batch) outcomes.push({ itemIndex: row.itemIndex, error: asNodeError(this, error, row.itemIndex) });
			}
		}
	}
	return collectOutput(this, outcomes);
}
