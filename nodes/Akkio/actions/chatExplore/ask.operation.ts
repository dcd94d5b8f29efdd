import type { IBinaryKeyData, IDataObject, IExecuteFunctions as Ctx } from 'n8n-workflow';

import { decodeChatRecord, decodeSubmittedQuestion, parseJson, type ChatAnswer } from '../../../shared/decode';
import { datasetLocator } from '../../../shared/locators';
import { choiceField } from '../../../shared/options';
import { describeType, readChoice, readDatasetId, readParameter, readProjectId, readText, refuse, shown, validateName } from '../../../shared/parameters';
import { awaitResult, ended, firstCheckDelaySeconds, readTimeoutSeconds, type TaskKind } from '../../../shared/polling';
import { ItemWithBinary } from '../../../shared/router';
import { CHAT_EXPLORE_SUBMIT_PATH, chatExploreStatusPath, chatPath, chatTargetOf } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { describeOperation, guideFields, projectIdField } from '../common';

/**
 * How long a question is expected to take, in seconds: it times the status checks (the first
 * after 3 s, then every 2 s at most unless Akkio estimates the end) and sets the default
 * Timeout (six times this plus 10 minutes: 12 minutes).
 */
const EXPECTED_SECONDS = 20;

/** Table rows an AI agent gets from Ask at most: enough to answer from, small enough for a model. */
const TOOL_TABLE_ROWS = 50;

/** A Chat Explore question: the answer is the chat its `location` names (routes.chatTargetOf). */
export const CHAT_EXPLORE: TaskKind<ChatAnswer> = {
	noun: 'Chat Explore question', statusPath: chatExploreStatusPath, statusPurpose: PURPOSES.chatStatus, resultPurpose: PURPOSES.chatResult,
	endedText: (state) => ended(CHAT_EXPLORE, state),
	result(origin, taskId, location) {
		const { chatId, ignoredLocation } = chatTargetOf(origin, taskId, location);
		return { path: chatPath(chatId), ignoredLocation, decode: (answer) => decodeChatRecord(answer, chatId) };
	},
	ignored: "a chat; the chat with the question's task ID was fetched",
	again: 'Ask the question again.',
	fix: 'Rephrase the question, or check the dataset, and ask again.',
	check: 'Rephrase the question, or try it in Chat Explore in the Akkio app.',
	timeoutAdvice: () => 'Akkio may still answer it, but the node stopped waiting: raise Timeout (Minutes) in the options and ask again.',
};

export const { option, description } = describeOperation(
	'chatExplore',
	'ask',
	'Ask',
	// As an AI agent's tool, n8n describes the node to the model with this text (+ " in Akkio").
	'Ask a question in plain language about the data in a dataset or project',
	[
		choiceField('Ask About', 'target', 'dataset', [
			['Dataset', 'dataset'],
			['Project', 'project', "Guided by the project's context and instructions"],
		]),
		datasetLocator({ displayOptions: { show: { target: ['dataset'] } } }),
		{ ...projectIdField, displayOptions: { show: { target: ['project'] } } },
		{
			displayName: 'Question', name: 'question', type: 'string', typeOptions: { rows: 2 }, required: true, default: '',
			placeholder: 'e.g. What is the average deal size by region?', description: 'As you would type it in Chat Explore',
		},
		choiceField('Table Output', 'tableOutput', 'list', [
			['Keep on the Answer Item', 'list', 'One item per question: the answer, its table under "table", its charts'],
			['One Item per Row', 'rows', "Each row of Akkio's table becomes an item; no table, no items"],
		]),
		choiceField('Charts As', 'chartFormat', 'binary', [
			['PNG File (Binary)', 'binary', 'A PNG file that Slack, email and Drive nodes attach directly'],
			['Plotly JSON', 'plotly', 'A Plotly figure under "charts"'],
		], { displayOptions: { show: { tableOutput: ['list'] } } }),
	],
	[
		guideFields[0],
		{
			displayName: 'Earlier Messages', name: 'earlierMessages', type: 'json', default: '[]', placeholder: '{{ $json.messages }}',
			description: 'For a follow-up: the "messages" of an earlier answer',
		},
		guideFields[1],
		{ displayName: 'Put Chart In', name: 'binaryPropertyName', type: 'string', default: 'data', description: 'Binary field of the first chart; the next add _2, _3 …' },
		// A real default, shown once the option is added; without it (or with 0) the same 12 minutes.
		{
			displayName: 'Timeout (Minutes)', name: 'timeoutMinutes', type: 'number', typeOptions: { minValue: 0 }, default: 12,
			description: 'How long to wait for the answer before failing the item',
		},
	],
);

