import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeToOperation, type Resources } from '../../shared/router';
import * as getResult from './getResult.operation';
import * as getStatus from './getStatus.operation';
import * as train from './train.operation';
import * as wait from './wait.operation';

/** Akkio Train has one resource, trainings; its operations run through the shared item pipeline. */
const resources: Resources = {
	training: { train, getStatus, getResult, wait },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeToOperation(this, resources, 'training');
}
