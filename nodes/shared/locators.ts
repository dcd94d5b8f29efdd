import type { INodeProperties } from 'n8n-workflow';

/** Pickers for Akkio things, shared by both nodes. Their values are IDs either way. */

/** Where Akkio's app shows a dataset or a model: the link of each picker entry, the "By URL" form. */
const AKKIO_APP_URL = 'https://app.akkio.com';

function appUrl(segment: string, id: string): string {
	return `${AKKIO_APP_URL}/${segment}s/${encodeURIComponent(id)}`;
}

export const datasetUrl = (id: string): string => appUrl('dataset', id);
export const modelUrl = (id: string): string => appUrl('model', id);

/** What tells the Dataset picker and the Model picker apart. */
interface LocatorSpec {
	/** Akkio's word, and the path segment of its app URLs (`…/datasets/<ID>`): dataset or model. */
	thing: 'dataset' | 'model';
	description: string;
	exampleId: string;
}

/** A picker: From List (`search<Thing>s`), By ID, or By URL of the thing's page in Akkio. */
function locator(spec: LocatorSpec, overrides: Partial<INodeProperties>): INodeProperties {
	const displayName = spec.thing.charAt(0).toUpperCase() + spec.thing.slice(1);
	const urlSegment = spec.thing;
	const idInUrl = `https?://[^/]+/(?:.*/)?${urlSegment}s?/([A-Za-z0-9_-]+)`;
	return {
		displayName,
		name: `${spec.thing}Id`,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: `search${displayName}s`, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: `e.g. ${spec.exampleId}`,
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `e.g. ${appUrl(urlSegment, spec.exampleId)}`,
				extractValue: { type: 'regex', regex: idInUrl },
				validation: [
					{
						type: 'regex',
						properties: { regex: idInUrl, errorMessage: `Not a ${urlSegment} URL: expected …/${urlSegment}s/<ID>` },
					},
				],
			},
		],
		...overrides,
	};
}

export function datasetLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	const description = 'The Akkio dataset: pick it from the list, or give its ID or the URL of its page in Akkio';
	return locator({ thing: 'dataset', description, exampleId: 'YTV32jCdVf5DbcMxzvX5' }, overrides);
}

export function modelLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	const description = 'The trained Akkio model: pick it from the list, or give its ID (model_id of a training result)';
	return locator({ thing: 'model', description, exampleId: 'AyooDGG4IB7iJDkgLKJR' }, overrides);
}
