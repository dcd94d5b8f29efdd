import type { INodeProperties } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/options';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as update from './update.operation';

export { create, del as delete, get, update };

export const description: INodeProperties[] = resourceDescription('project', 'create', [create, del, get, update]);
