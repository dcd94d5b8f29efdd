import type { INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { decodeDataset, decodeDatasetList, decodeModelList } from './decode';
import type { DatasetDetails, DatasetField, DatasetSummary, ModelSummary } from './decode';
import { LEGACY_DATASETS_PATH, LEGACY_MODELS_PATH } from './routes';
import { akkioRequest, PURPOSES, type RequestContext } from './transport';

/**
 * The team's datasets, models and a dataset's fields, as the editor's pickers and the
 * List/Get operations need them: one request each, decoded.
 */

export async function listDatasets(rc: RequestContext, itemIndex = 0): Promise<DatasetSummary[]> {
	return decodeDatasetList(await akkioRequest(rc, { method: 'GET', path: LEGACY_DATASETS_PATH, purpose: PURPOSES.listDatasets, itemIndex }));
}

export async function getDataset(rc: RequestContext, datasetId: string, itemIndex = 0): Promise<DatasetDetails> {
	const answer = await akkioRequest(rc, {
		method: 'GET',
		path: LEGACY_DATASETS_PATH,
		query: { id: datasetId },
		purpose: PURPOSES.getDataset,
		itemIndex,
	});
	return decodeDataset(answer);
}

export async function listModels(rc: RequestContext, itemIndex = 0): Promise<ModelSummary[]> {
	return decodeModelList(await akkioRequest(rc, { method: 'GET', path: LEGACY_MODELS_PATH, purpose: PURPOSES.listModels, itemIndex }));
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
