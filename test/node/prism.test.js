'use strict';
// Every /api/v1 request of both nodes, validated by Stoplight Prism (a devDependency) against
// Akkio's published spec (test/prism/akkio-public-api.openapi.yaml) in --errors mode. A small proxy
// in front of Prism records Prism's verdict on each request before the node sees the answer: a
// request violation comes back as an `sl-violations` header (Prism then mocks the spec's 422) or
// as a problem JSON whose type is https://stoplight.io/prism/errors#... (401 for a missing key).
// Prism's mocked status is always PENDING: the proxy answers a valid status request with
// SUCCEEDED and the documented location, so that waits reach the result routes. Only the
// requests are checked; what the node makes of Prism's mocked answers does not matter here.
// Legacy /v1 routes (Akkio node: Dataset, Model) have no published spec and are not checked.
const http = require('node:http');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { runWorkflow, loadPackageNodes } = require('../harness/engine');

const PRISM = path.join(__dirname, '../../node_modules/@stoplight/prism-cli/dist/index.js');
const SPEC = path.join(__dirname, '../prism/akkio-public-api.openapi.yaml');
const pkg = loadPackageNodes();
const requests = [];
let prism, prismPort, proxy;

const freePort = () =>
	new Promise((resolve) => {
		const server = http.createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});

const read = (stream) =>
	new Promise((resolve, reject) => {
		const chunks = [];
		stream.on('data', (c) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString())).on('error', reject);
	});

/** The SUCCEEDED status a valid status request gets instead of Prism's PENDING. */
function succeeded(url) {
	const train = url.match(/^\/api\/v1\/models\/train\/([^/?]+)\/status$/);
	const chat = url.match(/^\/api\/v1\/chat-explore\/status\/([^/?]+)$/);
	if (!train && !chat) return undefined;
	const location = train ? `/api/v1/models/train/${train[1]}/result` : `/api/v1/chat-explore/chats/${chat[1]}`;
	return JSON.stringify({ status: 'SUCCEEDED', metadata: { type: 'SUCCEEDED', location } });
}

async function forward(req, res) {
	const body = await read(req);
	const answer = await new Promise((resolve, reject) => {
		const options = { host: '127.0.0.1', port: prismPort, method: req.method, path: req.url, headers: req.headers };
		http.request(options, resolve).on('error', reject).end(body);
	});
	let text = await read(answer);
	const violations = JSON.parse(answer.headers['sl-violations'] ?? '[]').filter((v) => v.location[0] === 'request');
	if (/stoplight\.io\/prism\/errors/.test(text)) violations.push(JSON.parse(text));
	requests.push({ request: `${req.method} ${req.url}`, body, status: answer.statusCode, violations });
	if (answer.statusCode === 200 && !violations.length) text = succeeded(req.url) ?? text;
	res.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(text);
}

beforeAll(async () => {
	prismPort = await freePort();
	prism = spawn(process.execPath, [PRISM, 'mock', SPEC, '--errors', '--host', '127.0.0.1', '--port', String(prismPort)]);
	let output = '';
	await new Promise((resolve, reject) => {
		prism.stdout.on('data', (c) => (output += c) && /Prism is listening/.test(output) && resolve());
		prism.on('exit', (code) => reject(new Error(`Prism exited (${code}): ${output}`)));
	});
	proxy = http.createServer((req, res) => forward(req, res).catch((e) => res.writeHead(502).end(String(e))));
	await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
	prism?.kill();
	await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve()));
});

/** Runs one node with `parameters` against Prism; returns the requests Prism saw. */
async function run(node, parameters) {
	requests.length = 0;
	// timeScale: the nodes' loopback-only test parameter that shortens their waits.
	const akkio = { id: 'n', name: 'Akkio', type: `n8n-nodes-akkio.${node}`, typeVersion: 1, position: [0, 0] };
	const credentials = { akkioApi: { apiKey: 'prism-test-key', baseUrl: `http://127.0.0.1:${proxy.address().port}` } };
	const nodes = [{ ...akkio, parameters: { timeScale: 0.001, ...parameters }, credentials: { akkioApi: { id: 'a', name: 'Akkio' } } }];
	await runWorkflow({ nodes, connections: {} }, { ...pkg, credentials, inputItems: [{ json: {} }] });
	return requests;
}

