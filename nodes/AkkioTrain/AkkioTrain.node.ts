import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeDescriptionBase, timeScaleField } from '../shared/options';
import { getDatasetFields } from './methods/loadOptions';
import { searchDatasets } from './methods/listSearch';
import { operations, router } from './actions/router';

export class AkkioTrain implements INodeType {
	description: INodeTypeDescription = {
		...nodeDescriptionBase,
		icon: { light: 'file:../../icons/akkio.svg', dark: 'file:../../icons/akkio.dark.svg' },
		usableAsTool: true,
		displayName: 'Akkio Train',
		name: 'akkioTrain',
		subtitle: '={{ { train: "Train Model", getStatus: "Get Status", getResult: "Get Result", wait: "Wait for Training" }[$parameter["operation"]] }}',
		description: 'Train Akkio models, wait for them and read their metrics',
		defaults: { name: 'Akkio Train' },
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'train',
				options: [
					{ name: 'Get Result', value: 'getResult', description: 'Download the metrics of a finished training', action: 'Get a training result' },
					{ name: 'Get Status', value: 'getStatus', description: 'Check once whether a training has finished', action: 'Get a training status' },
					{ name: 'Train Model', value: 'train', description: 'Start training a model on a dataset', action: 'Train a model' },
					{ name: 'Wait for Training', value: 'wait', description: 'Poll a training until it ends, then output its result', action: 'Wait for a training' },
				],
			},
			...Object.values(operations).flatMap((operation) => operation.description),
			timeScaleField,
		],
	};

	methods = { listSearch: { searchDatasets }, loadOptions: { getDatasetFields } };

	execute = router;
}
