'use strict';

// /api/v1/chat-explore: new (submit a question), status/{task_id} (the training
// status shape, through the same task lifecycle: tasks.js) and chats/{id} (the
// conversation with the answer). Answers are computed from the dataset's rows
// (chat-answers.js); charts are real PNGs (png.js) or Plotly figures.
//
// What the spec leaves open is an option (see README.md and CONTRACT.md):
// chatIdStyle (a chat id of its own, or the task id), chatLocationStyle (where
// SUCCEEDED points), pngStyle and plotlyStyle (how an image is written), chatSeconds.

const crypto = require('crypto');
const { answerQuestion } = require('./chat-answers');
const { barChartPng } = require('./png');
const { jsonResponse, validationItem, validationError, detailError } = require('./responses');
const { TaskLifecycle, defaultTaskId } = require('./tasks');
const { isPlainObject, jsonObjectBody, stringField, enumField, pathSegment } = require('./validation');
const { OWNER_FIELDS, DELETE_BODIES } = require('./projects');

const CHAT_ITEM = /^\/api\/v1\/chat-explore\/(status|chats)\/([^/]+)$/;
const ROLES = ['user', 'assistant'];
const IMAGE_FORMATS = ['base64_png', 'plotly_json'];
const CHAT_ID_STYLES = ['separate', 'task'];
const CHAT_LOCATION_STYLES = ['rooted', 'relative'];
const PNG_STYLES = ['base64', 'data-url'];
const PLOTLY_STYLES = ['string', 'object'];

/** The options of the Chat Explore and Projects routes (README.md, "Chat Explore and projects"). */
const CHAT_DEFAULTS = {
	chatSeconds: 10,
	chatIdStyle: 'separate',
	chatLocationStyle: 'rooted',
	pngStyle: 'base64',
	plotlyStyle: 'string',
	owner: 'sim-user',
	projectOwnerFields: 'optional',
	projectDataset: undefined,
	projectDeleteBody: 'empty-object',
};

function checkChatOptions(options) {
	const oneOf = (name, allowed, orFunction = false) => {
		if (orFunction && typeof options[name] === 'function') return;
		if (!allowed.includes(options[name])) {
			throw new TypeError(`startSimulator: ${name} must be one of ${allowed.join(', ')} (got ${options[name]})`);
		}
	};
	oneOf('chatIdStyle', CHAT_ID_STYLES);
	oneOf('chatLocationStyle', CHAT_LOCATION_STYLES, true);
	oneOf('pngStyle', PNG_STYLES);
	oneOf('plotlyStyle', PLOTLY_STYLES);
	oneOf('projectOwnerFields', OWNER_FIELDS);
	oneOf('projectDeleteBody', DELETE_BODIES);
	if (typeof options.chatSeconds !== 'function' && !(options.chatSeconds >= 0)) {
		throw new TypeError('startSimulator: chatSeconds must be a number >= 0 or a function');
	}
}

const newChatId = () => crypto.randomBytes(12).toString('hex'); // 24 hex digits, like a MongoDB ObjectId

/** { route: 'chat-submit' | 'chat-status' | 'chat-result', taskId? } for the chat paths, else null. */
function classifyChatExplore(method, path) {
	if (path === '/api/v1/chat-explore/new') {
		return method === 'POST' ? { route: 'chat-submit' } : { route: 'other', methodNotAllowed: true };
	}
	const item = CHAT_ITEM.exec(path);
	if (!item) return null;
	if (method !== 'GET') return { route: 'other', methodNotAllowed: true };
	return { route: item[1] === 'status' ? 'chat-status' : 'chat-result', taskId: pathSegment(item[2]) };
}

/** One APIChatMessage at body.messages[i]: { message } with defaults filled, or errors pushed. */
function validateMessage(value, i, errors) {
	const loc = ['body', 'messages', i];
	if (!isPlainObject(value)) {
		const msg = 'Input should be a valid dictionary or instance of APIChatMessage';
		errors.push(validationItem(loc, 'model_type', msg, value, { class_name: 'APIChatMessage' }));
		return null;
	}
	const before = errors.length;
	let role;
	if (value.role === undefined) errors.push(validationItem([...loc, 'role'], 'missing', 'Field required', value));
	else role = enumField(value.role, [...loc, 'role'], ROLES, errors);
	const content = stringField(value, [...loc, 'content'], errors, { required: true });
	let images = [];
	if (value.images !== undefined) {
		if (!Array.isArray(value.images)) {
			errors.push(validationItem([...loc, 'images'], 'list_type', 'Input should be a valid list', value.images));
		} else {
			images = value.images;
			images.forEach((image, j) => {
				if (typeof image === 'string' || isPlainObject(image)) return;
				// A union reports one error per member it tried.
				errors.push(validationItem([...loc, 'images', j, 'str'], 'string_type', 'Input should be a valid string', image));
				errors.push(validationItem([...loc, 'images', j, 'dict[any,any]'], 'dict_type', 'Input should be a valid dictionary', image));
			});
		}
	}
	let table = null;
	if (value.table !== undefined && value.table !== null) {
		if (!Array.isArray(value.table)) {
			errors.push(validationItem([...loc, 'table'], 'list_type', 'Input should be a valid list', value.table));
		} else {
			table = value.table;
			table.forEach((record, k) => {
				if (!isPlainObject(record)) {
					errors.push(validationItem([...loc, 'table', k], 'dict_type', 'Input should be a valid dictionary', record));
				}
			});
		}
	}
	return errors.length === before ? { role, content, images, table } : null;
}

