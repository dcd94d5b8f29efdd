import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { timeScaleField } from '../shared/options';
import * as chatExplore from './actions/chatExplore/ChatExplore.resource';
import * as dataset from './actions/dataset/Dataset.resource';
import * as model from './actions/model/Model.resource';
import * as project from './actions/project/Project.resource';
import { router } from './actions/router';
import { searchDatasets, searchModels } from './methods/listSearch';

export class Akkio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Akkio',
		name: 'akkio',
		icon: { light: 'file:../../icons/akkio.svg', dark: 'file:../../icons/akkio.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Fill Akkio datasets, score items with trained models, and ask questions about your data with Chat Explore',
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
					{ name: 'Chat Explore', value: 'chatExplore' },
					{ name: 'Dataset', value: 'dataset' },
					{ name: 'Model', value: 'model' },
					{ name: 'Project', value: 'project' },
				],
			},
			...chatExplore.description,
			...dataset.description,
			...model.description,
			...project.description,
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
