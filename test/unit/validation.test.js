const { validation, errors } = require('./helpers');

const fails = (fn, pattern) => {
	let error;
	try {
		fn();
	} catch (e) {
		error = e;
	}
	expect(error).toBeInstanceOf(errors.InvalidParameter);
	expect(error.message).toMatch(pattern);
	expect(error.hint.length).toBeGreaterThan(10);
};

describe('validation', () => {
	test('dataset and task IDs', () => {
		expect(validation.validateDatasetId('  abc123 ')).toBe('abc123');
		fails(() => validation.validateDatasetId(''), /^Dataset: is empty/);
		fails(() => validation.validateDatasetId('   '), /is empty/);
		fails(() => validation.validateDatasetId(42), /expected a text, got a number/);
		fails(() => validation.validateDatasetId({ id: 'x' }), /got an object/);
		fails(() => validation.validateDatasetId(null), /got null/);
		fails(() => validation.validateDatasetId('x'.repeat(201)), /201 characters/);
		fails(() => validation.validateDatasetId('a b'), /spaces or control/);
		fails(() => validation.validateDatasetId('abc\u200b'), /invisible/);
		expect(validation.validateName('Name', '  CRM leads ')).toBe('CRM leads');
		expect(validation.validateName('Name', 'a\u0085b')).toBe('a\u0085b');
		fails(() => validation.validateName('Name', 'a\u0007b'), /^Name: "a\u0007b" contains control or broken characters/);
		fails(() => validation.validateName('Name', 'x'.repeat(201)), /201 characters long \(at most 200\)/);
		expect(validation.validateTaskId('a/b?c')).toBe('a/b?c');
		fails(() => validation.validateTaskId('..'), /^Task ID: "\.\." cannot be looked up: it is made only of dots/);
		fails(() => validation.validateTaskId(['t1']), /got a list/);
	});

	test('field lists from text or expressions', () => {
		expect(validation.parseFieldList('Predict Fields', 'Positive Lead, Plan', true)).toEqual(['Positive Lead', 'Plan']);
		expect(validation.parseFieldList('Predict Fields', ['Größe', '売上'], true)).toEqual(['Größe', '売上']);
		expect(validation.parseFieldList('Ignore Fields', '', false)).toEqual([]);
		expect(validation.parseFieldList('Ignore Fields', undefined, false)).toEqual([]);
		fails(() => validation.parseFieldList('Predict Fields', '', true), /needs at least one/);
		fails(() => validation.parseFieldList('Predict Fields', [], true), /needs at least one/);
		fails(() => validation.parseFieldList('Predict Fields', 'a,,b', true), /^Predict Fields, entry 2: is empty/);
		fails(() => validation.parseFieldList('Predict Fields', 'a, a', true), /"a" is listed twice/);
		fails(() => validation.parseFieldList('Predict Fields', 5, true), /got a number/);
		fails(() => validation.parseFieldList('Predict Fields', [1], true), /^Predict Fields, entry 1: expected a text, got a number/);
		fails(() => validation.parseFieldList('Predict Fields', { a: 1 }, true), /got an object/);
		fails(() => validation.parseFieldList('Predict Fields', ['x'.repeat(300)], true), /300 characters/);
		fails(() => validation.parseFieldList('Predict Fields', ['a\u0000b'], true), /control or broken characters/);
		fails(() => validation.ensureDisjoint(['a'], ['b', 'a']), /^Ignore Fields: "a" cannot be both/);
	});

	test('duration, booleans, numbers, choices', () => {
		expect(validation.validateDuration(300)).toBe(300);
		expect(validation.validateDuration('1800')).toBe(1800);
		fails(() => validation.validateDuration(61), /"61" is not one of Akkio's training durations/);
		fails(() => validation.validateDuration(null), /null is not one/);
		expect(validation.validateBoolean('Force', 'true')).toBe(true);
		fails(() => validation.validateBoolean('Force', 'yes'), /^Force: expected true or false/);
		expect(validation.validatePositiveNumber('X', '2.5', 10)).toBe(2.5);
		fails(() => validation.validatePositiveNumber('X', 0, 10), /not a number/);
		expect(validation.validatePositiveNumber('X', 0, 10, true)).toBe(0);
		fails(() => validation.validateChoice('Output', 'csv', ['summary', 'raw']), /"csv" is not a valid choice/);
		fails(() => validation.validateChoice('Output', null, ['summary', 'raw']), /^Output: null is not a valid choice/);
	});
});
