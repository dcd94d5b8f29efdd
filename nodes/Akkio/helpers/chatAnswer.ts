import type { IDataObject } from 'n8n-workflow';

import { TOOL_TABLE_ROWS } from '../../shared/constants';
import type { ChatAnswer } from '../../shared/decode';

/** Chat Explore answers and projects as items. Pure: decoded values in, plain objects out. */

/** What the item asked: its task, what about, and its question. */
export interface AskedQuestion {
	taskId: string;
	target: { dataset_id: string } | { project_id: string };
	question: string;
}

/** A chart of the answer as a file: the bytes, the binary field and file name it gets. */
export interface ChartFile {
	property: string;
	fileName: string;
	bytes: Buffer;
}

/**
 * The answer item (without binary data): the answer's text, its table as a list, Plotly
 * figures, and the conversation as `{ role, content }` for a follow-up (images and tables are
 * left out of it: Akkio keeps them in the chat, and they would make every follow-up large).
 */
export function answerJson(chat: ChatAnswer, asked: AskedQuestion): IDataObject {
	const { answer } = chat;
	const figures = answer.images.flatMap((image) => (image.kind === 'plotly' ? [image.figure] : []));
	const unreadable = answer.images.flatMap((image) => (image.kind === 'unreadable' ? [image.sent] : []));
	return {
		answer: answer.content,
		question: asked.question,
		...asked.target,
		chat_id: chat.chatId,
		task_id: asked.taskId,
		table: answer.table,
		...(figures.length ? { charts: figures } : {}),
		...(unreadable.length ? { unreadable_images: unreadable as IDataObject[] } : {}),
		messages: chat.messages.map(({ role, content }) => ({ role, content })),
		...(chat.notice ? { notice: chat.notice } : {}),
	};
}

/**
 * The answer's PNG charts as files: the first in `property`, the next in `property_2`,
 * `property_3` … (each `akkio-chart-<chat ID>[-n].png`).
 */
export function chartFiles(chat: ChatAnswer, property: string): ChartFile[] {
	const pngs = chat.answer.images.flatMap((image) => (image.kind === 'png' ? [image.bytes] : []));
	const safeId = chat.chatId.replace(/[^A-Za-z0-9_-]/g, '_');
	return pngs.map((bytes, index) => ({
		property: index === 0 ? property : `${property}_${index + 1}`,
		fileName: index === 0 ? `akkio-chart-${safeId}.png` : `akkio-chart-${safeId}-${index + 1}.png`,
		bytes,
	}));
}

/** One item per row of the answer's table (none without a table), each the row as Akkio sent it. */
export function tableRowItems(chat: ChatAnswer): IDataObject[] {
	return (chat.answer.table ?? []).map((row) => ({ ...row }));
}

/**
 * What an AI agent gets: the answer's text and its table (at most TOOL_TABLE_ROWS rows, with a
 * note when it was cut), never binary data or the conversation.
 */
export function toolJson(chat: ChatAnswer): IDataObject {
	const { table, content } = chat.answer;
	const cut = table !== null && table.length > TOOL_TABLE_ROWS;
	return {
		answer: content,
		table: table && table.slice(0, TOOL_TABLE_ROWS),
		...(cut ? { table_note: `The table has ${table.length} rows; the first ${TOOL_TABLE_ROWS} are shown.` } : {}),
		chat_id: chat.chatId,
	};
}
