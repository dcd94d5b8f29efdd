import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_REQUEST_TIMEOUT_SECONDS } from './constants';

/** The request options every operation offers (read by transport/requestContext.ts). */
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
