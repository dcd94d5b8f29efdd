import type { INodeProperties } from 'n8n-workflow';

import * as ask from './ask.operation';

export { ask };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chatExplore'] } },
		default: 'ask',
		options: [
			{
				name: 'Ask',
				value: 'ask',
				description:
					'Ask a question about the data of a dataset or project in plain language (counts, averages, top lists, trends) and get the answer as text, a table and charts',
				// As an AI agent's tool, n8n describes the node to the model with this text (+ " in Akkio").
				action: 'Ask a question in plain language about the data in a dataset or project',
			},
		],
	},
	...ask.description,
];
