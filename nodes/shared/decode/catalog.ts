import type { IDataObject } from 'n8n-workflow';

import { asRecord, identifier, isRecord, records } from './json';

/**
 * Akkio's answers about datasets and models (legacy `/v1/datasets`, `/v1/models`) as the
 * node's own values. Read defensively: those routes are reconstructed from Akkio's SDKs, not a
 * published schema. Pure.
 */

export interface DatasetSummary {
	id: string;
	name: string;
}

export interface DatasetField {
	name: string;
	type: string;
}

export interface ModelSummary {
	id: string;
	name: string;
	/** Everything Akkio says about the model, as sent, without its id. */
	details: IDataObject;
}

export interface DatasetDetails {
	name: string | null;
	fields: DatasetField[];
	rows: IDataObject[];
}

function idOf(record: IDataObject): string | undefined {
	return identifier(record.id ?? record.dataset_id ?? record.model_id);
}

function nameOr(record: IDataObject, id: string): string {
	return typeof record.name === 'string' && record.name ? record.name : id;
}

export function decodeDatasetList(answer: unknown): DatasetSummary[] {
	return records(asRecord(answer).datasets).flatMap((record) => {
		const id = idOf(record);
		return id ? [{ id, name: nameOr(record, id) }] : [];
	});
}

export function decodeModelList(answer: unknown): ModelSummary[] {
	return records(asRecord(answer).models).flatMap((record) => {
		const id = idOf(record);
		if (!id) return [];
		const details: IDataObject = { ...record };
		delete details.id;
		return [{ id, name: nameOr(record, id), details }];
	});
}

export function decodeDataset(answer: unknown): DatasetDetails {
	const record = asRecord(answer);
	return {
		name: typeof record.name === 'string' ? record.name : null,
		fields: records(record.fields).flatMap((field) =>
			typeof field.name === 'string' ? [{ name: field.name, type: typeof field.type === 'string' ? field.type : 'unknown' }] : [],
		),
		rows: Array.isArray(record.rows) ? (record.rows as IDataObject[]) : [],
	};
}

/** A new dataset: its ID (null when Akkio sent none) and its name (as asked, unless Akkio says). */
export function decodeCreatedDataset(answer: unknown, askedName: string): { id: string | null; name: string } {
	const record = isRecord(answer) ? answer : {};
	const id = record.dataset_id ?? record.id;
	const name = record.name;
	return {
		id: (id ?? null) as string | null,
		name: (name ?? askedName) as string,
	};
}
