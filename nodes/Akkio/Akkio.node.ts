import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeDescriptionBase, operationSubtitle, timeScaleField } from '../shared/options';
import * as chatExplore from './actions/chatExplore/ChatExplore.resource';
import * as dataset from './actions/dataset/Dataset.resource';
import * as model from './actions/model/Model.resource';
import * as project from './actions/project/Project.resource';
import { router } from './actions/router';
import { searchDatasets, searchModels } from './methods/listSearch';

const RESOURCE_FIELD: INodeProperties = {
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
};

const RESOURCE_PROPERTIES: INodeProperties[] = [...chatExplore.description, ...dataset.description, ...model.description, ...project.description];

export class Akkio implements INodeType {
	description: INodeTypeDescription = {
		...nodeDescriptionBase,
		icon: { light: 'file:../../icons/akkio.svg', dark: 'file:../../icons/akkio.dark.svg' },
		usableAsTool: true,
		displayName: 'Akkio',
		name: 'akkio',
		// "Add Rows: Dataset": the names the editor lists, not the raw values (test/node/editor.test.js
		// checks them against the operations' options).
		subtitle: operationSubtitle(RESOURCE_FIELD, RESOURCE_PROPERTIES),
		description: 'Fill Akkio datasets, score items with trained models, and ask questions about your data with Chat Explore',
		defaults: { name: 'Akkio' },
		properties: [
			RESOURCE_FIELD,
			...RESOURCE_PROPERTIES,
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
