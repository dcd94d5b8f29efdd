import type { INodeProperties } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/options';
import * as del from './delete.operation';
import * as list from './list.operation';
import * as predict from './predict.operation';

export { del as delete, list, predict };

export const description: INodeProperties[] = resourceDescription('model', 'predict', [del, list, predict]);
