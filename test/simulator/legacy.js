'use strict';

// The legacy /v1/datasets and /v1/models routes, answering as Akkio's Datasets and Models
// pages show (CONTRACT.md in this folder quotes the words each answer rests on). Every
// answer carries "status": "success"; a missing or wrong key answers HTTP 404
// {"status": "missing or invalid API key"}. Routes the pages do not show (setting fields)
// follow akkio-legacy-*.openapi.yml, reconstructed from the SDKs.
// Authentication is an `api_key` query parameter (GET) or JSON body field (POST, DELETE),
// never the X-API-Key header.
//
// The pages show no other error. How the simulator refuses an unknown dataset or model,
// another team's, or a bad body is the `legacyErrors` option (variants.js): 4xx
// {"status": "..."} (default), HTTP 200 {"status": "..."}, or 4xx {"error": "..."}.

const { newAkkioId } = require('./tasks');
const { isPlainObject } = require('./validation');
const { jsonResponse } = require('./responses');

/** The one legacy error the pages document (the Datasets page's "404" tab). */
const KEY_REJECTION = 'missing or invalid API key';
const ok = (fields = {}) => jsonResponse(200, { status: 'success', ...fields });

/** A refusal, shaped as the simulator's `legacyErrors` option says. */
function legacyError(sim, status, message) {
	const style = sim.options.legacyErrors;
	if (style === 'error') return jsonResponse(status, { error: message });
	return jsonResponse(style === 'status200' ? 200 : status, { status: message });
}
/** Routing errors (unknown path, method, unreadable body) keep their HTTP code in every variant. */
function routingError(sim, status, message) {
	return jsonResponse(status, sim.options.legacyErrors === 'error' ? { error: message } : { status: message });
}
const newDatasetId = newAkkioId;

/** The caller's own dataset, or an error response. */
function ownDataset(sim, id) {
	if (typeof id !== 'string' || id === '') return { error: legacyError(sim, 400, 'Missing dataset id') };
	const dataset = sim.getDataset(id);
	if (!dataset) return { error: legacyError(sim, 404, 'Dataset not found') };
	if (dataset.team !== sim.team) return { error: legacyError(sim, 403, 'You do not have access to this dataset') };
	return { dataset };
}

function getDatasets(sim, query) {
	if (query.id === undefined) {
		const datasets = [...sim.datasets.values()]
			.filter((dataset) => dataset.team === sim.team)
			.map((dataset) => ({ id: dataset.id, name: dataset.name }));
		return ok({ datasets });
	}
	const { dataset, error } = ownDataset(sim, query.id);
	if (error) return error;
	// "rows" is a count: the page's example answers "rows": 887 and carries no row data.
	const fields = sim.fieldsOf(dataset).map(({ name, type }) => ({ type, name }));
	return ok({ name: dataset.name, rows: dataset.rows.length, fields });
}

/** Rows as an array, or as a JSON-encoded array (one cURL example on the Datasets page sends that). */
function readRows(value) {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		return undefined;
	}
}

/** POST is overloaded by body: create (name), add rows, set fields, or parse fields. */
function postDatasets(sim, body) {
	if (body.id === undefined) {
		if (typeof body.name !== 'string' || body.name === '') return legacyError(sim, 400, 'Missing dataset name');
		const dataset = sim.addDataset({ id: newDatasetId(), name: body.name, rows: [] });
		return ok({ dataset_id: dataset.id, dataset_name: dataset.name });
	}
	const { dataset, error } = ownDataset(sim, body.id);
	if (error) return error;
	if (body.rows !== undefined) {
		const rows = readRows(body.rows);
		if (!Array.isArray(rows) || !rows.every(isPlainObject)) {
			return legacyError(sim, 400, 'rows must be an array of objects');
		}
		dataset.rows.push(...rows.map((row) => ({ ...row })));
	} else if (body.fields !== undefined) {
		// Accept both {name: type} and [{name, type}]: the SDKs never showed which.
		const list = Array.isArray(body.fields)
			? body.fields
			: isPlainObject(body.fields)
				? Object.entries(body.fields).map(([name, type]) => ({ name, type }))
				: null;
		if (!list || !list.every((field) => field && typeof field.name === 'string' && typeof field.type === 'string')) {
			return legacyError(sim, 400, 'fields must map field names to types');
		}
		dataset.fields = list.map(({ name, type }) => ({ name, type }));
	} else if (body.parse_fields === true) {
		dataset.fields = null; // re-infer from the rows
	} else {
		return legacyError(sim, 400, 'Expected rows, fields or parse_fields along with id');
	}
	return ok();
}

