import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { InvalidParameter } from '../../../shared/errors';
import { optionsCollection } from '../../../shared/options';
import { readName, readParameter, readProjectId } from '../../../shared/parameters';
import { projectPath } from '../../../shared/routes';
import { PURPOSES, type RequestContext } from '../../../shared/transport';
import { guideFields, projectIdField, projectRequest, readGuideTexts } from './fields';

export const option: INodePropertyOptions = { name: 'Update', value: 'update', description: "Change a project's name, context, instructions or suggestions", action: 'Update a project' };

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['project'], operation: ['update'] } }, [
	projectIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			...guideFields,
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'New name of the project',
			},
		],
	},
	optionsCollection(),
]);

interface UpdatePlan {
	projectId: string;
	changes: IDataObject;
}

export function readItem(ctx: IExecuteFunctions, itemIndex: number): UpdatePlan {
	const projectId = readProjectId(ctx, itemIndex);
	const given = (readParameter(ctx, itemIndex, 'updateFields', 'Update Fields', {}) ?? {}) as IDataObject;
	const changes: IDataObject = {
		...(given.name !== undefined ? { name: readName(ctx, itemIndex, 'updateFields.name', 'Name') } : {}),
		...readGuideTexts(ctx, itemIndex, 'updateFields'),
	};
	if (!Object.keys(changes).length) {
		throw new InvalidParameter('Update Fields', 'no field to change was added', 'Add the fields to change under Update Fields.');
	}
	return { projectId, changes };
}

/** Changes only the fields given (Akkio keeps the others) and outputs the project as it is now. */
export async function runItem(rc: RequestContext, { projectId, changes }: UpdatePlan, itemIndex: number) {
	return await projectRequest(
		rc,
		{ method: 'PUT', path: projectPath(projectId), body: changes, purpose: PURPOSES.updateProject, projectId },
		itemIndex,
	);
}
