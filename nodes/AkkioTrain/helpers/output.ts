import type { IDataObject } from 'n8n-workflow';

import { dataObject, shortId, type ClassRow, type DataStoryOutcome, type TaskStatus, type TrainingResult } from '../../shared/decode';
import { UnexpectedAnswer } from '../../shared/errors';
import type { TaskKind } from '../../shared/polling';

/**
 * Shapes decoded training answers into items. Pure. Akkio publishes the `stats` shape only for
 * categorical targets (a list per predicted field of per-class rows); anything else is passed
 * through untouched rather than guessed at.
 */

export const OUTPUT_MODES = ['summary', 'raw', 'perClassRows', 'fieldImportanceRows'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

export interface FieldMetrics extends IDataObject {
	field: string;
	field_type: string;
	accuracy: number | null;
	macro_f1: number | null;
	weighted_f1: number | null;
	support: number;
	classes: IDataObject[];
}

/** Four digits, as every output mode shows Akkio's figures; anything but a number as it is. */
export function round<T>(value: T): T | number {
	return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 10000) / 10000 : value;
}

/**
 * Metrics for one predicted field from its per-class rows. A figure nobody measured (no
 * support: every class counted 0) is null, never 0 or 1, so "accuracy < 0.8" does not fire on
 * a model that was not measured; a class without support has null precision, recall and F1.
 */
export function metricsForField(rows: ClassRow[]): FieldMetrics {
	const support = rows.reduce((sum, row) => sum + row.count, 0);
	const truePositives = rows.reduce((sum, row) => sum + row.truePositives, 0);
	const measured = support > 0;
	return {
		field: rows[0].fieldName ?? '',
		field_type: rows[0].fieldType ?? 'category',
		accuracy: measured ? round(truePositives / support) : null,
		macro_f1: measured ? round(rows.reduce((sum, row) => sum + row.f1, 0) / rows.length) : null,
		weighted_f1: measured ? round(rows.reduce((sum, row) => sum + row.f1 * row.count, 0) / support) : null,
		support,
		classes: rows.map((row) => ({
			class: row.className,
			count: row.count,
			precision: row.count > 0 ? round(row.precision ?? null) : null,
			recall: row.count > 0 ? round(row.recall ?? null) : null,
			f1: row.count > 0 ? round(row.f1) : null,
		})),
	};
}

/** The lowest of the measured figures; null when none was measured. */
function lowest(values: Array<number | null>): number | null {
	const measured = values.filter((value): value is number => value !== null);
	return measured.length ? Math.min(...measured) : null;
}

/**
 * Field importance, highest first. The predicted fields are left out: Akkio lists them too, with
 * an importance of about 0, and a target explaining itself is noise in a report.
 */
export function sortedFieldImportance(result: TrainingResult, predicted: string[] = []): Array<{ field: string; importance: number }> {
	return result.fieldImportance
		.filter((entry) => !predicted.includes(entry.field))
		.sort((a, b) => b.importance - a.importance)
		.map(({ field, importance }) => ({ field, importance: round(importance) }));
}

/** The data story as a few readable lines, one per outcome, with its three strongest causes. */
export function dataStoryText(story: DataStoryOutcome[]): string {
	return story
		.map(({ target, outcome, averageCase, causes }) => {
			const strongest = causes.slice(0, 3).map((cause) => `${cause.field} is ${cause.topValue} (rather than ${cause.bottomValue})`);
			const average = averageCase !== undefined ? ` (average likelihood ${Math.round(averageCase * 100)}%)` : '';
			return `${target} = ${outcome}${average}: ${strongest.length ? `most likely when ${strongest.join(', ')}` : 'no causes given'}.`;
		})
		.join('\n');
}

/** The fields a result is about: as submitted when known, else as named in its stats. */
function predictedFields(result: TrainingResult, predictFields?: string[]): string[] {
	return predictFields?.length ? predictFields : result.statsFieldNames;
}

/**
 * One item per training: what a flow branches on. `accuracy`, `macro_f1` and `weighted_f1` at
 * the top are the lowest over the predicted fields (with one field, simply its figures), so
 * "alert when macro F1 < 0.8" is a single IF condition whatever the number of fields.
 */
