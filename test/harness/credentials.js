'use strict';
// Credentials as n8n's CLI handles them (packages/cli credentials-helper.ts and the credentials
// tester): stored data plus property defaults, the credential's `authenticate` really applied
// (n8n-core's own test helper returns the request untouched), and its `test` request run.
const { ICredentialsHelper, NodeHelpers, Workflow, isExpression, createRunExecutionData, deepCopy } = require('n8n-workflow');

const instance = (C) => (typeof C === 'function' ? new C() : C);

class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor({ credentialTypes = {}, credentials = {} } = {}) {
		super();
		this.types = Object.fromEntries(Object.values(credentialTypes).map(instance).map((t) => [t.name, t]));
		this.data = deepCopy(credentials);
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	/** Generic authenticate: each `={{$credentials...}}` expression resolved, as the CLI does. */
	async authenticate(credentials, typeName, request, workflow, node) {
		const { authenticate } = this.types[typeName];
		if (typeof authenticate === 'function') return authenticate(credentials, request);
		for (const [where, values] of Object.entries((authenticate && authenticate.properties) || {})) {
			request[where] = request[where] || {};
			for (const [key, value] of Object.entries(values)) {
				const resolve = (v) => (isExpression(v) ? String(workflow.expression.getSimpleParameterValue(node, v, 'internal', { $credentials: credentials }, undefined, '') || '') : v);
				request[where][resolve(key)] = resolve(value);
			}
		}
		return request;
	}

	async preAuthentication() {
		return undefined;
	}

	async getCredentials(nodeCredentials, type) {
		return { id: nodeCredentials.id, name: nodeCredentials.name, type, data: undefined, getData: () => deepCopy(this.data[type]) };
	}

	async getDecrypted(_additionalData, nodeCredentials, type) {
		if (this.data[type] === undefined) throw new Error(`Credential with ID "${nodeCredentials && nodeCredentials.id}" does not exist for type "${type}"`);
		return NodeHelpers.getNodeParameters(this.types[type].properties, deepCopy(this.data[type]), true, false, null, null);
	}

	async updateCredentials(_nodeCredentials, type, data) {
		this.data[type] = deepCopy(data);
	}

	getCredentialsProperties(type) {
		return this.types[type].properties;
	}
}

/**
 * The credential's `test` request run as n8n's CredentialsTester runs it (a routing node on a
 * throwaway node type), answered { status: 'OK' | 'Error', message } with the test's own rules.
 */
async function testCredential(CredentialClass, data) {
	const { ExecuteContext, RoutingNode } = require('n8n-core');
	const type = instance(CredentialClass);
	const helper = new HarnessCredentialsHelper({ credentialTypes: { [type.name]: type }, credentials: { [type.name]: data } });
	const nodeType = {
		description: { name: 'test.credential', displayName: 'Test', group: [], version: 1, defaults: {}, inputs: ['main'], outputs: ['main'], credentials: [{ name: type.name, required: true }], properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: type.test.request } }] },
	};
	const node = { id: 'temp', name: 'Temp-Node', type: 'test.credential', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { [type.name]: { id: 'test', name: 'test' } } };
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new ExecuteContext(workflow, node, require('./engine').additionalDataFor(helper), 'internal', createRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
	const decrypted = { id: 'test', name: 'test', type: type.name, data: await helper.getDecrypted(null, {}, type.name) };
	try {
		await new RoutingNode(context, nodeType, decrypted).runNode();
		return { status: 'OK', message: 'Connection successful!' };
	} catch (error) {
		const response = error.cause && error.cause.response;
		if (!response) return { status: 'Error', message: (error.cause && error.cause.code) || String(error.message) };
		const rule = (type.test.rules || []).find((r) => r.type === 'responseCode' && r.properties.value === response.status);
		return { status: 'Error', message: rule ? rule.properties.message : response.statusText || `Received HTTP status code: ${response.status}` };
	}
}

module.exports = { HarnessCredentialsHelper, testCredential };
