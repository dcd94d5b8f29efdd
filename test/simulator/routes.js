'use strict';
// Akkio's routes as its pages document them (../../../shared/reference, CONTRACT.md). Each
// answer is fixed in shape and filled from the request; nothing is learnt or computed.
//
// | route                                   | answer                                         | source                              |
// | POST /api/v1/models/train/new           | 201 {task_id}; 422 pydantic detail; 403        | Training page, public OpenAPI        |
// | GET  /api/v1/models/train/{id}/status   | {status, metadata} PENDING→IN_PROGRESS→end     | Training page (APIStatusResponse)    |
// | GET  /api/v1/models/train/{id}/result   | {status, model_id, stats, field_importance, data_story} | Training page's example      |
// | POST /api/v1/chat-explore/new, status/{id}, chats/{id} | {task_id}; status as training; {messages} | public OpenAPI          |
// | POST/GET/PUT/DELETE /api/v1/projects[/{id}] | GetProjectResponse                         | public OpenAPI                       |
// | GET/POST/DELETE /v1/datasets            | {"status": "success", ...}; wrong key 404       | Datasets page                        |
// | GET/POST/DELETE /v1/models              | list {id, name}; predictions; delete            | Models page                          |
// Where the pages are silent, the options in UNDOCUMENTED (index.js) pick the answer.

const crypto = require('node:crypto');
const { json } = require('./faults');
const { PNG } = require('./data');

const DURATIONS = [10, 60, 300, 1800];
const KEY_REJECTION = 'missing or invalid API key'; // the Datasets page's "404" tab
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const detail = (status, text) => json(status, { detail: text });
const invalid = (loc, msg, input, type = 'value_error') => json(422, { detail: [{ type, loc, msg, input }] });
const ok = (fields = {}) => json(200, { status: 'success', ...fields });
/** A dataset, model or project ID as Akkio shows them: 20 letters and digits. */
const newId = () => crypto.randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').slice(0, 20);
const hash = (text) => crypto.createHash('sha256').update(text).digest().readUInt32BE(0);

/** The route name a request is logged (and faults matched) under, and its task ID. */
function classify(method, path) {
	let m = /^\/api\/v1\/models\/train\/([^/]+)\/(status|result)$/.exec(path);
	if (m) return { route: m[2], taskId: decode(m[1]) };
	m = /^\/api\/v1\/chat-explore\/(status|chats)\/([^/]+)$/.exec(path);
	if (m) return { route: m[1] === 'status' ? 'chat-status' : 'chat-result', taskId: decode(m[2]) };
	if (path === '/api/v1/models/train/new') return { route: 'submit' };
	if (path === '/api/v1/chat-explore/new') return { route: 'chat-submit' };
	if (path === '/api/v1/projects' || path.startsWith('/api/v1/projects/')) return { route: 'project' };
	return { route: path.startsWith('/v1/') ? 'legacy' : 'other' };
}

