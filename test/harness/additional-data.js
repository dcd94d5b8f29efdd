'use strict';
// IWorkflowExecuteAdditionalData for in-process runs (n8n-workflow 2.41 interface).
require('./logging');
const { ExecutionLifecycleHooks } = require('n8n-core');

const BASE = 'http://localhost:5678';

/**
 * @param {object} opts
 * @param {object} opts.credentialsHelper ICredentialsHelper instance
 * @param {string} [opts.executionId]
 * @param {string} [opts.mode] execution mode for the hooks ('manual')
 * @param {object} [opts.workflowData] IWorkflowBase for the hooks
 * @param {object} [opts.hooks] ExecutionLifecycleHooks (built when absent)
 * @param {object} [opts.overrides] fields merged over the result
 */
function buildAdditionalData({
	credentialsHelper,
	executionId = 'harness-execution',
	mode = 'manual',
	workflowData,
	hooks,
	overrides = {},
} = {}) {
	const wfData = workflowData || {
		id: 'harness-workflow',
		name: 'harness',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [],
		connections: {},
	};
	return {
		credentialsHelper,
		hooks: hooks || new ExecutionLifecycleHooks(mode, executionId, wfData),
		executionId,
		workflowId: wfData.id,
		userId: 'harness-user',
		currentNodeExecutionIndex: 0,
		restApiUrl: `${BASE}/rest`,
		instanceBaseUrl: `${BASE}/`,
		formBaseUrl: `${BASE}/form`,
		formWaitingBaseUrl: `${BASE}/form-waiting`,
		formTestBaseUrl: `${BASE}/form-test`,
		webhookBaseUrl: `${BASE}/webhook`,
		webhookWaitingBaseUrl: `${BASE}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE}/webhook-test`,
		mcpBaseUrl: `${BASE}/mcp`,
		mcpTestBaseUrl: `${BASE}/mcp-test`,
		variables: {},
		executeWorkflow: async () => {
			throw new Error('harness: executing sub-workflows is not supported');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		sendDataToUI: () => {},
		setExecutionStatus: () => {},
		startRunnerTask: async () => {
			throw new Error('harness: task runners (Code node) are not available');
		},
		...overrides,
	};
}

module.exports = { buildAdditionalData, BASE_URL: BASE };
