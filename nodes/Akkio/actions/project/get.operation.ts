import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { readProjectId } from '../../../shared/parameters';
import { projectPath } from '../../../shared/routes';
import { PURPOSES, type RequestContext } from '../../../shared/transport';
import { byIdDescription, projectRequest } from './fields';

export const option: INodePropertyOptions = { name: 'Get', value: 'get', description: "Get a project's name, context and instructions", action: 'Get a project' };

export const description: INodeProperties[] = byIdDescription('get');

export const readItem = readProjectId;

/** The project's name and the texts that guide Chat Explore in it. */
export async function runItem(rc: RequestContext, projectId: string, itemIndex: number) {
	return await projectRequest(rc, { method: 'GET', path: projectPath(projectId), purpose: PURPOSES.getProject, projectId }, itemIndex);
}
