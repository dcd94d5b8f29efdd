import type { INodeProperties } from 'n8n-workflow';

import * as addRows from './addRows.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';

export { addRows, create, del as delete, get, list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['dataset'] } },
		default: 'addRows',
		options: [
			{ name: 'Add Rows', value: 'addRows', description: 'Add the input items to a dataset as rows', action: 'Add rows to a dataset' },
			{ name: 'Create', value: 'create', description: 'Create an empty dataset', action: 'Create a dataset' },
			{ name: 'Delete', value: 'delete', description: 'Delete a dataset', action: 'Delete a dataset' },
			{ name: 'Get', value: 'get', description: "Get a dataset's fields and row count", action: 'Get a dataset' },
			{ name: 'List', value: 'list', description: "List the team's datasets", action: 'List datasets' },
		],
	},
	...addRows.description,
	...create.description,
	...del.description,
	...get.description,
	...list.description,
];
