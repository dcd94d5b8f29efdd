import { UnexpectedAnswer } from '../errors';
import { asRecord, fieldsOrValue, type FieldsOrValue } from './json';

/**
 * Akkio's answer to a prediction request: one flat record per row asked about, in order (or a
 * bare value where Akkio sent one). A record's keys are Akkio's (field and class names), so they
 * are kept in a Map. Pure.
 */
export type Prediction = FieldsOrValue;

export function decodePredictions(answer: unknown, rowCount: number): Prediction[] {
	const predictions = asRecord(answer).predictions;
	if (!Array.isArray(predictions) || predictions.length !== rowCount) {
		throw new UnexpectedAnswer(
			`Akkio answered ${Array.isArray(predictions) ? predictions.length : 'no'} predictions for ${rowCount} rows`,
			'The answer could not be matched to the input items, so none of this batch was used.',
		);
	}
	return predictions.map(fieldsOrValue);
}
