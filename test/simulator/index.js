'use strict';

// Akkio API simulator: a real HTTP server on 127.0.0.1 that speaks the Training
// API (/api/v1/models/train/...), Chat Explore and Projects (/api/v1/chat-explore,
// /api/v1/projects) and the legacy /v1/datasets and /v1/models routes, with
// simulated time, an honest model behind the results, a request log
// for assertions and per-test fault injection. See README.md in this folder for usage.

const http = require('http');
const https = require('https');
const { createRng } = require('./prng');
const {
	LEAD_FIELDS,
	SAMPLE_DATASET_ID,
	SAMPLE_DATASET_NAME,
	OTHER_TEAM_DATASET_ID,
	generateLeadRows,
	generateOtherTeamRows,
	inferFields,
} = require('./dataset');
const { TrainingService } = require('./training');
const { ChatExploreService, classifyChatExplore, CHAT_DEFAULTS, checkChatOptions } = require('./chat-explore');
const { ProjectStore, classifyProjects } = require('./projects');
const { FaultController, faultResponse, matches, normalizeFault, deepJson } = require('./faults');
const { handleLegacy } = require('./legacy');
const { RateLimiter, checkRateLimit } = require('./rate-limit');
const { ModelStore } = require('./model-store');
const { detailError, textResponse } = require('./responses');
const { UNDOCUMENTED, UNDOCUMENTED_DEFAULTS, checkUndocumented } = require('./variants');

const DEFAULT_API_KEY = 'sim-key-0123456789';
const OTHER_TEAM = 'other-team';
const ESTIMATE_MODES = ['accurate', 'noisy', 'absent', 'null'];
const STATUS_STYLES = ['schema', 'prose'];
const LOCATION_STYLES = ['rooted', 'relative'];
const UNKNOWN_TIMEOUT_METADATA = ['empty', 'missing', 'null'];

const DEFAULTS = {
	apiKey: DEFAULT_API_KEY,
	port: 0,
	host: '127.0.0.1',
	timeScale: 1,
	estimates: 'accurate',
	statusStyle: 'schema',
	locationStyle: 'rooted',
	unknownTimeoutMetadata: 'empty',
	pendingFraction: 0.1,
	seed: 42,
	team: 'sim-team',
	sampleSize: 200,
	demoDatasets: false,
	datasets: [],
	trainingMs: undefined,
	taskIdStyle: undefined,
	clock: undefined,
	tls: undefined,
	latencyMs: 0,
	rateLimit: undefined,
	...UNDOCUMENTED_DEFAULTS, // unknownTask, earlyResult, legacyErrors, predictExtraFields
};

// Ready-made misbehaving datasets for manual runs (cli.js turns them on).
const DEMO_DATASETS = [
	{ id: 'leads-fail', name: 'B2B Leads (fails without error)', failWithoutError: true },
	{ id: 'leads-timeout', name: 'B2B Leads (UNKNOWN_TIMEOUT)', unknownTimeout: true },
	{ id: 'leads-stuck', name: 'B2B Leads (stuck IN_PROGRESS)', stuck: true },
];

const TRAIN_ITEM = /^\/api\/v1\/models\/train\/([^/]+)\/(status|result)$/;

/** Which route a request is for; faults match on this name. */
function classify(method, path) {
	const chatOrProject = classifyChatExplore(method, path) || classifyProjects(method, path);
	if (chatOrProject) return chatOrProject;
	if (path === '/api/v1/models/train/new') {
		return method === 'POST' ? { route: 'submit' } : { route: 'other', methodNotAllowed: true };
	}
	const item = TRAIN_ITEM.exec(path);
	if (item) {
		if (method !== 'GET') return { route: 'other', methodNotAllowed: true };
		let taskId;
		try {
			taskId = decodeURIComponent(item[1]);
		} catch {
			taskId = item[1];
		}
		return { route: item[2], taskId };
	}
	if (path === '/v1' || path.startsWith('/v1/')) return { route: 'legacy' };
	return { route: 'other' };
}

