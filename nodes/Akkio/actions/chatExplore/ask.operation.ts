import { updateDisplayOptions } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { CHAT_EXPLORE_EXPECTED_SECONDS } from '../../../shared/constants';
import { decodeSubmittedQuestion, type ChatAnswer } from '../../../shared/decode';
import { datasetLocator } from '../../../shared/locators';
import { optionsCollection } from '../../../shared/options';
import { readChoice, readDatasetId, readParameter, readProjectId, readText, validateName } from '../../../shared/parameters';
import { parseChatMessages, validateQuestion } from '../common';
import { ItemWithBinary, type ItemOutput } from '../../../shared/router';
import { CHAT_EXPLORE_SUBMIT_PATH } from '../../../shared/routes';
import { akkioRequest, PURPOSES, type RequestContext } from '../../../shared/transport';
import { awaitResult, CHAT_EXPLORE, firstCheckDelaySeconds, readTimeoutSeconds } from '../../../shared/polling';
import { projectIdField } from '../project/fields';
import { answerJson, chartFiles, tableRowItems, toolJson, type AskedQuestion } from '../../helpers/chatAnswer';

const show = { resource: ['chatExplore'], operation: ['ask'] };
const TARGETS = ['dataset', 'project'] as const;
const TABLE_OUTPUTS = ['list', 'rows'] as const;
const CHART_FORMATS = ['binary', 'plotly'] as const;

export const option: INodePropertyOptions = {
	name: 'Ask',
	value: 'ask',
	description:
		'Ask a question about the data of a dataset or project in plain language (counts, averages, top lists, trends) and get the answer as text, a table and charts',
	// As an AI agent's tool, n8n describes the node to the model with this text (+ " in Akkio").
	action: 'Ask a question in plain language about the data in a dataset or project',
};

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	{
		displayName: 'Ask About',
		name: 'target',
		type: 'options',
		default: 'dataset',
		options: [
			{ name: 'Dataset', value: 'dataset', description: 'Ask about one Akkio dataset' },
			{
				name: 'Project',
				value: 'project',
				description: "Ask about an Akkio project; the project's context and instructions guide the answer",
			},
		],
	},
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
	{
		displayName: 'Table Output',
		name: 'tableOutput',
		type: 'options',
		default: 'list',
		options: [
			{
				name: 'Keep on the Answer Item',
				value: 'list',
				description: 'One item per question: the answer, its table as a list under "table", its charts',
			},
			{
				name: 'One Item per Row',
				value: 'rows',
				description: "Each row of Akkio's table becomes an item (for Google Sheets); no table, no items",
			},
		],
	},
	{
		displayName: 'Charts As',
		name: 'chartFormat',
		type: 'options',
		default: 'binary',
		displayOptions: { show: { tableOutput: ['list'] } },
		options: [
			{
				name: 'PNG File (Binary)',
				value: 'binary',
				description: 'Each chart as a PNG file that Slack, email and Drive nodes attach directly',
			},
			{
				name: 'Plotly JSON',
				value: 'plotly',
				description: 'Each chart as a Plotly figure under "charts", for your own rendering',
			},
		],
	},
	optionsCollection([
		{
			displayName: 'Context',
			name: 'chatContext',
			type: 'string',
			default: '',
			typeOptions: { rows: 2 },
			placeholder: 'e.g. The units of the sales column are millions',
			description: 'What Chat Explore should know about the data to answer better',
		},
		{
			displayName: 'Earlier Messages',
			name: 'earlierMessages',
			type: 'json',
			default: '[]',
			placeholder: '{{ $json.messages }}',
			description:
				'To continue a conversation: the messages of an earlier answer, a list of { role, content } (the "messages" field Ask outputs). The question is asked after them.',
		},
		{
			displayName: 'Instructions',
			name: 'chatInstructions',
			type: 'string',
			default: '',
			typeOptions: { rows: 2 },
			placeholder: 'e.g. Answer in one sentence and always include a chart',
			description: 'How Chat Explore should answer',
		},
		{
			displayName: 'Put Chart In',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description:
				'The binary field of the first chart; a second chart goes to the same name followed by _2. "data" is what Slack and Google Drive nodes read by default.',
		},
		{
			displayName: 'Timeout (Minutes)',
			name: 'timeoutMinutes',
			type: 'number',
			typeOptions: { minValue: 0 },
			// A real default, shown once the option is added; without it (or with 0) the same 12 minutes.
			default: 12,
			description: 'How long to wait for the answer before failing the item. Without this option it waits up to 12 minutes.',
		},
	]),
]);