export function readItem(ctx: Ctx, i: number) {
	const target = readChoice(ctx, i, 'target', 'Ask About', ['dataset', 'project'], 'dataset');
	const question = readText(ctx, i, 'question', 'Question').trim();
	if (!question || /\p{Cs}/u.test(question)) refuse('Question', question ? 'contains a broken character' : 'is empty', 'Write it in plain language, e.g. "What is the average deal size by region?".');
	const earlier = parseChatMessages(readParameter(ctx, i, 'options.earlierMessages', 'Earlier Messages', '[]'));
	// Chat Context and Chat Instructions go only when set, so that a project's own are not overwritten.
	const guide = guideFields.slice(0, 2).map(({ name, displayName }) => [name, readText(ctx, i, `options.${name}`, displayName)]).filter(([, text]) => text);
	const about = target === 'dataset' ? { dataset_id: readDatasetId(ctx, i) } : { project_id: readProjectId(ctx, i) };
	const tableOutput = readChoice(ctx, i, 'tableOutput', 'Table Output', ['list', 'rows'], 'list');
	return {
		target: about,
		question,
		payload: { ...about, messages: [...earlier, { role: 'user', content: question }], ...Object.fromEntries(guide) },
		tableOutput,
		imageFormat: tableOutput === 'list' && readChoice(ctx, i, 'chartFormat', 'Charts As', ['binary', 'plotly'], 'binary') === 'plotly' ? 'plotly_json' : 'base64_png',
		binaryProperty: validateName('Put Chart In', readParameter(ctx, i, 'options.binaryPropertyName', 'Put Chart In', 'data') || 'data'),
		timeoutSeconds: readTimeoutSeconds(ctx, i, EXPECTED_SECONDS),
		// n8n makes a tool of a usableAsTool node by giving it the type `<package>.<name>Tool`
		// (n8n-nodes-akkio.akkioTool): the one signal every n8n version gives.
		asTool: ctx.getNode().type.endsWith('Tool'),
	};
}

/**
 * Earlier messages of a conversation, for a follow-up question: a list of `{ role, content }`
 * (as the Ask operation outputs in `messages`), or that list as JSON text. Only `role` and
 * `content` are kept; empty means a new conversation.
 */
export function parseChatMessages(value: unknown) {
	function fail(problem: string): never {
		refuse('Earlier Messages', problem, 'Use the "messages" of an earlier answer, e.g. {{ $json.messages }}: a list of { role, content }.');
	}
	let list = value;
	if (typeof value === 'string') {
		const parsed = parseJson(value.trim() || '[]');
		list = parsed.ok ? parsed.value : fail('is not valid JSON');
	}
	list ??= [];
	if (!Array.isArray(list)) fail(`expected a list of messages, got ${describeType(list)}`);
	return list.map((entry: unknown, index) => {
		const at = `message ${index + 1}`;
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail(`${at} is ${describeType(entry)}, not { role, content }`);
		const { role, content } = entry as { role?: unknown; content?: unknown };
		if (role !== 'user' && role !== 'assistant') fail(`${at} has the role ${typeof role === 'string' ? shown(role) : describeType(role)} (expected "user" or "assistant")`);
		if (typeof content !== 'string') fail(`${at} has ${describeType(content)} as content, not a text`);
		return { role, content };
	});
}

