'use strict';
// nodes/shared/decode (the key refusal, a 2xx's status, a dataset's row count), failureIn2xx
// (transport/errorText.ts) and where the key may go (routes.ts): pure readings of
// what Akkio's pages document (test/simulator/CONTRACT.md).
const path = require('path');

const shared = (name) => require(path.join(__dirname, '..', '..', 'dist', 'nodes', 'shared', name));
const { PURPOSES, failureIn2xx } = shared('transport/errorText');
const answers = { ...shared('decode'), failureIn2xx };
const { keyRefusal, requestUrl } = shared('routes');

describe('the legacy key refusal', () => {
	test.each([
		[{ status: 'missing or invalid API key' }, true],
		[{ status: ' Missing or invalid API key ' }, true],
		[{ status: 'success' }, false],
		[{ error: 'missing or invalid API key' }, false],
		[{ detail: 'Invalid API key' }, false],
		[null, false],
		['missing or invalid API key', false],
	])('%j -> %s', (body, expected) => {
		expect(answers.isKeyRejection(body)).toBe(expected);
	});

	test('a 404 with that body means what a 401 means; other answers keep their code', () => {
		expect(answers.effectiveStatusCode(404, { status: 'missing or invalid API key' })).toBe(401);
		expect(answers.effectiveStatusCode(404, { status: 'Dataset not found' })).toBe(404);
		expect(answers.effectiveStatusCode(403, undefined)).toBe(403);
	});
});

describe('a 2xx that reports a failure', () => {
	test.each([
		['/v1/datasets', 'getDataset', { status: 'success', rows: 1 }, undefined],
		['/v1/datasets', 'getDataset', { status: 'Success' }, undefined],
		['/v1/datasets', 'getDataset', { rows: 1 }, undefined], // no status: taken as it comes
		['/v1/datasets', 'addRows', { status: 'Dataset not found' }, 'Dataset not found'],
		['/v1/models', 'predict', { status: 'error', predictions: [] }, 'error'],
		['/v1/models', 'listModels', { status: '' }, ''],
		['/api/v1/models/train/t/status', 'status', { status: 'FAILED' }, undefined], // task statuses are not failures of the request
		['/api/v1/models/train/t/result', 'result', { status: 'success' }, undefined],
		['/api/v1/models/train/t/result', 'result', { status: 'SUCCEEDED' }, undefined],
		['/api/v1/models/train/t/result', 'result', { status: 'IN_PROGRESS', metadata: {} }, 'IN_PROGRESS'],
		['/api/v1/models/train/t/result', 'result', { model_id: 'm', stats: [] }, undefined],
	])('%s (%s) %j -> %j', (requestPath, purpose, body, expected) => {
		expect(answers.reportedFailure(requestPath, PURPOSES[purpose], body)).toBe(expected);
	});

	test('a long status is cut for the message', () => {
		expect(answers.reportedFailure('/v1/models', PURPOSES.predict, { status: 'x'.repeat(500) })).toBe(`${'x'.repeat(200)}…`);
	});

	test('failureIn2xx: the key refusal reads as the 401, a failure in Akkio\'s words, a success as nothing', () => {
		expect(answers.failureIn2xx('/v1/datasets', PURPOSES.listDatasets, 200, { status: 'missing or invalid API key' }, 1).message).toBe('Akkio rejected the API key');
		const failed = answers.failureIn2xx('/v1/datasets', PURPOSES.addRows, 200, { status: 'Dataset not found' }, 1);
		expect(failed.message).toBe('Akkio did not succeed: Dataset not found');
		expect(failed.description).toMatch(/^Akkio said: Dataset not found\. It answered HTTP 200, but a request that worked answers "status": "success"/);
		expect(failed.description).toMatch(/row count \(Dataset → Get\)/);
		expect(answers.failureIn2xx('/api/v1/models/train/t/result', PURPOSES.result, 200, { status: 'PENDING' }, 1).message).toBe(
			"Akkio has no result for this task yet: it answered with the task's status (PENDING)",
		);
		expect(answers.failureIn2xx('/v1/datasets', PURPOSES.listDatasets, 200, { status: 'success', datasets: [] }, 1)).toBeUndefined();
	});
});

test.each([
	[887, 887],
	[0, 0],
	['12', 12],
	[[{}, {}], 2],
	[-1, null],
	[1.5, null],
	[undefined, null],
	[{ count: 3 }, null],
])('a dataset\'s rows %j count %j', (rows, expected) => {
	expect(answers.decodeDataset({ rows }).rowCount).toBe(expected);
});

describe('where the credential may send the key', () => {
	test('requestUrl joins like n8n\'s HTTP client', () => {
		expect(requestUrl('/v1/datasets', 'https://api.akkio.com/')).toBe('https://api.akkio.com/v1/datasets');
		expect(requestUrl('v1/datasets', 'https://proxy.example.com/akkio')).toBe('https://proxy.example.com/akkio/v1/datasets');
		expect(requestUrl('https://api.akkio.com/v1/models', 'https://other.example.com')).toBe('https://api.akkio.com/v1/models');
		expect(requestUrl('https://api.akkio.com/v1/models')).toBe('https://api.akkio.com/v1/models');
	});

	test.each([
		['https://api.akkio.com', 'https://api.akkio.com/v1/datasets', undefined],
		['https://api.akkio.com/api/v1/', '/v1/datasets', 'https://api.akkio.com'],
		['https://proxy.example.com/akkio', 'https://proxy.example.com/akkio/api/v1/models/train/new', undefined],
		['http://127.0.0.1:5678', '/v1/models', 'http://127.0.0.1:5678'],
		['HTTP://LOCALHOST:5678', 'http://localhost:5678/api/v1/models/train/x/status', undefined],
	])('allowed: Base URL %s, request %s (base %s)', (baseUrl, url, baseURL) => {
		expect(keyRefusal(baseUrl, url, baseURL)).toBeUndefined();
	});

	test.each([
		['http://api.akkio.com', 'http://api.akkio.com/v1/datasets', undefined, /plain http/],
		['https://user:pw@api.akkio.com', 'https://api.akkio.com/v1/datasets', undefined, /user name or password/],
		['https://api.akkio.com/?x=1', '/v1/datasets', 'https://api.akkio.com/?x=1', /query string or fragment/],
		['', '/v1/datasets', 'https://api.akkio.com', /it is empty/],
		['https://api.akkio.com', 'https://evil.example.com/v1/datasets', undefined, /does not go to the Base URL .*\(https:\/\/api\.akkio\.com\)/],
		['https://api.akkio.com', 'http://api.akkio.com/v1/datasets', undefined, /does not go to the Base URL/],
		['https://api.akkio.com', 'https://api.akkio.com:8443/v1/datasets', undefined, /does not go to the Base URL/],
		['https://api.akkio.com', 'https://x:y@api.akkio.com/v1/datasets', undefined, /does not go to the Base URL/],
		['https://proxy.example.com/akkio', 'https://proxy.example.com/other/v1/datasets', undefined, /does not go to the Base URL/],
		['https://proxy.example.com/akkio', 'https://proxy.example.com/akkio/../v1/datasets', undefined, /does not go to the Base URL/],
		['https://proxy.example.com/akkio', 'https://proxy.example.com/akkiox/v1/datasets', undefined, /does not go to the Base URL/],
		['https://api.akkio.com', 'not a url', undefined, /no usable URL/],
	])('refused: Base URL %s, request %s (base %s)', (baseUrl, url, baseURL, reason) => {
		expect(keyRefusal(baseUrl, url, baseURL)).toMatch(reason);
	});
});
