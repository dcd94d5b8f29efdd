import type { IExecuteFunctions } from 'n8n-workflow';

import { routeToOperation } from '../../shared/router';
import * as getResult from './getResult.operation';
import * as getStatus from './getStatus.operation';
import * as train from './train.operation';
import * as wait from './wait.operation';

/** Akkio Train's operations, in the order the editor shows their fields. */
export const operations = { train, getStatus, getResult, wait };

/** One resource, trainings; its operations run through the shared item pipeline. */
export async function router(this: IExecuteFunctions) {
	return await routeToOperation(this, { training: operations }, 'training');
}
