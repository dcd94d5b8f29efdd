'use strict';
// nodes/Akkio/actions/fieldsToSend.ts: input items as the flat rows Akkio documents.
const path = require('path');

const { shapeRow, FIELDS_TO_SEND } = require(path.join(__dirname, '..', '..', 'dist', 'nodes', 'Akkio', 'actions', 'fieldsToSend'));

const item = { Email: 'ana@example.com', Score: 3, Active: true, Note: null, Plan: 'Pro' };
/** What refusing an item says: its problem (the message) and the way out (the hint). */
const refusal = (json, mode = 'all', fields = []) => {
	try {
		shapeRow(json, mode, fields);
	} catch (error) {
		return { message: error.message, hint: error.hint, parameter: error.parameter };
	}
	return undefined;
};

describe('shapeRow', () => {
	test('All Fields: the item as it is, in its own order', () => {
		expect(shapeRow(item, 'all', [])).toEqual(item);
		expect(Object.keys(shapeRow(item, 'all', ['Plan']))).toEqual(Object.keys(item));
	});

	test('Selected Fields: those listed, in the order listed; a field the item lacks is left out', () => {
		const row = shapeRow(item, 'selected', ['Plan', 'Email', 'Missing']);
		expect(row).toEqual({ Plan: 'Pro', Email: 'ana@example.com' });
		expect(Object.keys(row)).toEqual(['Plan', 'Email']);
	});

	test('All Fields Except Selected: everything else', () => {
		expect(shapeRow(item, 'except', ['Email', 'Missing'])).toEqual({ Score: 3, Active: true, Note: null, Plan: 'Pro' });
	});

	test('names are exact: case and spaces matter', () => {
		expect(shapeRow({ 'Job Title': 'x', job_title: 'y' }, 'selected', ['job title', 'Job Title'])).toEqual({ 'Job Title': 'x' });
	});

	test('text, finite numbers, true/false and null are flat', () => {
		const flat = { a: '', b: 'x', c: 0, d: -1.5, e: true, f: false, g: null };
		expect(shapeRow(flat, 'all', [])).toEqual(flat);
	});

	test.each([
		['an object', { address: { city: 'Oslo' } }, 'address', 'an object'],
		['a list', { tags: ['a', 'b'] }, 'tags', 'a list'],
		['an empty object', { meta: {} }, 'meta', 'an object'],
		['an empty list', { tags: [] }, 'tags', 'a list'],
		['NaN', { score: Number.NaN }, 'score', 'the number NaN'],
		['Infinity', { score: Number.POSITIVE_INFINITY }, 'score', 'the number Infinity'],
		['a function', { f: () => 1 }, 'f', 'a function'],
	])('refuses %s, naming the first field that holds it', (_, json, field, holds) => {
		expect(refusal({ ok: 1, ...json, later: { x: 1 } }).message).toBe(
			`Fields to Send: field "${field}" holds ${holds}, and Akkio takes flat rows (text, numbers, true/false or empty values)`,
		);
	});

	test('the refusal names Fields to Send and both ways out; a long field name is shortened', () => {
		const { parameter, hint } = refusal({ address: { city: 'Oslo' } });
		expect(parameter).toBe('Fields to Send');
		expect(hint).toMatch(/Leave "address" out \(Fields to Send → All Fields Except Selected\)/);
		expect(hint).toMatch(/Edit Fields \(Set\)/);
		expect(refusal({ ['x'.repeat(100)]: [] }).message).toMatch(/field "x{60}…" holds a list/);
	});

	test('a nested field that is not sent is no problem', () => {
		const json = { name: 'Ben', address: { city: 'Oslo' } };
		expect(shapeRow(json, 'except', ['address'])).toEqual({ name: 'Ben' });
		expect(shapeRow(json, 'selected', ['name'])).toEqual({ name: 'Ben' });
		expect(refusal(json, 'selected', ['address']).message).toMatch(/field "address" holds an object/);
	});

	test('undefined is absent, as it is once the item is JSON', () => {
		expect(shapeRow({ a: 1, b: undefined }, 'all', [])).toEqual({ a: 1 });
		expect(shapeRow({ a: 1, b: undefined }, 'selected', ['b', 'a'])).toEqual({ a: 1 });
	});

	test('a "__proto__" field stays a field and changes no prototype', () => {
		const row = shapeRow(JSON.parse('{"__proto__": "x", "a": 1}'), 'all', []);
		expect(Object.keys(row)).toEqual(['__proto__', 'a']);
		expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
	});

	test('the row is a new object: the input item is never changed', () => {
		const json = { a: 1, b: 2 };
		shapeRow(json, 'except', ['b']).a = 5;
		expect(json).toEqual({ a: 1, b: 2 });
	});
});

test('the three choices', () => {
	expect(FIELDS_TO_SEND).toEqual(['all', 'selected', 'except']);
});
