import type { IDataObject } from 'n8n-workflow';

import { dataObject, label, type Prediction } from '../../shared/decode';

/**
 * Akkio's legacy predictions are flat: `{"Positive Lead": "1", "Probability Positive Lead is 0":
 * 0.2, "Probability Positive Lead is 1": 0.8}`. This regroups them for a CRM update: the
 * predicted value per field, its probability as `confidence`, and every class's probability
 * under `probabilities`. Anything else Akkio sends (an explanation, fields unknown today) is
 * kept as it came. Pure.
 */
const PROBABILITY_KEY = /^Probability (.+) is (.*)$/;

/** Field and class names are Akkio's: they are Map keys here and own properties in the item. */
export function shapePrediction(prediction: Prediction): IDataObject {
	if (!('fields' in prediction)) return { value: prediction.value as IDataObject };
	const probabilities = new Map<string, Map<string, number>>();
	const shaped = new Map<string, unknown>();
	for (const [key, value] of prediction.fields) {
		const match = PROBABILITY_KEY.exec(key);
		if (match && typeof value === 'number') {
			const [, field, outcome] = match;
			const classes = probabilities.get(field) ?? new Map<string, number>();
			probabilities.set(field, classes.set(outcome, value));
		} else {
			shaped.set(key, value);
		}
	}
	if (probabilities.size === 0) return dataObject(shaped);
	const confidence = new Map<string, number>();
	for (const [field, classes] of probabilities) {
		const predicted = label(shaped.get(field));
		const p = predicted === undefined ? undefined : classes.get(predicted);
		if (p !== undefined) confidence.set(field, p);
	}
	const [[onlyField, onlyClasses]] = probabilities;
	// With one predicted field (the usual case) confidence is a number an IF node can test.
	if (probabilities.size === 1) {
		const only = confidence.get(onlyField);
		if (only !== undefined) shaped.set('confidence', only);
		shaped.set('probabilities', dataObject(onlyClasses));
	} else {
		shaped.set('confidence', dataObject(confidence));
		shaped.set('probabilities', dataObject([...probabilities].map(([field, classes]) => [field, dataObject(classes)])));
	}
	return dataObject(shaped);
}

/** The input item with the prediction added under `key`, or merged at the top when key is empty. */
export function withPrediction(input: IDataObject, prediction: IDataObject, key: string): IDataObject {
	return key === '' ? { ...input, ...prediction } : { ...input, [key]: prediction };
}
