import type { INodeProperties } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/options';
import * as addRows from './addRows.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';

export { addRows, create, del as delete, get, list };

export const description: INodeProperties[] = resourceDescription('dataset', 'addRows', [addRows, create, del, get, list]);
