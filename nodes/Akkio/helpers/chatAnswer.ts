import type { IDataObject } from 'n8n-workflow';

import type { ChatAnswer } from '../../shared/decode';

/** Table rows an AI agent gets from Ask at most: enough to answer from, small enough for a model. */
const TOOL_TABLE_ROWS = 50;

/** Chat Explore answers as items. Pure: decoded values in, plain objects out. */

/**
 * The answer item (without binary data): the answer's text, its table as a list, Plotly
 * figures, and the conversation as `{ role, content }` for a follow-up (images and tables are
 * left out of it: Akkio keeps them in the chat, and they would make every follow-up large).
 */
export function answerJson(chat: ChatAnswer, asked: { taskId: string; target: IDataObject; question: string }): IDataObject {
	const figures = chat.answer.images.flatMap((image) => (image.kind === 'plotly' ? [image.figure] : []));
	const unreadable = chat.answer.images.flatMap((image) => (image.kind === 'unreadable' ? [image.sent as IDataObject] : []));
	return {
		answer: chat.answer.content,
		question: asked.question,
		...asked.target,
		chat_id: chat.chatId,
		task_id: asked.taskId,
		table: chat.answer.table,
		...(figures.length ? { charts: figures } : {}),
		...(unreadable.length ? { unreadable_images: unreadable } : {}),
		messages: chat.messages.map(({ role, content }) => ({ role, content })),
		...(chat.notice ? { notice: chat.notice } : {}),
	};
}

/** The answer's PNG charts as files: the first in `property`, the next in `property_2` … (`akkio-chart-<chat ID>[-n].png`). */
export function chartFiles(chat: ChatAnswer, property: string) {
	const safeId = chat.chatId.replace(/[^A-Za-z0-9_-]/g, '_');
	const pngs = chat.answer.images.flatMap((image) => (image.kind === 'png' ? [image.bytes] : []));
	return pngs.map((bytes, i) => ({ property: i ? `${property}_${i + 1}` : property, fileName: `akkio-chart-${safeId}${i ? `-${i + 1}` : ''}.png`, bytes }));
}

/** What an AI agent gets: the answer's text and its table (at most TOOL_TABLE_ROWS rows, with a note when cut), no binary data, no conversation. */
export function toolJson({ answer: { table, content }, chatId }: ChatAnswer): IDataObject {
	const cut = table !== null && table.length > TOOL_TABLE_ROWS;
	return {
		answer: content,
		table: table && table.slice(0, TOOL_TABLE_ROWS),
		...(cut ? { table_note: `The table has ${table.length} rows; the first ${TOOL_TABLE_ROWS} are shown.` } : {}),
		chat_id: chatId,
	};
}
