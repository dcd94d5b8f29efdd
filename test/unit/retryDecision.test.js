const { retry, apiErrors } = require('./helpers');

const { PURPOSES } = apiErrors;
const decide = (purpose, attempt, outcome, random = 0.5) => retry.decideRetry(PURPOSES[purpose], attempt, outcome, random);
const status = (statusCode, extra = {}) => ({ kind: 'status', statusCode, ...extra });
const network = (code, sent) => ({ kind: 'network', code, sent });
const unreadable = (body = '{"task_') => ({ kind: 'unreadable', statusCode: 200, body });

describe('the retry decision', () => {
	test.each([
		['status', 429], ['status', 500], ['status', 502], ['status', 503], ['status', 504],
		['submit', 429], ['submit', 503], ['addRows', 503], ['createDataset', 429],
	])('%s answered %i: tried again', (purpose, code) => {
		expect(decide(purpose, 1, status(code))).toEqual({ retryAfterMs: 750 });
	});

	test.each([['submit'], ['addRows'], ['createDataset']])('%s answered 500, 502, 504: may have taken effect, not retried', (purpose) => {
		for (const code of [500, 502, 504]) {
			const { fail } = decide(purpose, 1, status(code, { words: 'boom' }));
			expect(fail.message).toMatch(/^Akkio answered with a server error while .*; it was not retried$/);
			expect(fail.message).not.toMatch(new RegExp(`\\b${code}\\b`));
			expect(fail.description).toContain(PURPOSES[purpose].change.check);
		}
	});

	test('a 2xx that says it failed is final, even for a read on its first attempt', () => {
		const failure = apiErrors.failureIn2xx('/v1/datasets', PURPOSES.listDatasets, 200, { status: 'Dataset not found' }, 1);
		expect(failure.message).toBe('Akkio did not succeed: Dataset not found');
		for (const purpose of ['listDatasets', 'predict', 'addRows']) {
			expect(decide(purpose, 1, { kind: 'refused', failure })).toEqual({ fail: failure });
		}
	});

	test('4xx other than 429 are final for every purpose', () => {
		for (const code of [400, 401, 403, 404, 422]) {
			expect(decide('status', 1, status(code))).toHaveProperty('fail');
			expect(decide('predict', 1, status(code))).toHaveProperty('fail');
		}
	});

	test('the fourth attempt is the last, and says so', () => {
		expect(decide('status', 3, status(503))).toHaveProperty('retryAfterMs');
		expect(decide('status', 4, status(503)).fail.message).toBe('Akkio answered with a server error after 4 attempts');
	});

	test('a Retry-After is waited out up to 120 s; a longer one fails with Akkio\'s answer', () => {
		expect(decide('status', 1, status(429, { retryAfterSeconds: 7 }))).toEqual({ retryAfterMs: 7000 });
		expect(decide('submit', 1, status(429, { retryAfterSeconds: 120 }))).toEqual({ retryAfterMs: 120000 });
		expect(decide('status', 1, status(429, { retryAfterSeconds: 121 })).fail.message).toBe("Akkio's rate limit was reached");
	});

	test('no answer: a read is tried again; a change only when the connection never opened', () => {
		expect(decide('status', 1, network('ECONNRESET', true))).toHaveProperty('retryAfterMs');
		expect(decide('predict', 1, network('TIMEOUT', true))).toHaveProperty('retryAfterMs');
		expect(decide('submit', 1, network('ECONNREFUSED', false))).toHaveProperty('retryAfterMs');
		const { fail } = decide('addRows', 1, network('TIMEOUT', true));
		expect(fail.message).toBe('Akkio did not answer in time while rows were being added; it was not retried');
		expect(decide('submit', 4, network('ECONNREFUSED', false)).fail.message).toBe('Akkio could not be reached (ECONNREFUSED) after 4 attempts');
	});

	test('an unreadable 2xx: a read is tried again; after a change it is final and says how to check', () => {
		expect(decide('result', 1, unreadable())).toHaveProperty('retryAfterMs');
		expect(decide('result', 4, unreadable()).fail.message).toBe('Akkio answered with a body that is not valid JSON');
		for (const purpose of ['submit', 'createDataset', 'addRows']) {
			const { fail } = decide(purpose, 1, unreadable());
			expect(fail.message).toBe(`Akkio answered with a body that is not valid JSON while ${PURPOSES[purpose].change.while}; it was not retried`);
			expect(fail.description).toMatch(/^The response began with: \{"task_\. /);
			expect(fail.description).toContain(PURPOSES[purpose].change.lost);
			// The user learns which ID is lost: without it the training cannot be picked up.
			expect(fail.description).toMatch(purpose === 'addRows' ? /rows were probably stored/ : /probably (started|created), but its (task )?ID could not be read/);
			expect(fail.description).toContain(PURPOSES[purpose].change.check);
		}
	});

	test('only a request without a change can be repeated', () => {
		const repeatable = Object.keys(PURPOSES).filter((purpose) => !PURPOSES[purpose].change);
		expect(repeatable.sort()).toEqual([
			'chatResult', 'chatStatus', 'chatSubmit', 'deleteDataset', 'deleteModel', 'deleteProject', 'getDataset', 'getProject',
			'listDatasets', 'listModels', 'predict', 'result', 'status', 'updateProject',
		]);
		for (const purpose of ['predict', 'deleteDataset', 'updateProject']) expect(decide(purpose, 1, status(502))).toHaveProperty('retryAfterMs');
	});
});

describe('backoff', () => {
	test('retry delays grow, are jittered within half to full, and respect Retry-After', () => {
		expect(decide('status', 1, status(503), 0)).toEqual({ retryAfterMs: 500 });
		expect(decide('status', 1, status(503), 1)).toEqual({ retryAfterMs: 1000 });
		expect(decide('status', 2, status(503), 0.5)).toEqual({ retryAfterMs: 1500 });
		expect(decide('status', 3, status(503), 0.5)).toEqual({ retryAfterMs: 3000 });
		expect(decide('status', 3, status(429, { retryAfterSeconds: 1 }), 1)).toEqual({ retryAfterMs: 4000 });
		expect(decide('status', 1, status(429, { retryAfterSeconds: 7 }), 0)).toEqual({ retryAfterMs: 7000 });
	});

	test('Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2026-11-27T10:00:00Z');
		expect(retry.parseRetryAfter('3', now)).toBe(3);
		expect(retry.parseRetryAfter(['2.5'], now)).toBe(2.5);
		expect(retry.parseRetryAfter('Fri, 27 Nov 2026 10:00:05 GMT', now)).toBe(5);
		expect(retry.parseRetryAfter('Fri, 27 Nov 2026 09:00:00 GMT', now)).toBe(0);
		expect(retry.parseRetryAfter('soon', now)).toBeUndefined();
		expect(retry.parseRetryAfter(undefined, now)).toBeUndefined();
	});
});
