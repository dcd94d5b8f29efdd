import type { INodeProperties } from 'n8n-workflow';

/** Pickers for Akkio things, shared by both nodes. Their values are IDs either way. */

/** Akkio app URLs carry the dataset or model ID as the segment after /datasets/ or /models/. */
const idAfter = (segment: string) => `https?://[^/]+/(?:.*/)?${segment}/([A-Za-z0-9_-]+)`;

export function datasetLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Dataset',
		name: 'datasetId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The Akkio dataset: pick it from the list, or give its ID or the URL of its page in Akkio',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchDatasets', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. YTV32jCdVf5DbcMxzvX5',
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://app.akkio.com/datasets/YTV32jCdVf5DbcMxzvX5',
				extractValue: { type: 'regex', regex: idAfter('datasets?') },
				validation: [
					{
						type: 'regex',
						properties: { regex: idAfter('datasets?'), errorMessage: 'Not a dataset URL: expected …/datasets/<ID>' },
					},
				],
			},
		],
		...overrides,
	};
}

export function modelLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Model',
		name: 'modelId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The trained Akkio model: pick it from the list, or give its ID (model_id of a training result)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchModels', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. AyooDGG4IB7iJDkgLKJR',
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://app.akkio.com/models/AyooDGG4IB7iJDkgLKJR',
				extractValue: { type: 'regex', regex: idAfter('models?') },
				validation: [
					{
						type: 'regex',
						properties: { regex: idAfter('models?'), errorMessage: 'Not a model URL: expected …/models/<ID>' },
					},
				],
			},
		],
		...overrides,
	};
}
