import type { IExecuteFunctions } from 'n8n-workflow';

import { routeToOperation } from '../../shared/router';
import * as getResult from './getResult.operation';
import * as getStatus from './getStatus.operation';
import * as train from './train.operation';
import * as wait from './wait.operation';

/**
 * Akkio Train's operations on its one resource, trainings, in the order the editor shows their
 * fields: Train Model, then Get Status, Get Result and Wait for Training on the training a Task
 * ID names. Each is its fields (`description`), `readItem` (reads and checks one item, no I/O)
 * and `runItem` (one item's work).
 */
export const operations = { train, getStatus, getResult, wait };

/** One resource, trainings; its operations run through the shared item pipeline (shared/router.ts). */
export async function router(this: IExecuteFunctions) {
	return await routeToOperation(this, { training: operations }, 'training');
}
