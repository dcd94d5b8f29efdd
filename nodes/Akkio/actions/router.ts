import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { routeToOperation, type Operation } from '../../shared/router';
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

/**
 * The resources in the editor's order: value, name, default operation, operations (keyed by
 * their values) in the editor's order. Each operation's `option` is its entry in the Operation
 * list, with the action text n8n shows in the node panel and gives an AI agent.
 */
const RESOURCES: Array<[string, string, string, Record<string, Operation & { option: INodePropertyOptions }>]> = [
	['chatExplore', 'Chat Explore', 'ask', { ask }],
	['dataset', 'Dataset', 'addRows', { addRows, create: createDataset, delete: deleteDataset, get: getDataset, list: listDatasets }],
	['model', 'Model', 'predict', { delete: deleteModel, list: listModels, predict }],
	['project', 'Project', 'create', { create: createProject, delete: deleteProject, get: getProject, update: updateProject }],
];

/** The Resource selector, then each resource's Operation selector and its operations' fields. */
export const properties: INodeProperties[] = [
	{ displayName: 'Resource', name: 'resource', type: 'options', noDataExpression: true, default: 'model', options: RESOURCES.map(([value, name]) => ({ name, value })) },
	...RESOURCES.flatMap(([resource, , first, operations]): INodeProperties[] => [
		{ displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, default: first,
			displayOptions: { show: { resource: [resource] } }, options: Object.values(operations).map(({ option }) => option) },
		...Object.values(operations).flatMap(({ description }) => description),
	]),
];

/**
 * The canvas subtitle, "<Operation>: <Resource>" in the names the editor lists ("Add Rows:
 * Dataset"), not the raw values. One flat lookup keyed "resource.operation", so that no "}}"
 * ends the expression early.
 */
const names = RESOURCES.flatMap(([resource, label, , operations]) => Object.entries(operations).map(([value, { option }]) => [`${resource}.${value}`, `${option.name}: ${label}`]));
export const subtitle = `={{ ${JSON.stringify(Object.fromEntries(names))}[$parameter["resource"] + "." + $parameter["operation"]] }}`;

/** Every operation runs through the shared item loop (shared/router.ts). */
export async function router(this: IExecuteFunctions) {
	return await routeToOperation(this, Object.fromEntries(RESOURCES.map(([resource, , , operations]) => [resource, operations])), this.getNodeParameter('resource', 0) as string);
}