function readBody(req) {
	return new Promise((resolve) => {
		const chunks = [];
		const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', done);
		req.on('error', done);
		req.on('close', done); // client gave up mid-body: resolve with what arrived
	});
}

function checkOptions(options) {
	const oneOf = (name, allowed) => {
		if (!allowed.includes(options[name])) {
			throw new TypeError(`startSimulator: ${name} must be one of ${allowed.join(', ')} (got ${options[name]})`);
		}
	};
	oneOf('estimates', ESTIMATE_MODES);
	oneOf('statusStyle', STATUS_STYLES);
	oneOf('unknownTimeoutMetadata', UNKNOWN_TIMEOUT_METADATA);
	checkUndocumented(options);
	if (typeof options.locationStyle !== 'function') oneOf('locationStyle', LOCATION_STYLES);
	if (options.clock !== undefined && typeof options.clock !== 'function') {
		throw new TypeError('startSimulator: clock must be a function returning milliseconds');
	}
	if (!(options.timeScale >= 0)) throw new TypeError('startSimulator: timeScale must be a number >= 0');
	if (typeof options.latencyMs !== 'function' && !(options.latencyMs >= 0 && Number.isFinite(options.latencyMs))) {
		throw new TypeError('startSimulator: latencyMs must be a number >= 0 or a function of the log entry');
	}
	if (!(options.pendingFraction >= 0 && options.pendingFraction <= 1)) {
		throw new TypeError('startSimulator: pendingFraction must be within [0, 1]');
	}
	checkRateLimit(options.rateLimit);
	checkChatOptions(options);
}

