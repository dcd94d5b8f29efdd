import type { INodeProperties } from 'n8n-workflow';

/** Pickers for Akkio datasets and models, shared by both nodes. Their values are IDs either way. */

/** Where Akkio's app shows a dataset or a model: each picker entry's link, and the "By URL" form. */
const appUrl = (thing: string, id: string) => `https://app.akkio.com/${thing}s/${encodeURIComponent(id)}`;
export const datasetUrl = (id: string) => appUrl('dataset', id);
export const modelUrl = (id: string) => appUrl('model', id);

/** A picker: From List (`search<Thing>s`), By ID, or By URL of the thing's page in Akkio. */
function locator(displayName: string, description: string, example: string, overrides: Partial<INodeProperties>): INodeProperties {
	const thing = displayName.toLowerCase();
	const regex = `https?://[^/]+/(?:.*/)?${thing}s?/([A-Za-z0-9_-]+)`;
	const validation = [{ type: 'regex' as const, properties: { regex, errorMessage: `Not a ${thing} URL: expected …/${thing}s/<ID>` } }];
	return {
		displayName, name: `${thing}Id`, type: 'resourceLocator', required: true, default: { mode: 'list', value: '' }, description,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: `search${displayName}s`, searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: `e.g. ${example}` },
			{ displayName: 'By URL', name: 'url', type: 'string', placeholder: `e.g. ${appUrl(thing, example)}`, extractValue: { type: 'regex', regex }, validation },
		],
		...overrides,
	};
}

export const datasetLocator = (overrides: Partial<INodeProperties> = {}) =>
	locator('Dataset', 'Pick the dataset from the list, or give its ID or the URL of its page in Akkio', 'YTV32jCdVf5DbcMxzvX5', overrides);
export const modelLocator = (overrides: Partial<INodeProperties> = {}) =>
	locator('Model', 'Pick the trained model from the list, or give its ID (model_id of a training result)', 'AyooDGG4IB7iJDkgLKJR', overrides);
