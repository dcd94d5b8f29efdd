'use strict';
// nodes/Akkio/helpers/rows.ts: input items as the flat rows Akkio documents.
const path = require('path');

const { shapeRow, isFlatValue, nestedValueText, FIELDS_TO_SEND } = require(path.join(__dirname, '..', '..', 'dist', 'nodes', 'Akkio', 'helpers', 'rows'));

const item = { Email: 'ana@example.com', Score: 3, Active: true, Note: null, Plan: 'Pro' };

describe('shapeRow', () => {
	test('All Fields: the item as it is, in its own order', () => {
		expect(shapeRow(item, { mode: 'all', fields: [] })).toEqual({ ok: true, row: item });
		expect(Object.keys(shapeRow(item, { mode: 'all', fields: ['Plan'] }).row)).toEqual(Object.keys(item));
	});

	test('Selected Fields: those listed, in the order listed; a field the item lacks is left out', () => {
		const shaped = shapeRow(item, { mode: 'selected', fields: ['Plan', 'Email', 'Missing'] });
		expect(shaped).toEqual({ ok: true, row: { Plan: 'Pro', Email: 'ana@example.com' } });
		expect(Object.keys(shaped.row)).toEqual(['Plan', 'Email']);
	});

	test('All Fields Except Selected: everything else', () => {
		expect(shapeRow(item, { mode: 'except', fields: ['Email', 'Missing'] })).toEqual({ ok: true, row: { Score: 3, Active: true, Note: null, Plan: 'Pro' } });
	});

	test('names are exact: case and spaces matter', () => {
		expect(shapeRow({ 'Job Title': 'x', job_title: 'y' }, { mode: 'selected', fields: ['job title', 'Job Title'] }).row).toEqual({ 'Job Title': 'x' });
	});

	test.each([
		['an object', { address: { city: 'Oslo' } }, 'address', 'an object'],
		['a list', { tags: ['a', 'b'] }, 'tags', 'a list'],
		['an empty object', { meta: {} }, 'meta', 'an object'],
		['an empty list', { tags: [] }, 'tags', 'a list'],
		['NaN', { score: Number.NaN }, 'score', 'the number NaN'],
		['Infinity', { score: Number.POSITIVE_INFINITY }, 'score', 'the number Infinity'],
	])('refuses %s, naming the first field that holds it', (_, json, field, holds) => {
		expect(shapeRow({ ok: 1, ...json, later: { x: 1 } }, { mode: 'all', fields: [] })).toEqual({ ok: false, field, holds });
	});

	test('a nested field that is not sent is no problem', () => {
		const json = { name: 'Ben', address: { city: 'Oslo' } };
		expect(shapeRow(json, { mode: 'except', fields: ['address'] })).toEqual({ ok: true, row: { name: 'Ben' } });
		expect(shapeRow(json, { mode: 'selected', fields: ['name'] })).toEqual({ ok: true, row: { name: 'Ben' } });
		expect(shapeRow(json, { mode: 'selected', fields: ['address'] })).toEqual({ ok: false, field: 'address', holds: 'an object' });
	});

	test('undefined is absent, as it is once the item is JSON', () => {
		expect(shapeRow({ a: 1, b: undefined }, { mode: 'all', fields: [] })).toEqual({ ok: true, row: { a: 1 } });
		expect(shapeRow({ a: 1, b: undefined }, { mode: 'selected', fields: ['b', 'a'] })).toEqual({ ok: true, row: { a: 1 } });
	});

	test('a "__proto__" field stays a field and changes no prototype', () => {
		const json = JSON.parse('{"__proto__": "x", "a": 1}');
		const shaped = shapeRow(json, { mode: 'all', fields: [] });
		expect(Object.keys(shaped.row)).toEqual(['__proto__', 'a']);
		expect(Object.getPrototypeOf(shaped.row)).toBe(Object.prototype);
	});

	test('the row is a new object: the input item is never changed', () => {
		const json = { a: 1, b: 2 };
		const shaped = shapeRow(json, { mode: 'except', fields: ['b'] });
		shaped.row.a = 5;
		expect(json).toEqual({ a: 1, b: 2 });
	});
});

test('isFlatValue: text, finite numbers, true/false and null', () => {
	expect(['', 'x', 0, -1.5, true, false, null].map(isFlatValue)).toEqual([true, true, true, true, true, true, true]);
	expect([{}, [], undefined, Number.NaN, () => 1].map(isFlatValue)).toEqual([false, false, false, false, false]);
});

test('the three choices', () => {
	expect(FIELDS_TO_SEND).toEqual(['all', 'selected', 'except']);
});

test('nestedValueText names the field and both ways out', () => {
	const { problem, hint } = nestedValueText('address', 'an object');
	expect(problem).toBe('field "address" holds an object, and Akkio takes flat rows (text, numbers, true/false or empty values)');
	expect(hint).toMatch(/Leave "address" out \(Fields to Send → All Fields Except Selected\)/);
	expect(hint).toMatch(/Edit Fields \(Set\)/);
	expect(nestedValueText('x'.repeat(100), 'a list').problem).toMatch(/^field "x{60}…" holds a list/);
});
