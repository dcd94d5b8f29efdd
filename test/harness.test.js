'use strict';
// Proves the harness in test/harness/ really runs nodes in n8n-core's engine: credential
// authentication applied, items and pairedItem, error output routing, cancellation, logs,
// credential tests. Uses throwaway node classes and the credential source compiled to a
// temp folder, so it does not need `npm run build`.
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { NodeOperationError, sleep } = require('n8n-workflow');
const { runWorkflow, testCredential, HarnessNodeTypes, REPO_ROOT } = require('./harness/engine');

jest.setTimeout(60_000);

// ---------- the credential under test (compiled from source, not from dist/) ----------
let AkkioApi;
let credBuildDir;
beforeAll(() => {
	credBuildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-cred-'));
	execFileSync(
		path.join(REPO_ROOT, 'node_modules/.bin/tsc'),
		[
			path.join(REPO_ROOT, 'credentials/AkkioApi.credentials.ts'),
			'--outDir', credBuildDir,
			'--rootDir', REPO_ROOT,
			'--module', 'commonjs',
			'--target', 'es2021',
			'--skipLibCheck',
			'--types', 'node',
		],
		{ cwd: REPO_ROOT, stdio: 'pipe' },
	);
	// The credential reads Akkio's routes from nodes/shared: both are compiled, in place.
	({ AkkioApi } = require(path.join(credBuildDir, 'credentials', 'AkkioApi.credentials.js')));
});
afterAll(() => {
	if (credBuildDir) fs.rmSync(credBuildDir, { recursive: true, force: true });
});

