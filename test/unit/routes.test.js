const { urls } = require('./helpers');

describe('normalizeBaseUrl', () => {
	test.each([
		['https://api.akkio.com', 'https://api.akkio.com'],
		['https://api.akkio.com/', 'https://api.akkio.com'],
		['https://api.akkio.com/api/v1', 'https://api.akkio.com'],
		['https://api.akkio.com/api/v1/', 'https://api.akkio.com'],
		['  https://api.akk.io  ', 'https://api.akk.io'],
		['https://proxy.example.com/akkio/', 'https://proxy.example.com/akkio'],
		['http://127.0.0.1:5678', 'http://127.0.0.1:5678'],
		['http://localhost:5678/api/v1', 'http://localhost:5678'],
		['http://[::1]:80', 'http://[::1]'],
	])('%s -> %s', (input, origin) => {
		expect(urls.normalizeBaseUrl(input)).toEqual({ ok: true, origin });
	});

	test.each([
		['', /empty/],
		[undefined, /empty/],
		['api.akkio.com', /not a URL/],
		['http://api.akkio.com', /plain http/],
		['ftp://api.akkio.com', /scheme/],
		['https://user:pw@api.akkio.com', /user name or password/],
		['https://api.akkio.com/?x=1', /query/],
	])('refuses %p', (input, reason) => {
		const result = urls.normalizeBaseUrl(input);
		expect(result.ok).toBe(false);
		expect(result.reason).toMatch(reason);
	});
});

describe('trainingTaskPath', () => {
	test('keeps a task ID inside one path segment', () => {
		for (const id of ['a/b', 'a?b=1', 'a#b', '50%', '../x', 'a b']) {
			const path = urls.trainingTaskPath(id, 'status');
			expect(path.startsWith('/api/v1/models/train/')).toBe(true);
			expect(path.endsWith('/status')).toBe(true);
			const segment = path.slice('/api/v1/models/train/'.length, -'/status'.length);
			expect(segment).not.toMatch(/[/?#]/);
			expect(decodeURIComponent(segment)).toBe(id);
			expect(new URL(`http://h${path}`).pathname).toBe(path);
		}
	});
});

describe('resolveResultPath', () => {
	const origin = 'https://api.akkio.com';
	test.each([
		['/api/v1/models/train/t1/result', '/api/v1/models/train/t1/result'],
		['/models/train/t1/result', '/api/v1/models/train/t1/result'],
		['models/train/t1/result', '/api/v1/models/train/t1/result'],
		['https://api.akkio.com/api/v1/models/train/t1/result', '/api/v1/models/train/t1/result'],
		['/api/v1/models/train/t1/result?format=json', '/api/v1/models/train/t1/result?format=json'],
	])('location %s -> %s', (location, path) => {
		expect(urls.resolveResultPath(origin, 't1', location)).toEqual({ path });
	});

	test('a location missing falls back to the documented path', () => {
		expect(urls.resolveResultPath(origin, 't/1', undefined)).toEqual({ path: '/api/v1/models/train/t%2F1/result' });
	});

	test.each([
		'https://evil.example.com/api/v1/models/train/t1/result',
		'//evil.example.com/api/v1/x',
		'http://api.akkio.com/api/v1/models/train/t1/result',
		'https://api.akkio.com:8443/api/v1/models/train/t1/result',
		'/api/v1/../../admin',
		'/../admin',
		'javascript:alert(1)',
	])('never follows %s', (location) => {
		const resolved = urls.resolveResultPath(origin, 't1', location);
		expect(resolved.path).toBe('/api/v1/models/train/t1/result');
		expect(resolved.ignoredLocation).toBe(location);
	});

	test('a base URL with a path prefix keeps the prefix out of the returned path', () => {
		expect(urls.resolveResultPath('https://proxy.example.com/akkio', 't1', '/api/v1/models/train/t1/result')).toEqual({
			path: '/api/v1/models/train/t1/result',
		});
		expect(urls.resolveResultPath('https://proxy.example.com/akkio', 't1', '/models/train/t1/result')).toEqual({
			path: '/api/v1/models/train/t1/result',
		});
	});
});

describe('the legacy route test (the credential uses it to place the key)', () => {
	test.each([
		['/v1/datasets', true],
		['/v1/models/', true],
		['/proxy/v1/datasets', true],
		['/api/v1/datasets', false],
		['/api/v1/models/train/new', false],
		['/v1/datasets/x', false],
	])('%s: %s', (path, legacy) => {
		expect(urls.isLegacyPath(path)).toBe(legacy);
	});

	test('a task ID with half a surrogate pair still gives a path (validation refuses it first)', () => {
		expect(urls.trainingTaskPath('a\uD800b', 'status')).toBe('/api/v1/models/train/a%EF%BF%BDb/status');
	});
});