/** Not on the pages (their DELETE text could not be retrieved): answered like DELETE /v1/models. */
function deleteDatasets(sim, id) {
	const { dataset, error } = ownDataset(sim, id);
	if (error) return error;
	sim.removeDataset(dataset.id);
	return ok();
}

// ---------------------------------------------------------------- /v1/models

/** The caller's own model, or an error response. */
function ownModel(sim, id) {
	if (typeof id !== 'string' || id === '') return { error: legacyError(sim, 400, 'Missing model id') };
	const model = sim.getModel(id);
	if (!model) return { error: legacyError(sim, 404, 'Model not found') };
	if (model.team !== sim.team) return { error: legacyError(sim, 403, 'You do not have access to this model') };
	return { model };
}

/** List items are `{id, name}` only, as the Models page shows. */
function getModels(sim) {
	const models = [...sim.models.values()]
		.filter((model) => model.team === sim.team)
		.sort((a, b) => a.createdAt - b.createdAt)
		.map((model) => ({ id: model.id, name: model.name }));
	return ok({ models });
}

/** Columns a model knows: its features, its predicted fields and the fields it was told to ignore. */
function knownColumns(model) {
	const features = model.predictors.flatMap((predictor) => predictor.features || []);
	return new Set([...features, ...model.predictFields, ...(model.ignoreFields || [])]);
}

/** POST {id, data:[rows], explain?} -> {status, predictions:[...]}, one per row, in order. */
function predict(sim, body) {
	const { model, error } = ownModel(sim, body.id);
	if (error) return error;
	if (!Array.isArray(body.data) || !body.data.every(isPlainObject)) {
		return legacyError(sim, 400, 'data must be an array of objects');
	}
	if (body.explain !== undefined && typeof body.explain !== 'boolean') {
		return legacyError(sim, 400, 'explain must be a boolean');
	}
	if (sim.options.predictExtraFields === 'reject') {
		// The pages do not say whether predict accepts columns the model was not trained on.
		const known = knownColumns(model);
		const extra = [...new Set(body.data.flatMap((row) => Object.keys(row)))].filter((key) => !known.has(key));
		if (extra.length) return legacyError(sim, 400, `Unknown fields: ${extra.join(', ')}`);
	}
	return ok({ predictions: model.predict(body.data, { explain: body.explain === true }) });
}

function deleteModels(sim, id) {
	const { model, error } = ownModel(sim, id);
	if (error) return error;
	sim.removeModel(model.id);
	return ok();
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
	if (!handlers) return routingError(sim, 404, 'Not found');
	if (!handlers[ctx.method]) return routingError(sim, 405, 'Method not allowed');
	if (ctx.method !== 'GET' && ctx.jsonError) return routingError(sim, 400, 'Request body is not valid JSON');
	const body = isPlainObject(ctx.json) ? ctx.json : {};
	// GET carries the key in the query; POST and DELETE in the body. Some HTTP
	// clients cannot send a DELETE body, so POST and DELETE also accept the query.
	let apiKeyIn = null;
	if (ctx.method !== 'GET' && body.api_key !== undefined) apiKeyIn = 'body';
	else if (ctx.query.api_key !== undefined) apiKeyIn = 'query';
	if (ctx.entry) ctx.entry.apiKeyIn = apiKeyIn; // where the key that was checked came from
	const apiKey = apiKeyIn === 'body' ? body.api_key : apiKeyIn === 'query' ? ctx.query.api_key : undefined;
	// The Datasets page's "404" tab: a missing or wrong key, whatever the variant.
	if (apiKey !== sim.apiKey) return jsonResponse(404, { status: KEY_REJECTION });

	return handlers[ctx.method](sim, ctx, body);
}

module.exports = { handleLegacy, KEY_REJECTION };
