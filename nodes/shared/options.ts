import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_REQUEST_TIMEOUT_SECONDS } from './constants';
import { validatePositiveNumber } from './validation';
import { asNodeError, readParameter } from './pipeline';
import { createSession, type AkkioSession } from './transport';

/** The request options every operation offers, and the session they configure. */
export const requestOptions: INodeProperties[] = [
	{
		displayName: 'Max Requests per Second',
		name: 'maxRequestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0.1, numberPrecision: 1 },
		default: DEFAULT_MAX_REQUESTS_PER_SECOND,
		description:
			"Ceiling for this node's requests to Akkio, counting every request and retry. Akkio allows 5 per second per account; lower it when other workflows use the same key at the same time.",
	},
	{
		displayName: 'Request Timeout (Seconds)',
		name: 'requestTimeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_REQUEST_TIMEOUT_SECONDS,
		description: 'How long one HTTP request to Akkio may take before it counts as failed',
	},
];

/** An Options collection holding the request options plus any operation-specific ones. */
export function optionsCollection(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...extra, ...requestOptions],
	};
}

/**
 * Lets the tests and the benchmark run Akkio's clock faster than real time: every wait,
 * interval and budget window of the node is multiplied by it. Not shown in the editor.
 */
export const timeScaleField: INodeProperties = {
	displayName: 'Time Scale',
	name: 'timeScale',
	type: 'hidden',
	default: 1,
};

/**
 * One session per execution: the budget is shared by every item of the node. The request
 * options apply to the whole execution and are read from the first item.
 */
export async function openSession(ctx: IExecuteFunctions): Promise<AkkioSession> {
	try {
		const option = (name: string, label: string, fallback: number, max: number) => {
			const value = readParameter(ctx, `options.${name}`, label, 0, fallback);
			return validatePositiveNumber(label, value ?? fallback, max);
		};
		return await createSession(ctx, {
			maxRequestsPerSecond: option('maxRequestsPerSecond', 'Max Requests per Second', DEFAULT_MAX_REQUESTS_PER_SECOND, 100),
			requestTimeoutSeconds: option('requestTimeoutSeconds', 'Request Timeout (Seconds)', DEFAULT_REQUEST_TIMEOUT_SECONDS, 3600),
			timeScale: validatePositiveNumber('Time Scale', readParameter(ctx, 'timeScale', 'Time Scale', 0, 1), 1000),
		});
	} catch (error) {
		throw asNodeError(ctx, error, 0);
	}
}
