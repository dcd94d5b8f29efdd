'use strict';

// The legacy /v1/datasets route, as reconstructed in
// akkio-legacy-datasets-api.openapi.yml from Akkio's 2021 Python and Node SDKs.
// It predates FastAPI: authentication is an `api_key` query parameter (GET) or
// JSON body field (POST, DELETE), never the X-API-Key header. Its error bodies are
// not documented; we answer {"error": "..."} so they differ visibly from /api/v1's
// {"detail": ...} and a node cannot get away with assuming one shape for both.

const crypto = require('crypto');
const { jsonResponse } = require('./responses');

const legacyError = (status, message) => jsonResponse(status, { error: message });
const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const newDatasetId = () => crypto.randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').slice(0, 20);

/** The caller's own dataset, or an error response. */
function ownDataset(sim, id) {
	if (typeof id !== 'string' || id === '') return { error: legacyError(400, 'Missing dataset id') };
	const dataset = sim.getDataset(id);
	if (!dataset) return { error: legacyError(404, 'Dataset not found') };
	if (dataset.team !== sim.team) return { error: legacyError(403, 'You do not have access to this dataset') };
	return { dataset };
}

function getDatasets(sim, query) {
	if (query.id === undefined) {
		const datasets = [...sim.datasets.values()]
			.filter((dataset) => dataset.team === sim.team)
			.map((dataset) => ({ id: dataset.id, name: dataset.name }));
		return jsonResponse(200, { datasets });
	}
	const { dataset, error } = ownDataset(sim, query.id);
	if (error) return error;
	return jsonResponse(200, { name: dataset.name, rows: dataset.rows, fields: sim.fieldsOf(dataset) });
}

/** POST is overloaded by body: create (name), add rows, set fields, or parse fields. */
function postDatasets(sim, body) {
	if (body.id === undefined) {
		if (typeof body.name !== 'string' || body.name === '') return legacyError(400, 'Missing dataset name');
		const dataset = sim.addDataset({ id: newDatasetId(), name: body.name, rows: [] });
		return jsonResponse(200, { dataset_id: dataset.id, name: dataset.name });
	}
	const { dataset, error } = ownDataset(sim, body.id);
	if (error) return error;
	if (body.rows !== undefined) {
		if (!Array.isArray(body.rows) || !body.rows.every(isPlainObject)) {
			return legacyError(400, 'rows must be an array of objects');
		}
		dataset.rows.push(...body.rows.map((row) => ({ ...row })));
	} else if (body.fields !== undefined) {
		// Accept both {name: type} and [{name, type}]: the SDKs never showed which.
		const list = Array.isArray(body.fields)
			? body.fields
			: isPlainObject(body.fields)
				? Object.entries(body.fields).map(([name, type]) => ({ name, type }))
				: null;
		if (!list || !list.every((field) => field && typeof field.name === 'string' && typeof field.type === 'string')) {
			return legacyError(400, 'fields must map field names to types');
		}
		dataset.fields = list.map(({ name, type }) => ({ name, type }));
	} else if (body.parse_fields === true) {
		dataset.fields = null; // re-infer from the rows
	} else {
		return legacyError(400, 'Expected rows, fields or parse_fields along with id');
	}
	return jsonResponse(200, { dataset_id: dataset.id, name: dataset.name });
}

function deleteDatasets(sim, id) {
	const { dataset, error } = ownDataset(sim, id);
	if (error) return error;
	sim.removeDataset(dataset.id);
	return jsonResponse(200, {});
}

/** ctx: { method, path, query, json, jsonError } as built by index.js */
function handleLegacy(sim, ctx) {
	if (ctx.path !== '/v1/datasets') return jsonResponse(404, { error: 'Not found' });
	if (!['GET', 'POST', 'DELETE'].includes(ctx.method)) return legacyError(405, 'Method not allowed');
	if (ctx.method !== 'GET' && ctx.jsonError) return legacyError(400, 'Request body is not valid JSON');
	const body = isPlainObject(ctx.json) ? ctx.json : {};
	// GET carries the key in the query; POST and DELETE in the body. Some HTTP
	// clients cannot send a DELETE body, so POST and DELETE also accept the query.
	const apiKey = ctx.method === 'GET' ? ctx.query.api_key : body.api_key !== undefined ? body.api_key : ctx.query.api_key;
	if (apiKey !== sim.apiKey) return legacyError(401, 'Invalid API key');

	if (ctx.method === 'GET') return getDatasets(sim, ctx.query);
	if (ctx.method === 'POST') return postDatasets(sim, body);
	return deleteDatasets(sim, body.id !== undefined ? body.id : ctx.query.id);
}

module.exports = { handleLegacy };