/** ChatExploreRequestPayload, the way FastAPI + pydantic v2 would check it: { payload } or { errors }. */
function validateChatSubmit(ctx) {
	const { errors: bodyErrors, body } = jsonObjectBody(ctx);
	if (bodyErrors) return { errors: bodyErrors };
	const errors = [];
	let messages = [];
	if (body.messages === undefined) {
		errors.push(validationItem(['body', 'messages'], 'missing', 'Field required', body));
	} else if (!Array.isArray(body.messages)) {
		errors.push(validationItem(['body', 'messages'], 'list_type', 'Input should be a valid list', body.messages));
	} else {
		messages = body.messages.map((message, i) => validateMessage(message, i, errors));
	}
	const payload = {
		messages,
		dataset_id: stringField(body, ['body', 'dataset_id'], errors, { nullable: true, fallback: null }),
		project_id: stringField(body, ['body', 'project_id'], errors, { nullable: true, fallback: null }),
		chatContext: stringField(body, ['body', 'chatContext'], errors, { fallback: '' }),
		chatInstructions: stringField(body, ['body', 'chatInstructions'], errors, { fallback: '' }),
	};
	if (errors.length) return { errors };
	// A model validator runs only once every field is valid.
	if (payload.dataset_id === null && payload.project_id === null) {
		const msg = 'Value error, Either dataset_id or project_id must be specified';
		return { errors: [validationItem(['body'], 'value_error', msg, body, { error: {} })] };
	}
	return { payload };
}

/** A Plotly figure of a chart (what `plotly_json` images hold). */
function plotlyFigure(chart) {
	return {
		data: [{ type: 'bar', x: chart.labels.map(String), y: chart.values, name: chart.valueName }],
		layout: {
			title: { text: chart.title },
			xaxis: { title: { text: chart.labelName } },
			yaxis: { title: { text: chart.valueName } },
		},
	};
}

class ChatExploreService {
	constructor(sim, options) {
		this.sim = sim;
		this.options = options;
		this.lifecycle = new TaskLifecycle(sim, options);
		/** task id -> task; a task is also its chat (task.chatId) */
		this.tasks = new Map();
		/** chat id -> task */
		this.chats = new Map();
	}

	handle(ctx) {
		if (ctx.route === 'chat-submit') return this.submit(ctx);
		if (ctx.route === 'chat-status') return this.status(ctx.taskId);
		return this.chat(ctx.taskId, ctx.query);
	}

	/** Real milliseconds a question takes: options.chatSeconds (nominal) × 1000 × timeScale. */
	realDurationMs(payload, dataset) {
		const { chatSeconds, timeScale } = this.options;
		const seconds = typeof chatSeconds === 'function' ? chatSeconds(payload, dataset) : chatSeconds;
		return (Number.isFinite(seconds) ? seconds : 0) * 1000 * timeScale;
	}

	/** The dataset and project a payload targets: { dataset, project } or { error: response }. */
	target(payload) {
		const notFound = (name, what) =>
			validationError([validationItem(['body', name], 'value_error', `${what} not found`, payload[name])]);
		let project = null;
		if (payload.project_id !== null) {
			project = this.sim.projectStore.map.get(payload.project_id);
			if (!project) return { error: notFound('project_id', 'Project') };
			if (project.team !== this.sim.team) {
				return { error: detailError(403, 'Your organization does not have access to this project') };
			}
		}
		// Both given: the dataset is asked, with the project's context (not documented).
		const datasetId = payload.dataset_id !== null ? payload.dataset_id : project.datasetId;
		const dataset = datasetId === null || datasetId === undefined ? null : this.sim.getDataset(datasetId);
		if (payload.dataset_id !== null && !dataset) return { error: notFound('dataset_id', 'Dataset') };
		if (dataset && dataset.team !== this.sim.team) {
			return { error: detailError(403, 'Your organization does not have access to this dataset') };
		}
		return { dataset, project };
	}

