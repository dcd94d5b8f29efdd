'use strict';
// Runs n8n workflows (JSON as exported by n8n) in n8n-core's real execution engine,
// in-process, with no n8n server. See README.md in this folder.
require('./env'); // sets N8N_USER_FOLDER before n8n-core is loaded
const { collectLogs, logsToText, safeStringify } = require('./logging');
const path = require('node:path');
const { Workflow, NodeHelpers, UnexpectedError, deepCopy } = require('n8n-workflow');
const { WorkflowExecute, ExecutionLifecycleHooks } = require('n8n-core');
const { HarnessCredentialsHelper, testCredential } = require('./credentials');
const { buildAdditionalData } = require('./additional-data');
const { STAND_IN_NODE_TYPES } = require('./stand-ins');

const REPO_ROOT = path.join(__dirname, '../..');
const PACKAGE_NAME = 'n8n-nodes-akkio';

/** INodeTypes over `{ 'package.type': NodeClass | instance }`, stand-ins included. */
class HarnessNodeTypes {
	constructor(nodeTypes = {}, { standIns = true } = {}) {
		this.types = {};
		const all = { ...(standIns ? STAND_IN_NODE_TYPES : {}), ...nodeTypes };
		for (const [name, value] of Object.entries(all)) {
			this.types[name] = typeof value === 'function' ? new value() : value;
		}
	}

	getByName(nodeType) {
		const type = this.types[nodeType];
		if (!type) {
			throw new UnexpectedError(
				`harness: unknown node type "${nodeType}". Known: ${Object.keys(this.types).join(', ')}`,
			);
		}
		return type;
	}

	getByNameAndVersion(nodeType, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		const known = {};
		for (const [name, type] of Object.entries(this.types)) {
			known[name] = { className: type.constructor.name, sourcePath: '' };
		}
		return known;
	}
}

/**
 * Requires the compiled package classes from dist/ (run `npm run build` first).
 * @returns {{ nodeTypes: Record<string, Function>, credentialTypes: Record<string, Function>, classes: object }}
 */
function loadPackageNodes({ root = REPO_ROOT } = {}) {
	const manifest = require(path.join(root, 'package.json')).n8n;
	const nodeTypes = {};
	const credentialTypes = {};
	const classes = {};
	const load = (file) => {
		const full = path.join(root, file);
		try {
			const exported = require(full);
			const name = path.basename(file).split('.')[0];
			classes[name] = exported[name];
			return exported[name];
		} catch (error) {
			if (error.code === 'MODULE_NOT_FOUND') {
				error.message = `harness: ${error.message}\nBuild the package first: npm run build`;
			}
			throw error;
		}
	};
	for (const file of manifest.nodes) {
		const NodeClass = load(file);
		nodeTypes[`${PACKAGE_NAME}.${new NodeClass().description.name}`] = NodeClass;
	}
	for (const file of manifest.credentials) {
		const CredentialClass = load(file);
		credentialTypes[new CredentialClass().name] = CredentialClass;
	}
	return { nodeTypes, credentialTypes, classes };
}

/**
 * Loads the package the way n8n does: n8n-core's PackageDirectoryLoader reads package.json's
 * "n8n" section, requires each dist file, checks class name = file name, validates node
 * descriptions. Node types come back named "<package>.<name>" as in n8n.
 */
async function loadPackageWithN8nLoader({ root = REPO_ROOT } = {}) {
	const { PackageDirectoryLoader } = require('n8n-core');
	const loader = new PackageDirectoryLoader(root);
	await loader.loadAll();
	const nodeTypes = {};
	for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
		nodeTypes[`${loader.packageName}.${name}`] = type;
	}
	const credentialTypes = {};
	for (const [name, { type }] of Object.entries(loader.credentialTypes)) {
		credentialTypes[name] = type;
	}
	return { nodeTypes, credentialTypes, loader };
}

/**
 * Quirk workaround (jest only): WorkflowExecute cancels with `abortController.abort()`, so the
 * signal's reason is a DOMException made by Node.js in the main realm. Under jest, n8n-workflow
 * runs in the test's vm realm where that DOMException is not `instanceof Error`, and
 * `sleep(ms, signal)` (ensureError) turns it into "Error that was not an instance of Error was
 * thrown". Outside jest the node sees an AbortError "This operation was aborted". Give abort()
 * an AbortError made in this realm as default reason, so both report the same error.
 */
function giveAbortAnErrorReason(controller) {
	const abort = controller.abort.bind(controller);
	controller.abort = (reason) => {
		if (reason === undefined) {
			reason = new Error('This operation was aborted');
			reason.name = 'AbortError';
		}
		abort(reason);
	};
}

