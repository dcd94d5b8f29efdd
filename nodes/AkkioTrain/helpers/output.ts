import type { IDataObject } from 'n8n-workflow';

/**
 * Shapes a training result into items. Pure. Akkio publishes the `stats` shape only for
 * categorical targets (a list per predicted field of per-class rows); anything else is passed
 * through untouched rather than guessed at.
 */

export const OUTPUT_MODES = ['summary', 'raw', 'perClassRows', 'fieldImportanceRows'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

interface ClassRow extends IDataObject {
	field_name: string;
	class_name: string;
	count: number;
	f1: number;
}

export interface FieldMetrics extends IDataObject {
	field: string;
	field_type: string;
	accuracy: number;
	macro_f1: number;
	weighted_f1: number;
	support: number;
	classes: IDataObject[];
}

function isRecord(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function round(value: number): number {
	return Math.round(value * 10000) / 10000;
}

function isClassRow(value: unknown): value is ClassRow {
	return (
		isRecord(value) &&
		num(value.count) !== undefined &&
		num(value.f1) !== undefined &&
		num(value['true positives']) !== undefined &&
		(typeof value.class_name === 'string' || typeof value.class_name === 'number')
	);
}

/** Metrics for one predicted field from its per-class rows, or undefined if the shape is unknown. */
export function metricsForField(rows: unknown): FieldMetrics | undefined {
	if (!Array.isArray(rows) || rows.length === 0 || !rows.every(isClassRow)) return undefined;
	const support = rows.reduce((sum, row) => sum + row.count, 0);
	const truePositives = rows.reduce((sum, row) => sum + (num(row['true positives']) ?? 0), 0);
	const macro = rows.reduce((sum, row) => sum + row.f1, 0) / rows.length;
	const weighted = support > 0 ? rows.reduce((sum, row) => sum + row.f1 * row.count, 0) / support : 0;
	return {
		field: String(rows[0].field_name ?? rows[0].field ?? ''),
		field_type: String(rows[0].field_type ?? 'category'),
		accuracy: support > 0 ? round(truePositives / support) : 0,
		macro_f1: round(macro),
		weighted_f1: round(weighted),
		support,
		classes: rows.map((row) => ({
			class: String(row.class_name),
			count: row.count,
			precision: num(row.precision) ?? null,
			recall: num(row.recall) ?? null,
			f1: row.f1,
		})),
	};
}

/**
 * Field importance, highest first. The predicted fields are left out: Akkio lists them too, with
 * an importance of about 0, and a target explaining itself is noise in a report.
 */
export function sortedFieldImportance(
	importance: unknown,
	predicted: string[] = [],
): Array<{ field: string; importance: number }> {
	if (!isRecord(importance)) return [];
	return Object.entries(importance)
		.filter((entry): entry is [string, number] => num(entry[1]) !== undefined && !predicted.includes(entry[0]))
		.map(([field, value]) => ({ field, importance: value }))
		.sort((a, b) => b.importance - a.importance);
}

/** The data story as a few readable lines, one per outcome, with its three strongest causes. */
export function dataStoryText(story: unknown): string {
	if (!Array.isArray(story)) return '';
	const lines: string[] = [];
	for (const target of story) {
		if (!isRecord(target) || !Array.isArray(target.outcomes)) continue;
		for (const outcome of target.outcomes) {
			if (!isRecord(outcome)) continue;
			const causes = (Array.isArray(outcome.causes) ? outcome.causes : [])
				.filter(isRecord)
				.slice(0, 3)
				.map((cause) => `${String(cause.field)} is ${String(cause.top_value)} (rather than ${String(cause.bottom_value)})`);
			const likelihood = num(outcome.avg_case);
			const average = likelihood !== undefined ? ` (average likelihood ${Math.round(likelihood * 100)}%)` : '';
			lines.push(
				`${String(target.name)} = ${String(outcome.outcome)}${average}: ${causes.length ? `most likely when ${causes.join(', ')}` : 'no causes given'}.`,
			);
		}
	}
	return lines.join('\n');
}

/**
 * One item per training: what a flow branches on. `accuracy`, `macro_f1` and `weighted_f1` at
 * the top are the lowest over the predicted fields (with one field, simply its figures), so
 * "alert when macro F1 < 0.8" is a single IF condition whatever the number of fields.
 */
/** The fields a result is about: as submitted when known, else as named in its stats. */
function predictedFields(result: IDataObject, predictFields?: string[]): string[] {
	if (predictFields?.length) return predictFields;
	const names = (Array.isArray(result.stats) ? result.stats : [])
		.flatMap((group) => (Array.isArray(group) ? group : [group]))
		.map((entry) => (isRecord(entry) ? entry.field_name : undefined))
		.filter((name): name is string => typeof name === 'string');
	return [...new Set(names)];
}

export function summarizeResult(taskId: string, result: unknown, predictFields?: string[]): IDataObject {
	const record = isRecord(result) ? result : {};
	const stats = record.stats;
	const perField = Array.isArray(stats) ? stats.map(metricsForField) : [];
	const known = perField.filter((m): m is FieldMetrics => m !== undefined);
	const statsUnderstood = Array.isArray(stats) && stats.length > 0 && known.length === stats.length;
	const fields = predictedFields(record, predictFields);
	const importance = sortedFieldImportance(record.field_importance, fields);

	const summary: IDataObject = {
		task_id: taskId,
		model_id: typeof record.model_id === 'string' ? record.model_id : null,
		status: 'SUCCEEDED',
		predict_fields: fields,
	};
	if (statsUnderstood) {
		summary.accuracy = Math.min(...known.map((m) => m.accuracy));
		summary.macro_f1 = Math.min(...known.map((m) => m.macro_f1));
		summary.weighted_f1 = Math.min(...known.map((m) => m.weighted_f1));
		summary.metrics = known;
	} else if (stats !== undefined) {
		// Numeric targets and future shapes: handed on exactly as Akkio sent them.
		summary.stats = stats as IDataObject;
	}
	summary.field_importance = importance;
	summary.top_fields = importance.slice(0, 3).map((entry) => entry.field);
	summary.data_story = dataStoryText(record.data_story);
	return summary;
}

function snakeCase(key: string): string {
	return key.trim().replace(/[^A-Za-z0-9]+/g, '_').toLowerCase();
}

/** One flat row per stats entry, keys in snake_case, ready for a spreadsheet. */
export function perClassRows(taskId: string, result: unknown): IDataObject[] {
	const record = isRecord(result) ? result : {};
	const stats = Array.isArray(record.stats) ? record.stats : [];
	const modelId = typeof record.model_id === 'string' ? record.model_id : null;
	const entries = stats.flatMap((group) => (Array.isArray(group) ? group : [group]));
	return entries.map((entry) => {
		const row: IDataObject = { task_id: taskId, model_id: modelId };
		if (isRecord(entry)) {
			for (const [key, value] of Object.entries(entry)) row[snakeCase(key)] = value;
		} else {
			row.value = entry as IDataObject;
		}
		return row;
	});
}

export function fieldImportanceRows(taskId: string, result: unknown, predictFields?: string[]): IDataObject[] {
	const record = isRecord(result) ? result : {};
	const modelId = typeof record.model_id === 'string' ? record.model_id : null;
	return sortedFieldImportance(record.field_importance, predictedFields(record, predictFields)).map((entry, index) => ({
		task_id: taskId,
		model_id: modelId,
		rank: index + 1,
		field: entry.field,
		importance: entry.importance,
	}));
}

/** The items a finished training becomes, in the chosen output mode. */
export function resultItems(mode: OutputMode, taskId: string, result: unknown, predictFields?: string[]): IDataObject[] {
	switch (mode) {
		case 'raw':
			return [isRecord(result) ? result : { result: result as IDataObject }];
		case 'perClassRows':
			return perClassRows(taskId, result);
		case 'fieldImportanceRows':
			return fieldImportanceRows(taskId, result, predictFields);
		default:
			return [summarizeResult(taskId, result, predictFields)];
	}
}
