import type { IDataObject } from 'n8n-workflow';

import type { Prediction } from '../../shared/decode';

/**
 * Akkio's legacy predictions are flat: `{"Positive Lead": "1", "Probability Positive Lead is 0":
 * 0.2, "Probability Positive Lead is 1": 0.8}`. This regroups them for a CRM update: the
 * predicted value per field, its probability as `confidence`, and every class's probability
 * under `probabilities`. Anything else Akkio sends (an explanation, fields unknown today) is
 * kept as it came. Pure.
 */
const PROBABILITY_KEY = /^Probability (.+) is (.*)$/;

export function shapePrediction(prediction: Prediction): IDataObject {
	if (!('fields' in prediction)) return { value: prediction.value as IDataObject };
	const entries = Object.entries(prediction.fields);
	const probabilities: Record<string, Record<string, number>> = {};
	const shaped: IDataObject = {};
	for (const [key, value] of entries) {
		const match = PROBABILITY_KEY.exec(key);
		if (match && typeof value === 'number') {
			const [, field, outcome] = match;
			(probabilities[field] ??= {})[outcome] = value;
		} else {
			shaped[key] = value;
		}
	}
	const fields = Object.keys(probabilities);
	if (fields.length === 0) return shaped;
	const confidence: Record<string, number> = {};
	for (const field of fields) {
		const predicted = shaped[field];
		const p = probabilities[field][String(predicted)];
		if (typeof p === 'number') confidence[field] = p;
	}
	// With one predicted field (the usual case) confidence is a number an IF node can test.
	if (fields.length === 1) {
		const only = confidence[fields[0]];
		if (only !== undefined) shaped.confidence = only;
		shaped.probabilities = probabilities[fields[0]];
	} else {
		shaped.confidence = confidence;
		shaped.probabilities = probabilities;
	}
	return shaped;
}

/** The input item with the prediction added under `key`, or merged at the top when key is empty. */
export function withPrediction(input: IDataObject, prediction: IDataObject, key: string): IDataObject {
	return key === '' ? { ...input, ...prediction } : { ...input, [key]: prediction };
}
