import type { IBinaryKeyData, IExecuteFunctions } from 'n8n-workflow';

import { decodeChatRecord, decodeSubmittedQuestion, type ChatAnswer } from '../../../shared/decode';
import { datasetLocator } from '../../../shared/locators';
import { choiceField } from '../../../shared/options';
import { readChoice, readDatasetId, readParameter, readProjectId, readText, refuse, validateName } from '../../../shared/parameters';
import { awaitResult, ended, firstCheckDelaySeconds, readTimeoutSeconds, type TaskKind } from '../../../shared/polling';
import { ItemWithBinary, type ItemOutput } from '../../../shared/router';
import { CHAT_EXPLORE_SUBMIT_PATH, chatExploreStatusPath, chatPath, chatTargetOf } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { answerJson, chartFiles, toolJson } from '../../helpers/chatAnswer';
import { describeOperation, guideFields, parseChatMessages, projectIdField } from '../common';

/**
 * How long a question is expected to take, in seconds: it times the status checks (the first
 * after 3 s, then every 2 s at most unless Akkio estimates the end) and sets the default
 * Timeout (six times this plus 10 minutes: 12 minutes).
 */
const CHAT_EXPLORE_EXPECTED_SECONDS = 20;

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
	timeoutAdvice: () => 'Akkio may still answer it, but the node stopped waiting. Raise Timeout (Minutes) in the node options and ask again.',
};

export const { option, description } = describeOperation(
	'chatExplore',
	'ask',
	'Ask',
	// As an AI agent's tool, n8n describes the node to the model with this text (+ " in Akkio").
	'Ask a question in plain language about the data in a dataset or project',
	[
		choiceField('Ask About', 'target', 'dataset', [
			['Dataset', 'dataset', 'Ask about one Akkio dataset'],
			['Project', 'project', "Ask about an Akkio project, guided by the project's context and instructions"],
		]),
		datasetLocator({ displayOptions: { show: { target: ['dataset'] } } }),
		{ ...projectIdField, displayOptions: { show: { target: ['project'] } } },
		{
			displayName: 'Question',
			name: 'question',
			type: 'string',
			required: true,
			default: '',
			typeOptions: { rows: 2 },
			placeholder: 'e.g. What is the average deal size by region?',
			description: 'The question in plain language, as you would type it in Chat Explore',
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
		{ displayName: 'Earlier Messages', name: 'earlierMessages', type: 'json', default: '[]', placeholder: '{{ $json.messages }}', description: 'For a follow-up: the "messages" of an earlier answer' },
		guideFields[1],
		{ displayName: 'Put Chart In', name: 'binaryPropertyName', type: 'string', default: 'data', description: 'Binary field of the first chart; a second goes to the same name plus _2' },
		// A real default, shown once the option is added; without it (or with 0) the same 12 minutes.
		{ displayName: 'Timeout (Minutes)', name: 'timeoutMinutes', type: 'number', typeOptions: { minValue: 0 }, default: 12, description: 'How long to wait for the answer before failing the item' },
	],
);

export function readItem(ctx: IExecuteFunctions, i: number) {
	const target = readChoice(ctx, i, 'target', 'Ask About', ['dataset', 'project'], 'dataset');
	const question = readText(ctx, i, 'question', 'Question').trim();
	const hint = 'Write the question in plain language, for example "What is the average deal size by region?".';
	if (!question || /\p{Cs}/u.test(question)) refuse('Question', question ? 'contains a broken character' : 'is empty', hint);
	const earlier = parseChatMessages(readParameter(ctx, i, 'options.earlierMessages', 'Earlier Messages', '[]'));
	const chatContext = readText(ctx, i, 'options.chatContext', 'Chat Context');
	const chatInstructions = readText(ctx, i, 'options.chatInstructions', 'Chat Instructions');
	const about = target === 'dataset' ? { dataset_id: readDatasetId(ctx, i) } : { project_id: readProjectId(ctx, i) };
	const tableOutput = readChoice(ctx, i, 'tableOutput', 'Table Output', ['list', 'rows'], 'list');
	return {
		target: about,
		question,
		// Context and instructions go only when set, so that a project's own are not overwritten.
		payload: { ...about, messages: [...earlier, { role: 'user', content: question }], ...(chatContext ? { chatContext } : {}), ...(chatInstructions ? { chatInstructions } : {}) },
		tableOutput,
		plotly: tableOutput === 'list' && readChoice(ctx, i, 'chartFormat', 'Charts As', ['binary', 'plotly'], 'binary') === 'plotly',
		binaryProperty: validateName('Put Chart In', readParameter(ctx, i, 'options.binaryPropertyName', 'Put Chart In', 'data') || 'data'),
		timeoutSeconds: readTimeoutSeconds(ctx, i, CHAT_EXPLORE_EXPECTED_SECONDS),
		// n8n makes a tool of a usableAsTool node by giving it the type `<package>.<name>Tool`
		// (n8n-nodes-akkio.akkioTool): the one signal every n8n version gives.
		asTool: ctx.getNode().type.endsWith('Tool'),
	};
}

/**
 * Asks one question: submits it, waits for the answer with the waiting loop every Akkio task
 * uses (the CHAT_EXPLORE task kind), and outputs it as an AI agent's answer, as one item per
 * table row, or as the answer item with its charts as binary data. Items are asked concurrently.
 */
export async function runItem(rc: RequestContext, plan: ReturnType<typeof readItem>, i: number): Promise<ItemOutput[]> {
	const submitted = await akkioRequest(rc, { method: 'POST', path: CHAT_EXPLORE_SUBMIT_PATH, body: plan.payload, purpose: PURPOSES.chatSubmit, itemIndex: i });
	const taskId = decodeSubmittedQuestion(submitted);
	const { timeoutSeconds } = plan;
	const firstCheckSeconds = firstCheckDelaySeconds(CHAT_EXPLORE_EXPECTED_SECONDS);
	const resultQuery = { image_format: plan.plotly ? 'plotly_json' : 'base64_png' };
	const chat = await awaitResult(rc, CHAT_EXPLORE, { itemIndex: i, taskId, durationSeconds: CHAT_EXPLORE_EXPECTED_SECONDS, firstCheckSeconds, timeoutSeconds, resultQuery });
	if (plan.asTool) return [toolJson(chat)];
	if (plan.tableOutput === 'rows') return (chat.answer.table ?? []).map((row) => ({ ...row }));
	const json = answerJson(chat, { taskId, ...plan });
	const files = chartFiles(chat, plan.binaryProperty);
	if (!files.length || !('prepareBinaryData' in rc.ctx.helpers)) return [json];
	const binary: IBinaryKeyData = {};
	for (const file of files) binary[file.property] = await rc.ctx.helpers.prepareBinaryData(file.bytes, file.fileName, 'image/png');
	return [new ItemWithBinary(json, binary)];
}
