'use strict';

// The legacy /v1/datasets and /v1/models routes, as reconstructed in
// akkio-legacy-datasets-api.openapi.yml and akkio-legacy-models-api.openapi.yml
// from Akkio's 2021 Python and Node SDKs.
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

// ---------------------------------------------------------------- /v1/models

/** The caller's own model, or an error response. */
function ownModel(sim, id) {
	if (typeof id !== 'string' || id === '') return { error: legacyError(400, 'Missing model id') };
	const model = sim.getModel(id);
	if (!model) return { error: legacyError(404, 'Model not found') };
	if (model.team !== sim.team) return { error: legacyError(403, 'You do not have access to this model') };
	return { model };
}

/** List items carry `id` (Akkio's SDK README) and `model_id` (the spec's Model schema). */
function getModels(sim) {
	const models = [...sim.models.values()]
		.filter((model) => model.team === sim.team)
		.sort((a, b) => a.createdAt - b.createdAt)
		.map((model) => ({
			id: model.id,
			model_id: model.id,
			name: model.name,
			dataset_id: model.datasetId,
			predict_fields: model.predictFields.slice(),
		}));
	return jsonResponse(200, { models });
}

/** POST {id, data:[rows], explain?} -> {predictions:[...]}, one per row, in order. */
function predict(sim, body) {
	const { model, error } = ownModel(sim, body.id);
	if (error) return error;
	if (!Array.isArray(body.data) || !body.data.every(isPlainObject)) {
		return legacyError(400, 'data must be an array of objects');
	}
	if (body.explain !== undefined && typeof body.explain !== 'boolean') {
		return legacyError(400, 'explain must be a boolean');
	}
	return jsonResponse(200, { predictions: model.predict(body.data, { explain: body.explain === true }) });
}

function deleteModels(sim, id) {
	const { model, error } = ownModel(sim, id);
	if (error) return error;
	sim.removeModel(model.id);
	return jsonResponse(200, {});
}

// ---------------------------------------------------------------- dispatch

const HANDLERS = {
	'/v1/datasets': {
		GET: (sim, ctx) => getDatasets(sim, ctx.query),
		POST: (sim, ctx, body) => postDatasets(sim, body),
		DELETE: (sim, ctx, body) => deleteDatasets(sim, body.id !== undefined ? body.id : ctx.query.id),
	},
	'/v1/models': {
		GET: (sim) => getModels(sim),
		POST: (sim, ctx, body) => predict(sim, body),
		DELETE: (sim, ctx, body) => deleteModels(sim, body.id !== undefined ? body.id : ctx.query.id),
	},
};

/** ctx: { entry, method, path, query, json, jsonError } as built by index.js */
function handleLegacy(sim, ctx) {
	const handlers = Object.prototype.hasOwnProperty.call(HANDLERS, ctx.path) ? HANDLERS[ctx.path] : null;
	if (!handlers) return jsonResponse(404, { error: 'Not found' });
	if (!handlers[ctx.method]) return legacyError(405, 'Method not allowed');
	if (ctx.method !== 'GET' && ctx.jsonError) return legacyError(400, 'Request body is not valid JSON');
	const body = isPlainObject(ctx.json) ? ctx.json : {};
	// GET carries the key in the query; POST and DELETE in the body. Some HTTP
	// clients cannot send a DELETE body, so POST and DELETE also accept the query.
	let apiKeyIn = null;
	if (ctx.method !== 'GET' && body.api_key !== undefined) apiKeyIn = 'body';
	else if (ctx.query.api_key !== undefined) apiKeyIn = 'query';
	if (ctx.entry) ctx.entry.apiKeyIn = apiKeyIn; // where the key that was checked came from
	const apiKey = apiKeyIn === 'body' ? body.api_key : apiKeyIn === 'query' ? ctx.query.api_key : undefined;
	if (apiKey !== sim.apiKey) return legacyError(401, 'Invalid API key');

	return handlers[ctx.method](sim, ctx, body);
}

module.exports = { handleLegacy };
