const { redaction } = require('./helpers');

describe('redaction', () => {
	const secrets = redaction.secretsOf('  sk-live-123456  ');

	test('the key as stored and as sent (trimmed), and their encoded forms; too short a key is not searched for', () => {
		expect(secrets).toEqual(expect.arrayContaining(['  sk-live-123456  ', 'sk-live-123456', '%20%20sk-live-123456%20%20', '++sk-live-123456++']));
		expect(redaction.secretsOf('k+y/=')).toEqual(expect.arrayContaining(['k+y/=', 'k%2By%2F%3D', 'k%252By%252F%253D', 'k+y\\/=']));
		expect(redaction.secretsOf('abc')).toEqual([]);
		expect(redaction.secretsOf(undefined)).toEqual([]);
	});

	test('every string of an answer, keys included, loses the key; "__proto__" stays a plain key', () => {
		const answer = JSON.parse('{"echo":"X-API-Key: sk-live-123456","sk-live-123456":[1,"sk-live-123456"],"__proto__":{"polluted":true}}');
		const clean = redaction.redactValue(answer, secrets);
		expect(JSON.stringify(clean)).not.toContain('sk-live-123456');
		expect(clean.echo).toBe('X-API-Key: [redacted]');
		expect(clean['[redacted]']).toEqual([1, '[redacted]']);
		expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
		expect(Object.keys(clean)).toContain('__proto__');
		expect({}.polluted).toBeUndefined();
	});

	test('error texts lose it too', () => {
		expect(redaction.redactText({ message: 'key sk-live-123456', description: 'sk-live-123456' }, secrets)).toEqual({
			message: 'key [redacted]',
			description: '[redacted]',
		});
	});
});
