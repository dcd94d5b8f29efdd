'use strict';
// Credential handling for the harness, modelled on n8n's CLI (packages/cli/src/credentials-helper.ts
// and services/credentials-tester.service.ts). n8n-core's own test helper returns request options
// untouched; this one really applies the credential class's `authenticate`.
require('./logging');
const {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	UnexpectedError,
	isExpression,
	createRunExecutionData,
	deepCopy,
} = require('n8n-workflow');

/** Turns `{ name: Class | instance }` (or an array of those) into `{ typeName: instance }`. */
function normaliseCredentialTypes(credentialTypes) {
	const out = {};
	const list = Array.isArray(credentialTypes)
		? credentialTypes.map((c) => [undefined, c])
		: Object.entries(credentialTypes || {});
	for (const [key, value] of list) {
		const instance = typeof value === 'function' ? new value() : value;
		const name = instance && instance.name;
		if (!name) throw new Error(`harness: credential type ${key ?? ''} has no "name"`);
		if (key !== undefined && key !== name) {
			throw new Error(`harness: credentialTypes key "${key}" does not match the class's name "${name}"`);
		}
		out[name] = instance;
	}
	return out;
}

class HarnessCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {object} opts
	 * @param {Record<string, Function|object>} opts.credentialTypes credential classes by type name
	 * @param {Record<string, object>} opts.credentials decrypted credential data by type name
	 */
	constructor({ credentialTypes = {}, credentials = {} } = {}) {
		super();
		this.credentialTypes = normaliseCredentialTypes(credentialTypes);
		this.data = deepCopy(credentials);
		/** Every getDecrypted call: { type, nodeCredentials, node } (for assertions). */
		this.decryptCalls = [];
		/** Every updateCredentials call. */
		this.updates = [];
	}

	getCredentialType(typeName) {
		const type = this.credentialTypes[typeName];
		if (!type) {
			throw new UnexpectedError(
				`harness: unknown credential type "${typeName}"; pass its class in options.credentialTypes`,
			);
		}
		return type;
	}

	getParentTypes(typeName) {
		const type = this.credentialTypes[typeName];
		if (!type || !type.extends) return [];
		const parents = [];
		for (const parent of type.extends) {
			parents.push(parent, ...this.getParentTypes(parent));
		}
		return parents;
	}

	isCredentialUsableByNode(credentialType, nodeType) {
		const type = this.credentialTypes[credentialType];
		if (!type || !type.restrictToSupportedNodes) return true;
		const supported = type.supportedNodes || [];
		return supported.some((n) => n === nodeType || nodeType.endsWith(`.${n}`));
	}

	/** Mirrors CLI CredentialsHelper.authenticate. */
	async authenticate(credentials, typeName, incomingRequestOptions, workflow, node) {
		const requestOptions = incomingRequestOptions;
		const credentialType = this.getCredentialType(typeName);
		const { authenticate } = credentialType;
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (typeof authenticate === 'object') {
			if (!workflow || !node) {
				throw new UnexpectedError(
					'Workflow and node are required for declarative credential authentication',
				);
			}
			if (requestOptions.headers === undefined) requestOptions.headers = {};
			if (authenticate.type === 'generic') {
				for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(outerValue)) {
						const keyResolved = resolveValue(key, { $credentials: credentials }, workflow, node);
						const valueResolved = resolveValue(value, { $credentials: credentials }, workflow, node);
						if (!requestOptions[outerKey]) requestOptions[outerKey] = {};
						requestOptions[outerKey][keyResolved] = valueResolved;
					}
				}
			}
		}
		return requestOptions;
	}

	/** Mirrors CLI CredentialsHelper.preAuthentication (expirable hidden property). */
	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const credentialType = this.getCredentialType(typeName);
		const expirableProperty = (credentialType.properties || []).find(
			(p) => p.type === 'hidden' && p.typeOptions && p.typeOptions.expirable === true,
		);
		if (!expirableProperty || !expirableProperty.name) return undefined;
		const isTestingCredentials =
			node && node.parameters && node.parameters.temp === '' && node.type === 'n8n-nodes-base.noOp';
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (
			credentials[expirableProperty.name] === '' ||
			credentialsExpired ||
			isTestingCredentials
		) {
			const output = await credentialType.preAuthentication.call(helpers, credentials);
			if (!output || output[expirableProperty.name] === undefined) return undefined;
			if (node.credentials) {
				const nodeCredentials = node.credentials[credentialType.name];
				await this.updateCredentials(nodeCredentials, credentialType.name, {
					...(this.data[credentialType.name] || {}),
					...output,
				});
				return Object.assign(credentials, output);
			}
		}
		return undefined;
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const credentialType = this.getCredentialType(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		return output ?? undefined;
	}

	async getCredentials(nodeCredentials, type) {
		const helper = this;
		const stored = this.data[type];
		if (stored === undefined) throw credentialNotFound(nodeCredentials, type);
		return {
			id: nodeCredentials && nodeCredentials.id,
			name: (nodeCredentials && nodeCredentials.name) || type,
			type,
			data: undefined,
			getData: () => deepCopy(helper.data[type]),
			getDataToSave: () => ({ id: nodeCredentials && nodeCredentials.id, name: type, type, data: '' }),
			setData: (data) => {
				helper.data[type] = deepCopy(data);
			},
			updateData: (toUpdate, toDelete = []) => {
				const merged = { ...helper.data[type], ...toUpdate };
				for (const key of toDelete) delete merged[key];
				helper.data[type] = merged;
			},
		};
	}

	/** Stored data + property defaults (+ expression resolution), as the CLI does. */
	async getDecrypted(
		additionalData,
		nodeCredentials,
		type,
		mode,
		executeData,
		raw,
		expressionResolveValues,
	) {
		this.decryptCalls.push({
			type,
			nodeCredentials,
			node: (expressionResolveValues && expressionResolveValues.node && expressionResolveValues.node.name) ||
				(executeData && executeData.node && executeData.node.name),
		});
		const stored = this.data[type];
		if (stored === undefined) throw credentialNotFound(nodeCredentials, type);
		if (raw === true) return deepCopy(stored);
		return this.applyDefaultsAndOverwrites(stored, type, mode, expressionResolveValues, executeData, additionalData);
	}

	applyDefaultsAndOverwrites(dataOriginal, type, mode = 'internal', expressionResolveValues, executeData, additionalData) {
		const properties = this.getCredentialsProperties(type);
		let data = NodeHelpers.getNodeParameters(properties, deepCopy(dataOriginal), true, false, null, null);
		const hasExpression = Object.values(data).some((v) => isExpression(v));
		if (hasExpression) {
			const { getAdditionalKeys } = require('n8n-core');
			const additionalKeys = additionalData
				? getAdditionalKeys(additionalData, mode, null, { isCredential: true })
				: {};
			if (expressionResolveValues) {
				data = expressionResolveValues.workflow.expression.getParameterValue(
					data,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					data,
				);
			} else {
				const mockNode = { name: '', typeVersion: 1, type: 'mock', position: [0, 0], parameters: {} };
				const workflow = new Workflow({
					nodes: [mockNode],
					connections: {},
					active: false,
					nodeTypes: mockNodeTypes({}),
				});
				data = workflow.expression.getComplexParameterValue(mockNode, data, mode, additionalKeys, undefined, undefined, data);
			}
		}
		return data;
	}

	async updateCredentials(nodeCredentials, type, data) {
		this.updates.push({ type, nodeCredentials, data: deepCopy(data) });
		this.data[type] = deepCopy(data);
	}

	// The Akkio credential is an API key: OAuth token updates never happen.
	async updateCredentialsOauthTokenData() {
		throw new Error('harness: OAuth credentials are not supported');
	}

	getCredentialsProperties(type) {
		const credentialType = this.getCredentialType(type);
		if (credentialType.extends === undefined) return credentialType.properties;
		const combined = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}
}

