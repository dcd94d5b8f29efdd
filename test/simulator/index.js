'use strict';
// A stand-in for Akkio's API: a real HTTP server (127.0.0.1 unless `host` says otherwise) that
// answers as Akkio's pages document (routes.js says which page each answer comes from), with
// its own clock for trainings, a request log for assertions and per-test faults. README.md.

const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');
const { route, classify, newId } = require('./routes');
const { FaultController, faultResponse, matches, deepJson, json } = require('./faults');
const { LEAD_FIELDS, generateLeadRows, inferFields } = require('./data');

/** What Akkio's pages leave open, one option each: every value is an answer Akkio may give; the first is the default. */
const UNDOCUMENTED = {
	/** status of a task ID Akkio does not know: 200 PENDING (Celery's habit) or 404 */
	unknownTask: ['pending', '404'],
	/** /result before the task SUCCEEDED: only 200 and 422 are declared */
	earlyResult: ['400', '404', '422', 'status200'],
	/** a legacy refusal other than the key: 4xx {"status"}, 200 {"status"}, 4xx {"error"} */
	legacyErrors: ['status', 'status200', 'error'],
	/** predict given columns the model was not trained on */
	predictExtraFields: ['ignore', 'reject'],
};

const DEFAULT_API_KEY = 'sim-key-0123456789';
const SAMPLE_DATASET_ID = 'leads-sample';
const OTHER_TEAM_DATASET_ID = 'other-team-data';
const DEFAULTS = {
	apiKey: DEFAULT_API_KEY,
	port: 0,
	host: '127.0.0.1',
	team: 'sim-team',
	/** real ms per Akkio ms: trainings and questions end after duration × timeScale */
	timeScale: 1,
	pendingFraction: 0.1,
	estimates: 'accurate', // 'noisy' (±30 %), 'absent', 'null'
	statusStyle: 'schema', // 'prose': SUBMITTED, the docs' prose word for PENDING
	locationStyle: 'rooted', // 'relative' (to /api/v1), or (task) => location
	chatLocationStyle: 'rooted',
	chatSeconds: 10,
	chatIdStyle: 'separate', // 'task': the chat ID is the task ID
	pngStyle: 'base64', // 'data-url'
	plotlyStyle: 'string', // 'object'
	projectOwnerFields: 'optional', // 'required'
	latencyMs: 0, // real ms before each answer, or (entry) => ms
	rateLimit: undefined, // { perSecond, retryAfter = 1 }: 429 past it, counted in Akkio seconds
	sampleSize: 200,
	datasets: [],
	demoDatasets: false,
	...Object.fromEntries(Object.entries(UNDOCUMENTED).map(([name, values]) => [name, values[0]])),
};

// Datasets whose trainings and questions misbehave, for manual runs (the CLI adds them).
const DEMO_DATASETS = [
	{ id: 'leads-fail', name: 'B2B Leads (fails without error)', failWithoutError: true },
	{ id: 'leads-timeout', name: 'B2B Leads (UNKNOWN_TIMEOUT)', unknownTimeout: true },
	{ id: 'leads-stuck', name: 'B2B Leads (stuck IN_PROGRESS)', stuck: true },
];

