import type { INodeProperties } from 'n8n-workflow';

import * as del from './delete.operation';
import * as list from './list.operation';
import * as predict from './predict.operation';

export { del as delete, list, predict };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['model'] } },
		default: 'predict',
		options: [
			{ name: 'Delete', value: 'delete', description: 'Delete a model', action: 'Delete a model' },
			{ name: 'List', value: 'list', description: "List the team's trained models", action: 'List models' },
			{
				name: 'Predict',
				value: 'predict',
				description: 'Score the input items with a trained model',
				action: 'Predict with a model',
			},
		],
	},
	...del.description,
	...list.description,
	...predict.description,
];