/**
 * Asks one question: submits it, waits for the answer with the waiting loop every Akkio task
 * uses (the CHAT_EXPLORE task kind), and outputs it as an AI agent's answer, as one item per
 * table row, or as the answer item with its charts as binary data. Items are asked concurrently.
 */
export async function runItem(rc: RequestContext, plan: ReturnType<typeof readItem>, i: number) {
	const submitted = await akkioRequest(rc, { method: 'POST', path: CHAT_EXPLORE_SUBMIT_PATH, body: plan.payload, purpose: PURPOSES.chatSubmit, itemIndex: i });
	const task = { itemIndex: i, taskId: decodeSubmittedQuestion(submitted), durationSeconds: EXPECTED_SECONDS, firstCheckSeconds: firstCheckDelaySeconds(EXPECTED_SECONDS) };
	const chat = await awaitResult(rc, CHAT_EXPLORE, { ...task, timeoutSeconds: plan.timeoutSeconds, resultQuery: { image_format: plan.imageFormat } });
	if (plan.asTool) return [toolJson(chat)];
	if (plan.tableOutput === 'rows') return (chat.answer.table ?? []).map((row) => ({ ...row }));
	const json = answerJson(chat, { ...task, ...plan });
	const files = chartFiles(chat, plan.binaryProperty);
	if (!files.length || !('prepareBinaryData' in rc.ctx.helpers)) return [json];
	const binary: IBinaryKeyData = {};
	for (const file of files) binary[file.property] = await rc.ctx.helpers.prepareBinaryData(file.bytes, file.fileName, 'image/png');
	return [new ItemWithBinary(json, binary)];
}

// ------------------------------------------------------------------ answers as items (pure: decoded values in, plain objects out)

/**
 * The answer item (without binary data): the answer's text, its table as a list, Plotly
 * figures, and the conversation as `{ role, content }` for a follow-up (images and tables are
 * left out of it: Akkio keeps them in the chat, and they would make every follow-up large).
 */
export function answerJson({ answer, chatId, messages, notice }: ChatAnswer, asked: { taskId: string; target: IDataObject; question: string }) {
	const figures = answer.images.flatMap((image) => (image.kind === 'plotly' ? [image.figure] : []));
	const unreadable = answer.images.flatMap((image) => (image.kind === 'unreadable' ? [image.sent as IDataObject] : []));
	return {
		answer: answer.content,
		question: asked.question,
		...asked.target,
		chat_id: chatId,
		task_id: asked.taskId,
		table: answer.table,
		...(figures.length ? { charts: figures } : {}),
		...(unreadable.length ? { unreadable_images: unreadable } : {}),
		messages: messages.map(({ role, content }) => ({ role, content })),
		...(notice ? { notice } : {}),
	};
}

/** The answer's PNG charts as files: the first in `property`, the next in `property_2` … (`akkio-chart-<chat ID>[-n].png`). */
export function chartFiles({ answer, chatId }: ChatAnswer, property: string) {
	const pngs = answer.images.flatMap((image) => (image.kind === 'png' ? [image.bytes] : []));
	const name = `akkio-chart-${chatId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
	return pngs.map((bytes, i) => ({ property: i ? `${property}_${i + 1}` : property, fileName: i ? `${name}-${i + 1}.png` : `${name}.png`, bytes }));
}

/** What an AI agent gets: the answer's text and its table (at most TOOL_TABLE_ROWS rows, with a note when cut), no binary data, no conversation. */
export function toolJson({ answer: { table, content }, chatId }: ChatAnswer) {
	return {
		answer: content,
		table: table && table.slice(0, TOOL_TABLE_ROWS),
		...(table && table.length > TOOL_TABLE_ROWS ? { table_note: `The table has ${table.length} rows; the first ${TOOL_TABLE_ROWS} are shown.` } : {}),
		chat_id: chatId,
	};
}
