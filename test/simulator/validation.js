'use strict';

// Request-body checks shared by the /api/v1 routes, in FastAPI + pydantic v2's
// words (see responses.js for the item shape). Each check pushes its errors onto a
// list, so a route reports every problem at once, as pydantic does.

const { validationItem } = require('./responses');

const OBJECT_MSG = 'Input should be a valid dictionary or object to extract fields from';

const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A path parameter, percent-decoded (as sent when it is not valid percent-encoding). */
function pathSegment(segment) {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** The JSON object body of a request: { body } or { errors } (missing, not JSON, not an object). */
function jsonObjectBody(ctx) {
	const contentType = ctx.headers['content-type'];
	if (!ctx.bodyText) return { errors: [validationItem(['body'], 'missing', 'Field required', null)] };
	if (contentType && !/json/i.test(contentType)) {
		return { errors: [validationItem(['body'], 'model_attributes_type', OBJECT_MSG, ctx.bodyText)] };
	}
	if (ctx.jsonError) {
		const position = Number((/position (\d+)/.exec(ctx.jsonError.message) || [])[1] || 0);
		return {
			errors: [
				validationItem(['body', position], 'json_invalid', 'JSON decode error', {}, { error: ctx.jsonError.message }),
			],
		};
	}
	if (!isPlainObject(ctx.json)) return { errors: [validationItem(['body'], 'model_attributes_type', OBJECT_MSG, ctx.json)] };
	return { body: ctx.json };
}

/**
 * A string field of `object` at `loc`: `required` (missing is an error), `nullable`
 * (null is accepted as "not given"). Returns the string, or `fallback`.
 */
function stringField(object, loc, errors, { required = false, nullable = false, fallback } = {}) {
	const name = loc[loc.length - 1];
	const value = object[name];
	if (value === undefined || (nullable && value === null)) {
		if (required && value === undefined) errors.push(validationItem(loc, 'missing', 'Field required', object));
		return fallback;
	}
	if (typeof value !== 'string') {
		errors.push(validationItem(loc, 'string_type', 'Input should be a valid string', value));
		return fallback;
	}
	return value;
}

/** A string enum field (pydantic's `enum` error names the allowed values). */
function enumField(value, loc, allowed, errors) {
	if (allowed.includes(value)) return value;
	const quoted = allowed.map((option) => `'${option}'`);
	const expected = `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
	errors.push(validationItem(loc, 'enum', `Input should be ${expected}`, value, { expected }));
	return undefined;
}

module.exports = { isPlainObject, pathSegment, jsonObjectBody, stringField, enumField };
