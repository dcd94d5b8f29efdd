import type { IDataObject } from 'n8n-workflow';

import { UnexpectedAnswer } from '../errors';
import { asRecord, entriesOf, fieldsOrValue, finiteNumber, identifier, isRecord, label, nonEmptyText, parseJson, records, shortId, text, unusableInPath, type FieldsOrValue } from './index';

/**
 * An Akkio task's status answer (`GET …/status`: trainings, and Chat Explore questions, share
 * its shape) as the node's own value. Pure.
 */

export type TaskState =
	| { kind: 'running'; status: string; estimateSeconds?: number }
	| { kind: 'succeeded'; location?: string }
	/** `error`: Akkio's own explanation, when it gave one. */
	| { kind: 'failed'; error?: string }
	| { kind: 'timedOut' };

export interface TaskStatus {
	/** Akkio's status word, upper case ('UNKNOWN' when missing). */
	status: string;
	/** `metadata.type` when Akkio sent one (it can disagree with `status`). */
	metadataType?: string;
	done: boolean;
	state: TaskState;
}

/** Reads a status answer defensively: every field may be missing or of another type. */
export function decodeTaskStatus(answer: unknown): TaskStatus {
	const status = nonEmptyText(asRecord(answer).status)?.toUpperCase() ?? 'UNKNOWN';
	const metadata = asRecord(asRecord(answer).metadata);
	// Akkio's words are never dropped: an error in the metadata ends the task as failed, whatever
	// `status` says (Prism serves SUCCEEDED beside a FAILED metadata; the schema allows it).
	const error = nonEmptyText(metadata.error);
	const state: TaskState = error ? { kind: 'failed', error } : stateOf(status, metadata);
	const metadataType = nonEmptyText(metadata.type)?.toUpperCase();
	// SUCCEEDED, FAILED and UNKNOWN_TIMEOUT never change; anything else (PENDING, the docs'
	// SUBMITTED, IN_PROGRESS, any status Akkio adds later) means "not yet".
	return { status, ...(metadataType ? { metadataType } : {}), done: state.kind !== 'running', state };
}

function stateOf(status: string, metadata: Record<string, unknown>): TaskState {
	if (status === 'SUCCEEDED') return { kind: 'succeeded', location: text(metadata.location) };
	if (status === 'FAILED') return { kind: 'failed' };
	if (status === 'UNKNOWN_TIMEOUT') return { kind: 'timedOut' };
	const estimate = finiteNumber(metadata.estimate_seconds);
	return estimate !== undefined && estimate >= 0 ? { kind: 'running', status, estimateSeconds: estimate } : { kind: 'running', status };
}

// ------------------------------------------------------------------ trainings
/** Akkio's answers about trainings (the submit and the result) as the node's own values. Pure. */

/** The task ID of an accepted training submit. */
export function decodeSubmittedTask(answer: unknown): string {
	const taskId = identifier(asRecord(answer).task_id);
	if (!taskId || taskId.trim() === '') throw new UnexpectedAnswer('Akkio accepted the training but sent no task_id', 'Check the dataset in the Akkio app: the training may be running.');
	const unusable = unusableInPath(taskId);
	if (unusable) {
		throw new UnexpectedAnswer(
			`Akkio accepted the training but sent a task ID that cannot be used: ${JSON.stringify(shortId(taskId))}`,
			`It cannot be looked up (${unusable}), so the node did not poll it. The training may be running: open the dataset in the Akkio app and check whether a new model appeared before running this item again.`,
		);
	}
	return taskId;
}

/** One row of Akkio's per-class statistics for a categorical target. */
export interface ClassRow {
	fieldName?: string;
	fieldType?: string;
	className: string;
	count: number;
	f1: number;
	truePositives: number;
	precision?: number;
	recall?: number;
}

export interface DataStoryOutcome {
	target: string;
	outcome: string;
	averageCase?: number;
	causes: Array<{ field: string; topValue: string; bottomValue: string }>;
}

