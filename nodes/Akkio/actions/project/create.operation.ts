import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { nameField, optionsCollection } from '../../../shared/options';
import { readName, readText } from '../../../shared/parameters';
import { PROJECTS_PATH } from '../../../shared/routes';
import { PURPOSES, type RequestContext } from '../../../shared/transport';
import { guideFields, projectRequest, readGuideTexts } from './fields';

export const option: INodePropertyOptions = { name: 'Create', value: 'create', description: 'Create a project for Chat Explore', action: 'Create a project' };

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['project'], operation: ['create'] } }, [
	nameField('project', 'Sales reporting'),
	optionsCollection([
		...guideFields,
		{
			displayName: 'Organization ID',
			name: 'org',
			type: 'string',
			default: '',
			description:
				"Sent as Akkio's _org. Akkio's spec lists it as required, but the API key already names the organization: set it only if Akkio asks for it.",
		},
		{
			displayName: 'Owner ID',
			name: 'owner',
			type: 'string',
			default: '',
			description:
				"Sent as Akkio's _owner (your user ID in Akkio). Akkio's spec lists it as required, but the API key already names its owner: set it only if Akkio asks for it.",
		},
	]),
]);

export function readItem(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const owner = readText(ctx, itemIndex, 'options.owner', 'Owner ID').trim();
	const org = readText(ctx, itemIndex, 'options.org', 'Organization ID').trim();
	return {
		name: readName(ctx, itemIndex, 'name', 'Name'),
		...readGuideTexts(ctx, itemIndex, 'options'),
		...(owner ? { _owner: owner } : {}),
		...(org ? { _org: org } : {}),
	};
}

/** One new project per item: `{ project_id, name, chat_context, chat_instructions, chat_suggestions }`. */
export async function runItem(rc: RequestContext, body: IDataObject, itemIndex: number) {
	return await projectRequest(rc, { method: 'POST', path: PROJECTS_PATH, body, purpose: PURPOSES.createProject }, itemIndex);
}
