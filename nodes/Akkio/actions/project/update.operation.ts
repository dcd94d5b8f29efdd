import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { decodeProject } from '../../../shared/decode';
import { readName, readParameter, readProjectId, refuse } from '../../../shared/parameters';
import { projectPath } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { describeOperation, guideFields, projectIdField, readGuideTexts } from '../common';

const name = { displayName: 'Name', name: 'name', type: 'string' as const, default: '', description: 'New name of the project' };
export const { option, description } = describeOperation('project', 'update', 'Update', 'Update a project', [
	projectIdField,
	{ displayName: 'Update Fields', name: 'updateFields', type: 'collection', placeholder: 'Add Field', default: {}, options: [...guideFields, name] },
]);

export function readItem(ctx: IExecuteFunctions, i: number) {
	const projectId = readProjectId(ctx, i);
	const changes = readGuideTexts(ctx, i, 'updateFields');
	if ((readParameter(ctx, i, 'updateFields', 'Update Fields') as IDataObject)?.name !== undefined) changes.name = readName(ctx, i, 'updateFields.name', 'Name');
	if (!Object.keys(changes).length) refuse('Update Fields', 'no field to change was added', 'Add the fields to change under Update Fields.');
	return { projectId, changes };
}

/** Changes only the fields given (Akkio keeps the others) and outputs the project as it is now. */
export async function runItem(rc: RequestContext, { projectId, changes }: ReturnType<typeof readItem>, i: number) {
	return [decodeProject(await akkioRequest(rc, { method: 'PUT', path: projectPath(projectId), body: changes, purpose: PURPOSES.updateProject, itemIndex: i }), projectId)];
}
