import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { optionsCollection } from '../../shared/options';
import { parseJson } from '../../shared/decode';
import { describeType, readBoolean, readNumber, refuse, shown } from '../../shared/parameters';
import { akkioRequest, type RequestContext, type RequestPurpose } from '../../shared/transport';

/** Return All / Limit, as n8n's list operations have them. */
export const limitFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** How many entries to output; Infinity with Return All. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number {
	if (readBoolean(ctx, itemIndex, 'returnAll', 'Return All')) return Infinity;
	return readNumber(ctx, itemIndex, 'limit', 'Limit', { fallback: 50, max: 100000, whole: true });
}

/** Batch Size: rows per request. */
export function batchSizeOption(defaultSize: number, what: string): INodeProperties {
	return {
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: defaultSize,
		description: `How many ${what} go to Akkio in one request`,
	};
}

/** Batch Size applies to the whole execution: read from the first item. */
export function readBatchSize(ctx: IExecuteFunctions, defaultSize: number): number {
	return readNumber(ctx, 0, 'options.batchSize', 'Batch Size', { fallback: defaultSize, max: 10000, whole: true });
}

/** The parts of an operation both resources share the shape of (Delete, List). */
interface SimpleOperation<Plan> {
	option: INodePropertyOptions;
	description: INodeProperties[];
	readItem(ctx: IExecuteFunctions, itemIndex: number): Plan;
	runItem(rc: RequestContext, plan: Plan, itemIndex: number): Promise<IDataObject[]>;
}

/** Delete on a legacy route: `{ <idKey>: id, deleted: true }`. */
export function deleteOperation(spec: {
	resource: 'dataset' | 'model';
	locator: INodeProperties;
	readId: (ctx: IExecuteFunctions, itemIndex: number) => string;
	path: string;
	purpose: RequestPurpose;
	idKey: string;
}): SimpleOperation<string> {
	return {
		option: { name: 'Delete', value: 'delete', description: `Delete a ${spec.resource}`, action: `Delete a ${spec.resource}` },
		description: updateDisplayOptions({ show: { resource: [spec.resource], operation: ['delete'] } }, [spec.locator, optionsCollection()]),
		readItem: spec.readId,
		async runItem(rc, id, itemIndex) {
			await akkioRequest(rc, { method: 'DELETE', path: spec.path, body: { id }, purpose: spec.purpose, itemIndex });
			return [{ [spec.idKey]: id, deleted: true }];
		},
	};
}

/** A list with Return All / Limit: one item per entry `list` returns. */
export function listOperation(
	resource: 'dataset' | 'model',
	what: string,
	list: (rc: RequestContext, itemIndex: number) => Promise<IDataObject[]>,
): SimpleOperation<number> {
	return {
		option: { name: 'List', value: 'list', description: `List the team's ${what}`, action: `List ${resource}s` },
		description: updateDisplayOptions({ show: { resource: [resource], operation: ['list'] } }, [...limitFields, optionsCollection()]),
		readItem: readLimit,
		async runItem(rc, limit, itemIndex) {
			return (await list(rc, itemIndex)).slice(0, limit);
		},
	};
}

// ------------------------------------------------------------------ Chat Explore's input

/** Chat Explore's question: a text with something in it. */
export function validateQuestion(value: unknown): string {
	const hint = 'Write the question in plain language, for example "What is the average deal size by region?".';
	if (typeof value !== 'string') refuse('Question', `expected a text, got ${describeType(value)}`, hint);
	const question = value.trim();
	if (question === '') refuse('Question', 'is empty', hint);
	if (/\p{Cs}/u.test(question)) refuse('Question', 'contains a broken character', hint);
	return question;
}

export const CHAT_ROLES = ['user', 'assistant'] as const;

/**
 * Earlier messages of a conversation, for a follow-up question: a list of `{ role, content }`
 * (as the Ask operation outputs in `messages`), or that list as JSON text. Only `role` and
 * `content` are kept; empty means a new conversation.
 */
export function parseChatMessages(value: unknown): Array<{ role: string; content: string }> {
	const [parameter, hint] = ['Earlier Messages', 'Use the messages of an earlier answer, for example {{ $json.messages }}: a list of { "role": "user" or "assistant", "content": "..." }.'];
	let list = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return [];
		const parsed = parseJson(value);
		list = parsed.ok ? parsed.value : refuse(parameter, 'is not valid JSON', hint);
	}
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list)) refuse(parameter, `expected a list of messages, got ${describeType(list)}`, hint);
	return (list as unknown[]).map((entry, index) => {
		const position = `message ${index + 1}`;
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) refuse(parameter, `${position} is ${describeType(entry)}, not { role, content }`, hint);
		const { role, content } = entry as { role?: unknown; content?: unknown };
		if (typeof role !== 'string' || !(CHAT_ROLES as readonly string[]).includes(role)) {
			refuse(parameter, `${position} has the role ${typeof role === 'string' ? shown(role) : describeType(role)} (expected "user" or "assistant")`, hint);
		}
		if (typeof content !== 'string') refuse(parameter, `${position} has ${describeType(content)} as content, not a text`, hint);
		return { role: role as string, content: content as string };
	});
}
