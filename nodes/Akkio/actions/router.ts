import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeToOperation, type Resources } from '../../shared/router';
import * as chatExplore from './chatExplore/ChatExplore.resource';
import * as dataset from './dataset/Dataset.resource';
import * as model from './model/Model.resource';
import * as project from './project/Project.resource';

/** The Akkio node's resources and operations; each runs through the shared item pipeline. */
const resources: Resources = {
	dataset: { addRows: dataset.addRows, create: dataset.create, delete: dataset.delete, get: dataset.get, list: dataset.list },
	model: { delete: model.delete, list: model.list, predict: model.predict },
	chatExplore: { ask: chatExplore.ask },
	project: { create: project.create, delete: project.delete, get: project.get, update: project.update },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeToOperation(this, resources, this.getNodeParameter('resource', 0) as string);
}
