import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodePropertyOptions, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_REQUEST_TIMEOUT_SECONDS } from './constants';

/** What both nodes' descriptions share. (The icon and usableAsTool stay in each class, where n8n's lint looks for them.) */
export const nodeDescriptionBase = {
	group: ['transform'],
	version: 1,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'akkioApi', required: true }],
} satisfies Partial<INodeTypeDescription>;

/**
 * A resource's part of the node description: its Operation selector (each operation with the
 * action text n8n shows in the node panel and gives an AI agent), then each operation's fields.
 */
export function resourceDescription(resource: string, defaultOperation: string, operations: Array<{ option: INodePropertyOptions; description: INodeProperties[] }>): INodeProperties[] {
	const options = operations.map((operation) => operation.option);
	const selector: INodeProperties = { displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, displayOptions: { show: { resource: [resource] } }, default: defaultOperation, options };
	return [selector, ...operations.flatMap((operation) => operation.description)];
}

/**
 * The canvas subtitle of a node with resources: "<Operation>: <Resource>" in the names the editor
 * lists, from the Operation selectors among `properties`. One flat lookup keyed
 * "resource.operation", so that no "}}" ends the expression early.
 */
export function operationSubtitle(resourceField: INodeProperties, properties: INodeProperties[]): string {
	const names: Record<string, string> = {};
	for (const field of properties.filter((property) => property.name === 'operation')) {
		for (const resource of (resourceField.options ?? []) as INodePropertyOptions[]) {
			if (!field.displayOptions?.show?.resource?.includes(resource.value)) continue;
			for (const operation of (field.options ?? []) as INodePropertyOptions[]) names[`${resource.value}.${operation.value}`] = `${operation.name}: ${resource.name}`;
		}
	}
	return `={{ ${JSON.stringify(names)}[$parameter["resource"] + "." + $parameter["operation"]] }}`;
}

export const noticeField = (name: string, text: string): INodeProperties => ({ displayName: text, name, type: 'notice', default: '' });

/** The required Name of something an operation creates (a dataset, a project). */
export function nameField(what: string, example: string): INodeProperties {
	return { displayName: 'Name', name: 'name', type: 'string', required: true, default: '', placeholder: `e.g. ${example}`, description: `Name of the new ${what}, as Akkio will show it` };
}

/** An Options collection: the operation's own options, then the request options every operation offers (read by the transport). */
export function optionsCollection(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...extra,
			{
				displayName: 'Max Requests per Second',
				name: 'maxRequestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: DEFAULT_MAX_REQUESTS_PER_SECOND,
				description: "Ceiling for this node's requests to Akkio, retries included. Akkio allows 5 per second per account: lower it when other workflows share the key.",
			},
			{
				displayName: 'Request Timeout (Seconds)',
				name: 'requestTimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_REQUEST_TIMEOUT_SECONDS,
				description: 'How long one request to Akkio may take before it counts as failed',
			},
		],
	};
}

/**
 * Lets the tests and the benchmark run Akkio's clock faster than real time: every wait,
 * interval and budget window of the node is multiplied by it. Not shown in the editor.
 */
export const timeScaleField: INodeProperties = { displayName: 'Time Scale', name: 'timeScale', type: 'hidden', default: 1 };