function credentialNotFound(nodeCredentials, type) {
	const id = nodeCredentials && nodeCredentials.id;
	return new Error(
		`Credential with ID "${id}" does not exist for type "${type}". (harness: no credential data given for "${type}")`,
	);
}

/** CLI CredentialsHelper.resolveValue. */
function resolveValue(parameterValue, additionalKeys, workflow, node) {
	if (!isExpression(parameterValue)) return parameterValue;
	const returnValue = workflow.expression.getSimpleParameterValue(
		node,
		parameterValue,
		'internal',
		additionalKeys,
		undefined,
		'',
	);
	if (!returnValue) return '';
	return returnValue.toString();
}

/** A minimal INodeTypes over a `{ typeName: nodeTypeInstance }` map. */
function mockNodeTypes(map) {
	return {
		getKnownTypes: () => ({}),
		getByName: (name) => map[name],
		getByNameAndVersion: (name, version) => {
			if (!map[name]) throw new UnexpectedError(`Unknown node type "${name}"`);
			return NodeHelpers.getVersionedNodeType(map[name], version);
		},
	};
}

/**
 * Runs a credential's `test.request` like n8n's CredentialsTester does (a temporary
 * "n8n-nodes-base.noOp" node whose one property routes the test request, executed by
 * n8n-core's RoutingNode, so `baseURL`/`url` expressions resolve against `$credentials` and
 * the credential's `authenticate` is applied by the credentials helper).
 *
 * @param {Function|object} CredentialClass credential class (or instance)
 * @param {object} data decrypted credential data
 * @param {object} [options] { credentialTypes } extra credential classes (parents)
 * @returns {Promise<{status:'OK'|'Error', message:string}>}
 */
