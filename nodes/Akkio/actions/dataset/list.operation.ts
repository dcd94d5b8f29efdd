import { listDatasets } from '../../../shared/catalog';
import { listOperation } from '../common';

export const { option, description, readItem, runItem } = listOperation('dataset', listDatasets);
