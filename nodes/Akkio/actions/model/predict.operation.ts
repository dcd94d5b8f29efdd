import type { IDataObject, IExecuteFunctions as Ctx } from 'n8n-workflow';

import { dataObject, decodePredictions, label, type Prediction } from '../../../shared/decode';
import { modelLocator } from '../../../shared/locators';
import { readBoolean, readModelId, readParameter, refuse } from '../../../shared/parameters';
import type { Planned } from '../../../shared/router';
import { LEGACY_MODELS_PATH } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { describeOperation } from '../common';
import { batchSizeOption, readBatchSize, readRow, rowFields } from '../fieldsToSend';

const BATCH_SIZE = 100;

export const { option, description } = describeOperation(
	'model',
	'predict',
	'Predict',
	'Predict with a model',
	[modelLocator(), ...rowFields('predictNotice', 'Each input item is one row to score; the prediction is added to it.')],
	[
		batchSizeOption(BATCH_SIZE),
		{ displayName: 'Explain', name: 'explain', type: 'boolean', default: false, description: 'Whether to ask Akkio how much each field contributed to each prediction' },
		{
			displayName: 'Put Prediction In', name: 'predictionKey', type: 'string', default: 'prediction',
			description: 'Output field for the prediction; empty merges it into the item',
		},
	],
);

export function readItem(ctx: Ctx, i: number) {
	const key = readParameter(ctx, i, 'options.predictionKey', 'Put Prediction In', 'prediction');
	if (typeof key !== 'string' || key.length > 200) refuse('Put Prediction In', 'expected a field name', 'Enter a field name such as "prediction", or leave it empty.');
	// The input item is output as it came, with the prediction added.
	return { modelId: readModelId(ctx, i), row: readRow(ctx, i), explain: readBoolean(ctx, i, 'options.explain', 'Explain'), key: key.trim(), input: ctx.getInputData()[i].json };
}

type Batch = Array<Planned<ReturnType<typeof readItem>>>;

/** Rows of one model and one Explain setting go together; batches go concurrently, under the budget. */
export const readBatching = (ctx: Ctx) =>
	({ size: readBatchSize(ctx, BATCH_SIZE), groupOf: ({ modelId, explain }: Batch[0]['plan']) => `${modelId}\u0000${explain}`, sequential: false, failure: 'item' as const });

/** Predicting changes nothing in Akkio, so a failed batch is retried like a read. */
export async function runBatch(rc: RequestContext, batch: Batch) {
	const { itemIndex, plan } = batch[0];
	const body = { id: plan.modelId, data: batch.map((entry) => entry.plan.row), ...(plan.explain ? { explain: true } : {}) };
	return decodePredictions(await akkioRequest(rc, { method: 'POST', path: LEGACY_MODELS_PATH, body, purpose: PURPOSES.predict, itemIndex }), batch.length);
}

export const outputOf = (_group: unknown, sent: Array<{ batch: Batch; answer: Prediction[] }>) =>
	sent.flatMap(({ batch, answer }) =>
		batch.map(({ itemIndex, plan: { input, key } }, index) => {
			const prediction = shapePrediction(answer[index]);
			return { json: key === '' ? { ...input, ...prediction } : { ...input, [key]: prediction }, from: [itemIndex] };
		}),
	);

/**
 * Akkio's legacy predictions are flat: `{"Positive Lead": "1", "Probability Positive Lead is 0":
 * 0.2, "Probability Positive Lead is 1": 0.8}`. This regroups them for a CRM update: the
 * predicted value per field, its probability as `confidence`, and every class's probability
 * under `probabilities`. Anything else Akkio sends (an explanation, fields unknown today) is
 * kept as it came. Field and class names are Akkio's: Map keys here, own properties in the item.
 */
function shapePrediction(prediction: Prediction): IDataObject {
	if (!('fields' in prediction)) return { value: prediction.value as IDataObject };
	const probabilities = new Map<string, Map<string, number>>();
	const shaped = new Map<string, unknown>();
	for (const [key, value] of prediction.fields) {
		const [, name, outcome] = /^Probability (.+) is (.*)$/.exec(key) ?? [];
		if (name !== undefined && typeof value === 'number') probabilities.set(name, (probabilities.get(name) ?? new Map()).set(outcome, value));
		else shaped.set(key, value);
	}
	// The predicted class's probability, per field (class names are texts: a missing label finds none).
	const confidence = new Map<string, unknown>();
	const classesOf = new Map<string, unknown>();
	for (const [name, classes] of probabilities) {
		// The predicted class's probability (class names are texts: a value without a label finds none).
		const predicted = classes.get(label(shaped.get(name)) as string);
		if (predicted !== undefined) confidence.set(name, predicted);
		classesOf.set(name, dataObject(classes));
	}
	// With one predicted field (the usual case) each is its value, not an object by field: confidence is then a number an IF node can test.
	const perField = (map: Map<string, unknown>) => (probabilities.size === 1 ? [...map.values()][0] : dataObject(map));
	if (probabilities.size > 1 || confidence.size) shaped.set('confidence', perField(confidence));
	if (probabilities.size) shaped.set('probabilities', perField(classesOf));
	return dataObject(shaped);
}
