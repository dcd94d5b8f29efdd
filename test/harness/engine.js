'use strict';
// Runs n8n workflows (JSON as n8n exports them) in n8n-core's real engine, in-process, with no
// n8n server, and calls a node's editor methods as n8n's server does. README.md in this folder.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// n8n-core writes <N8N_USER_FOLDER>/.n8n/config when loaded: never into the real home folder.
if (!process.env.N8N_USER_FOLDER) {
	const dir = (process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-')));
	process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}
const { Workflow, NodeHelpers, NodeConnectionTypes, LoggerProxy, deepCopy } = require('n8n-workflow');
const { WorkflowExecute, ExecutionLifecycleHooks, LoadOptionsContext, PollContext } = require('n8n-core');
const { HarnessCredentialsHelper, testCredential } = require('./credentials');

const REPO_ROOT = path.join(__dirname, '../..');
const PACKAGE_NAME = 'n8n-nodes-akkio';
const MAIN = NodeConnectionTypes.Main;

// Every log line of n8n (LoggerProxy, and the Logger a node gets as this.logger) goes to the
// collectors of the runs in progress, so that a test can search them for the key.
const sinks = new Set();
const logger = {};
for (const level of ['error', 'warn', 'info', 'debug', 'verbose']) logger[level] = (message, meta) => sinks.forEach((s) => s.push({ level, message, meta }));
logger.scoped = () => logger;
const coreDir = path.dirname(require.resolve('n8n-core/package.json'));
const { Container } = require(require.resolve('@n8n/di', { paths: [coreDir] }));
const { Logger } = require(require.resolve('@n8n/backend-common', { paths: [coreDir] }));
function collectLogs() {
	LoggerProxy.init(logger);
	Container.set(Logger, logger);
	const entries = [];
	sinks.add(entries);
	return { entries, stop: () => sinks.delete(entries) };
}

/** JSON.stringify through cycles, showing errors with all their own properties. */
function safeStringify(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, (_key, v) => {
		if (!v || typeof v !== 'object') return typeof v === 'function' ? `[Function ${v.name}]` : v;
		if (seen.has(v)) return '[Circular]';
		seen.add(v);
		if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack, ...Object.fromEntries(Object.getOwnPropertyNames(v).map((k) => [k, v[k]])), cause: v.cause };
		return Buffer.isBuffer(v) ? `[Buffer ${v.length}]` : v;
	});
}

/** Stand-ins for the n8n nodes the example workflows use besides ours (n8n-nodes-base is not installed). */
const standIn = (name, { inputs = [MAIN], outputs = [MAIN], group = ['transform'], ...rest } = {}) => ({
	description: { displayName: name, name: `n8n-nodes-base.${name}`, group, version: 1, defaults: { name }, inputs, outputs, properties: [] },
	...rest,
});
const STAND_INS = {
	'n8n-nodes-base.manualTrigger': standIn('manualTrigger', {
		inputs: [],
		group: ['trigger'],
		async trigger() {
			return { manualTriggerFunction: async () => this.emit([this.helpers.returnJsonArray([{}])]) };
		},
	}),
	'n8n-nodes-base.noOp': standIn('noOp', {
		async execute() {
			return [this.getInputData()];
		},
	}),
	'n8n-nodes-base.stickyNote': standIn('stickyNote', { inputs: [], outputs: [] }),
};

class NodeTypes {
	constructor(types) {
		this.types = Object.fromEntries(Object.entries({ ...STAND_INS, ...types }).map(([n, t]) => [n, typeof t === 'function' ? new t() : t]));
	}
	getByName(name) {
		if (!this.types[name]) throw new Error(`harness: unknown node type "${name}"`);
		return this.types[name];
	}
	getByNameAndVersion(name, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}
	getKnownTypes() {
		return {};
	}
}

/** The package's compiled node and credential classes from dist/, named as n8n names them. */
function loadPackageNodes({ root = REPO_ROOT } = {}) {
	const { nodes, credentials } = require(path.join(root, 'package.json')).n8n;
	const classes = {};
	const load = (file) => {
		const name = path.basename(file).split('.')[0];
		classes[name] = require(path.join(root, file))[name];
		return classes[name];
	};
	const nodeTypes = Object.fromEntries(nodes.map(load).map((C) => [`${PACKAGE_NAME}.${new C().description.name}`, C]));
	const credentialTypes = Object.fromEntries(credentials.map(load).map((C) => [new C().name, C]));
	return { nodeTypes, credentialTypes, classes };
}

function additionalDataFor(credentialsHelper, hooks = new ExecutionLifecycleHooks('manual', 'harness-execution', { id: 'harness', nodes: [], connections: {} })) {
	const base = 'http://localhost:5678';
	return {
		credentialsHelper,
		hooks,
		executionId: 'harness-execution',
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		variables: {},
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	};
}

/**
 * Runs a workflow in WorkflowExecute. options: credentials (data by type), credentialTypes,
 * nodeTypes, inputItems (fed to the first node), cancelAfterMs, signal. The returned promise has
 * cancel() (n8n's Stop) and resolves to { run, runData, status, error, logs, canceled,
 * outputItems(name, output), nodeError(name) }.
 */