const rl = (value) => ({ __rl: true, mode: 'id', value });
const TRAIN = { operation: 'train', datasetId: rl('d1'), predictFields: ['Positive Lead'], duration: 60 };
const SUBMIT = 'POST /api/v1/models/train/new';
const [STATUS, RESULT] = ['status', 'result'].map((s) => `GET /api/v1/models/train/string/${s}`); // Prism's mocked task_id is "string"
const ASK = { resource: 'chatExplore', operation: 'ask', datasetId: rl('d1'), question: 'Average deal size by plan?' };
const CHAT = ['POST /api/v1/chat-explore/new', 'GET /api/v1/chat-explore/status/string'];
const PROJECT = { resource: 'project', projectId: 'p1' };
const GUIDES = { chatContext: 'Sales in millions', chatInstructions: 'Be brief' };
const ALL_GUIDES = { ...GUIDES, chatSuggestions: 'Top plans?' };

test.each([
	['Train, defaults', 'akkioTrain', TRAIN, [SUBMIT]],
	...[10, 300, 1800].map((duration) => [`Train, ${duration} s`, 'akkioTrain', { ...TRAIN, duration }, [SUBMIT]]),
	['Train, every option', 'akkioTrain', { ...TRAIN, options: { extraAttention: true, force: true, ignoreFields: ['Plan', 'Region'] } }, [SUBMIT],
		{ extra_attention: true, force: true, ignore_fields: ['Plan', 'Region'] }],
	['Train, wait for completion', 'akkioTrain', { ...TRAIN, waitForCompletion: true }, [SUBMIT, STATUS, RESULT]],
	['Get Status', 'akkioTrain', { operation: 'getStatus', taskId: 'string' }, [STATUS]],
	['Get Result', 'akkioTrain', { operation: 'getResult', taskId: 'string', output: 'raw' }, [RESULT]],
	['Wait', 'akkioTrain', { operation: 'wait', taskId: 'string' }, [STATUS, RESULT]],
	['Ask a dataset, PNG charts', 'akkio', ASK, [...CHAT, 'GET /api/v1/chat-explore/chats/string?image_format=base64_png']],
	['Ask a project, Plotly charts, context, instructions, earlier messages', 'akkio', {
		...ASK, datasetId: undefined, target: 'project', projectId: 'p1', chartFormat: 'plotly',
		options: { ...GUIDES, earlierMessages: JSON.stringify([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }]) },
	}, [...CHAT, 'GET /api/v1/chat-explore/chats/string?image_format=plotly_json'], { project_id: 'p1', ...GUIDES }],
	['Project Create with Owner ID and Organization ID', 'akkio', { ...PROJECT, operation: 'create', name: 'Sales', options: { ...ALL_GUIDES, owner: 'u1', org: 'o1' } },
		['POST /api/v1/projects'], { _owner: 'u1', _org: 'o1' }],
	['Project Get', 'akkio', { ...PROJECT, operation: 'get' }, ['GET /api/v1/projects/p1']],
	['Project Update', 'akkio', { ...PROJECT, operation: 'update', updateFields: { name: 'Sales 2', ...ALL_GUIDES } }, ['PUT /api/v1/projects/p1']],
	['Project Delete', 'akkio', { ...PROJECT, operation: 'delete' }, ['DELETE /api/v1/projects/p1']],
])('%s: every request is valid by the spec', async (_, node, parameters, expected, sent = undefined) => {
	const seen = await run(node, parameters);
	expect(seen.filter((r) => r.violations.length)).toEqual([]);
	expect([...new Set(seen.map((r) => r.request))].sort()).toEqual([...expected].sort());
	// The options under test reached the request (so their validity is what Prism checked).
	if (sent) expect(JSON.parse(seen[0].body)).toMatchObject(sent);
});

// The one allowed violation: the spec marks _owner and _org required, Akkio's docs example omits
// them and the API key already names both (README, Troubleshooting), so Create sends them only when set.
test('Project Create without Owner ID and Organization ID: only the required _owner and _org are missing', async () => {
	const seen = await run('akkio', { ...PROJECT, operation: 'create', name: 'Sales' });
	expect(seen.map((r) => r.request)).toEqual(['POST /api/v1/projects']);
	const missing = (field) => `Request body must have required property '${field}'`;
	expect(seen[0].violations.map((v) => v.message)).toEqual([missing('_owner'), missing('_org')]);
});