export function summarizeResult(taskId: string, result: TrainingResult, predictFields?: string[]): IDataObject {
	const known = result.classRows.filter((rows): rows is ClassRow[] => rows !== undefined).map(metricsForField);
	const statsUnderstood = result.classRows.length > 0 && known.length === result.classRows.length;
	const fields = predictedFields(result, predictFields);
	const importance = sortedFieldImportance(result, fields);

	const summary: IDataObject = {
		task_id: taskId,
		model_id: result.modelId,
		status: 'SUCCEEDED',
		predict_fields: fields,
	};
	if (statsUnderstood) {
		summary.accuracy = lowest(known.map((m) => m.accuracy));
		summary.macro_f1 = lowest(known.map((m) => m.macro_f1));
		summary.weighted_f1 = lowest(known.map((m) => m.weighted_f1));
		summary.metrics = known;
	} else if (result.statsAsSent !== undefined) {
		// Numeric targets and future shapes: handed on exactly as Akkio sent them.
		summary.stats = result.statsAsSent as IDataObject;
	}
	summary.field_importance = importance;
	summary.top_fields = importance.slice(0, 3).map((entry) => entry.field);
	summary.data_story = dataStoryText(result.dataStory);
	return summary;
}

function snakeCase(key: string): string {
	return key.trim().replace(/[^A-Za-z0-9]+/g, '_').toLowerCase();
}

/** One flat row per stats entry, keys in snake_case, ready for a spreadsheet. */
export function perClassRows(taskId: string, result: TrainingResult): IDataObject[] {
	return result.statsEntries.map((entry) => {
		const row = new Map<string, unknown>([
			['task_id', taskId],
			['model_id', result.modelId],
		]);
		if ('fields' in entry) {
			for (const [key, value] of entry.fields) row.set(snakeCase(key), key === 'class_name' ? value : round(value));
			// A class nobody measured (count 0) has no precision, recall or F1, as in the Summary.
			if (entry.fields.get('count') === 0) for (const key of ['precision', 'recall', 'f1']) if (row.has(key)) row.set(key, null);
			// `field` is a column's name in every output mode; Akkio's column index stays as field_index.
			const name = entry.fields.get('field_name');
			if (typeof name === 'string' && row.has('field')) row.set('field_index', row.get('field'));
			if (typeof name === 'string') row.set('field', name);
		} else {
			row.set('value', entry.value);
		}
		// Akkio's keys (`__proto__` included) become own properties, never prototype writes.
		return dataObject(row);
	});
}

export function fieldImportanceRows(taskId: string, result: TrainingResult, predictFields?: string[]): IDataObject[] {
	return sortedFieldImportance(result, predictedFields(result, predictFields)).map((entry, index) => ({
		task_id: taskId,
		model_id: result.modelId,
		rank: index + 1,
		field: entry.field,
		importance: entry.importance,
	}));
}

/**
 * The items of a finished training in the chosen Output mode. A result without a model (or,
 * for Per-Class Rows, without statistics) is an error, never a success with model_id null;
 * Raw still shows what Akkio sent. A `location` that was not followed is said on every item.
 */
export function resultItems(mode: OutputMode, taskId: string, result: TrainingResult, predictFields?: string[]): IDataObject[] {
	const task = shortId(taskId);
	if (result.modelId === null && mode !== 'raw') {
		throw new UnexpectedAnswer(
			`Akkio's result for training ${task} names no model`,
			'The training ended, but its result has no model_id, so there is no model to predict with. Open the dataset in the Akkio app to check its models, or train again.',
		);
	}
	if (mode === 'perClassRows' && result.statsEntries.length === 0) {
		throw new UnexpectedAnswer(`Akkio's result for training ${task} has no per-class statistics`, 'Choose the Summary or Raw output to see what Akkio sent.');
	}
	const items = itemsOf(mode, taskId, result, predictFields);
	return result.notice && mode !== 'raw' ? items.map((item) => ({ ...item, notice: result.notice })) : items;
}

function itemsOf(mode: OutputMode, taskId: string, result: TrainingResult, predictFields?: string[]): IDataObject[] {
	switch (mode) {
		case 'raw':
			return [result.asSent];
		case 'perClassRows':
			return perClassRows(taskId, result);
		case 'fieldImportanceRows':
			return fieldImportanceRows(taskId, result, predictFields);
		default:
			return [summarizeResult(taskId, result, predictFields)];
	}
}

/** The item `Get Status` emits: flat, so an IF node can test `done` or `status` directly. */
export function toStatusItem<Result>(kind: TaskKind<Result>, taskId: string, { status, metadataType, done, state }: TaskStatus): IDataObject {
	// Akkio's metadata type only where it disagrees with the status (a SUCCEEDED beside a FAILED).
	const item: IDataObject = { task_id: taskId, status, ...(metadataType && metadataType !== status ? { metadata_type: metadataType } : {}), done };
	if (state.kind === 'running' && state.estimateSeconds !== undefined) item.estimate_seconds = state.estimateSeconds;
	if (state.kind === 'succeeded' && state.location) item.location = state.location;
	if (state.kind === 'failed' || state.kind === 'timedOut') item.error = kind.endedText(state).text;
	return item;
}