interface AskPlan extends Omit<AskedQuestion, 'taskId'> {
	payload: IDataObject;
	tableOutput: (typeof TABLE_OUTPUTS)[number];
	chartFormat: (typeof CHART_FORMATS)[number];
	binaryProperty: string;
	timeoutSeconds: number;
	asTool: boolean;
}

/**
 * Whether the node runs as an AI agent's tool. n8n makes a tool of a `usableAsTool` node by
 * giving it the type `<package>.<name>Tool` (the Akkio node becomes `n8n-nodes-akkio.akkioTool`),
 * and the agent then runs that node: its type is the one signal every n8n version gives.
 */
export function runsAsTool(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

export function readItem(ctx: IExecuteFunctions, itemIndex: number): AskPlan {
	const target = readChoice(ctx, itemIndex, 'target', 'Ask About', TARGETS, 'dataset');
	const question = validateQuestion(readParameter(ctx, itemIndex, 'question', 'Question'));
	const earlier = parseChatMessages(readParameter(ctx, itemIndex, 'options.earlierMessages', 'Earlier Messages', '[]'));
	const chatContext = readText(ctx, itemIndex, 'options.chatContext', 'Context');
	const chatInstructions = readText(ctx, itemIndex, 'options.chatInstructions', 'Instructions');
	const about = target === 'dataset' ? { dataset_id: readDatasetId(ctx, itemIndex) } : { project_id: readProjectId(ctx, itemIndex) };
	const tableOutput = readChoice(ctx, itemIndex, 'tableOutput', 'Table Output', TABLE_OUTPUTS, 'list');
	return {
		target: about,
		question,
		// Context and instructions go only when set, so that a project's own are not overwritten.
		payload: {
			...about,
			messages: [...earlier, { role: 'user', content: question }],
			...(chatContext ? { chatContext } : {}),
			...(chatInstructions ? { chatInstructions } : {}),
		},
		tableOutput,
		chartFormat: tableOutput === 'list' ? readChoice(ctx, itemIndex, 'chartFormat', 'Charts As', CHART_FORMATS, 'binary') : 'binary',
		binaryProperty: validateName('Put Chart In', readParameter(ctx, itemIndex, 'options.binaryPropertyName', 'Put Chart In', 'data') || 'data'),
		timeoutSeconds: readTimeoutSeconds(ctx, itemIndex, CHAT_EXPLORE_EXPECTED_SECONDS),
		asTool: runsAsTool(ctx),
	};
}

/** The answer as items: rows, the answer item with its charts as binary data, or a tool's answer. */
async function answerItems(rc: RequestContext, plan: AskPlan, taskId: string, chat: ChatAnswer): Promise<ItemOutput[]> {
	if (plan.asTool) return [toolJson(chat)];
	if (plan.tableOutput === 'rows') return tableRowItems(chat);
	const json = answerJson(chat, { taskId, target: plan.target, question: plan.question });
	const files = chartFiles(chat, plan.binaryProperty);
	if (!files.length || !('prepareBinaryData' in rc.ctx.helpers)) return [json];
	const binary: IBinaryKeyData = {};
	for (const file of files) binary[file.property] = await rc.ctx.helpers.prepareBinaryData(file.bytes, file.fileName, 'image/png');
	return [new ItemWithBinary(json, binary)];
}

/**
 * Asks one question: submits it, waits for the answer with the waiting loop every Akkio task
 * uses (the CHAT_EXPLORE task kind), and outputs it. Items are asked concurrently.
 */
export async function runItem(rc: RequestContext, plan: AskPlan, itemIndex: number): Promise<ItemOutput[]> {
	const submitted = await akkioRequest(rc, {
		method: 'POST',
		path: CHAT_EXPLORE_SUBMIT_PATH,
		body: plan.payload,
		purpose: PURPOSES.chatSubmit,
		itemIndex,
	});
	const taskId = decodeSubmittedQuestion(submitted);
	const chat = await awaitResult(rc, CHAT_EXPLORE, {
		itemIndex,
		taskId,
		durationSeconds: CHAT_EXPLORE_EXPECTED_SECONDS,
		firstCheckSeconds: firstCheckDelaySeconds(CHAT_EXPLORE_EXPECTED_SECONDS),
		timeoutSeconds: plan.timeoutSeconds,
		resultQuery: { image_format: plan.chartFormat === 'plotly' ? 'plotly_json' : 'base64_png' },
	});
	return await answerItems(rc, plan, taskId, chat);
}
