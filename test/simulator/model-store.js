'use strict';

// The Akkio models the simulator knows: sim.models (Map id -> model record).
//
// A model comes from one of two places:
// - a training through POST /api/v1/models/train/new that SUCCEEDED (source
//   'training'); its id is the result's model_id, and it is the same fit that
//   computed the result's stats, on the dataset rows as they were at submit time;
// - sim.addModel(spec) (source 'seeded'), fitted on the dataset right away.
//
// Task phases are a pure function of the clock (see training.js), so nothing
// fires when a training succeeds: the store picks up succeeded trainings lazily,
// whenever it is read (sim.models, sim.getModel(), every /v1/models request).

const { newAkkioId } = require('./tasks');
const { checkTrainable, fitModel, predictRows } = require('./model');

const DEFAULT_SEED_DURATION = 60;

const newModelId = newAkkioId;

/** "<dataset name> – <predict fields>", as Akkio names a project's model. */
function modelName(datasetName, predictFields) {
	return `${datasetName} – ${predictFields.join(', ')}`;
}

class ModelStore {
	constructor(sim) {
		this.sim = sim;
		this.map = new Map();
		this.removed = new Set(); // model ids deleted: a succeeded task must not bring them back
		this.seenTasks = new Set(); // task ids already turned into a model
	}

	/** Registers the model of every training that has SUCCEEDED by now; returns the map. */
	sync() {
		const training = this.sim.training;
		for (const task of training.tasks.values()) {
			if (this.seenTasks.has(task.id)) continue;
			if (training.phase(task) !== 'SUCCEEDED') continue;
			this.seenTasks.add(task.id);
			if (this.removed.has(task.modelId) || this.map.has(task.modelId)) continue;
			const fitted = training.fit(task);
			this.put({
				id: task.modelId,
				name: modelName(task.datasetName || task.datasetId, task.payload.predict_fields),
				datasetId: task.datasetId,
				predictFields: task.payload.predict_fields.slice(),
				ignoreFields: (task.payload.ignore_fields || []).slice(),
				team: task.team || this.sim.team,
				createdAt: task.doneAt,
				source: 'training',
				taskId: task.id,
				payload: task.payload,
				fitted,
			});
		}
		return this.map;
	}

	put(record) {
		const model = {
			...record,
			result: record.fitted.result,
			predictors: record.fitted.predictors,
			/** rows -> predictions, exactly as POST /v1/models answers them */
			predict: (rows, options) => predictRows(record.fitted.predictors, rows, options),
		};
		this.map.set(model.id, model);
		return model;
	}

	get(id) {
		return this.sync().get(id);
	}

	remove(id) {
		this.sync();
		this.removed.add(id);
		return this.map.delete(id);
	}

	/**
	 * Fits a model on a dataset's current rows, right away. Throws a TypeError when
	 * the dataset is unknown or cannot train (the FAILED message a training gets).
	 * Returns { model }.
	 */
	create(spec, { source = 'seeded' } = {}) {
		const fail = (message) => {
			throw new TypeError(`addModel: ${message}`);
		};
		if (!spec || typeof spec !== 'object') return fail('a spec object is required');
		const dataset = this.sim.getDataset(spec.datasetId);
		if (!dataset) return fail(`dataset '${spec.datasetId}' not found`);
		const predictFields = spec.predictFields === undefined ? [] : [].concat(spec.predictFields);
		if (predictFields.length === 0 || !predictFields.every((name) => typeof name === 'string')) {
			return fail('predictFields must be a non-empty list of field names');
		}
		const ignoreFields = spec.ignoreFields === undefined ? [] : [].concat(spec.ignoreFields);
		const id = spec.id === undefined ? newModelId() : String(spec.id);
		if (id === '') return fail('id must not be empty');
		const payload = {
			dataset_id: dataset.id,
			predict_fields: predictFields,
			duration: spec.duration === undefined ? DEFAULT_SEED_DURATION : spec.duration,
			ignore_fields: ignoreFields,
			extra_attention: spec.extraAttention === true,
			force: false,
		};
		const rows = dataset.rows.slice();
		const fields = this.sim.fieldsOf(dataset);
		const dataError = checkTrainable({ rows, fields, payload, datasetId: dataset.id });
		if (dataError) return fail(dataError);
		const fitted = fitModel({ rows, fields, payload, datasetId: dataset.id, modelId: id });
		this.removed.delete(id);
		const model = this.put({
			id,
			name: spec.name || modelName(dataset.name, predictFields),
			datasetId: dataset.id,
			predictFields,
			ignoreFields,
			team: spec.team || dataset.team,
			createdAt: spec.createdAt === undefined ? this.sim.now() : spec.createdAt,
			source,
			taskId: null,
			payload,
			fitted,
		});
		return { model };
	}
}

module.exports = { ModelStore, modelName };
