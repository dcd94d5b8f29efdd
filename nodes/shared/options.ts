import { NodeConnectionTypes, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_REQUEST_TIMEOUT_SECONDS } from './constants';

/** What both nodes' descriptions share. (The icon and usableAsTool stay in each class, where n8n's lint looks for them.) */
export const nodeDescriptionBase = { group: ['transform'], version: 1, inputs: [NodeConnectionTypes.Main], outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'akkioApi', required: true }] } satisfies Partial<INodeTypeDescription>;


/** An Options parameter; each choice is [name, value, description?]. */
export const choiceField = (displayName: string, name: string, fallback: string, choices: string[][], more: Partial<INodeProperties> = {}): INodeProperties =>
	({ displayName, name, type: 'options', default: fallback, options: choices.map(([label, value, description]) => ({ name: label, value, ...(description ? { description } : {}) })), ...more });

/** An Options collection: the operation's own options, then the request options every operation offers (read by the transport). */
export const optionsCollection = (extra: INodeProperties[] = []): INodeProperties =>
	({ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [...extra,
	{ displayName: 'Max Requests per Second', name: 'maxRequestsPerSecond', type: 'number', default: DEFAULT_MAX_REQUESTS_PER_SECOND, typeOptions: { minValue: 0.1, numberPrecision: 1 },
		description: "Ceiling on this node's requests to Akkio, retries included. Akkio allows 5 per second per account; lower it if other workflows share the key." },
	{ displayName: 'Request Timeout (Seconds)', name: 'requestTimeoutSeconds', type: 'number', default: DEFAULT_REQUEST_TIMEOUT_SECONDS, typeOptions: { minValue: 1 },
		description: 'How long one request to Akkio may take before it counts as failed' },
	] });

/**
 * Lets the tests and the benchmark run Akkio's clock faster than real time: every wait,
 * interval and budget window of the node is multiplied by it. Not shown in the editor.
 */
export const timeScaleField: INodeProperties = { displayName: 'Time Scale', name: 'timeScale', type: 'hidden', default: 1 };