function pickStartNode(workflow, startNodeName) {
	if (startNodeName) {
		const node = workflow.getNode(startNodeName);
		if (!node) throw new UnexpectedError(`harness: start node "${startNodeName}" not found`);
		return node;
	}
	const found = workflow.getStartNode();
	if (found) return found;
	// No trigger: take the first enabled node that has main outputs and no incoming main connection.
	for (const node of Object.values(workflow.nodes)) {
		if (node.disabled) continue;
		const type = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const outputs = type.description.outputs;
		if (Array.isArray(outputs) && outputs.length === 0) continue; // sticky notes
		const incoming = workflow.connectionsByDestinationNode[node.name];
		if (incoming && incoming.main && incoming.main.some((c) => c && c.length)) continue;
		return node;
	}
	throw new UnexpectedError('harness: no node to start the workflow from');
}

function isTriggerType(workflow, node) {
	const type = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	return Boolean(type.trigger || type.poll || type.webhook);
}

function normaliseItems(items) {
	return items.map((item, index) => {
		const isItem = item && typeof item === 'object' && 'json' in item;
		const out = isItem ? deepCopy(item) : { json: deepCopy(item) };
		if (out.pairedItem === undefined) out.pairedItem = { item: index };
		return out;
	});
}

function setUpExecution({
	workflowData,
	nodeTypesInstance,
	credentialsHelper,
	credentials,
	attachCredentials,
	mode,
	executionId,
	nodeExecutionOrder,
}) {
	const nodes = workflowData.nodes || [];
	if (attachCredentials) {
		for (const node of nodes) {
			const type = nodeTypesInstance.getByNameAndVersion(node.type, node.typeVersion);
			for (const { name } of type.description.credentials || []) {
				if (credentials[name] === undefined) continue;
				node.credentials = node.credentials || {};
				if (!node.credentials[name]) node.credentials[name] = { id: name, name };
			}
		}
	}

	const settings = { executionOrder: 'v1', ...(workflowData.settings || {}) };
	const workflow = new Workflow({
		id: workflowData.id || 'harness-workflow',
		name: workflowData.name || 'harness workflow',
		nodes,
		connections: workflowData.connections || {},
		active: false,
		nodeTypes: nodeTypesInstance,
		staticData: workflowData.staticData,
		settings,
		pinData: workflowData.pinData,
	});

	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflow.id,
		name: workflow.name,
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections: workflowData.connections || {},
		settings,
	});
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		nodeExecutionOrder.push(nodeName);
	});

	const additionalData = buildAdditionalData({ credentialsHelper, executionId, mode, hooks });
	const execution = new WorkflowExecute(additionalData, mode);
	giveAbortAnErrorReason(execution.abortController);

	return { workflow, execution };
}

/**
 * Runs a workflow in n8n-core's WorkflowExecute.
 *
 * @param {object} workflowJson { nodes, connections, settings?, pinData?, name?, id? }
 * @param {object} [options]
 * @param {Record<string, object>} [options.credentials] decrypted data by credential type
 * @param {Record<string, Function|object>} [options.credentialTypes] credential classes by type name
 * @param {Record<string, Function|object>} [options.nodeTypes] extra node classes by full type name
 * @param {Array<object>} [options.inputItems] items fed to the start node (see README)
 * @param {string} [options.startNode] name of the node to start from
 * @param {string} [options.mode] execution mode, default 'manual'
 * @param {object} [options.pinData] { nodeName: items[] }
 * @param {number} [options.cancelAfterMs] cancel the execution after this many ms
 * @param {AbortSignal} [options.signal] cancel the execution when this aborts
 * @param {boolean} [options.attachCredentials] add missing node credential references
 *   ({id:type, name:type}) for every credential the node type declares and options.credentials has
 * @returns {Promise<HarnessResult> & { cancel(reason?): void, execution: WorkflowExecute, abortSignal: AbortSignal }}
 */