	submit(ctx) {
		const { errors, payload } = validateChatSubmit(ctx);
		if (errors) return validationError(errors);
		const { dataset, project, error } = this.target(payload);
		if (error) return error;

		// The answer is computed now, from the rows as they are: later edits do not change it.
		const answer = dataset
			? answerQuestion({ messages: payload.messages, rows: dataset.rows, fields: this.sim.fieldsOf(dataset), datasetName: dataset.name })
			: { error: `Project ${project.name || project.id} has no dataset to answer from.` };
		const plan = this.lifecycle.schedule(this.realDurationMs(payload, dataset));
		// A question it cannot answer fails once the model has tried, at the end.
		const ending = this.lifecycle.outcome(plan, dataset || {}, answer.error && { error: answer.error, at: 'end' });
		const id = defaultTaskId();
		const task = {
			id,
			chatId: this.options.chatIdStyle === 'task' ? id : newChatId(),
			datasetId: dataset ? dataset.id : null,
			projectId: project ? project.id : null,
			payload,
			context: { chatContext: payload.chatContext, chatInstructions: payload.chatInstructions },
			project: project && {
				name: project.name,
				chatContext: project.chatContext,
				chatInstructions: project.chatInstructions,
				chatSuggestions: project.chatSuggestions,
			},
			answer,
			owner: this.options.owner,
			org: this.sim.team,
			...plan,
			...ending,
		};
		this.tasks.set(id, task);
		this.chats.set(task.chatId, task);
		this.sim.chatQueries.push({
			taskId: id,
			chatId: task.chatId,
			datasetId: task.datasetId,
			projectId: task.projectId,
			payload: ctx.json,
			createdAt: plan.createdAt,
			seq: ctx.entry.seq,
		});
		return jsonResponse(201, { task_id: id });
	}

	location(task) {
		const path = `/chat-explore/chats/${encodeURIComponent(task.chatId)}`;
		return this.lifecycle.location(this.options.chatLocationStyle, path, () => this.publicTask(task));
	}

	status(taskId) {
		return this.lifecycle.status(this.tasks.get(taskId), (task) => this.location(task));
	}

	/** GET chats/{id}: the conversation (_ApiBaseChatRecord), once its task has SUCCEEDED. */
	chat(chatId, query) {
		const errors = [];
		const asked = query.image_format;
		const format = asked === undefined ? 'base64_png' : enumField(asked, ['query', 'image_format'], IMAGE_FORMATS, errors);
		if (errors.length) return validationError(errors);
		const task = this.chats.get(chatId);
		if (!task || this.lifecycle.phase(task) !== 'SUCCEEDED') return detailError(404, 'Chat not found');
		return jsonResponse(200, { _owner: task.owner, _org: task.org, messages: this.messages(task, format) });
	}

	/** The asked messages as sent (defaults filled in), then the assistant's answer. */
	messages(task, format) {
		const { answer } = task;
		const images = answer.chart ? [this.image(task, format)] : [];
		return [...task.payload.messages, { role: 'assistant', content: answer.content, images, table: answer.table }];
	}

	image(task, format) {
		const { chart } = task.answer;
		if (format === 'plotly_json') {
			const figure = plotlyFigure(chart);
			return this.options.plotlyStyle === 'object' ? figure : JSON.stringify(figure);
		}
		if (!task.png) task.png = barChartPng(chart.values).toString('base64');
		return this.options.pngStyle === 'data-url' ? `data:image/png;base64,${task.png}` : task.png;
	}

	/** What tests may see of a chat task: the question, its target and context, the answer. */
	publicTask(task) {
		const messages = task.payload.messages;
		const last = messages[messages.length - 1];
		return {
			id: task.id,
			chatId: task.chatId,
			datasetId: task.datasetId,
			projectId: task.projectId,
			question: last && last.role === 'user' ? last.content : null,
			messages,
			context: task.context,
			project: task.project,
			answer: task.answer.error ? null : { content: task.answer.content, table: task.answer.table, chart: task.answer.chart },
			...this.lifecycle.snapshot(task),
		};
	}
}

module.exports = {
	ChatExploreService,
	classifyChatExplore,
	CHAT_DEFAULTS,
	checkChatOptions,
	validateChatSubmit,
	plotlyFigure,
	CHAT_ID_STYLES,
	CHAT_LOCATION_STYLES,
	PNG_STYLES,
	PLOTLY_STYLES,
	IMAGE_FORMATS,
};
