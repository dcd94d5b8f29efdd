import type { IDataObject } from 'n8n-workflow';

import { UnexpectedAnswer } from '../errors';
import { asRecord, identifier, isRecord, parseJson, records } from './json';

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
	return {
		role: typeof record.role === 'string' ? record.role : '',
		content: typeof record.content === 'string' ? record.content : '',
		images: Array.isArray(record.images) ? record.images.map(decodeChatImage) : [],
		table: Array.isArray(record.table) ? records(record.table) : null,
	};
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
	throw new UnexpectedAnswer(
		'Akkio accepted the question but sent no task_id',
		'Ask the question again; the answer of this one cannot be found without its task ID.',
	);
}

export interface Project {
	id: string;
	name: string;
	chatContext: string;
	chatInstructions: string;
	chatSuggestions: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * A project (`GetProjectResponse`). `knownId`: the ID asked for (Get, Update); without it (Create)
 * an answer without an ID is an error, since the project could not be found again.
 */
export function decodeProject(answer: unknown, knownId?: string): Project {
	const record = asRecord(answer);
	const id = identifier(record.id) ?? knownId;
	if (!id) {
		throw new UnexpectedAnswer(
			'Akkio created the project but sent no id',
			'Open the projects in the Akkio app to find it; running this item again would create a second one.',
		);
	}
	return {
		id,
		name: text(record.name),
		chatContext: text(record.chatContext),
		chatInstructions: text(record.chatInstructions),
		chatSuggestions: text(record.chatSuggestions),
	};
}