async function testCredential(CredentialClass, data, options = {}) {
	// Lazily required: additional-data requires n8n-core.
	const { ExecuteContext, RoutingNode } = require('n8n-core');
	const { buildAdditionalData } = require('./additional-data');
	const { collectLogs } = require('./logging');

	const credentialType = typeof CredentialClass === 'function' ? new CredentialClass() : CredentialClass;
	const typeName = credentialType.name;
	const helper = new HarnessCredentialsHelper({
		credentialTypes: { ...(options.credentialTypes || {}), [typeName]: credentialType },
		credentials: { [typeName]: data },
	});

	const testRequest = credentialType.test;
	if (!testRequest) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const logs = collectLogs();
	try {
		const credentialsDecrypted = {
			id: 'harness-credential',
			name: `${credentialType.displayName || typeName} (harness)`,
			type: typeName,
			data: undefined,
		};
		try {
			credentialsDecrypted.data = helper.applyDefaultsAndOverwrites(data, typeName, 'internal');
		} catch (error) {
			return { status: 'Error', message: error.message.toString() };
		}

		const { NoOp } = require('./stand-ins');
		const nodeType = new NoOp();
		const node = {
			id: 'temp',
			parameters: {},
			name: 'Temp-Node',
			type: nodeType.description.name,
			typeVersion: Array.isArray(nodeType.description.version)
				? nodeType.description.version.slice(-1)[0]
				: nodeType.description.version,
			position: [0, 0],
			credentials: { [typeName]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
		};
		const nodeTypeCopy = {
			description: {
				...nodeType.description,
				credentials: [{ name: typeName, required: true }],
				properties: [
					{
						displayName: 'Temp',
						name: 'temp',
						type: 'string',
						routing: { request: testRequest.request },
						default: '',
					},
				],
			},
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: mockNodeTypes({ [nodeTypeCopy.description.name]: nodeTypeCopy }),
		});
		const additionalData = buildAdditionalData({ credentialsHelper: helper, mode: 'internal' });
		const executeData = { node, data: {}, source: null };
		const executeFunctions = new ExecuteContext(
			workflow,
			node,
			additionalData,
			'internal',
			createRunExecutionData(),
			0,
			[],
			{ main: [[{ json: {} }]] },
			executeData,
			[],
		);
		const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);

		let response;
		try {
			response = await routingNode.runNode();
		} catch (error) {
			// Same checks as n8n's CredentialsTester: the AxiosError from n8n-core's request helper
			// is the NodeApiError's `cause`.
			const cause = error && error.cause;
			if (cause && cause.response) {
				const statusCode = cause.response.status;
				const statusMessage = cause.response.statusText;
				for (const rule of testRequest.rules || []) {
					if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
						return { status: 'Error', message: rule.properties.message };
					}
				}
				if (statusCode < 199 || statusCode > 299) {
					return {
						status: 'Error',
						message: statusMessage || `Received HTTP status code: ${statusCode}`,
					};
				}
			} else if (cause && cause.code) {
				return { status: 'Error', message: cause.code };
			}
			return { status: 'Error', message: String(error.message) };
		}

		if (Array.isArray(testRequest.rules)) {
			for (const rule of testRequest.rules) {
				if (rule.type === 'responseSuccessBody') {
					const responseData = response[0][0].json;
					if (getPath(responseData, rule.properties.key) === rule.properties.value) {
						return { status: 'Error', message: rule.properties.message };
					}
				}
			}
		}
		return { status: 'OK', message: 'Connection successful!' };
	} finally {
		logs.stop();
	}
}

function getPath(obj, key) {
	return String(key)
		.split('.')
		.reduce((acc, part) => (acc === undefined || acc === null ? undefined : acc[part]), obj);
}

module.exports = { HarnessCredentialsHelper, testCredential, normaliseCredentialTypes, mockNodeTypes, resolveValue };
