import type { IDataObject, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_REQUEST_TIMEOUT_SECONDS, LEGACY_DATASETS_PATH, LEGACY_MODELS_PATH } from './constants';
import type { AkkioContext } from './pause';
import { akkioRequest, createSession, type AkkioSession } from './transport';

/**
 * The team's datasets, models and a dataset's fields, as the editor's pickers and the
 * List/Get operations need them. Answers are read defensively: the legacy routes are
 * reconstructed from Akkio's SDKs, not a published schema.
 */

export interface DatasetSummary {
	id: string;
	name: string;
}

export interface DatasetField {
	name: string;
	type: string;
}

export interface ModelSummary extends IDataObject {
	id: string;
	name: string;
}

function records(value: unknown): IDataObject[] {
	return Array.isArray(value) ? value.filter((v): v is IDataObject => v !== null && typeof v === 'object' && !Array.isArray(v)) : [];
}

function idOf(record: IDataObject): string | undefined {
	const id = record.id ?? record.dataset_id ?? record.model_id;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/** A session for the editor's lookups: Akkio's default limits, real time. */
export async function lookupSession(ctx: AkkioContext): Promise<AkkioSession> {
	return await createSession(ctx, {
		maxRequestsPerSecond: DEFAULT_MAX_REQUESTS_PER_SECOND,
		requestTimeoutSeconds: DEFAULT_REQUEST_TIMEOUT_SECONDS,
		timeScale: 1,
	});
}

export async function listDatasets(ctx: AkkioContext, session: AkkioSession, itemIndex = 0): Promise<DatasetSummary[]> {
	const answer = (await akkioRequest(ctx, session, { method: 'GET', path: LEGACY_DATASETS_PATH, purpose: 'listDatasets', itemIndex })) as IDataObject;
	return records(answer?.datasets).flatMap((record) => {
		const id = idOf(record);
		return id ? [{ id, name: typeof record.name === 'string' && record.name ? record.name : id }] : [];
	});
}

export async function getDataset(ctx: AkkioContext, session: AkkioSession, datasetId: string, itemIndex = 0): Promise<IDataObject> {
	const answer = await akkioRequest(ctx, session, {
		method: 'GET',
		path: LEGACY_DATASETS_PATH,
		query: { id: datasetId },
		purpose: 'getDataset',
		itemIndex,
	});
	return answer !== null && typeof answer === 'object' && !Array.isArray(answer) ? (answer as IDataObject) : {};
}

export function datasetFields(dataset: IDataObject): DatasetField[] {
	return records(dataset.fields).flatMap((field) =>
		typeof field.name === 'string' ? [{ name: field.name, type: typeof field.type === 'string' ? field.type : 'unknown' }] : [],
	);
}

export async function listModels(ctx: AkkioContext, session: AkkioSession, itemIndex = 0): Promise<ModelSummary[]> {
	const answer = (await akkioRequest(ctx, session, { method: 'GET', path: LEGACY_MODELS_PATH, purpose: 'listModels', itemIndex })) as IDataObject;
	return records(answer?.models).flatMap((record) => {
		const id = idOf(record);
		return id ? [{ ...record, id, name: typeof record.name === 'string' && record.name ? record.name : id }] : [];
	});
}

/**
 * A searchable list for a resource locator: names containing the filter, any case. A name
 * that several entries share gets each one's ID appended, so that they can be told apart;
 * every entry links to its page in Akkio (`url(id)`).
 */
export function toListSearch(
	entries: Array<{ id: string; name: string }>,
	filter: string | undefined,
	url: (id: string) => string,
): INodeListSearchResult {
	const needle = (filter ?? '').trim().toLowerCase();
	const uses = new Map<string, number>();
	for (const { name } of entries) uses.set(name, (uses.get(name) ?? 0) + 1);
	return {
		results: entries
			.filter((entry) => !needle || entry.name.toLowerCase().includes(needle) || entry.id.toLowerCase().includes(needle))
			.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
			.map((entry) => ({
				name: (uses.get(entry.name) ?? 0) > 1 && entry.name !== entry.id ? `${entry.name} (${entry.id})` : entry.name,
				value: entry.id,
				url: url(entry.id),
			})),
	};
}

/** Dropdown options for a dataset's fields: the column's name, its type underneath. */
export function toFieldOptions(fields: DatasetField[]): INodePropertyOptions[] {
	return fields.map((field) => ({ name: field.name, value: field.name, description: `Type: ${field.type}` }));
}
