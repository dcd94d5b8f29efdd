import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as update from './update.operation';

export { create, del as delete, get, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['project'] } },
		default: 'create',
		options: [
			{ name: 'Create', value: 'create', description: 'Create a project for Chat Explore', action: 'Create a project' },
			{ name: 'Delete', value: 'delete', description: 'Delete a project', action: 'Delete a project' },
			{ name: 'Get', value: 'get', description: "Get a project's name, context and instructions", action: 'Get a project' },
			{
				name: 'Update',
				value: 'update',
				description: "Change a project's name, context, instructions or suggestions",
				action: 'Update a project',
			},
		],
	},
	...create.description,
	...del.description,
	...get.description,
	...update.description,
];
