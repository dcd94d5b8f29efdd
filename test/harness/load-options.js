'use strict';
// Calls a node's editor methods (methods.listSearch.*, methods.loadOptions.*) the way n8n's
// server does for the editor (DynamicNodeParametersService): a one-node Workflow holding the
// node's current parameters, n8n-core's LoadOptionsContext, and a real credentials helper.
require('./env');
const { Workflow, deepCopy } = require('n8n-workflow');
const { LoadOptionsContext } = require('n8n-core');
const { HarnessNodeTypes } = require('./engine');
const { HarnessCredentialsHelper } = require('./credentials');
const { buildAdditionalData } = require('./additional-data');
const { collectLogs } = require('./logging');

/**
 * @param {object} options
 * @param {string} options.nodeType full type name, e.g. 'n8n-nodes-akkio.akkioTrain'
 * @param {'listSearch'|'loadOptions'} options.kind
 * @param {string} options.method method name
 * @param {object} [options.parameters] the node's current parameters (what the editor sends)
 * @param {string} [options.filter] the search text of a list search
 * @param {object} options.nodeTypes, options.credentialTypes, options.credentials as for runWorkflow
 * @returns {Promise<{ result?: unknown, error?: Error, logs: object[] }>}
 */
async function callNodeMethod({ nodeType, kind, method, parameters = {}, filter, nodeTypes, credentialTypes, credentials }) {
	const types = new HarnessNodeTypes(nodeTypes);
	const type = types.getByName(nodeType);
	const credentialRefs = {};
	for (const { name } of type.description.credentials || []) credentialRefs[name] = { id: name, name };
	const node = {
		id: 'editor-node',
		name: 'Editor Node',
		type: nodeType,
		typeVersion: type.description.version,
		position: [0, 0],
		parameters: deepCopy(parameters),
		credentials: credentialRefs,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: types });
	const credentialsHelper = new HarnessCredentialsHelper({ credentialTypes, credentials });
	const additionalData = buildAdditionalData({ credentialsHelper });
	const context = new LoadOptionsContext(workflow, workflow.getNode(node.name), additionalData, `parameters.${method}`);
	const logs = collectLogs();
	try {
		const fn = type.methods && type.methods[kind] && type.methods[kind][method];
		if (typeof fn !== 'function') throw new Error(`harness: ${nodeType} has no ${kind}.${method}`);
		const result = kind === 'listSearch' ? await fn.call(context, filter) : await fn.call(context);
		return { result, logs: logs.entries };
	} catch (error) {
		return { error, logs: logs.entries };
	} finally {
		logs.stop();
	}
}

module.exports = { callNodeMethod };
