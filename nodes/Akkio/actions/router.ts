import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { routeToOperation, type Operation, type Resources } from '../../shared/router';
import * as ask from './chatExplore/ask.operation';
import * as addRows from './dataset/addRows.operation';
import * as createDataset from './dataset/create.operation';
import * as deleteDataset from './dataset/delete.operation';
import * as getDataset from './dataset/get.operation';
import * as listDatasets from './dataset/list.operation';
import * as deleteModel from './model/delete.operation';
import * as listModels from './model/list.operation';
import * as predict from './model/predict.operation';
import * as createProject from './project/create.operation';
import * as deleteProject from './project/delete.operation';
import * as getProject from './project/get.operation';
import * as updateProject from './project/update.operation';

type Operations = Record<string, Operation & { option: INodePropertyOptions }>;

/**
 * A resource's part of the node description: its Operation selector (each operation with the
 * action text n8n shows in the node panel and gives an AI agent), then each operation's fields.
 */
function resourceDescription(resource: string, defaultOperation: string, operations: Array<{ option: INodePropertyOptions; description: INodeProperties[] }>) {
	const selector: INodeProperties = { displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, default: defaultOperation,
		displayOptions: { show: { resource: [resource] } }, options: operations.map((operation) => operation.option) };
	return [selector, ...operations.flatMap((operation) => operation.description)];
}

/**
 * The canvas subtitle of a node with resources: "<Operation>: <Resource>" in the names the editor
 * lists, from the Operation selectors among `properties`. One flat lookup keyed
 * "resource.operation", so that no "}}" ends the expression early.
 */
export function operationSubtitle(resourceField: INodeProperties, properties: INodeProperties[]): string {
	const names = properties.filter((field) => field.name === 'operation').flatMap((field) => ((resourceField.options ?? []) as INodePropertyOptions[])
		.filter((resource) => field.displayOptions?.show?.resource?.includes(resource.value))
		.flatMap((resource) => ((field.options ?? []) as INodePropertyOptions[]).map((operation) => [`${resource.value}.${operation.value}`, `${operation.name}: ${resource.name}`])));
	return `={{ ${JSON.stringify(Object.fromEntries(names))}[$parameter["resource"] + "." + $parameter["operation"]] }}`;
}

/** The resources in the editor's order: value, name, default operation, operations in the editor's order. */
const RESOURCES: Array<[string, string, string, Operations]> = [
	['chatExplore', 'Chat Explore', 'ask', { ask }],
	['dataset', 'Dataset', 'addRows', { addRows, create: createDataset, delete: deleteDataset, get: getDataset, list: listDatasets }],
	['model', 'Model', 'predict', { delete: deleteModel, list: listModels, predict }],
	['project', 'Project', 'create', { create: createProject, delete: deleteProject, get: getProject, update: updateProject }],
];

/** The Resource selector, then each resource's Operation selector and its operations' fields. */
export const properties: INodeProperties[] = [
	{ displayName: 'Resource', name: 'resource', type: 'options', noDataExpression: true, default: 'model', options: RESOURCES.map(([value, name]) => ({ name, value })) },
	...RESOURCES.flatMap(([resource, , first, operations]) => resourceDescription(resource, first, Object.values(operations))),
];

const resources: Resources = Object.fromEntries(RESOURCES.map(([resource, , , operations]) => [resource, operations]));

/** Every operation runs through the shared item loop (shared/router.ts). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeToOperation(this, resources, this.getNodeParameter('resource', 0) as string);
}
