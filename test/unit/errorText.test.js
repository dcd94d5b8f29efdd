const { apiErrors, decode } = require('./helpers');

const fail = (purpose, attempt, outcome) => apiErrors.decideRetry(purpose, attempt, outcome, 0.5).fail;

const { PURPOSES } = apiErrors;

describe('API error text', () => {
	test('FastAPI 422 details become "loc: msg" entries on one line', () => {
		const detail = [
			{ loc: ['body', 'duration'], msg: 'Input should be 10, 60, 300 or 1800', type: 'enum' },
			{ loc: ['body', 'predict_fields', 0], msg: 'Field required', type: 'missing' },
		];
		expect(decode.formatDetail(detail)).toBe(
			'body.duration: Input should be 10, 60, 300 or 1800; body.predict_fields.0: Field required',
		);
		const text = apiErrors.describeHttpError(422, decode.akkioWords({ detail }, ''), PURPOSES.submit, 1);
		expect(text.message).toMatch(/^Akkio rejected the request: body.duration: Input should be/);
	});

	test('401, 403, 429 and 5xx say what to do', () => {
		expect(apiErrors.describeHttpError(401, 'Invalid API key', PURPOSES.status, 1).message).toMatch(/rejected the API key/);
		expect(apiErrors.describeHttpError(403, undefined, PURPOSES.submit, 1).message).toMatch(/no access to this dataset/);
		expect(apiErrors.describeHttpError(429, undefined, PURPOSES.status, 4).message).toMatch(/rate limit.*after 4 attempts/);
		expect(apiErrors.describeHttpError(502, 'Bad gateway', PURPOSES.result, 4).message).toBe('Akkio answered with a server error after 4 attempts');
	});

	test('HTML and truncated bodies are shown as a short snippet', () => {
		const html = '<html><head><style>x{}</style></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>';
		expect(decode.bodySnippet(html)).toBe('502 Bad Gateway nginx');
		expect(decode.bodySnippet('x'.repeat(500))).toHaveLength(201);
		expect(fail(PURPOSES.status, 4, { kind: 'unreadable', body: '{"status": "SUCC' }).description).toMatch(/began with: \{"status": "SUCC/);
	});

	test('a submit that may have reached Akkio is explained, not retried', () => {
		const text = fail(PURPOSES.submit, 1, { kind: 'network', code: 'ECONNRESET', sent: true });
		expect(text.message).toMatch(/not retried/);
		expect(text.description).toMatch(/second paid training/);
		expect(fail(PURPOSES.submit, 4, { kind: 'network', code: 'ECONNREFUSED', sent: false }).message).toMatch(/after 4 attempts/);
	});
});
