import { NodeOperationError, type INodeType, type INodeTypeDescription, type IPollFunctions } from 'n8n-workflow';

import { searchDatasets } from '../AkkioTrain/methods/listSearch';
import { getDataset, listDatasets, listModels } from '../shared/catalog';
import { asNodeError } from '../shared/errors';
import { datasetLocator } from '../shared/locators';
import { choiceField, nodeDescriptionBase } from '../shared/options';
import { evaluated, validateChoice, validateDatasetId, validatePositiveNumber } from '../shared/parameters';
import { lookupRequestContext } from '../shared/transport';
import { datasetGrowth, newEntries } from './events';

/**
 * A polling trigger (Akkio has no webhooks). n8n calls poll() on the Poll Times schedule; the
 * first poll after activation records what Akkio shows and fires nothing; each later poll fires
 * what changed since. In manual mode ("Fetch Test Event") it returns the current state as an
 * example at once and changes nothing. The state (IDs and counts, in the node's static data, or
 * n8n's staged poll cursor) is written only after every request of the poll succeeded, so a
 * failed poll fires nothing and the next one fires what was missed, once.
 */
const growthOnly = { displayOptions: { show: { event: ['datasetRowsGrew'] } } };

export class AkkioTrigger implements INodeType {
	description: INodeTypeDescription = {
		...nodeDescriptionBase,
		displayName: 'Akkio Trigger',
		name: 'akkioTrigger',
		icon: { light: 'file:../../icons/akkio.svg', dark: 'file:../../icons/akkio.dark.svg' },
		group: ['trigger'],
		subtitle: '={{ { datasetRowsGrew: "Dataset Rows Grew", newModel: "New Model", newDataset: "New Dataset" }[$parameter["event"]] }}',
		description: 'Starts the workflow when an Akkio dataset grows or a new model or dataset appears',
		defaults: { name: 'Akkio Trigger' },
		polling: true,
		inputs: [],
		properties: [
			choiceField('Event', 'event', 'datasetRowsGrew', [
				['Dataset Rows Grew', 'datasetRowsGrew', 'A dataset grew by at least the set amount since the trigger last fired'],
				['New Dataset', 'newDataset', 'A dataset appeared in the account'],
				['New Model', 'newModel', 'A model appeared in the account, for example after a training'],
			], { noDataExpression: true }),
			datasetLocator(growthOnly),
			choiceField('Grown By', 'growthUnit', 'percent', [['Percent of Its Rows', 'percent'], ['Number of Rows', 'rows']], growthOnly),
			{
				displayName: 'At Least',
				name: 'minGrowth',
				type: 'number',
				default: 10,
				...growthOnly,
				description: 'How much the dataset must grow (in percent or rows, as chosen above) since the trigger last fired or was activated',
			},
		],
	};

	methods = { listSearch: { searchDatasets } };

	async poll(this: IPollFunctions) {
		const read = (name: string, label: string, fallback: unknown) => evaluated(label, () => this.getNodeParameter(name, fallback, { extractValue: true }));
		const state = this.getWorkflowStaticData('node');
		const manual = this.getMode() === 'manual';
		const observe = async () => {
			// Parameters are checked before any request.
			const event = validateChoice('Event', read('event', 'Event', 'datasetRowsGrew'), ['datasetRowsGrew', 'newModel', 'newDataset']);
			const growth = event === 'datasetRowsGrew' && {
				datasetId: validateDatasetId(read('datasetId', 'Dataset', '')),
				unit: validateChoice('Grown By', read('growthUnit', 'Grown By', 'percent'), ['percent', 'rows']),
				threshold: validatePositiveNumber('At Least', read('minGrowth', 'At Least', 10), 1e9),
			};
			const rc = await lookupRequestContext(this);
			if (!growth) {
				const [listed, idKey] = event === 'newModel' ? [await listModels(rc), 'model_id'] : [await listDatasets(rc), 'dataset_id'];
				return newEntries(state, event, listed, idKey, manual);
			}
			const { name, rowCount } = await getDataset(rc, growth.datasetId);
			if (rowCount === null) {
				const description = 'Check the dataset in the Akkio app; the trigger tries again at the next poll.';
				throw new NodeOperationError(this.getNode(), `Akkio sent no row count for dataset ${growth.datasetId}`, { description });
			}
			return datasetGrowth(state, { ...growth, name, rowCount }, manual);
		};
		// `next` is a copy: the state returned may be the very object it replaces.
		const { items, state: { ...next } } = await observe().catch((error) => { throw asNodeError(this.getNode(), error); });
		if (!manual) {
			// Every request succeeded: only now is the state replaced.
			for (const key of Object.keys(state)) delete state[key];
			Object.assign(state, next);
		}
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}
