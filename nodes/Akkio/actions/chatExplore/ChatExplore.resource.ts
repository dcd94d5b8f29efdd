import type { INodeProperties } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/options';
import * as ask from './ask.operation';

export { ask };

export const description: INodeProperties[] = resourceDescription('chatExplore', 'ask', [ask]);