function runWorkflow(workflowJson, options = {}) {
	const {
		credentials = {},
		credentialTypes = {},
		nodeTypes = {},
		inputItems,
		startNode: startNodeName,
		mode = 'manual',
		pinData,
		cancelAfterMs,
		signal,
		attachCredentials = false,
		executionId = `harness-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
	} = options;

	const logs = collectLogs();
	const workflowData = deepCopy(workflowJson);
	const nodeTypesInstance = new HarnessNodeTypes(nodeTypes);
	const credentialsHelper = new HarnessCredentialsHelper({ credentialTypes, credentials });

	const nodeExecutionOrder = [];
	let workflow;
	let execution;
	let cancelRequested = false;
	let cancelable; // the p-cancelable promise from processRunExecutionData
	const timers = [];
	const cancel = () => {
		if (cancelRequested) return;
		cancelRequested = true;
		if (cancelable) cancelable.cancel();
	};

	const finish = (run, thrown) => {
		for (const t of timers) clearTimeout(t);
		if (signal) signal.removeEventListener('abort', cancel);
		logs.stop();
		return makeResult({
			run,
			thrown,
			execution,
			workflow,
			credentialsHelper,
			logs: logs.entries,
			nodeExecutionOrder,
			cancelRequested,
		});
	};

	let promise;
	try {
		({ workflow, execution } = setUpExecution({
			workflowData,
			nodeTypesInstance,
			credentialsHelper,
			credentials,
			attachCredentials,
			mode,
			executionId,
			nodeExecutionOrder,
		}));
		const startNode = pickStartNode(workflow, startNodeName);
		const mergedPinData = { ...(workflowData.pinData || {}), ...(pinData || {}) };
		let triggerToStartFrom;
		if (inputItems !== undefined) {
			const items = normaliseItems(inputItems);
			if (isTriggerType(workflow, startNode)) {
				// A trigger has no input: pin its output instead, as n8n does with pinned trigger data.
				mergedPinData[startNode.name] = items;
			} else {
				triggerToStartFrom = { name: startNode.name, data: { data: { main: [items] } } };
			}
		}
		cancelable = execution.run({
			workflow,
			startNode,
			pinData: Object.keys(mergedPinData).length ? mergedPinData : undefined,
			triggerToStartFrom,
		});
		if (cancelRequested) cancelable.cancel();
		promise = Promise.resolve(cancelable).then(
			(run) => finish(run),
			(error) => finish(undefined, error),
		);
	} catch (error) {
		// Thrown before the cancelable promise exists: unknown node type (from new Workflow, as
		// n8n's NodeTypes throws), WorkflowHasIssuesError (WorkflowExecute checks parameters
		// synchronously), no start node.
		promise = Promise.resolve().then(() => finish(undefined, error));
	}

	if (typeof cancelAfterMs === 'number') timers.push(setTimeout(cancel, cancelAfterMs));
	if (signal) {
		if (signal.aborted) cancel();
		else signal.addEventListener('abort', cancel, { once: true });
	}

	promise.cancel = cancel;
	promise.execution = execution;
	promise.workflow = workflow;
	promise.abortSignal = execution ? execution.abortController.signal : undefined;
	return promise;
}

/**
 * @typedef {object} HarnessResult
 * @property {object|undefined} run IRun from WorkflowExecute
 * @property {object} runData run.data.resultData.runData ({} when nothing ran)
 * @property {Error|object|undefined} error execution-level error (resultData.error, or the error
 *   WorkflowExecute threw before starting)
 * @property {string|undefined} status 'success' | 'error' | 'canceled' | ...
 * @property {boolean} canceled cancel() was called (status tells whether the engine noticed)
 * @property {Array<{level,message,meta,time}>} logs every logger call during the run
 * @property {string} logText logs as text, metadata JSON-serialised (errors included)
 * @property {string[]} nodeExecutionOrder names, in the order nodes finished
 * @property {WorkflowExecute} execution
 * @property {Workflow} workflow
 * @property {HarnessCredentialsHelper} credentialsHelper
 * @property {(name:string)=>Array<Array<object>>|undefined} lastNodeOutput outputs of the node's
 *   last run: [output0Items, output1Items, ...]
 * @property {(name:string, outputIndex?:number)=>Array<object>} outputItems items of one output of
 *   the node's last run ([] when none)
 * @property {(name:string)=>object|undefined} nodeError error of the node's last run
 */
function makeResult({ run, thrown, execution, workflow, credentialsHelper, logs, nodeExecutionOrder, cancelRequested }) {
	const runData = (run && run.data && run.data.resultData && run.data.resultData.runData) || {};
	const lastTask = (name) => {
		const tasks = runData[name];
		return tasks && tasks.length ? tasks[tasks.length - 1] : undefined;
	};
	const result = {
		run,
		runData,
		error: thrown || (run && run.data && run.data.resultData && run.data.resultData.error) || undefined,
		status: thrown ? 'error' : run && run.status,
		canceled: cancelRequested,
		logs,
		execution,
		workflow,
		credentialsHelper,
		nodeExecutionOrder,
		lastNodeOutput(name) {
			const task = lastTask(name);
			return task && task.data ? task.data.main : undefined;
		},
		outputItems(name, outputIndex = 0) {
			const outputs = result.lastNodeOutput(name);
			return (outputs && outputs[outputIndex]) || [];
		},
		nodeError(name) {
			const task = lastTask(name);
			return task ? task.error : undefined;
		},
	};
	Object.defineProperty(result, 'logText', { enumerable: true, get: () => logsToText(logs) });
	return result;
}

module.exports = {
	runWorkflow,
	testCredential,
	loadPackageNodes,
	loadPackageWithN8nLoader,
	HarnessNodeTypes,
	HarnessCredentialsHelper,
	STAND_IN_NODE_TYPES,
	buildAdditionalData,
	logsToText,
	safeStringify,
	REPO_ROOT,
	PACKAGE_NAME,
};
