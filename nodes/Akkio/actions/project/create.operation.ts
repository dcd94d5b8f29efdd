import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { decodeProject } from '../../../shared/decode';
import { readName, readText } from '../../../shared/parameters';
import { PROJECTS_PATH } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { describeOperation, guideFields, nameField, readGuideTexts } from '../common';

// Akkio's spec lists _org and _owner as required, but the API key already names both: each goes only when set.
const idOptions = [['Organization ID', 'org', '_org'], ['Owner ID', 'owner', '_owner (your user ID in Akkio)']].map(([displayName, name, sentAs]): INodeProperties =>
	({ displayName, name, type: 'string', default: '', description: `Sent as ${sentAs}; set it only if Akkio asks for it` }));

export const { option, description } = describeOperation('project', 'create', 'Create', 'Create a project', [nameField('project', 'Sales reporting')], [...guideFields, ...idOptions], 'Create a project for Chat Explore');

export function readItem(ctx: IExecuteFunctions, i: number) {
	const owner = readText(ctx, i, 'options.owner', 'Owner ID').trim();
	const org = readText(ctx, i, 'options.org', 'Organization ID').trim();
	return { name: readName(ctx, i, 'name', 'Name'), ...readGuideTexts(ctx, i, 'options'), ...(owner ? { _owner: owner } : {}), ...(org ? { _org: org } : {}) };
}

/** `{ project_id, name, chat_context, chat_instructions, chat_suggestions }` */
export async function runItem(rc: RequestContext, body: ReturnType<typeof readItem>, i: number) {
	return [decodeProject(await akkioRequest(rc, { method: 'POST', path: PROJECTS_PATH, body, purpose: PURPOSES.createProject, itemIndex: i }))];
}
