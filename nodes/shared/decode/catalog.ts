import type { IDataObject } from 'n8n-workflow';

import { asRecord, identifier, records } from './json';

/**
 * Akkio's answers about datasets and models (legacy `/v1/datasets`, `/v1/models`) as the
 * node's own values, as the Datasets and Models pages show them (test/simulator/CONTRACT.md).
 * Read defensively: every field may be missing or of another type. Pure.
 */

export interface DatasetSummary {
	id: string;
	name: string;
}

export interface DatasetField {
	name: string;
	type: string;
}

/** The Models page lists `{id, name}` and nothing else. */
export interface ModelSummary {
	id: string;
	name: string;
}

export interface DatasetDetails {
	name: string | null;
	fields: DatasetField[];
	/** How many rows the dataset holds (null when Akkio sent no readable count). */
	rowCount: number | null;
}

function idOf(record: IDataObject): string | undefined {
	return identifier(record.id ?? record.dataset_id ?? record.model_id);
}

function nameOr(record: IDataObject, id: string): string {
	return typeof record.name === 'string' && record.name ? record.name : id;
}

/** The entries of a legacy list answer (`{ datasets: [...] }` or `{ models: [...] }`) that have an ID. */
function summaries(answer: unknown, key: 'datasets' | 'models'): Array<{ id: string; name: string }> {
	return records(asRecord(answer)[key]).flatMap((record) => {
		const id = idOf(record);
		return id ? [{ id, name: nameOr(record, id) }] : [];
	});
}

export const decodeDatasetList = (answer: unknown): DatasetSummary[] => summaries(answer, 'datasets');

export const decodeModelList = (answer: unknown): ModelSummary[] => summaries(answer, 'models');

export function decodeDataset(answer: unknown): DatasetDetails {
	const record = asRecord(answer);
	return {
		name: typeof record.name === 'string' ? record.name : null,
		fields: records(record.fields).flatMap((field) =>
			typeof field.name === 'string' ? [{ name: field.name, type: typeof field.type === 'string' ? field.type : 'unknown' }] : [],
		),
		rowCount: datasetRowCount(record.rows),
	};
}

/** Dataset → Get: `rows` is a count on the Datasets page (`"rows": 887`). A list (the SDKs' idea) is counted. */
export function datasetRowCount(rows: unknown): number | null {
	if (typeof rows === 'number' && Number.isInteger(rows) && rows >= 0) return rows;
	if (typeof rows === 'string' && /^\d+$/.test(rows.trim())) return Number(rows.trim());
	if (Array.isArray(rows)) return rows.length;
	return null;
}

/**
 * A new dataset: its ID (null when Akkio sent none) and its name (as asked, unless Akkio says).
 * The Datasets page: `{"status": "success", "dataset_id": ..., "dataset_name": ...}`.
 */
export function decodeCreatedDataset(answer: unknown, askedName: string): { id: string | null; name: string } {
	const record = asRecord(answer);
	return {
		id: identifier(record.dataset_id) ?? identifier(record.id) ?? null,
		name: identifier(record.dataset_name) ?? identifier(record.name) ?? askedName,
	};
}
