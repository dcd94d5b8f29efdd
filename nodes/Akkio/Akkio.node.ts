import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeDescriptionBase, timeScaleField } from '../shared/options';
import { properties, router, subtitle } from './actions/router';
import { searchDatasets, searchModels } from './methods/listSearch';

export class Akkio implements INodeType {
	description: INodeTypeDescription = {
		...nodeDescriptionBase,
		icon: { light: 'file:../../icons/akkio.svg', dark: 'file:../../icons/akkio.dark.svg' },
		usableAsTool: true,
		displayName: 'Akkio',
		name: 'akkio',
		subtitle,
		description: 'Fill Akkio datasets, score items with trained models, and ask questions about your data with Chat Explore',
		defaults: { name: 'Akkio' },
		properties: [...properties, timeScaleField],
	};

	methods = { listSearch: { searchDatasets, searchModels } };

	execute = router;
}
