import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/options';
import { readProjectId } from '../../../shared/parameters';
import { projectPath } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { projectIdField } from './fields';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['project'], operation: ['delete'] } }, [
	projectIdField,
	optionsCollection(),
]);

export const readItem = readProjectId;

/** Deletes the project: `{ project_id, deleted: true }` (whatever Akkio's answer holds). */
export async function runItem(rc: RequestContext, projectId: string, itemIndex: number) {
	await akkioRequest(rc, { method: 'DELETE', path: projectPath(projectId), purpose: PURPOSES.deleteProject, itemIndex });
	return [{ project_id: projectId, deleted: true }];
}
