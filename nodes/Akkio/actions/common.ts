import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions as Ctx, INodeProperties } from 'n8n-workflow';

import { datasetLocator, modelLocator } from '../../shared/locators';
import { optionsCollection } from '../../shared/options';
import { readBoolean, readDatasetId, readModelId, readNumber, readProjectId, readText } from '../../shared/parameters';
import { akkioRequest, type RequestContext, type RequestPurpose } from '../../shared/transport';

/**
 * An operation's entry in its resource's Operation list (n8n shows the action in the node panel
 * and gives it to an AI agent when the node is a tool) and its fields, shown only for it and
 * ending with the Options collection (the request options after `options`).
 */
export function describeOperation(
	resource: string,
	value: string,
	name: string,
	action: string,
	fields: INodeProperties[],
	options: INodeProperties[] = [],
	description = action,
) {
	return {
		option: { name, value, action, description },
		description: updateDisplayOptions({ show: { resource: [resource], operation: [value] } }, [...fields, optionsCollection(options)]),
	};
}

/** The required Name of something an operation creates (a dataset, a project). */
export const nameField = (what: string, example: string): INodeProperties =>
	({ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', placeholder: `e.g. ${example}`, description: `Name of the new ${what} in Akkio` });

export const projectIdField: INodeProperties = {
	displayName: 'Project ID', name: 'projectId', type: 'string', required: true, default: '', placeholder: 'e.g. {{ $json.project_id }}',
	description: 'ID of the Akkio project (project_id of Project → Create)',
};

/** The field that names the dataset, model or project an operation works on, and its reader. */
const BY_ID = { dataset: [datasetLocator(), readDatasetId], model: [modelLocator(), readModelId], project: [projectIdField, readProjectId] } as const;

/** An operation whose only field is that ID (Get, Delete). */
export function byIdOperation(resource: keyof typeof BY_ID, value: string, name: string, action: string, description = action) {
	const [idField, readItem] = BY_ID[resource];
	return { ...describeOperation(resource, value, name, action, [idField], [], description), readItem };
}

/** Delete: `{ <resource>_id, deleted: true }`, whatever Akkio's answer holds. */
export function deleteOperation(resource: keyof typeof BY_ID, request: (id: string) => { path: string; body?: IDataObject }, purpose: RequestPurpose) {
	return {
		...byIdOperation(resource, 'delete', 'Delete', `Delete a ${resource}`),
		async runItem(rc: RequestContext, id: string, i: number) {
			await akkioRequest(rc, { method: 'DELETE', ...request(id), purpose, itemIndex: i });
			return [{ [`${resource}_id`]: id, deleted: true }];
		},
	};
}

/** List with Return All / Limit, as n8n's list operations have them: one `{ <resource>_id, name }` per entry. */
export function listOperation(resource: string, list: (rc: RequestContext, i: number) => Promise<Array<{ id: string; name: string }>>) {
	const fields: INodeProperties[] = [
		{ displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, description: 'Whether to return all results or only up to a given limit' },
		{
			displayName: 'Limit', name: 'limit', type: 'number', typeOptions: { minValue: 1 }, default: 50, description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
	return {
		...describeOperation(resource, 'list', 'List', `List ${resource}s`, fields, [], `List the team's ${resource}s`),
		readItem: (ctx: Ctx, i: number) =>
			readBoolean(ctx, i, 'returnAll', 'Return All') ? Infinity : readNumber(ctx, i, 'limit', 'Limit', { fallback: 50, max: 100000, whole: true }),
		runItem: async (rc: RequestContext, limit: number, i: number) => (await list(rc, i)).slice(0, limit).map(({ id, name }) => ({ [`${resource}_id`]: id, name })),
	};
}

// ------------------------------------------------------------------ projects and Chat Explore

/** The texts that guide Chat Explore, by Akkio's names: a project's (Create's options, Update Fields) or one question's (Ask's options). */
export const guideFields: INodeProperties[] = [
	{
		displayName: 'Chat Context', name: 'chatContext', type: 'string', typeOptions: { rows: 3 }, default: '',
		placeholder: 'e.g. This dataset is customer engagement data; sales are in millions', description: 'What Chat Explore should know about the data',
	},
	{
		displayName: 'Chat Instructions', name: 'chatInstructions', type: 'string', typeOptions: { rows: 3 }, default: '',
		placeholder: 'e.g. Provide short and concise answers only', description: 'How Chat Explore should answer',
	},
	{
		displayName: 'Chat Suggestions', name: 'chatSuggestions', type: 'string', typeOptions: { rows: 3 }, default: '',
		placeholder: 'e.g. What is the average net media cost by campaign ID?', description: 'Suggested questions shown in Chat Explore, one per line',
	},
];

/** The guiding texts added to a collection: only those given. */
export function readGuideTexts(ctx: Ctx, i: number, collection: string) {
	// Which texts are given is read from the stored parameters, unevaluated: each is then evaluated
	// on its own, so that a broken expression is reported under its field's name.
	const given = ctx.getNode().parameters[collection];
	const texts: IDataObject = {};
	for (const { name, displayName } of guideFields) if ((given as IDataObject)?.[name] !== undefined) texts[name] = readText(ctx, i, `${collection}.${name}`, displayName);
	return texts;
}
