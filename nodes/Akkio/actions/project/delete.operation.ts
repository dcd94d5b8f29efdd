import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { readProjectId } from '../../../shared/parameters';
import { projectPath } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { byIdDescription } from './fields';

export const option: INodePropertyOptions = { name: 'Delete', value: 'delete', description: 'Delete a project', action: 'Delete a project' };

export const description: INodeProperties[] = byIdDescription('delete');

export const readItem = readProjectId;

/** Deletes the project: `{ project_id, deleted: true }` (whatever Akkio's answer holds). */
export async function runItem(rc: RequestContext, projectId: string, itemIndex: number) {
	await akkioRequest(rc, { method: 'DELETE', path: projectPath(projectId), purpose: PURPOSES.deleteProject, itemIndex });
	return [{ project_id: projectId, deleted: true }];
}
