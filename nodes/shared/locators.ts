import type { INodeProperties } from 'n8n-workflow';

/** Pickers for Akkio things, shared by both nodes. Their values are IDs either way. */

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
				placeholder: `e.g. https://app.akkio.com/${spec.urlSegment}s/${spec.exampleId}`,
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
