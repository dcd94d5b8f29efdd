import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as dataset from './dataset/Dataset.resource';
import * as model from './model/Model.resource';

type Operation = { execute: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, Operation>> = {
	dataset: { addRows: dataset.addRows, create: dataset.create, delete: dataset.delete, get: dataset.get, list: dataset.list },
	model: { delete: model.delete, list: model.list, predict: model.predict },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = Object.prototype.hasOwnProperty.call(resources, resource) ? resources[resource][operation] : undefined;
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await handler.execute.call(this, this.getInputData())];
}
