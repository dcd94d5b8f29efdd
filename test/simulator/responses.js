'use strict';

// Handlers do not write to the socket: they return a plain response descriptor
// { status, headers, body }. That lets the fault layer run a handler for its
// side effect (a training gets created) and then mangle, delay or drop the answer.

function jsonResponse(status, value, headers = {}) {
	return {
		status,
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(value),
	};
}

function textResponse(status, text, contentType = 'text/plain; charset=utf-8', headers = {}) {
	return { status, headers: { 'content-type': contentType, ...headers }, body: text };
}

/** FastAPI/pydantic v2 validation error item. */
function validationItem(loc, type, msg, input, ctx) {
	const item = { type, loc, msg, input };
	if (ctx) item.ctx = ctx;
	return item;
}

/** FastAPI's 422: {"detail":[{type, loc, msg, input}, ...]} */
function validationError(items) {
	return jsonResponse(422, { detail: items });
}

/** FastAPI's HTTPException shape: {"detail": "..."} */
function detailError(status, detail) {
	return jsonResponse(status, { detail });
}

module.exports = { jsonResponse, textResponse, validationItem, validationError, detailError };