export interface TrainingResult {
	/** The answer exactly as Akkio sent it (the Raw output). */
	asSent: IDataObject;
	/** Said on every shaped item: a `location` that was not followed, say. */
	notice?: string;
	modelId: string | null;
	/** `stats` as sent; undefined when there is none. */
	statsAsSent: unknown;
	/**
	 * Per stats group (one per predicted field), its class rows, or undefined for a group of
	 * another shape (numeric targets, shapes Akkio adds later). Empty when stats is not a list.
	 */
	classRows: Array<ClassRow[] | undefined>;
	/** Every stats entry, groups flattened: its entries as Akkio sent them (or a bare value). */
	statsEntries: FieldsOrValue[];
	/** Field names the stats are about, in order, without repeats. */
	statsFieldNames: string[];
	/** Finite importances only, in Akkio's order. */
	fieldImportance: Array<{ field: string; importance: number }>;
	dataStory: DataStoryOutcome[];
}

function decodeClassRow(value: unknown): ClassRow | undefined {
	if (!isRecord(value)) return undefined;
	const count = finiteNumber(value.count);
	const f1 = finiteNumber(value.f1);
	const truePositives = finiteNumber(value['true positives']);
	const className = label(value.class_name);
	if (count === undefined || f1 === undefined || truePositives === undefined || className === undefined) return undefined;
	const [precision, recall] = [finiteNumber(value.precision), finiteNumber(value.recall)];
	return { fieldName: label(value.field_name) ?? label(value.field), fieldType: text(value.field_type), className, count, f1, truePositives, precision, recall };
}

function decodeClassGroup(group: unknown): ClassRow[] | undefined {
	if (!Array.isArray(group) || group.length === 0) return undefined;
	const rows = group.map(decodeClassRow);
	return rows.every((row): row is ClassRow => row !== undefined) ? rows : undefined;
}

/** The data story's outcomes; one whose names are not texts (or numbers) is left out. */
function decodeDataStory(story: unknown): DataStoryOutcome[] {
	return records(story).flatMap((entry) => {
		const target = label(entry.name);
		if (target === undefined) return [];
		return records(entry.outcomes).flatMap((item) => {
			const outcome = label(item.outcome);
			if (outcome === undefined) return [];
			const causes = records(item.causes).flatMap((cause) => {
				const [field, topValue, bottomValue] = [label(cause.field), label(cause.top_value), label(cause.bottom_value)];
				return field === undefined || topValue === undefined || bottomValue === undefined ? [] : [{ field, topValue, bottomValue }];
			});
			return [{ target, outcome, averageCase: finiteNumber(item.avg_case), causes }];
		});
	});
}

/** A finished training's result. Never throws: what cannot be read is left out or kept as sent. */
export function decodeTrainingResult(answer: unknown): TrainingResult {
	const asSent = isRecord(answer) ? answer : { result: answer as IDataObject };
	const record = asRecord(answer);
	const stats = Array.isArray(record.stats) ? record.stats : [];
	const entries: unknown[] = stats.flatMap((group) => (Array.isArray(group) ? group : [group]));
	return {
		asSent,
		modelId: typeof record.model_id === 'string' ? record.model_id : null,
		statsAsSent: record.stats,
		classRows: stats.map(decodeClassGroup),
		statsEntries: entries.map(fieldsOrValue),
		statsFieldNames: [...new Set(records(entries).flatMap((entry) => (typeof entry.field_name === 'string' ? [entry.field_name] : [])))],
		fieldImportance: [...entriesOf(record.field_importance)].flatMap(([field, value]) => {
			const number = finiteNumber(value);
			return number === undefined ? [] : [{ field, importance: number }];
		}),
		dataStory: decodeDataStory(record.data_story),
	};
}

// ------------------------------------------------------------------ Chat Explore and projects
/**
 * Akkio's Chat Explore and project answers as the node's own values. Pure. The chat
 * (`_ApiBaseChatRecord`) holds the messages asked and Akkio's answer; an answer's images are
 * PNGs in base64 or Plotly figures (as a JSON text or an object), as `image_format` asked.
 */

