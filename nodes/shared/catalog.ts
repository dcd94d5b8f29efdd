import type { INodeListSearchResult } from 'n8n-workflow';

import { decodeDataset, decodeList } from './decode';
import { LEGACY_DATASETS_PATH as DATASETS, LEGACY_MODELS_PATH as MODELS } from './routes';
import { akkioRequest, PURPOSES, type RequestContext } from './transport';

/** The team's datasets, models and a dataset's fields, for the pickers and the List/Get operations: one request each, decoded. */
export const listDatasets = async (rc: RequestContext, itemIndex = 0) =>
	decodeList(await akkioRequest(rc, { method: 'GET', path: DATASETS, purpose: PURPOSES.listDatasets, itemIndex }), 'datasets');
export const listModels = async (rc: RequestContext, itemIndex = 0) =>
	decodeList(await akkioRequest(rc, { method: 'GET', path: MODELS, purpose: PURPOSES.listModels, itemIndex }), 'models');
export const getDataset = async (rc: RequestContext, id: string, itemIndex = 0) =>
	decodeDataset(await akkioRequest(rc, { method: 'GET', path: DATASETS, query: { id }, purpose: PURPOSES.getDataset, itemIndex }));

/**
 * A searchable list for a resource locator: names (or IDs) containing the filter, any case. A
 * name that several entries share gets each one's ID appended, so that they can be told apart;
 * every entry links to its page in Akkio (`url(id)`).
 */
export function toListSearch(entries: Array<{ id: string; name: string }>, filter: string | undefined, url: (id: string) => string): INodeListSearchResult {
	const needle = (filter ?? '').trim().toLowerCase();
	const uses = new Map<string, number>();
	for (const { name } of entries) uses.set(name, (uses.get(name) ?? 0) + 1);
	const found = entries.filter(({ id, name }) => [id, name].some((text) => text.toLowerCase().includes(needle)));
	found.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
	return { results: found.map(({ id, name }) => ({ name: uses.get(name)! > 1 && name !== id ? `${name} (${id})` : name, value: id, url: url(id) })) };
}

/** Dropdown options for a dataset's fields: the column's name, its type underneath. */
export const toFieldOptions = (fields: Array<{ name: string; type: string }>) => fields.map(({ name, type }) => ({ name, value: name, description: `Type: ${type}` }));
