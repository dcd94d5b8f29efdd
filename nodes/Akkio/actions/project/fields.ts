import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { decodeProject } from '../../../shared/decode';
import { optionsCollection } from '../../../shared/options';
import { readParameter, readText } from '../../../shared/parameters';
import { akkioRequest, type RequestContext, type RequestPurpose } from '../../../shared/transport';

/** The Project ID field, and the texts that guide Chat Explore in a project (Create, Update). */

export const projectIdField: INodeProperties = {
	displayName: 'Project ID',
	name: 'projectId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.project_id }}',
	description: 'The ID of the Akkio project (project_id of Project → Create)',
};

/** The fields of an operation that only needs the project's ID (Get, Delete). */
export function byIdDescription(operation: string): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: ['project'], operation: [operation] } }, [projectIdField, optionsCollection()]);
}

/** Akkio's names of the guiding texts, with their labels. */
export const GUIDE_TEXTS = [
	{ key: 'chatContext', label: 'Chat Context' },
	{ key: 'chatInstructions', label: 'Chat Instructions' },
	{ key: 'chatSuggestions', label: 'Chat Suggestions' },
] as const;

export const guideFields: INodeProperties[] = [
	{
		displayName: 'Chat Context',
		name: 'chatContext',
		type: 'string',
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'e.g. This dataset is customer engagement data; sales are in millions',
		description: 'What Chat Explore should know about the data of this project to answer better',
	},
	{
		displayName: 'Chat Instructions',
		name: 'chatInstructions',
		type: 'string',
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'e.g. Provide short and concise answers only',
		description: 'How Chat Explore should answer questions about this project',
	},
	{
		displayName: 'Chat Suggestions',
		name: 'chatSuggestions',
		type: 'string',
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'e.g. What is the average net media cost by campaign ID?',
		description: 'Suggested questions shown in Chat Explore, one per line',
	},
];

/** The guiding texts set in a collection (`options`, `updateFields`): only those given. */
export function readGuideTexts(ctx: IExecuteFunctions, itemIndex: number, collection: string): IDataObject {
	const given = (readParameter(ctx, itemIndex, collection, collection === 'options' ? 'Options' : 'Update Fields', {}) ?? {}) as IDataObject;
	const texts: IDataObject = {};
	for (const { key, label } of GUIDE_TEXTS) {
		if (given[key] !== undefined) texts[key] = readText(ctx, itemIndex, `${collection}.${key}`, label);
	}
	return texts;
}

/** Sends one project request and outputs the project Akkio answers with. */
export async function projectRequest(
	rc: RequestContext,
	request: { method: 'GET' | 'POST' | 'PUT'; path: string; body?: IDataObject; purpose: RequestPurpose; projectId?: string },
	itemIndex: number,
): Promise<IDataObject[]> {
	const { projectId, ...sent } = request;
	const answer = await akkioRequest(rc, { ...sent, itemIndex });
	return [decodeProject(answer, projectId)];
}