class Simulator {
	constructor(options = {}) {
		this.options = { ...DEFAULTS, ...options };
		for (const [name, values] of Object.entries(UNDOCUMENTED)) {
			if (!values.includes(this.options[name])) throw new TypeError(`startSimulator: ${name} must be one of ${values.join(', ')}`);
		}
		this.apiKey = this.options.apiKey;
		this.team = this.options.team;
		this.requests = []; // every request in arrival order: { seq, method, path, rawUrl, query, headers, body, route, startedAt, finishedAt, status, faulted }
		this.trainings = []; // every accepted training: { taskId, datasetId, payload, createdAt, seq }
		this.datasets = new Map();
		this.modelMap = new Map();
		this.projects = new Map();
		this.training = { tasks: new Map() };
		this.chatExplore = { tasks: new Map(), chats: new Map() };
		this.faults = new FaultController();
		this.arrivals = []; // keyed arrivals in the rate limit's window
		this.seq = 0;
		this.sockets = new Set();
		this.timers = new Set();
		this.addDataset({ id: SAMPLE_DATASET_ID, name: 'B2B Leads', rows: generateLeadRows({ count: this.options.sampleSize }), fields: LEAD_FIELDS });
		this.addDataset({ id: OTHER_TEAM_DATASET_ID, name: 'Other team leads', rows: generateLeadRows({ count: 40, seed: 1 }), fields: LEAD_FIELDS, team: 'other-team' });
		if (this.options.demoDatasets) for (const spec of DEMO_DATASETS) this.addDataset({ ...spec, rows: generateLeadRows(), fields: LEAD_FIELDS });
		for (const spec of this.options.datasets) this.addDataset(spec);
		const handler = (req, res) => this.onRequest(req, res).catch((error) => res.destroy(error));
		this.server = this.options.tls ? https.createServer(this.options.tls, handler) : http.createServer(handler);
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	get timeScale() {
		return this.options.timeScale;
	}

	listen() {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port, this.options.host, () => {
				this.port = this.server.address().port;
				const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
				this.url = `${this.options.tls ? 'https' : 'http'}://${host}:${this.port}`;
				resolve(this);
			});
		});
	}

	/** The clock of every time the simulator records: performance.now(), or options.clock. */
	now() {
		return this.options.clock ? this.options.clock() : performance.now();
	}

	// ------------------------------------------------------------ state

	/** spec: { id, name?, rows?, fields?, team?, failWithError?, failWithoutError?, unknownTimeout?, stuck? } */
	addDataset(spec) {
		const dataset = { ...spec, name: spec.name || spec.id, team: spec.team || this.team, rows: (spec.rows || []).slice(), fields: spec.fields || null };
		this.datasets.set(dataset.id, dataset);
		return dataset;
	}

	getDataset(id) {
		return this.datasets.get(id);
	}

	removeDataset(id) {
		return this.datasets.delete(id);
	}

	fieldsOf(dataset) {
		return inferFields(dataset.rows, dataset.fields || []);
	}

	/** The models Akkio lists: seeded ones and those of trainings that have SUCCEEDED by now. */
	get models() {
		return new Map([...this.modelMap].filter(([, model]) => !model.taskId || this.phase(this.training.tasks.get(model.taskId)) === 'SUCCEEDED'));
	}

	/** spec: { id?, datasetId, predictFields, name? } */
	addModel({ id = newId(), datasetId, predictFields, name, taskId = null, rows }) {
		const dataset = this.getDataset(datasetId);
		if (!dataset) throw new TypeError(`addModel: dataset '${datasetId}' not found`);
		rows = rows || dataset.rows.slice();
		const fields = this.fieldsOf(dataset);
		const classes = {};
		const means = {};
		for (const field of [].concat(predictFields)) {
			const values = rows.map((row) => row[field]).filter((v) => v !== undefined && v !== null && v !== '');
			if (fields.find((f) => f.name === field)?.type === 'number') means[field] = values.reduce((a, b) => a + Number(b), 0) / values.length;
			else classes[field] = [...new Set(values.map(String))].sort();
		}
		const model = {
			id,
			name: name || `${dataset.name} – ${[].concat(predictFields).join(', ')}`,
			datasetId,
			predictFields: [].concat(predictFields),
			team: dataset.team,
			taskId,
			createdAt: this.now(),
			classes,
			means,
			columns: new Set(fields.map((f) => f.name)),
		};
		this.modelMap.set(id, model);
		return model;
	}

	getModel(id) {
		return this.models.get(id);
	}

	removeModel(id) {
		return this.modelMap.delete(id);
	}

	/** spec: { id?, name?, chatContext?, chatInstructions?, chatSuggestions?, datasetId? } (default: the first own dataset) */
	addProject(spec = {}) {
		const first = [...this.datasets.values()].find((d) => d.team === this.team);
		const project = { chatContext: '', chatInstructions: '', chatSuggestions: '', name: '', ...spec, id: spec.id || newId(), datasetId: spec.datasetId || (first && first.id) };
		this.projects.set(project.id, project);
		return project;
	}

	getProject(id) {
		return this.projects.get(id);
	}

	// ------------------------------------------------------------ tasks

	/**
	 * A training or a question, timed from now: PENDING for pendingFraction of `realMs`, then
	 * IN_PROGRESS, then its outcome. No timers: the phase is a function of the clock.
	 */
	newTask(kind, dataset, realMs, failure, extra) {
		const id = (kind === 'training' && this.options.taskIdStyle) ? String(this.options.taskIdStyle(extra.payload, this.trainings.length)) : crypto.randomBytes(18).toString('base64url');
		const createdAt = this.now();
		const ms = typeof this.options.trainingMs === 'function' && kind === 'training' ? (this.options.trainingMs(extra.payload, dataset) ?? realMs) : realMs;
		let outcome = 'SUCCEEDED';
		let error = failure || dataset.failWithError || undefined;
		if (error || dataset.failWithoutError) outcome = 'FAILED';
		else if (dataset.unknownTimeout) outcome = 'UNKNOWN_TIMEOUT';
		const task = { id, kind, datasetId: dataset.id, team: dataset.team, createdAt, startAt: createdAt + ms * this.options.pendingFraction, doneAt: dataset.stuck ? Infinity : createdAt + ms, outcome, error, unknownTimeout: dataset.unknownTimeout, ...extra };
		if (kind === 'training') {
			this.training.tasks.set(id, task);
			if (outcome === 'SUCCEEDED') this.addModel({ id: task.modelId, datasetId: dataset.id, predictFields: task.payload.predict_fields, taskId: id, rows: task.rows });
		} else {
			task.chatId = task.chatId || id;
			this.chatExplore.tasks.set(id, task);
			this.chatExplore.chats.set(task.chatId, task);
		}
		return task;
	}

	phase(task, at = this.now()) {
		if (!task) return undefined;
		if (at >= task.doneAt) return task.outcome;
		return at < task.startAt ? 'PENDING' : 'IN_PROGRESS';
	}

	/** A snapshot of a training or question: its planned instants, outcome and status now. */
	task(taskId) {
		const task = this.training.tasks.get(taskId) || this.chatExplore.tasks.get(taskId);
		if (!task) return null;
		const { rows, fields, ...rest } = task;
		return { ...rest, plannedEnd: task.doneAt, status: this.phase(task) };
	}

	/** When the task became terminal (sim.now() clock), or null if it has not (yet). */
	taskDoneAt(taskId) {
		const task = this.training.tasks.get(taskId) || this.chatExplore.tasks.get(taskId);
		return task && Number.isFinite(task.doneAt) && task.doneAt <= this.now() ? task.doneAt : null;
	}

	/** A question's chat: { chatId, question, answer: { content, table, chart } }, or null. */
	chat(chatId) {
		const task = this.chatExplore.chats.get(chatId);
		return task ? { ...this.task(task.id), chatId: task.chatId } : null;
	}

	// ------------------------------------------------------------ observation

	trainingCount(datasetId) {
		return this.trainings.filter((t) => datasetId === undefined || t.datasetId === datasetId).length;
	}

	clearLog() {
		this.requests.length = 0; // in place: tests may hold the array
	}

	filterRequests(filter) {
		return this.requests.filter((entry) => matches(filter, entry));
	}

	/** The most requests that arrived within any window of windowMs (simulator clock). */
	peakRequestsPerWindow(windowMs = 1000, filter) {
		const times = this.filterRequests(filter).map((e) => e.startedAt).sort((a, b) => a - b);
		let peak = 0;
		for (let last = 0, first = 0; last < times.length; last++) {
			while (times[last] - times[first] >= windowMs) first++;
			peak = Math.max(peak, last - first + 1);
		}
		return peak;
	}

	// ------------------------------------------------------------ HTTP

	async onRequest(req, res) {
		const [path, query = ''] = req.url.split('?');
		const method = req.method.toUpperCase();
		const { route: name, taskId } = classify(method, path);
		const entry = { seq: ++this.seq, method, path, rawUrl: req.url, query: Object.fromEntries(new URLSearchParams(query)), headers: { ...req.headers }, body: undefined, route: name, startedAt: this.now(), finishedAt: null, status: null, faulted: null };
		this.requests.push(entry);
		res.on('error', () => {});
		const chunks = [];
		await new Promise((resolve) => {
			req.on('data', (chunk) => chunks.push(chunk));
			for (const event of ['end', 'error', 'close']) req.on(event, resolve);
		});
		const bodyText = Buffer.concat(chunks).toString('utf8');
		const ctx = { entry, method, path, query: entry.query, headers: entry.headers, bodyText, route: name, taskId };
		try {
			ctx.json = bodyText ? JSON.parse(bodyText) : undefined;
		} catch (error) {
			ctx.jsonError = error;
		}
		entry.body = ctx.json !== undefined ? ctx.json : bodyText || null;

		const refusal = this.rateLimited(ctx);
		if (refusal) return this.answer(res, entry, refusal);
		const fault = this.faults.pick(entry);
		if (!fault) return this.answer(res, entry, this.dispatch(ctx));
		entry.faulted = fault.name;
		const real = fault.afterEffect ? this.dispatch(ctx) : null;
		if (fault.kind === 'reset') {
			if (req.socket.resetAndDestroy) req.socket.resetAndDestroy();
			else req.socket.destroy();
		} else if (fault.kind === 'slow') this.later(fault.ms, () => this.send(res, entry, real));
		else if (fault.kind === 'trickle' || fault.kind === 'endless') this.dribble(res, entry, fault, real);
		else if (fault.kind !== 'hang') this.answer(res, entry, faultResponse(fault, real, entry));
		return undefined; // 'hang': the socket stays open until the client gives up or close()
	}

	dispatch(ctx) {
		try {
			return route(this, ctx);
		} catch (error) {
			ctx.entry.error = error;
			return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' };
		}
	}

	/**
	 * Akkio publishes "five requests per second per account" but no answer past it: with option
	 * rateLimit, a keyed request arriving when `perSecond` arrived in the last Akkio second gets a
	 * 429 before anything runs (a refused submit starts nothing).
	 */
	rateLimited(ctx) {
		const limit = this.options.rateLimit;
		const body = ctx.json && typeof ctx.json === 'object' ? ctx.json : {};
		if (!limit || ![ctx.headers['x-api-key'], ctx.query.api_key, body.api_key].includes(this.apiKey)) return null;
		const now = ctx.entry.startedAt;
		while (this.arrivals.length && now - this.arrivals[0] >= 1000 * this.timeScale) this.arrivals.shift();
		this.arrivals.push(now);
		if (this.arrivals.length <= limit.perSecond) return null;
		ctx.entry.rateLimited = true;
		return json(429, { detail: `Rate limit exceeded: ${limit.perSecond} per 1 second` }, { 'retry-after': String(limit.retryAfter ?? 1) });
	}

	answer(res, entry, response) {
		const latency = typeof this.options.latencyMs === 'function' ? this.options.latencyMs(entry) : this.options.latencyMs;
		if (latency > 0) this.later(latency, () => this.send(res, entry, response));
		else this.send(res, entry, response);
	}

	later(ms, callback) {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			callback();
		}, ms);
		this.timers.add(timer);
		return timer;
	}

	send(res, entry, response) {
		entry.status = response.status;
		entry.finishedAt = this.now();
		if (res.destroyed || res.writableEnded) return;
		const body = Buffer.from(response.body === undefined ? '' : String(response.body));
		res.writeHead(response.status, { ...response.headers, 'content-length': body.length, server: 'akkio-simulator' });
		res.end(body);
	}

	/** Headers at once, then the body `bytes` at a time every `ms`: the real answer ('trickle') or spaces forever ('endless'). */
	dribble(res, entry, fault, real) {
		const endless = fault.kind === 'endless';
		const body = Buffer.from(endless ? '' : fault.body !== undefined ? String(fault.body) : real.body);
		entry.status = endless ? 200 : real.status;
		res.writeHead(entry.status, { 'content-type': 'application/json', ...(endless ? {} : { 'content-length': body.length }) });
		if (endless) res.write('{"status": "PENDING"');
		let offset = 0;
		const timer = setInterval(() => {
			if (res.destroyed || res.writableEnded) return clearInterval(timer);
			if (endless) return res.write(' ');
			res.write(body.subarray(offset, (offset += fault.bytes)));
			if (offset >= body.length) {
				clearInterval(timer);
				entry.finishedAt = this.now();
				res.end();
			}
			return undefined;
		}, fault.ms);
		this.timers.add(timer);
	}

	/** Stops the server and destroys every socket (hung ones included). */
	close() {
		if (!this.closing) {
			for (const timer of this.timers) clearTimeout(timer);
			this.closing = new Promise((resolve) => {
				this.server.close(() => resolve());
				for (const socket of this.sockets) socket.destroy();
			});
		}
		return this.closing;
	}
}

async function startSimulator(options = {}) {
	return new Simulator(options).listen();
}

/** A clock for options.clock that moves only when told: clock.advance(ms), clock.set(t). */
function manualClock(start = 0) {
	let t = start;
	const clock = () => t;
	clock.advance = (ms) => (t += ms);
	clock.set = (value) => (t = value);
	return clock;
}

/** A port on 127.0.0.1 nothing listens on (for "connection refused"). */
function reservedClosedPort() {
	return new Promise((resolve, reject) => {
		const probe = http.createServer().once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});
}

module.exports = { startSimulator, Simulator, manualClock, reservedClosedPort, deepJson, generateLeadRows, inferFields, LEAD_FIELDS, UNDOCUMENTED, DEFAULT_API_KEY, SAMPLE_DATASET_ID, OTHER_TEAM_DATASET_ID, DEMO_DATASETS };