/** The first bytes of every PNG file. */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const DATA_URL_PREFIX = /^data:[\w.+/-]*;base64,/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export type ChatImage =
	| { kind: 'png'; bytes: Buffer }
	| { kind: 'plotly'; figure: IDataObject }
	/** Neither: kept as Akkio sent it. */
	| { kind: 'unreadable'; sent: unknown };

export interface ChatMessage {
	role: string;
	content: string;
	images: ChatImage[];
	/** Akkio's table: one record per row, keyed by column name; null when the message has none. */
	table: IDataObject[] | null;
}

export interface ChatAnswer {
	chatId: string;
	/** Said on the answer item: a `location` that was not followed. */
	notice?: string;
	/** The conversation as Akkio keeps it: the messages asked, then the answer. */
	messages: ChatMessage[];
	/** Akkio's answer: the last assistant message. */
	answer: ChatMessage;
}

function decodePng(text: string): Buffer | undefined {
	const base64 = text.trim().replace(DATA_URL_PREFIX, '').replace(/\s+/g, '');
	if (base64.length < 12 || !BASE64.test(base64)) return undefined;
	const bytes = Buffer.from(base64, base64.includes('-') || base64.includes('_') ? 'base64url' : 'base64');
	return PNG_SIGNATURE.every((byte, index) => bytes[index] === byte) ? bytes : undefined;
}

/** One image of an answer: a PNG, a Plotly figure, or something else (kept as sent). */
export function decodeChatImage(value: unknown): ChatImage {
	if (isRecord(value)) return { kind: 'plotly', figure: value };
	if (typeof value !== 'string') return { kind: 'unreadable', sent: value };
	if (value.trim().startsWith('{')) {
		const parsed = parseJson(value);
		if (parsed.ok && isRecord(parsed.value)) return { kind: 'plotly', figure: parsed.value };
	}
	const bytes = decodePng(value);
	return bytes ? { kind: 'png', bytes } : { kind: 'unreadable', sent: value };
}

function decodeMessage(record: IDataObject): ChatMessage {
	const images = Array.isArray(record.images) ? record.images.map(decodeChatImage) : [];
	return { role: text(record.role) ?? '', content: text(record.content) ?? '', images, table: Array.isArray(record.table) ? records(record.table) : null };
}

/** A chat fetched once its question succeeded. Throws UnexpectedAnswer when it holds no answer. */
export function decodeChatRecord(answer: unknown, chatId: string): ChatAnswer {
	const messages = records(asRecord(answer).messages).map(decodeMessage);
	const last = messages[messages.length - 1];
	if (!last || last.role !== 'assistant') {
		throw new UnexpectedAnswer(
			`Akkio's chat ${chatId} holds no answer from Chat Explore`,
			messages.length
				? 'The last message of the chat is not from the assistant. Ask the question again.'
				: 'Akkio sent the chat without messages. Ask the question again.',
		);
	}
	return { chatId, messages, answer: last };
}

/** The task ID of an accepted question. */
export function decodeSubmittedQuestion(answer: unknown): string {
	const taskId = identifier(asRecord(answer).task_id);
	if (taskId) return taskId;
	throw new UnexpectedAnswer('Akkio accepted the question but sent no task_id', 'Ask the question again; the answer of this one cannot be found without its task ID.');
}

export function decodeProject(answer: unknown, knownId?: string): IDataObject {
	const record = asRecord(answer);
	const id = identifier(record.id) ?? knownId;
	if (!id) throw new UnexpectedAnswer('Akkio created the project but sent no id', 'Open the projects in the Akkio app to find it; running this item again would create a second one.');
	const [name, chat_context, chat_instructions, chat_suggestions] = [record.name, record.chatContext, record.chatInstructions, record.chatSuggestions].map((value) => text(value) ?? '');
	return { project_id: id, name, chat_context, chat_instructions, chat_suggestions };
}
