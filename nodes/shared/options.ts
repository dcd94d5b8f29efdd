import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodePropertyOptions as Option, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_REQUEST_TIMEOUT_SECONDS } from './constants';

/** What both nodes' descriptions share. (The icon and usableAsTool stay in each class, where n8n's lint looks for them.) */
export const nodeDescriptionBase = { group: ['transform'], version: 1, inputs: [NodeConnectionTypes.Main], outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'akkioApi', required: true }] } satisfies Partial<INodeTypeDescription>;

/**
 * A resource's part of the node description: its Operation selector (each operation with the
 * action text n8n shows in the node panel and gives an AI agent), then each operation's fields.
 */
export function resourceDescription(resource: string, defaultOperation: string, operations: Array<{ option: Option; description: INodeProperties[] }>) {
	const selector: INodeProperties = { displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, default: defaultOperation,
		displayOptions: { show: { resource: [resource] } }, options: operations.map((operation) => operation.option) };
	return [selector, ...operations.flatMap((operation) => operation.description)];
}

/**
 * The canvas subtitle of a node with resources: "<Operation>: <Resource>" in the names the editor
 * lists, from the Operation selectors among `properties`. One flat lookup keyed
 * "resource.operation", so that no "}}" ends the expression early.
 */
export function operationSubtitle(resourceField: INodeProperties, properties: INodeProperties[]): string {
	const names = properties.filter((field) => field.name === 'operation').flatMap((field) => ((resourceField.options ?? []) as Option[])
		.filter((resource) => field.displayOptions?.show?.resource?.includes(resource.value))
		.flatMap((resource) => ((field.options ?? []) as Option[]).map((operation) => [`${resource.value}.${operation.value}`, `${operation.name}: ${resource.name}`])));
	return `={{ ${JSON.stringify(Object.fromEntries(names))}[$parameter["resource"] + "." + $parameter["operation"]] }}`;
}

export const noticeField = (name: string, text: string): INodeProperties => ({ displayName: text, name, type: 'notice', default: '' });

/** An Options parameter; each choice is [name, value, description?]. */
export const choiceField = (displayName: string, name: string, fallback: string, choices: string[][], more: Partial<INodeProperties> = {}): INodeProperties =>
	({ displayName, name, type: 'options', default: fallback, options: choices.map(([label, value, description]) => ({ name: label, value, ...(description ? { description } : {}) })), ...more });

/** The required Name of something an operation creates (a dataset, a project). */
export const nameField = (what: string, example: string): INodeProperties =>
	({ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', placeholder: `e.g. ${example}`, description: `Name of the new ${what} in Akkio` });

/** The request options every operation offers (read by the transport). */
const requestOptions: INodeProperties[] = [
	{ displayName: 'Max Requests per Second', name: 'maxRequestsPerSecond', type: 'number', default: DEFAULT_MAX_REQUESTS_PER_SECOND, typeOptions: { minValue: 0.1, numberPrecision: 1 },
		description: "Ceiling on this node's requests to Akkio, retries included. Akkio allows 5 per second per account; lower it if other workflows share the key." },
	{ displayName: 'Request Timeout (Seconds)', name: 'requestTimeoutSeconds', type: 'number', default: DEFAULT_REQUEST_TIMEOUT_SECONDS, typeOptions: { minValue: 1 },
		description: 'How long one request to Akkio may take before it counts as failed' },
];

/** An Options collection: the operation's own options, then the request options. */
export const optionsCollection = (extra: INodeProperties[] = []): INodeProperties =>
	({ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [...extra, ...requestOptions] });

/**
 * Lets the tests and the benchmark run Akkio's clock faster than real time: every wait,
 * interval and budget window of the node is multiplied by it. Not shown in the editor.
 */
export const timeScaleField: INodeProperties = { displayName: 'Time Scale', name: 'timeScale', type: 'hidden', default: 1 };
