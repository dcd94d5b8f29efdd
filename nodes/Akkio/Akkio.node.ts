import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { timeScaleField } from '../shared/options';
import * as dataset from './actions/dataset/Dataset.resource';
import * as model from './actions/model/Model.resource';
import { router } from './actions/router';
import { searchDatasets, searchModels } from './methods/listSearch';

export class Akkio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Akkio',
		name: 'akkio',
		icon: { light: 'file:../../icons/akkio.svg', dark: 'file:../../icons/akkio.dark.svg' },
		group: ['transform'],
		version: 1,
		// "Add Rows: Dataset": the names the editor lists, not the raw values (test/node/editor.test.js
		// checks them against the operations' options).
		subtitle:
			'={{ { addRows: "Add Rows", create: "Create", delete: "Delete", get: "Get", list: "List", predict: "Predict" }[$parameter["operation"]] + ": " + { dataset: "Dataset", model: "Model" }[$parameter["resource"]] }}',
		description: 'Fill Akkio datasets from your items and score items with trained Akkio models',
		defaults: { name: 'Akkio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'akkioApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'model',
				options: [
					{ name: 'Dataset', value: 'dataset' },
					{ name: 'Model', value: 'model' },
				],
			},
			...dataset.description,
			...model.description,
			timeScaleField,
		],
	};

	methods = {
		listSearch: { searchDatasets, searchModels },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
