import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/options';
import { readProjectId } from '../../../shared/parameters';
import { projectPath } from '../../../shared/routes';
import { PURPOSES, type RequestContext } from '../../../shared/transport';
import { projectIdField, projectRequest } from './fields';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['project'], operation: ['get'] } }, [
	projectIdField,
	optionsCollection(),
]);

export const readItem = readProjectId;

/** The project's name and the texts that guide Chat Explore in it. */
export async function runItem(rc: RequestContext, projectId: string, itemIndex: number) {
	return await projectRequest(rc, { method: 'GET', path: projectPath(projectId), purpose: PURPOSES.getProject, projectId }, itemIndex);
}