function decode(segment) {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** FastAPI's check of a JSON object body: the body, or its 422. */
function objectBody(ctx) {
	if (ctx.jsonError || !isObject(ctx.json)) return { error: invalid(['body'], 'Input should be a valid dictionary or object to extract fields from', ctx.bodyText || null, 'model_attributes_type') };
	return { body: ctx.json };
}

// ------------------------------------------------------------------ /api/v1 (X-API-Key)

function submitTraining(sim, ctx) {
	const { body, error } = objectBody(ctx);
	if (error) return error;
	if (typeof body.dataset_id !== 'string') return invalid(['body', 'dataset_id'], 'Field required', body, 'missing');
	const fields = body.predict_fields;
	if (!Array.isArray(fields) || !fields.length || !fields.every((f) => typeof f === 'string')) return invalid(['body', 'predict_fields'], 'Input should be a valid list of field names', fields, 'list_type');
	if (!DURATIONS.includes(body.duration)) return invalid(['body', 'duration'], 'Input should be 10, 60, 300 or 1800', body.duration, 'literal_error');
	const dataset = sim.getDataset(body.dataset_id);
	if (!dataset) return invalid(['body', 'dataset_id'], 'Dataset not found', body.dataset_id);
	if (dataset.team !== sim.team) return detail(403, 'Your organization does not have access to this dataset');
	const known = new Set(sim.fieldsOf(dataset).map((f) => f.name));
	const missing = fields.find((name) => !known.has(name));
	const failure = missing ? `Field '${missing}' was not found in dataset ${dataset.id}` : dataset.rows.length ? null : `Dataset ${dataset.id} has no rows to train on`;
	const task = sim.newTask('training', dataset, body.duration * 1000 * sim.options.timeScale, failure, {
		payload: { ...body, ignore_fields: body.ignore_fields || [] },
		modelId: newId(),
		rows: dataset.rows.slice(),
		fields: sim.fieldsOf(dataset),
	});
	sim.trainings.push({ taskId: task.id, datasetId: dataset.id, payload: ctx.json, createdAt: task.createdAt, seq: ctx.entry.seq });
	return json(201, { task_id: task.id });
}

/** APIStatusResponse for a training or a question (the same lifecycle). */
function taskStatus(sim, task, location) {
	const pending = sim.options.statusStyle === 'prose' ? 'SUBMITTED' : 'PENDING';
	if (!task) return sim.options.unknownTask === '404' ? detail(404, 'Task not found') : json(200, { status: pending, metadata: { type: pending } });
	const phase = sim.phase(task);
	if (phase === 'PENDING') return json(200, { status: pending, metadata: { type: pending } });
	if (phase === 'IN_PROGRESS') {
		const metadata = { type: 'IN_PROGRESS' };
		const mode = sim.options.estimates;
		// estimate_seconds: the remaining time in Akkio seconds ("a rough estimate").
		let seconds = Math.max(0, task.doneAt - sim.now()) / 1000 / (sim.options.timeScale || 1);
		if (mode === 'noisy') seconds *= 0.7 + 0.6 * ((hash(`${task.id}${sim.now()}`) % 1000) / 1000);
		if (mode === 'null') metadata.estimate_seconds = null;
		else if (mode !== 'absent') metadata.estimate_seconds = Math.round(seconds * 100) / 100;
		return json(200, { status: 'IN_PROGRESS', metadata });
	}
	if (phase === 'SUCCEEDED') {
		const style = task.kind === 'chat' ? sim.options.chatLocationStyle : sim.options.locationStyle;
		const where = typeof style === 'function' ? style(sim.task(task.id)) : style === 'relative' ? location : `/api/v1${location}`;
		return json(200, { status: 'SUCCEEDED', metadata: { type: 'SUCCEEDED', location: where } });
	}
	if (phase === 'FAILED') return json(200, { status: 'FAILED', metadata: task.error ? { type: 'FAILED', error: task.error } : { type: 'FAILED' } });
	// UNKNOWN_TIMEOUT has no metadata schema: the dataset's flag picks {} (true), 'missing' or 'null'.
	const style = task.unknownTimeout;
	return json(200, style === 'missing' ? { status: phase } : { status: phase, metadata: style === 'null' ? null : {} });
}

/** The Training page's example result, filled from the task's dataset: fixed metrics per class. */
function trainingResult(task) {
	const { payload, fields, rows } = task;
	const stats = payload.predict_fields.map((name) => {
		const index = fields.findIndex((f) => f.name === name);
		const field = fields[index];
		if (field.type === 'number') {
			// Not documented for numbers: a different shape, which the node passes through.
			const values = rows.map((r) => Number(r[name])).filter(Number.isFinite);
			return { field: index, field_name: name, field_type: 'number', count: values.length, mean: values.reduce((a, b) => a + b, 0) / values.length, mae: 1, rmse: 2, r2: 0.8 };
		}
		const classes = [...new Set(rows.map((r) => String(r[name])))].sort();
		return classes.map((className, i) => {
			const count = rows.filter((r) => String(r[name]) === className).length;
			const tp = Math.round(count * 0.8);
			const f1 = Math.round((tp / count) * 1000) / 1000;
			return { field: index, field_name: name, field_type: 'category', class: i, class_name: className, count, 'true positives': tp, 'false positives': count - tp, 'false negatives': count - tp, precision: f1, recall: f1, f1, frequency: count / rows.length };
		});
	});
	const ignored = new Set(payload.ignore_fields);
	const features = fields.filter((f) => !ignored.has(f.name) && !payload.predict_fields.includes(f.name));
	const field_importance = {};
	for (const f of fields) if (!ignored.has(f.name)) field_importance[f.name] = payload.predict_fields.includes(f.name) ? 0 : (features.length - features.indexOf(f)) / ((features.length * (features.length + 1)) / 2);
	const data_story = payload.predict_fields.map((name) => ({
		name,
		type: fields.find((f) => f.name === name).type,
		outcomes: [{ outcome: String(rows[0][name]), causes: features.slice(0, 5).map((f) => ({ field: f.name, top_value: String(rows[0][f.name]), bottom_value: String(rows[rows.length - 1][f.name]) })) }],
	}));
	return { status: 'success', model_id: task.modelId, stats, field_importance, data_story };
}

function trainingRoute(sim, ctx) {
	if (ctx.route === 'submit') return ctx.method === 'POST' ? submitTraining(sim, ctx) : detail(405, 'Method Not Allowed');
	if (ctx.method !== 'GET') return detail(405, 'Method Not Allowed');
	const task = sim.training.tasks.get(ctx.taskId);
	if (ctx.route === 'status') return taskStatus(sim, task, `/models/train/${encodeURIComponent(ctx.taskId)}/result`);
	if (!task) return detail(404, 'Task not found');
	const phase = sim.phase(task);
	if (phase === 'SUCCEEDED') return json(200, trainingResult(task));
	// Before success only 200 and 422 are declared: the option earlyResult picks.
	const message = phase === 'FAILED' || phase === 'UNKNOWN_TIMEOUT' ? 'Task did not succeed' : 'Task is not finished';
	const early = sim.options.earlyResult;
	if (early === '422') return invalid(['path', 'task_id'], message, task.id);
	if (early === 'status200') return taskStatus(sim, task, `/models/train/${encodeURIComponent(task.id)}/result`);
	return detail(Number(early), message);
}

/**
 * Chat Explore: a fixed answer shaped from the question and the dataset: the rows grouped by the
 * first category field the question names (else the first one), with the average of the first
 * number field it names, or a count.
 */
function chatAnswer(question, dataset, fields) {
	const named = fields.filter((f) => question.toLowerCase().includes(f.name.toLowerCase()));
	const group = named.find((f) => f.type === 'category') || fields.find((f) => f.type === 'category') || fields[0] || { name: 'value' };
	const measure = named.find((f) => f.type === 'number');
	const groups = {};
	for (const row of dataset.rows) (groups[row[group.name]] = groups[row[group.name]] || []).push(row);
	const table = Object.entries(groups).map(([value, rows]) => ({
		[group.name]: value,
		...(measure ? { [`Average ${measure.name}`]: Math.round(rows.reduce((sum, r) => sum + Number(r[measure.name]), 0) / rows.length) } : { count: rows.length }),
	}));
	return { content: `Answer to "${question}": ${dataset.rows.length} rows in ${dataset.name}, by ${group.name}.`, table, chart: { values: table.map((r) => Object.values(r)[1]) } };
}

function chatRoute(sim, ctx) {
	const tasks = sim.chatExplore.tasks;
	if (ctx.route === 'chat-status') return taskStatus(sim, tasks.get(ctx.taskId), `/chat-explore/chats/${encodeURIComponent((tasks.get(ctx.taskId) || {}).chatId)}`);
	if (ctx.route === 'chat-result') {
		const format = ctx.query.image_format || 'base64_png';
		if (!['base64_png', 'plotly_json'].includes(format)) return invalid(['query', 'image_format'], "Input should be 'base64_png' or 'plotly_json'", format, 'enum');
		const task = sim.chatExplore.chats.get(ctx.taskId);
		if (!task || sim.phase(task) !== 'SUCCEEDED') return detail(404, 'Chat not found');
		const png = PNG.toString('base64');
		const figure = { data: [{ type: 'bar', y: task.answer.chart.values }], layout: { title: { text: task.question } } };
		const image = format === 'plotly_json' ? (sim.options.plotlyStyle === 'object' ? figure : JSON.stringify(figure)) : sim.options.pngStyle === 'data-url' ? `data:image/png;base64,${png}` : png;
		const answer = { role: 'assistant', content: task.answer.content, images: [image], table: task.answer.table };
		return json(200, { _owner: 'sim-user', _org: sim.team, messages: [...task.payload.messages, answer] });
	}
	const { body, error } = objectBody(ctx);
	if (error) return error;
	const messages = body.messages;
	if (!Array.isArray(messages) || !messages.every((m) => isObject(m) && ['user', 'assistant'].includes(m.role) && typeof m.content === 'string')) return invalid(['body', 'messages'], 'Input should be a valid list of messages', messages, 'list_type');
	if (body.dataset_id == null && body.project_id == null) return invalid(['body'], 'Value error, Either dataset_id or project_id must be specified', body);
	const project = body.project_id != null ? sim.projects.get(body.project_id) : null;
	if (body.project_id != null && !project) return invalid(['body', 'project_id'], 'Project not found', body.project_id);
	const dataset = sim.getDataset(body.dataset_id != null ? body.dataset_id : project.datasetId);
	if (!dataset) return invalid(['body', 'dataset_id'], 'Dataset not found', body.dataset_id);
	if (dataset.team !== sim.team) return detail(403, 'Your organization does not have access to this dataset');
	const question = messages.length ? messages[messages.length - 1].content : '';
	const task = sim.newTask('chat', dataset, sim.options.chatSeconds * 1000 * sim.options.timeScale, null, {
		payload: { ...body, messages: messages.map((m) => ({ images: [], table: null, ...m })) },
		chatId: sim.options.chatIdStyle === 'task' ? null : crypto.randomBytes(12).toString('hex'),
		question,
		answer: chatAnswer(question, dataset, sim.fieldsOf(dataset)),
		projectId: project ? project.id : null,
	});
	return json(201, { task_id: task.id });
}

const PROJECT_TEXT = ['name', 'chatContext', 'chatInstructions', 'chatSuggestions'];
const projectView = (p) => ({ id: p.id, name: p.name, chatContext: p.chatContext, chatInstructions: p.chatInstructions, chatSuggestions: p.chatSuggestions });

function projectRoute(sim, ctx) {
	if (ctx.path === '/api/v1/projects') {
		if (ctx.method !== 'POST') return detail(405, 'Method Not Allowed');
		const { body, error } = objectBody(ctx);
		if (error) return error;
		if (typeof body.name !== 'string') return invalid(['body', 'name'], 'Field required', body, 'missing');
		// _owner and _org: required by the spec's schema, but Akkio fills them in (option projectOwnerFields).
		const missing = sim.options.projectOwnerFields === 'required' ? ['_owner', '_org'].filter((name) => typeof body[name] !== 'string') : [];
		if (missing.length) return json(422, { detail: missing.map((name) => ({ type: 'missing', loc: ['body', name], msg: 'Field required', input: body })) });
		const { _owner: owner, _org: org, ...fields } = body;
		return json(200, projectView(sim.addProject({ ...fields, owner, org })));
	}
	const project = sim.projects.get(decode(ctx.path.slice('/api/v1/projects/'.length)));
	if (!project) return detail(404, 'Project not found');
	if (ctx.method === 'GET') return json(200, projectView(project));
	if (ctx.method === 'DELETE') {
		sim.projects.delete(project.id);
		return json(200, {});
	}
	if (ctx.method !== 'PUT') return detail(405, 'Method Not Allowed');
	const { body, error } = objectBody(ctx);
	if (error) return error;
	for (const name of PROJECT_TEXT) if (typeof body[name] === 'string') project[name] = body[name];
	return json(200, projectView(project));
}

// ------------------------------------------------------------------ legacy /v1 (api_key)

/** A legacy refusal other than the key: the pages show none, the option legacyErrors picks. */
function refuse(sim, status, message) {
	const style = sim.options.legacyErrors;
	return style === 'error' ? json(status, { error: message }) : json(style === 'status200' ? 200 : status, { status: message });
}

function own(sim, kind, id) {
	const thing = kind === 'dataset' ? sim.getDataset(id) : sim.getModel(id);
	if (typeof id !== 'string' || !thing) return { error: refuse(sim, 404, `${kind === 'dataset' ? 'Dataset' : 'Model'} not found`) };
	if (thing.team !== sim.team) return { error: refuse(sim, 403, `You do not have access to this ${kind}`) };
	return { thing };
}

/** Predictions as the Models page shows: the class, and "Probability <field> is <class>" per class. */
function predictRow(model, row) {
	const entry = {};
	for (const field of model.predictFields) {
		const classes = model.classes[field];
		if (!classes) {
			entry[field] = model.means[field];
			continue;
		}
		const pick = hash(JSON.stringify(row)) % classes.length;
		entry[field] = classes[pick];
		for (const [i, c] of classes.entries()) entry[`Probability ${field} is ${c}`] = i === pick ? 0.8 : 0.2 / (classes.length - 1);
	}
	return entry;
}

function legacyRoute(sim, ctx) {
	const kind = { '/v1/datasets': 'dataset', '/v1/models': 'model' }[ctx.path];
	if (!kind) return json(404, { status: 'Not found' });
	const body = isObject(ctx.json) ? ctx.json : {};
	// GET carries the key in the query; POST and DELETE in the body (the cURL examples: the query).
	const key = ctx.method !== 'GET' && body.api_key !== undefined ? body.api_key : ctx.query.api_key;
	ctx.entry.apiKeyIn = key === undefined ? null : ctx.method !== 'GET' && body.api_key !== undefined ? 'body' : 'query';
	if (key !== sim.apiKey) return json(404, { status: KEY_REJECTION });
	const id = body.id !== undefined ? body.id : ctx.query.id;
	if (ctx.method === 'GET' && kind === 'dataset') {
		if (ctx.query.id === undefined) return ok({ datasets: [...sim.datasets.values()].filter((d) => d.team === sim.team).map((d) => ({ id: d.id, name: d.name })) });
		const { thing, error } = own(sim, kind, ctx.query.id);
		// "rows" is a count: the page's example answers "rows": 887 and carries no row data.
		return error || ok({ name: thing.name, rows: thing.rows.length, fields: sim.fieldsOf(thing).map(({ name, type }) => ({ type, name })) });
	}
	if (ctx.method === 'GET') return ok({ models: [...sim.models.values()].filter((m) => m.team === sim.team).map((m) => ({ id: m.id, name: m.name })) });
	if (ctx.method === 'POST' && kind === 'dataset' && body.id === undefined) {
		if (typeof body.name !== 'string' || !body.name) return refuse(sim, 400, 'Missing dataset name');
		const dataset = sim.addDataset({ id: newId(), name: body.name, rows: [] });
		return ok({ dataset_id: dataset.id, dataset_name: dataset.name });
	}
	const { thing, error } = own(sim, kind, id);
	if (error) return error;
	if (ctx.method === 'DELETE') {
		if (kind === 'dataset') sim.datasets.delete(thing.id);
		else sim.removeModel(thing.id);
		return ok();
	}
	if (ctx.method !== 'POST') return json(405, { status: 'Method not allowed' });
	if (kind === 'dataset') {
		// One cURL example on the Datasets page sends rows as a JSON-encoded string.
		let rows = body.rows;
		if (typeof rows === 'string') rows = JSON.parse(rows);
		if (!Array.isArray(rows) || !rows.every(isObject)) return refuse(sim, 400, 'rows must be an array of objects');
		thing.rows.push(...rows.map((row) => ({ ...row })));
		return ok();
	}
	if (!Array.isArray(body.data) || !body.data.every(isObject)) return refuse(sim, 400, 'data must be an array of objects');
	if (sim.options.predictExtraFields === 'reject') {
		const extra = [...new Set(body.data.flatMap(Object.keys))].filter((k) => !thing.columns.has(k));
		if (extra.length) return refuse(sim, 400, `Unknown fields: ${extra.join(', ')}`);
	}
	// explain: only in the SDKs, its answer shape published nowhere; each sent column weighs the same.
	const predictions = body.data.map((row) => (body.explain === true ? { ...predictRow(thing, row), explanation: Object.fromEntries(Object.keys(row).map((k) => [k, 0.1])) } : predictRow(thing, row)));
	return ok({ predictions });
}

/** The answer to a request that got past faults and the rate limit. */
function route(sim, ctx) {
	if (ctx.route === 'legacy') return legacyRoute(sim, ctx);
	if (ctx.route === 'other') return detail(404, 'Not Found');
	// FastAPI resolves the route first, then the X-API-Key dependency.
	if (ctx.headers['x-api-key'] !== sim.apiKey) return detail(401, 'Invalid API key');
	if (ctx.route === 'project') return projectRoute(sim, ctx);
	if (ctx.route.startsWith('chat-')) return chatRoute(sim, ctx);
	return trainingRoute(sim, ctx);
}

module.exports = { route, classify, newId, KEY_REJECTION, DURATIONS };
