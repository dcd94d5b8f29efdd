import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { decodeProject } from '../../../shared/decode';
import { nameField } from '../../../shared/options';
import { readName, readText } from '../../../shared/parameters';
import { PROJECTS_PATH } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { describeOperation, guideFields, readGuideTexts } from '../common';


// Akkio's spec lists _org and _owner as required, but the API key already names both: they go only when set.
const keyNames = (displayName: string, name: string, sentAs: string): INodeProperties => ({ displayName, name, type: 'string', default: '', description: `Sent as Akkio's ${sentAs}; the API key already names it, so set it only if Akkio asks for it` });

export const { option, description } = describeOperation(
	'project',
	'create',
	'Create',
	'Create a project',
	[nameField('project', 'Sales reporting')],
	[...guideFields, keyNames('Organization ID', 'org', '_org'), keyNames('Owner ID', 'owner', '_owner (your user ID in Akkio)')],
	'Create a project for Chat Explore',
);

export function readItem(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const owner = readText(ctx, itemIndex, 'options.owner', 'Owner ID').trim();
	const org = readText(ctx, itemIndex, 'options.org', 'Organization ID').trim();
	return { name: readName(ctx, itemIndex, 'name', 'Name'), ...readGuideTexts(ctx, itemIndex, 'options', 'Options'), ...(owner ? { _owner: owner } : {}), ...(org ? { _org: org } : {}) };
}

/** `{ project_id, name, chat_context, chat_instructions, chat_suggestions }` */
export async function runItem(rc: RequestContext, body: IDataObject, itemIndex: number) {
	return [decodeProject(await akkioRequest(rc, { method: 'POST', path: PROJECTS_PATH, body, purpose: PURPOSES.createProject, itemIndex }))];
}
