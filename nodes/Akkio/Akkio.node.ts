import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeDescriptionBase, timeScaleField } from '../shared/options';
import { operationSubtitle, properties, router } from './actions/router';
import { searchDatasets, searchModels } from './methods/listSearch';

export class Akkio implements INodeType {
	description: INodeTypeDescription = {
		...nodeDescriptionBase,
		icon: { light: 'file:../../icons/akkio.svg', dark: 'file:../../icons/akkio.dark.svg' },
		usableAsTool: true,
		displayName: 'Akkio',
		name: 'akkio',
		// "Add Rows: Dataset": the names the editor lists, not the raw values.
		subtitle: operationSubtitle(properties[0], properties),
		description: 'Fill Akkio datasets, score items with trained models, and ask questions about your data with Chat Explore',
		defaults: { name: 'Akkio' },
		properties: [...properties, timeScaleField],
	};

	methods = { listSearch: { searchDatasets, searchModels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