function runWorkflow(workflowJson, { credentials = {}, credentialTypes = {}, nodeTypes = {}, inputItems, cancelAfterMs, signal } = {}) {
	const logs = collectLogs();
	const data = deepCopy(workflowJson);
	const settings = { executionOrder: 'v1', ...data.settings };
	const workflow = new Workflow({ id: 'harness', name: 'harness', nodes: data.nodes, connections: data.connections || {}, active: false, nodeTypes: new NodeTypes(nodeTypes), settings });
	const hooks = new ExecutionLifecycleHooks('manual', 'harness-execution', { id: 'harness', name: 'harness', nodes: data.nodes, connections: data.connections || {}, settings, active: false, isArchived: false, createdAt: new Date(), updatedAt: new Date() });
	const execution = new WorkflowExecute(additionalDataFor(new HarnessCredentialsHelper({ credentialTypes, credentials }), hooks), 'manual');
	// Under jest, n8n-workflow's sleep() sees the engine's DOMException abort reason from another
	// realm and reports "Error that was not an instance of Error": abort with an Error of this realm.
	const abort = execution.abortController.abort.bind(execution.abortController);
	execution.abortController.abort = (reason) => abort(reason ?? Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }));
	const incoming = new Set(Object.values(data.connections || {}).flatMap((c) => (c.main || []).flat().filter(Boolean).map((t) => t.node)));
	const startNode = workflow.getStartNode() || Object.values(workflow.nodes).find((n) => !n.disabled && !incoming.has(n.name) && n.type !== 'n8n-nodes-base.stickyNote');
	const items = inputItems && inputItems.map((item, index) => ({ pairedItem: { item: index }, ...(item && 'json' in item ? deepCopy(item) : { json: deepCopy(item) }) }));
	let canceled = false;
	const running = execution.run({ workflow, startNode, triggerToStartFrom: items && { name: startNode.name, data: { data: { main: [items] } } } });
	const cancel = () => {
		canceled = true;
		running.cancel();
	};
	const timer = cancelAfterMs !== undefined && setTimeout(cancel, cancelAfterMs);
	if (signal) signal.addEventListener('abort', cancel, { once: true });
	const finish = (run, thrown) => {
		clearTimeout(timer);
		logs.stop();
		const runData = (run && run.data.resultData.runData) || {};
		const last = (name) => (runData[name] || []).slice(-1)[0];
		return {
			run,
			runData,
			status: thrown ? 'error' : run.status,
			error: thrown || run.data.resultData.error,
			logs: logs.entries,
			canceled,
			outputItems: (name, output = 0) => ((last(name) && last(name).data && last(name).data.main[output]) || []),
			nodeError: (name) => last(name) && last(name).error,
		};
	};
	const promise = Promise.resolve(running).then((run) => finish(run), (error) => finish(undefined, error));
	promise.cancel = cancel;
	return promise;
}

/** A node's listSearch or loadOptions method called as the editor calls it: { result } or { error }. */
async function callNodeMethod({ nodeType, kind, method, parameters = {}, filter, nodeTypes, credentialTypes, credentials }) {
	const types = new NodeTypes(nodeTypes);
	const type = types.getByName(nodeType);
	const node = { id: 'editor', name: 'Editor', type: nodeType, typeVersion: 1, position: [0, 0], parameters: deepCopy(parameters), credentials: Object.fromEntries((type.description.credentials || []).map(({ name }) => [name, { id: name, name }])) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: types });
	const context = new LoadOptionsContext(workflow, node, additionalDataFor(new HarnessCredentialsHelper({ credentialTypes, credentials })), `parameters.${method}`);
	try {
		return { result: await type.methods[kind][method].call(context, filter) };
	} catch (error) {
		return { error };
	}
}

/**
 * A polling trigger as n8n runs it: each call of the returned function is one poll() in n8n-core's
 * PollContext (mode 'trigger', or 'manual' for the editor's Fetch Test Event), the node's state
 * kept between polls. `durable`: n8n's durable poll scheduler (2.36+), which hands the poll a
 * staged copy of the state and commits it only when the poll returned; otherwise the state is
 * the workflow's static data, as with the scheduler off.
 */
function poller({ nodeType, parameters = {}, credentials, nodeTypes, credentialTypes, durable = false }) {
	const types = new NodeTypes(nodeTypes);
	const node = { id: 'trigger', name: 'Trigger', type: nodeType, typeVersion: 1, position: [0, 0], parameters: deepCopy(parameters), credentials: { akkioApi: { id: 'akkio-test', name: 'Akkio test' } } };
	const workflow = new Workflow({ id: 'harness', nodes: [node], connections: {}, active: true, nodeTypes: types, staticData: {} });
	const additionalData = additionalDataFor(new HarnessCredentialsHelper({ credentialTypes, credentials }));
	let committed = {};
	const poll = async (mode = 'trigger') => {
		const staged = deepCopy(committed);
		const context = new PollContext(workflow, workflow.getNode(node.name), additionalData, mode, 'activate', undefined, undefined, undefined, undefined, durable ? () => staged : undefined);
		const result = await types.getByName(nodeType).poll.call(context);
		if (durable && mode !== 'manual') committed = staged;
		return result;
	};
	poll.state = () => (durable ? committed : workflow.getStaticData('node', node));
	return poll;
}

module.exports = { additionalDataFor, runWorkflow, callNodeMethod, poller, testCredential, loadPackageNodes, safeStringify, REPO_ROOT, PACKAGE_NAME };