// ---------- a tiny server ----------
let server;
let baseUrl;
const requests = [];
const hangingClosed = [];
beforeAll(async () => {
	server = http.createServer((req, res) => {
		const entry = { method: req.method, url: req.url, headers: req.headers };
		requests.push(entry);
		const url = new URL(req.url, 'http://x');
		if (url.pathname === '/v1/datasets') {
			// credential test endpoint (Akkio's legacy list): 'good' passes, 'noaccess' is 403,
			// 'teapot' 418, anything else Akkio's documented 404
			const key = url.searchParams.get('api_key');
			res.statusCode = key === 'good' ? 200 : key === 'noaccess' ? 403 : key === 'teapot' ? 418 : 404;
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(key === 'good' ? { status: 'success', datasets: [] } : { status: 'missing or invalid API key' }));
			return;
		}
		if (url.pathname === '/hang') {
			// never answers; records when the client gives up
			res.on('close', () => hangingClosed.push(Date.now()));
			return;
		}
		if (url.pathname === '/echo') {
			if (url.searchParams.get('fail') === '1') {
				res.statusCode = 500;
				res.end(JSON.stringify({ message: 'boom' }));
				return;
			}
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ path: url.pathname, query: Object.fromEntries(url.searchParams), key: req.headers['x-api-key'] }));
			return;
		}
		res.statusCode = 404;
		res.end('{}');
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${server.address().port}`;
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
	requests.length = 0;
	hangingClosed.length = 0;
});

// ---------- throwaway nodes ----------
const baseDescription = (name, extra = {}) => ({
	displayName: name,
	name,
	group: ['transform'],
	version: 1,
	description: 'harness test node',
	defaults: { name },
	inputs: ['main'],
	outputs: ['main'],
	credentials: [{ name: 'akkioApi', required: true }],
	properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' }],
	...extra,
});

/** GETs <baseUrl><path>?i=<index>&tag=<json.tag> with the akkioApi credential for each item. */
class EchoNode {
	constructor() {
		this.description = baseDescription('echo');
	}

	async execute() {
		const items = this.getInputData();
		const credentials = await this.getCredentials('akkioApi');
		const out = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const p = this.getNodeParameter('path', i);
				const qs = { i: String(i) };
				if (items[i].json.tag !== undefined) qs.tag = String(items[i].json.tag);
				if (items[i].json.fail) qs.fail = '1';
				if (items[i].json.invalid) {
					throw new NodeOperationError(this.getNode(), `Item ${i} is invalid`, { itemIndex: i });
				}
				this.logger.info('echo request', { itemIndex: i, path: p });
				const response = await this.helpers.httpRequestWithAuthentication.call(this, 'akkioApi', {
					method: 'GET',
					url: credentials.baseUrl + p,
					qs,
					json: true,
				});
				out.push({ json: response, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: error.message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

/** Sleeps in a loop on the execution cancel signal. */
class SleeperNode {
	constructor() {
		this.description = baseDescription('sleeper', { credentials: [], properties: [] });
	}

	async execute() {
		const signal = this.getExecutionCancelSignal();
		SleeperNode.signal = signal;
		SleeperNode.iterations = 0;
		for (let i = 0; i < 200; i++) {
			await sleep(50, signal);
			SleeperNode.iterations++;
		}
		return [this.getInputData()];
	}
}

const NODE_TYPES = { 'test.echo': EchoNode, 'test.sleeper': SleeperNode };

// ---------- workflow builders ----------
const node = (name, type, parameters = {}, extra = {}) => ({
	id: name,
	name,
	type,
	typeVersion: 1,
	position: [0, 0],
	parameters,
	...extra,
});
const chain = (...names) => {
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
};
const CREDS_REF = { akkioApi: { id: '1', name: 'Akkio account' } };

function echoWorkflow(items, echoExtra = {}) {
	return {
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger'),
			node('Items', 'test.items', { items: JSON.stringify(items) }),
			node('Echo', 'test.echo', {}, { credentials: CREDS_REF, ...echoExtra }),
			node('Note', 'n8n-nodes-base.stickyNote', { content: 'ignored' }),
		],
		connections: chain('Start', 'Items', 'Echo'),
	};
}

const options = (extra = {}) => ({
	nodeTypes: NODE_TYPES,
	credentialTypes: { akkioApi: AkkioApi },
	credentials: { akkioApi: { apiKey: '  key  ', baseUrl } },
	...extra,
});

// ---------- tests ----------
describe('runWorkflow', () => {
	test('applies the generic authenticate (trimmed X-API-Key) and keeps items and pairedItem', async () => {
		const result = await runWorkflow(echoWorkflow([{ tag: 'a' }, { tag: 'b' }, { tag: 'c' }]), options());

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.nodeExecutionOrder).toEqual(['Start', 'Items', 'Echo']);
		expect(result.runData.Note).toBeUndefined();

		const echoRequests = requests.filter((r) => r.url.startsWith('/echo'));
		expect(echoRequests).toHaveLength(3);
		for (const r of echoRequests) expect(r.headers['x-api-key']).toBe('key');

		const [out, ...rest] = result.lastNodeOutput('Echo');
		expect(rest).toEqual([]);
		expect(out.map((i) => i.json.query)).toEqual([
			{ i: '0', tag: 'a' },
			{ i: '1', tag: 'b' },
			{ i: '2', tag: 'c' },
		]);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.runData.Echo[0].data.main[0]).toBe(out);
	});

	test('a node without the credential reference fails the way n8n does', async () => {
		const wf = echoWorkflow([{ tag: 'a' }]);
		delete wf.nodes.find((n) => n.name === 'Echo').credentials;
		const result = await runWorkflow(wf, options());
		expect(result.status).toBe('error');
		expect(result.nodeError('Echo').message).toMatch(/credentials/i);

		const attached = await runWorkflow(wf, options({ attachCredentials: true }));
		expect(attached.status).toBe('success');
	});

	test('inputItems feed a non-trigger start node, or pin a trigger start node', async () => {
		const direct = {
			nodes: [node('Echo', 'test.echo', {}, { credentials: CREDS_REF })],
			connections: {},
		};
		const r1 = await runWorkflow(direct, options({ inputItems: [{ tag: 'x' }, { json: { tag: 'y' } }] }));
		expect(r1.outputItems('Echo').map((i) => i.json.query.tag)).toEqual(['x', 'y']);

		const viaTrigger = {
			nodes: [node('Start', 'n8n-nodes-base.manualTrigger'), node('Echo', 'test.echo', {}, { credentials: CREDS_REF })],
			connections: chain('Start', 'Echo'),
		};
		const r2 = await runWorkflow(viaTrigger, options({ inputItems: [{ tag: 'p' }, { tag: 'q' }] }));
		expect(r2.outputItems('Echo').map((i) => i.json.query.tag)).toEqual(['p', 'q']);
		expect(r2.outputItems('Echo').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('continueErrorOutput routes the failed item to output 1, the others to output 0', async () => {
		const wf = echoWorkflow([{ tag: 'a' }, { tag: 'b', invalid: true }, { tag: 'c' }], {
			onError: 'continueErrorOutput',
		});
		wf.nodes.push(node('Success', 'n8n-nodes-base.noOp'), node('Failure', 'n8n-nodes-base.noOp'));
		wf.connections.Echo = {
			main: [
				[{ node: 'Success', type: 'main', index: 0 }],
				[{ node: 'Failure', type: 'main', index: 0 }],
			],
		};
		const result = await runWorkflow(wf, options());

		expect(result.status).toBe('success');
		const main = result.runData.Echo[0].data.main;
		expect(main).toHaveLength(2);
		const [ok, failed] = main;
		expect(ok.map((i) => i.json.query.tag)).toEqual(['a', 'c']);
		expect(ok.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.error).toBe('Item 1 is invalid');
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(result.lastNodeOutput('Echo')).toBe(main);
		expect(result.outputItems('Failure')).toHaveLength(1);
		expect(result.outputItems('Success')).toHaveLength(2);
		expect(requests.filter((r) => r.url.startsWith('/echo'))).toHaveLength(2);
	});

	test('without onError a failing item fails the node and the execution', async () => {
		const result = await runWorkflow(echoWorkflow([{ tag: 'a' }, { fail: true }]), options());
		expect(result.status).toBe('error');
		expect(result.error).toBeDefined();
		const nodeError = result.nodeError('Echo');
		expect(nodeError).toBeDefined();
		expect(nodeError.httpCode).toBe('500');
	});

	test('cancelAfterMs aborts the node cancel signal and the run ends promptly', async () => {
		const wf = {
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger'),
				node('Sleep', 'test.sleeper'),
				node('After', 'n8n-nodes-base.noOp'),
			],
			connections: chain('Start', 'Sleep', 'After'),
		};
		const started = Date.now();
		const result = await runWorkflow(wf, options({ cancelAfterMs: 200 }));
		const elapsed = Date.now() - started;

		expect(result.canceled).toBe(true);
		expect(SleeperNode.signal.aborted).toBe(true);
		expect(elapsed).toBeLessThan(2000); // 200 x 50 ms would be 10 s
		expect(SleeperNode.iterations).toBeLessThan(10);
		expect(result.runData.After).toBeUndefined();
		// n8n-core records the node's AbortError; see README (status is 'error', not 'canceled')
		expect(result.nodeError('Sleep').message).toMatch(/abort/i);
		const iterationsAtEnd = SleeperNode.iterations;
		await sleep(200);
		expect(SleeperNode.iterations).toBe(iterationsAtEnd);
	});

	test('cancel() on the returned promise aborts an in-flight authenticated request', async () => {
		const wf = {
			nodes: [node('Start', 'n8n-nodes-base.manualTrigger'), node('Echo', 'test.echo', { path: '/hang' }, { credentials: CREDS_REF })],
			connections: chain('Start', 'Echo'),
		};
		const running = runWorkflow(wf, options());
		expect(typeof running.cancel).toBe('function');
		while (!requests.some((r) => r.url.startsWith('/hang'))) await sleep(10);
		const cancelledAt = Date.now();
		running.cancel();
		const result = await running;

		expect(Date.now() - cancelledAt).toBeLessThan(2000);
		expect(running.abortSignal.aborted).toBe(true);
		expect(result.canceled).toBe(true);
		expect(result.status).not.toBe('success');
		expect(result.nodeError('Echo')).toBeDefined();
		for (let i = 0; i < 100 && hangingClosed.length === 0; i++) await sleep(10);
		expect(hangingClosed).toHaveLength(1); // the client dropped the connection
		expect(hangingClosed[0] - cancelledAt).toBeLessThan(1000);
	});

	test('an AbortSignal option cancels too', async () => {
		const wf = {
			nodes: [node('Start', 'n8n-nodes-base.manualTrigger'), node('Sleep', 'test.sleeper')],
			connections: chain('Start', 'Sleep'),
		};
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 100);
		const result = await runWorkflow(wf, options({ signal: controller.signal }));
		expect(result.canceled).toBe(true);
		expect(SleeperNode.signal.aborted).toBe(true);
	});

	test('captures engine and node logs, and they can be searched for secrets', async () => {
		const secret = 'sk-very-secret-123';
		const result = await runWorkflow(echoWorkflow([{ tag: 'a' }]), options({
			credentials: { akkioApi: { apiKey: secret, baseUrl } },
		}));
		expect(result.status).toBe('success');
		expect(result.logs.length).toBeGreaterThan(0);
		expect(result.logs).toContainEqual(
			expect.objectContaining({ level: 'debug', message: 'Start executing node "Echo"' }),
		);
		expect(result.logs).toContainEqual(
			expect.objectContaining({ level: 'info', message: 'echo request', meta: { itemIndex: 0, path: '/echo' } }),
		);
		expect(result.logText).not.toContain(secret);
		// the secret did reach the server, so the search above is meaningful
		expect(requests.some((r) => r.headers['x-api-key'] === secret)).toBe(true);
	});

	test('each run is isolated (fresh workflow, helper and logs)', async () => {
		const r1 = await runWorkflow(echoWorkflow([{ tag: 'a' }]), options());
		const r2 = await runWorkflow(echoWorkflow([{ tag: 'b' }]), options({
			credentials: { akkioApi: { apiKey: 'other', baseUrl } },
		}));
		expect(r1.workflow).not.toBe(r2.workflow);
		expect(r1.credentialsHelper).not.toBe(r2.credentialsHelper);
		expect(r1.logs).not.toBe(r2.logs);
		expect(r1.outputItems('Echo')[0].json.key).toBe('key');
		expect(r2.outputItems('Echo')[0].json.key).toBe('other');
	});

	test('an unknown node type or a workflow with issues is reported as result.error', async () => {
		const unknown = await runWorkflow({ nodes: [node('X', 'nope.nope')], connections: {} }, options());
		expect(unknown.status).toBe('error');
		expect(unknown.error.message).toMatch(/unknown node type "nope.nope"/);

		class NeedsName {
			constructor() {
				this.description = baseDescription('needsName', {
					credentials: [],
					properties: [{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '' }],
				});
			}

			async execute() {
				return [this.getInputData()];
			}
		}
		const issues = await runWorkflow(
			{ nodes: [node('Start', 'n8n-nodes-base.manualTrigger'), node('N', 'test.needsName')], connections: chain('Start', 'N') },
			options({ nodeTypes: { 'test.needsName': NeedsName } }),
		);
		expect(issues.status).toBe('error');
		expect(issues.error.constructor.name).toBe('WorkflowHasIssuesError');
		expect(issues.runData).toEqual({});
	});
});

describe('testCredential', () => {
	test('OK with a valid key; resolves baseURL and applies the trimmed key', async () => {
		const result = await testCredential(AkkioApi, { apiKey: ' good ', baseUrl: `${baseUrl}/api/v1/` });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const hit = requests.find((r) => r.url.startsWith('/v1/datasets'));
		expect(hit.url).toBe('/v1/datasets?api_key=good');
		expect(hit.headers['x-api-key']).toBeUndefined();
	});

	test('Error with the rule message on 404 and 403, generic on other codes', async () => {
		const ruleFor = (code) => new AkkioApi().test.rules.find((rule) => rule.properties.value === code).properties.message;
		expect(await testCredential(AkkioApi, { apiKey: 'wrong', baseUrl })).toEqual({ status: 'Error', message: ruleFor(404) });
		expect(await testCredential(AkkioApi, { apiKey: 'noaccess', baseUrl })).toEqual({ status: 'Error', message: ruleFor(403) });
		const teapot = await testCredential(AkkioApi, { apiKey: 'teapot', baseUrl });
		expect(teapot.status).toBe('Error');
		expect(teapot.message).toMatch(/teapot/i);
	});

	test('Error with the network code when nothing listens', async () => {
		const closed = http.createServer();
		await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = closed.address().port;
		await new Promise((resolve) => closed.close(resolve));
		expect(await testCredential(AkkioApi, { apiKey: 'good', baseUrl: `http://127.0.0.1:${port}` })).toEqual({
			status: 'Error',
			message: 'ECONNREFUSED',
		});
	});
});

describe('HarnessNodeTypes', () => {
	test('implements INodeTypes with the stand-ins', () => {
		const types = new HarnessNodeTypes({ 'test.echo': EchoNode });
		expect(types.getByNameAndVersion('test.echo', 1)).toBeInstanceOf(EchoNode);
		expect(Object.keys(types.getKnownTypes())).toEqual(
			expect.arrayContaining([
				'n8n-nodes-base.manualTrigger',
				'n8n-nodes-base.noOp',
				'n8n-nodes-base.stickyNote',
				'test.items',
				'test.echo',
			]),
		);
		expect(() => types.getByName('x.y')).toThrow(/unknown node type/);
	});
});
