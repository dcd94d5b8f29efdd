import type { IDataObject } from 'n8n-workflow';

import { dataObject, shortId, type ClassRow, type TaskStatus, type TrainingResult } from '../../shared/decode';
import { UnexpectedAnswer } from '../../shared/errors';
import type { TaskKind } from '../../shared/polling';

/**
 * Shapes decoded training answers into items. Pure. Akkio publishes the `stats` shape only for
 * categorical targets (a list per predicted field of per-class rows); anything else is passed
 * through untouched rather than guessed at.
 */

/** Four digits, as every output mode shows Akkio's figures; null for a figure nobody measured. */
const round = (value?: number, measured = true) => (measured && value !== undefined ? Math.round(value * 10000) / 10000 : null);

/**
 * Metrics for one predicted field from its per-class rows. A figure nobody measured (no
 * support: every class counted 0) is null, never 0 or 1, so "accuracy < 0.8" does not fire on
 * a model that was not measured; a class without support has null precision, recall and F1.
 */
function metricsForField(rows: ClassRow[]) {
	const sum = (of: (row: ClassRow) => number) => rows.reduce((total, row) => total + of(row), 0);
	const support = sum((row) => row.count);
	const measured = (value: number) => round(value, support > 0);
	return {
		field: rows[0].fieldName ?? '',
		field_type: rows[0].fieldType ?? 'category',
		accuracy: measured(sum((row) => row.truePositives) / support),
		macro_f1: measured(sum((row) => row.f1) / rows.length),
		weighted_f1: measured(sum((row) => row.f1 * row.count) / support),
		support,
		classes: rows.map(({ className, count, precision, recall, f1 }) =>
			({ class: className, count, precision: round(precision, count > 0), recall: round(recall, count > 0), f1: round(f1, count > 0) })),
	};
}

/**
 * Field importance, highest first, without the predicted fields (as submitted when known, else
 * as named in the stats): Akkio lists them too, at about 0, and a target explaining itself is
 * noise in a report.
 */
function importance(result: TrainingResult, predict?: string[]) {
	const predicted = predict?.length ? predict : result.statsFieldNames;
	const ranked = result.fieldImportance.filter(({ field }) => !predicted.includes(field)).sort((a, b) => b.importance - a.importance);
	return { predicted, ranked: ranked.map(({ field, importance }) => ({ field, importance: round(importance) })) };
}

/**
 * One item per training: what a flow branches on. `accuracy`, `macro_f1` and `weighted_f1` at
 * the top are the lowest measured over the predicted fields (null when none was measured), so
 * "alert when macro F1 < 0.8" is a single IF condition whatever the number of fields.
 */
export function summarizeResult(taskId: string, result: TrainingResult, predict?: string[]) {
	const { predicted, ranked } = importance(result, predict);
	const summary: IDataObject = { task_id: taskId, model_id: result.modelId, status: 'SUCCEEDED', predict_fields: predicted };
	const groups = result.classRows;
	if (groups.length && groups.every(Boolean)) {
		const known = (groups as ClassRow[][]).map(metricsForField);
		for (const key of ['accuracy', 'macro_f1', 'weighted_f1'] as const) {
			const measured = known.flatMap((metrics) => metrics[key] ?? []);
			summary[key] = measured.length ? Math.min(...measured) : null;
		}
		summary.metrics = known;
	} else if (result.statsAsSent !== undefined) {
		// Numeric targets and future shapes: handed on exactly as Akkio sent them.
		summary.stats = result.statsAsSent as IDataObject;
	}
	// The data story as a few readable lines, one per outcome, with its three strongest causes.
	const story = result.dataStory.map(({ target, outcome, averageCase, causes }) => {
		const strongest = causes.slice(0, 3).map((cause) => `${cause.field} is ${cause.topValue} (rather than ${cause.bottomValue})`);
		const average = averageCase === undefined ? '' : ` (average likelihood ${Math.round(averageCase * 100)}%)`;
		return `${target} = ${outcome}${average}: ${strongest.length ? `most likely when ${strongest.join(', ')}` : 'no causes given'}.`;
	});
	return { ...summary, field_importance: ranked, top_fields: ranked.slice(0, 3).map(({ field }) => field), data_story: story.join('\n') };
}

/** One flat row per stats entry, keys in snake_case, ready for a spreadsheet. */
export function perClassRows(taskId: string, result: TrainingResult) {
	return result.statsEntries.map((entry) => {
		const row = new Map<string, unknown>([['task_id', taskId], ['model_id', result.modelId]]);
		if (!('fields' in entry)) return dataObject([...row, ['value', entry.value]]);
		const { fields } = entry;
		for (const [key, value] of fields) {
			row.set(key.trim().replace(/[^A-Za-z0-9]+/g, '_').toLowerCase(), key !== 'class_name' && typeof value === 'number' ? round(value) : value);
		}
		// A class nobody measured (count 0) has no precision, recall or F1, as in the Summary.
		if (fields.get('count') === 0) for (const key of ['precision', 'recall', 'f1']) if (row.has(key)) row.set(key, null);
		// `field` is a column's name in every output mode; Akkio's column index stays as field_index.
		const name = fields.get('field_name');
		if (typeof name === 'string') {
			if (row.has('field')) row.set('field_index', row.get('field'));
			row.set('field', name);
		}
		// Akkio's keys (`__proto__` included) become own properties, never prototype writes.
		return dataObject(row);
	});
}

export const fieldImportanceRows = (taskId: string, result: TrainingResult, predict?: string[]) =>
	importance(result, predict).ranked.map((entry, index) => ({ task_id: taskId, model_id: result.modelId, rank: index + 1, ...entry }));

/**
 * The items of a finished training in the chosen Output mode. A result without a model (or,
 * for Per-Class Rows, without statistics) is an error, never a success with model_id null;
 * Raw still shows what Akkio sent. A `location` that was not followed is said on every item.
 */
export function resultItems(mode: string, taskId: string, result: TrainingResult, predict?: string[]) {
	if (mode === 'raw') return [result.asSent];
	const task = `Akkio's result for training ${shortId(taskId)}`;
	if (result.modelId === null) throw new UnexpectedAnswer(`${task} names no model`, 'Check the dataset in the Akkio app, or train again.');
	if (mode === 'perClassRows' && !result.statsEntries.length) throw new UnexpectedAnswer(`${task} has no per-class statistics`, 'Choose the Summary or Raw output to see what Akkio sent.');
	const items = mode === 'summary' ? [summarizeResult(taskId, result, predict)] : mode === 'perClassRows' ? perClassRows(taskId, result) : fieldImportanceRows(taskId, result, predict);
	return items.map((item) => (result.notice ? { ...item, notice: result.notice } : item));
}

/** The item Get Status emits: flat, so an IF node can test `done` or `status` directly. */
export function toStatusItem(kind: TaskKind<unknown>, taskId: string, { status, metadataType, done, state }: TaskStatus) {
	// Akkio's metadata type only where it disagrees with the status (a SUCCEEDED beside a FAILED).
	const item: IDataObject = { task_id: taskId, status, ...(metadataType && metadataType !== status ? { metadata_type: metadataType } : {}), done };
	if (state.kind === 'running' && state.estimateSeconds !== undefined) item.estimate_seconds = state.estimateSeconds;
	if (state.kind === 'succeeded' && state.location) item.location = state.location;
	if (state.kind === 'failed' || state.kind === 'timedOut') {
		// Akkio's own words stand alone; the node's own explanation says what to do next.
		const { text, advice } = kind.endedText(state);
		item.error = state.kind === 'failed' && state.error ? text : `${text} ${advice}`;
	}
	return item;
}
