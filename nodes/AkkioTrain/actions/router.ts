import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as getResult from './getResult.operation';
import * as getStatus from './getStatus.operation';
import * as train from './train.operation';
import * as wait from './wait.operation';

const operations = { train, getStatus, getResult, wait };

export type AkkioTrainOperation = keyof typeof operations;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	if (!Object.prototype.hasOwnProperty.call(operations, operation)) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	const returnData = await operations[operation as AkkioTrainOperation].execute.call(this, items);
	return [returnData];
}
