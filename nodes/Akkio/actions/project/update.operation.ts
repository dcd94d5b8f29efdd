import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { decodeProject } from '../../../shared/decode';
import { readName, readParameter, readProjectId, refuse } from '../../../shared/parameters';
import { projectPath } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { describeOperation, guideFields, projectIdField, readGuideTexts } from '../common';


export const { option, description } = describeOperation('project', 'update', 'Update', 'Update a project', [
	projectIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [...guideFields, { displayName: 'Name', name: 'name', type: 'string', default: '', description: 'New name of the project' }],
	},
], [], "Change a project's name, context, instructions or suggestions");

export function readItem(ctx: IExecuteFunctions, itemIndex: number) {
	const projectId = readProjectId(ctx, itemIndex);
	const changes = readGuideTexts(ctx, itemIndex, 'updateFields', 'Update Fields');
	if ((readParameter(ctx, itemIndex, 'updateFields', 'Update Fields') as IDataObject | null)?.name !== undefined) changes.name = readName(ctx, itemIndex, 'updateFields.name', 'Name');
	if (!Object.keys(changes).length) refuse('Update Fields', 'no field to change was added', 'Add the fields to change under Update Fields.');
	return { projectId, changes };
}

/** Changes only the fields given (Akkio keeps the others) and outputs the project as it is now. */
export async function runItem(rc: RequestContext, { projectId, changes }: ReturnType<typeof readItem>, itemIndex: number) {
	return [decodeProject(await akkioRequest(rc, { method: 'PUT', path: projectPath(projectId), body: changes, purpose: PURPOSES.updateProject, itemIndex }), projectId)];
}
