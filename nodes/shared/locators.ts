import type { INodeProperties } from 'n8n-workflow';

/** Pickers for Akkio things, shared by both nodes. Their values are IDs either way. */

/** Where Akkio's app shows a dataset or a model: the link of each picker entry, the "By URL" form. */
const AKKIO_APP_URL = 'https://app.akkio.com';

function appUrl(segment: string, id: string): string {
	return `${AKKIO_APP_URL}/${segment}s/${encodeURIComponent(id)}`;
}

export const datasetUrl = (id: string): string => appUrl('dataset', id);
export const modelUrl = (id: string): string => appUrl('model', id);

interface LocatorSpec {
	displayName: string;
	name: string;
	description: string;
	searchListMethod: string;
	exampleId: string;
	/** Akkio app URLs carry the ID as the path segment after this one (singular or plural). */
	urlSegment: string;
}

function locator(spec: LocatorSpec, overrides: Partial<INodeProperties>): INodeProperties {
	const idInUrl = `https?://[^/]+/(?:.*/)?${spec.urlSegment}s?/([A-Za-z0-9_-]+)`;
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
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
				placeholder: `e.g. ${appUrl(spec.urlSegment, spec.exampleId)}`,
				extractValue: { type: 'regex', regex: idInUrl },
				validation: [
					{
						type: 'regex',
						properties: { regex: idInUrl, errorMessage: `Not a ${spec.urlSegment} URL: expected …/${spec.urlSegment}s/<ID>` },
					},
				],
			},
		],
		...overrides,
	};
}

export function datasetLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			displayName: 'Dataset',
			name: 'datasetId',
			description: 'The Akkio dataset: pick it from the list, or give its ID or the URL of its page in Akkio',
			searchListMethod: 'searchDatasets',
			exampleId: 'YTV32jCdVf5DbcMxzvX5',
			urlSegment: 'dataset',
		},
		overrides,
	);
}

export function modelLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			displayName: 'Model',
			name: 'modelId',
			description: 'The trained Akkio model: pick it from the list, or give its ID (model_id of a training result)',
			searchListMethod: 'searchModels',
			exampleId: 'AyooDGG4IB7iJDkgLKJR',
			urlSegment: 'model',
		},
		overrides,
	);
}
