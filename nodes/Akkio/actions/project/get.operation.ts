import { decodeProject } from '../../../shared/decode';
import { projectPath } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { byIdOperation } from '../common';

export const { option, description, readItem } = byIdOperation('project', 'get', 'Get', 'Get a project', "Get a project's name, context and instructions");

export async function runItem(rc: RequestContext, id: string, i: number) {
	return [decodeProject(await akkioRequest(rc, { method: 'GET', path: projectPath(id), purpose: PURPOSES.getProject, itemIndex: i }), id)];
}