class Simulator {
	constructor(userOptions = {}) {
		const options = { ...DEFAULTS, ...CHAT_DEFAULTS, ...userOptions };
		checkOptions(options);
		this.options = options;
		this.apiKey = options.apiKey;
		this.team = options.team;
		this.timeScale = options.timeScale;
		this.rng = createRng(options.seed); // noisy estimates
		/** every request, faulted or not, in arrival order */
		this.requests = [];
		/** every accepted training: { taskId, datasetId, payload, createdAt, seq } */
		this.trainings = [];
		this.datasets = new Map();
		this.faults = new FaultController();
		this.rateLimiter = new RateLimiter(this); // options.rateLimit
		this.training = new TrainingService(this, options);
		this.modelStore = new ModelStore(this); // sim.models, legacy /v1/models
		/** every accepted Chat Explore query: { taskId, chatId, datasetId, projectId, payload, createdAt, seq } */
		this.chatQueries = [];
		this.projectStore = new ProjectStore(this, options); // sim.projects, /api/v1/projects
		this.chatExplore = new ChatExploreService(this, options); // sim.chat(), /api/v1/chat-explore
		this.url = null;
		this.port = null;
		this.seq = 0;
		this.sockets = new Set();
		this.timers = new Set();
		this.closing = null;

		this.addDataset({
			id: SAMPLE_DATASET_ID,
			name: SAMPLE_DATASET_NAME,
			rows: generateLeadRows({ count: options.sampleSize }),
			fields: LEAD_FIELDS,
		});
		this.addDataset({
			id: OTHER_TEAM_DATASET_ID,
			name: 'Other team leads',
			rows: generateOtherTeamRows(),
			fields: LEAD_FIELDS,
			team: OTHER_TEAM,
		});
		if (options.demoDatasets) {
			for (const spec of DEMO_DATASETS) this.addDataset({ ...spec, rows: generateLeadRows(), fields: LEAD_FIELDS });
		}
		for (const spec of options.datasets) this.addDataset(spec);

		const handler = (req, res) => {
			this.onRequest(req, res).catch((error) => {
				// A bug in the simulator must not look like a hang to the test.
				res.destroy(error);
			});
		};
		// `tls: {key, cert}` serves https (a Base URL that is not plain-http loopback).
		this.server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	listen() {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port, this.options.host, () => {
				this.server.off('error', reject);
				this.port = this.server.address().port;
				this.url = `${this.options.tls ? 'https' : 'http'}://${this.options.host}:${this.port}`;
				resolve(this);
			});
		});
	}

	/**
	 * The clock of startedAt, taskDoneAt() and every other time the simulator
	 * reports: performance.now(), or options.clock (e.g. a manualClock()).
	 */
	now() {
		return this.options.clock ? this.options.clock() : performance.now();
	}

	// ------------------------------------------------------------ datasets

	/**
	 * spec: { id, name?, rows, team?, fields?, failWithoutError?, failWithError?,
	 *         unknownTimeout? (true | 'empty' | 'missing' | 'null'), stuck?, trainingMs? }
	 */
	addDataset(spec) {
		if (!spec || typeof spec.id !== 'string' || spec.id === '') throw new TypeError('addDataset: id is required');
		if (spec.rows !== undefined && !Array.isArray(spec.rows)) throw new TypeError('addDataset: rows must be an array');
		const dataset = {
			...spec,
			name: spec.name || spec.id,
			team: spec.team || this.team,
			rows: (spec.rows || []).slice(),
			fields: spec.fields ? spec.fields.map((field) => ({ ...field })) : null,
		};
		this.datasets.set(dataset.id, dataset);
		return dataset;
	}

	getDataset(id) {
		return this.datasets.get(id);
	}

	removeDataset(id) {
		return this.datasets.delete(id);
	}

	/** Declared fields plus inferred ones for any column the declaration misses. */
	fieldsOf(dataset) {
		return inferFields(dataset.rows, dataset.fields || []);
	}

	// ------------------------------------------------------------ models

	/**
	 * Map id -> model: every succeeded training's model plus seeded and legacy-trained
	 * ones (see model-store.js). A getter: trainings that succeeded since the last
	 * read are picked up on each access.
	 */
	get models() {
		return this.modelStore.sync();
	}

	/**
	 * spec: { id?, datasetId, predictFields, ignoreFields?, name?, team?, duration?,
	 *         extraAttention?, createdAt? }. Fits on the dataset's rows now; throws if it cannot.
	 */
	addModel(spec) {
		return this.modelStore.create(spec).model;
	}

	getModel(id) {
		return this.modelStore.get(id);
	}

	removeModel(id) {
		return this.modelStore.remove(id);
	}

	// ------------------------------------------------------------ chat explore and projects

	/** Map id -> project (see projects.js); spec of addProject: { id?, name?, chatContext?, ..., datasetId? } */
	get projects() {
		return this.projectStore.map;
	}

	addProject(spec) {
		return this.projectStore.create(spec);
	}

	getProject(id) {
		return this.projectStore.map.get(id);
	}

	removeProject(id) {
		return this.projectStore.map.delete(id);
	}

	/** Accepted Chat Explore queries, all or those on a dataset and/or project. */
	chatCount({ datasetId, projectId } = {}) {
		return this.chatQueries.filter(
			(query) => (datasetId === undefined || query.datasetId === datasetId) && (projectId === undefined || query.projectId === projectId),
		).length;
	}

	/** A snapshot of a chat by chat id (question, target, context, answer, status), or null. */
	chat(chatId) {
		const task = this.chatExplore.chats.get(chatId);
		return task ? this.chatExplore.publicTask(task) : null;
	}

	// ------------------------------------------------------------ observation

	trainingCount(datasetId) {
		if (datasetId === undefined) return this.trainings.length;
		return this.trainings.filter((training) => training.datasetId === datasetId).length;
	}

	/** A snapshot of a training or Chat Explore task (status, planned instants, outcome), or null. */
	task(taskId) {
		const task = this.training.tasks.get(taskId);
		if (task) return this.training.publicTask(task);
		const chatTask = this.chatExplore.tasks.get(taskId);
		return chatTask ? this.chatExplore.publicTask(chatTask) : null;
	}

	/** When the task became terminal (sim.now() clock), or null if it has not (yet). */
	taskDoneAt(taskId) {
		const task = this.training.tasks.get(taskId) || this.chatExplore.tasks.get(taskId);
		return this.training.lifecycle.doneAt(task); // one rule for every kind of task (tasks.js)
	}

	clearLog() {
		this.requests.length = 0; // in place: tests may hold a reference to the array
	}

	/** filter: a function(entry) or a fault-style matcher { method?, path?, route? }. */
	filterRequests(filter) {
		if (!filter) return this.requests.slice();
		return this.requests.filter((entry) => matches(filter, entry));
	}

	/** The most requests that started within any sliding window of windowMs. */
	peakRequestsPerWindow(windowMs = 1000, filter) {
		const times = this.filterRequests(filter)
			.map((entry) => entry.startedAt)
			.sort((a, b) => a - b);
		let peak = 0;
		let first = 0;
		for (let last = 0; last < times.length; last++) {
			while (times[last] - times[first] >= windowMs) first++;
			peak = Math.max(peak, last - first + 1);
		}
		return peak;
	}

	requestsAfter(t, filter) {
		return this.filterRequests(filter).filter((entry) => entry.startedAt >= t);
	}

	// ------------------------------------------------------------ HTTP

	async onRequest(req, res) {
		const [rawPath, rawQuery = ''] = req.url.split('?');
		const method = req.method.toUpperCase();
		const { route, taskId, methodNotAllowed } = classify(method, rawPath);
		const entry = {
			seq: ++this.seq,
			method,
			path: rawPath,
			/** The request line's target exactly as sent (query string encoding included). */
			rawUrl: req.url,
			query: Object.fromEntries(new URLSearchParams(rawQuery)),
			headers: { ...req.headers },
			body: undefined,
			startedAt: this.now(),
			finishedAt: null,
			status: null,
			faulted: null,
			route,
		};
		this.requests.push(entry);
		res.on('error', () => {}); // the client may be gone (timeouts, aborts)

		const bodyText = await readBody(req);
		let json;
		let jsonError = null;
		if (bodyText !== '') {
			try {
				json = JSON.parse(bodyText);
			} catch (error) {
				jsonError = error;
			}
		}
		entry.body = json !== undefined ? json : bodyText === '' ? null : bodyText;
		const ctx = { entry, method, path: rawPath, query: entry.query, headers: entry.headers, bodyText, json, jsonError, route, taskId, methodNotAllowed };

		// Akkio's account-wide limit answers before anything else runs (option rateLimit).
		const refusal = this.rateLimiter.refuse(ctx);
		if (refusal) {
			entry.rateLimited = true;
			return this.answer(res, entry, refusal);
		}
		const fault = this.faults.pick(entry);
		if (!fault) return this.answer(res, entry, this.dispatch(ctx));

		entry.faulted = fault.name;
		const real = fault.afterEffect ? this.dispatch(ctx) : null;
		switch (fault.kind) {
			case 'reset':
				// RST rather than FIN where available: the client sees ECONNRESET.
				if (typeof req.socket.resetAndDestroy === 'function') req.socket.resetAndDestroy();
				else req.socket.destroy();
				entry.finishedAt = this.now();
				return undefined;
			case 'hang':
				return undefined; // the socket stays open until the client gives up or close()
			case 'slow': {
				this.later(fault.ms, () => this.answer(res, entry, real));
				return undefined;
			}
			case 'trickle':
			case 'endless':
				return this.dribble(res, entry, fault, real);
			default:
				return this.answer(res, entry, faultResponse(fault, real, entry));
		}
	}

	dispatch(ctx) {
		try {
			if (ctx.route === 'legacy') return handleLegacy(this, ctx);
			// FastAPI resolves the route before any dependency: 404/405 come before 401.
			if (ctx.route === 'other') {
				return ctx.methodNotAllowed ? detailError(405, 'Method Not Allowed') : detailError(404, 'Not Found');
			}
			if (ctx.headers['x-api-key'] !== this.apiKey) return detailError(401, 'Invalid API key');
			if (ctx.route === 'project') return this.projectStore.handle(ctx);
			if (ctx.route.startsWith('chat-')) return this.chatExplore.handle(ctx);
			if (ctx.route === 'submit') return this.training.submit(ctx);
			if (ctx.route === 'status') return this.training.status(ctx.taskId);
			return this.training.result(ctx.taskId);
		} catch (error) {
			// Starlette's answer to an unhandled exception; keep the cause for debugging.
			ctx.entry.error = error;
			return textResponse(500, 'Internal Server Error');
		}
	}

	/**
	 * Sends the answer after the server's latency (options.latencyMs, real milliseconds, not
	 * scaled by timeScale). The handler has already run: a submit creates its training on
	 * arrival, as a real server does its work before answering.
	 */
	answer(res, entry, response) {
		const latency = typeof this.options.latencyMs === 'function' ? this.options.latencyMs(entry) : this.options.latencyMs;
		if (!(latency > 0)) return this.send(res, entry, response);
		this.later(latency, () => this.send(res, entry, response));
		return undefined;
	}

	/** A timer that close() clears. */
	later(ms, callback) {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			callback();
		}, ms);
		this.timers.add(timer);
	}

	send(res, entry, response) {
		entry.status = response.status;
		entry.finishedAt = this.now();
		if (res.destroyed || res.writableEnded) return;
		const body = Buffer.from(response.body === undefined ? '' : String(response.body), 'utf8');
		res.writeHead(response.status, {
			...response.headers,
			'content-length': body.length,
			server: 'akkio-simulator',
		});
		res.end(body);
	}

	/**
	 * Headers at once, then the body `fault.bytes` at a time every `fault.ms`: the real answer
	 * (or `fault.body`) for 'trickle', spaces that never end for 'endless' (valid JSON so far,
	 * never complete). Stops when the client goes away or at close().
	 */
	dribble(res, entry, fault, real) {
		const endless = fault.kind === 'endless';
		const source = fault.body !== undefined ? fault.body : real && real.body;
		const body = Buffer.from(endless ? '' : typeof source === 'string' ? source : JSON.stringify(source), 'utf8');
		entry.status = endless ? 200 : (fault.status ?? real.status);
		res.writeHead(entry.status, {
			'content-type': 'application/json',
			...(endless ? {} : { 'content-length': body.length }),
			server: 'akkio-simulator',
		});
		if (endless) res.write('{"status": "PENDING"');
		let offset = 0;
		const timer = setInterval(() => {
			if (res.destroyed || res.writableEnded) {
				clearInterval(timer);
				this.timers.delete(timer);
				return;
			}
			if (endless) {
				res.write(' ');
				return;
			}
			res.write(body.subarray(offset, offset + fault.bytes));
			offset += fault.bytes;
			if (offset >= body.length) {
				clearInterval(timer);
				this.timers.delete(timer);
				entry.finishedAt = this.now();
				res.end();
			}
		}, fault.ms);
		this.timers.add(timer);
		return undefined;
	}

	/** Stops the server and destroys every socket (hung ones included), so jest can exit. */
	close() {
		if (!this.closing) {
			for (const timer of this.timers) clearTimeout(timer); // clears intervals too
			this.timers.clear();
			this.closing = new Promise((resolve) => {
				this.server.close(() => resolve());
				for (const socket of this.sockets) socket.destroy();
				this.sockets.clear();
			});
		}
		return this.closing;
	}
}

/** Starts a simulator; resolves once it listens. See DEFAULTS for the options. */
async function startSimulator(options = {}) {
	const sim = new Simulator(options);
	await sim.listen();
	return sim;
}

/**
 * A clock for options.clock that only moves when told to, so tests can step a
 * training through its phases without sleeping: clock.advance(ms), clock.set(t).
 */
function manualClock(start = 0) {
	let t = start;
	const clock = () => t;
	clock.advance = (ms) => (t += ms);
	clock.set = (value) => (t = value);
	return clock;
}

/** A port on 127.0.0.1 with nothing listening (for "connection refused" tests). */
function reservedClosedPort() {
	return new Promise((resolve, reject) => {
		const probe = http.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});
}

module.exports = {
	startSimulator,
	reservedClosedPort,
	manualClock,
	Simulator,
	normalizeFault,
	deepJson,
	generateLeadRows,
	inferFields,
	LEAD_FIELDS,
	DEFAULT_API_KEY,
	SAMPLE_DATASET_ID,
	SAMPLE_DATASET_NAME,
	OTHER_TEAM_DATASET_ID,
	DEMO_DATASETS,
	UNDOCUMENTED,
};
