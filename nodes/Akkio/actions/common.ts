import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseJson } from '../../shared/decode';
import { datasetLocator, modelLocator } from '../../shared/locators';
import { optionsCollection } from '../../shared/options';
import { describeType, readBoolean, readDatasetId, readModelId, readNumber, readParameter, readProjectId, readText, refuse, shown } from '../../shared/parameters';
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
	displayName: 'Project ID',
	name: 'projectId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.project_id }}',
	description: 'The ID of the Akkio project (project_id of Project → Create)',
};

/** The field that names the dataset, model or project an operation works on, and its reader. */
const BY_ID = { dataset: [datasetLocator(), readDatasetId], model: [modelLocator(), readModelId], project: [projectIdField, readProjectId] } as const;

/** An operation whose only field is that ID (Get, Delete). */
export function byIdOperation(resource: keyof typeof BY_ID, value: string, name: string, action: string, description = action) {
	const [field, readItem] = BY_ID[resource];
	return { ...describeOperation(resource, value, name, action, [field], [], description), readItem };
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
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
	return {
		...describeOperation(resource, 'list', 'List', `List ${resource}s`, fields, [], `List the team's ${resource}s`),
		readItem: (ctx: IExecuteFunctions, i: number) =>
			readBoolean(ctx, i, 'returnAll', 'Return All') ? Infinity : readNumber(ctx, i, 'limit', 'Limit', { fallback: 50, max: 100000, whole: true }),
		runItem: async (rc: RequestContext, limit: number, i: number) => (await list(rc, i)).slice(0, limit).map(({ id, name }) => ({ [`${resource}_id`]: id, name })),
	};
}

// ------------------------------------------------------------------ projects and Chat Explore

/** The texts that guide Chat Explore, by Akkio's names: a project's (Create's options, Update Fields) or one question's (Ask's options). */
export const guideFields: INodeProperties[] = [
	['chatContext', 'Chat Context', 'This dataset is customer engagement data; sales are in millions', 'What Chat Explore should know about the data'],
	['chatInstructions', 'Chat Instructions', 'Provide short and concise answers only', 'How Chat Explore should answer'],
	['chatSuggestions', 'Chat Suggestions', 'What is the average net media cost by campaign ID?', 'Suggested questions shown in Chat Explore, one per line'],
].map(([name, displayName, example, description]) => ({
	displayName,
	name,
	type: 'string',
	default: '',
	typeOptions: { rows: 3 },
	placeholder: `e.g. ${example}`,
	description,
}));

/** The guiding texts added to a collection: only those given. */
export function readGuideTexts(ctx: IExecuteFunctions, i: number, collection: string, label: string): IDataObject {
	const given = (readParameter(ctx, i, collection, label, {}) ?? {}) as IDataObject;
	const texts: IDataObject = {};
	for (const { name, displayName } of guideFields) if (given[name] !== undefined) texts[name] = readText(ctx, i, `${collection}.${name}`, displayName);
	return texts;
}

/**
 * Earlier messages of a conversation, for a follow-up question: a list of `{ role, content }`
 * (as the Ask operation outputs in `messages`), or that list as JSON text. Only `role` and
 * `content` are kept; empty means a new conversation.
 */
export function parseChatMessages(value: unknown): Array<{ role: string; content: string }> {
	function fail(problem: string): never {
		const hint = 'Use the messages of an earlier answer, for example {{ $json.messages }}: a list of { "role": "user" or "assistant", "content": "..." }.';
		refuse('Earlier Messages', problem, hint);
	}
	let list = value;
	if (typeof value === 'string') {
		const parsed = value.trim() ? parseJson(value) : { ok: true as const, value: [] };
		list = parsed.ok ? parsed.value : fail('is not valid JSON');
	}
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list)) fail(`expected a list of messages, got ${describeType(list)}`);
	return list.map((entry: unknown, index) => {
		const at = `message ${index + 1}`;
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail(`${at} is ${describeType(entry)}, not { role, content }`);
		const { role, content } = entry as { role?: unknown; content?: unknown };
		if (role !== 'user' && role !== 'assistant') fail(`${at} has the role ${typeof role === 'string' ? shown(role) : describeType(role)} (expected "user" or "assistant")`);
		if (typeof content !== 'string') fail(`${at} has ${describeType(content)} as content, not a text`);
		return { role, content };
	});
}
