'use strict';

// The three /api/v1/models/train routes. The task lifecycle (phases, estimates,
// the status answer) is shared with Chat Explore: see tasks.js.

const { checkTrainable, fitModel } = require('./model');
const { jsonResponse, validationItem, validationError, detailError } = require('./responses');
const { TaskLifecycle, defaultTaskId, newAkkioId } = require('./tasks');
const { jsonObjectBody, stringField } = require('./validation');

const DURATIONS = [10, 60, 300, 1800];
const DURATION_MSG = 'Input should be 10, 60, 300 or 1800';
const TRUTHY = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSY = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

const newModelId = newAkkioId;

/** pydantic's lax boolean parsing: true/false, 0/1 and the usual words. */
function parseBool(value) {
	if (typeof value === 'boolean') return value;
	if (value === 0 || value === 1) return value === 1;
	if (typeof value === 'string' && TRUTHY.has(value.toLowerCase())) return true;
	if (typeof value === 'string' && FALSY.has(value.toLowerCase())) return false;
	return undefined;
}

function validateStringList(body, name, errors, { required, nonEmpty }) {
	const value = body[name];
	if (value === undefined) {
		if (required) errors.push(validationItem(['body', name], 'missing', 'Field required', body));
		return [];
	}
	if (!Array.isArray(value)) {
		errors.push(validationItem(['body', name], 'list_type', 'Input should be a valid list', value));
		return [];
	}
	value.forEach((item, i) => {
		if (typeof item !== 'string') {
			errors.push(validationItem(['body', name, i], 'string_type', 'Input should be a valid string', item));
		}
	});
	if (nonEmpty && value.length === 0) {
		// Akkio's schema has no minimum; an empty list could never train, so we
		// reject it the way pydantic would with min_length=1.
		errors.push(
			validationItem(['body', name], 'too_short', 'List should have at least 1 item after validation, not 0', value, {
				field_type: 'List',
				min_length: 1,
				actual_length: 0,
			}),
		);
	}
	return value;
}

/**
 * Validates the submit body the way FastAPI + pydantic v2 would, collecting every
 * error rather than stopping at the first. Returns { errors } or { payload }.
 */
function validateSubmit(ctx) {
	const { errors: bodyErrors, body } = jsonObjectBody(ctx);
	if (bodyErrors) return { errors: bodyErrors };

	const errors = [];
	stringField(body, ['body', 'dataset_id'], errors, { required: true });
	const predictFields = validateStringList(body, 'predict_fields', errors, { required: true, nonEmpty: true });
	if (body.duration === undefined) {
		errors.push(validationItem(['body', 'duration'], 'missing', 'Field required', body));
	} else if (!DURATIONS.includes(body.duration)) {
		errors.push(
			validationItem(['body', 'duration'], 'literal_error', DURATION_MSG, body.duration, {
				expected: '10, 60, 300 or 1800',
			}),
		);
	}
	const ignoreFields = validateStringList(body, 'ignore_fields', errors, { required: false });
	const flags = {};
	for (const name of ['extra_attention', 'force']) {
		if (body[name] === undefined) {
			flags[name] = false;
			continue;
		}
		flags[name] = parseBool(body[name]);
		if (flags[name] === undefined) {
			const msg = 'Input should be a valid boolean, unable to interpret input';
			errors.push(validationItem(['body', name], 'bool_parsing', msg, body[name]));
		}
	}
	if (errors.length) return { errors };
	return {
		payload: {
			dataset_id: body.dataset_id,
			predict_fields: predictFields,
			duration: body.duration,
			ignore_fields: ignoreFields,
			extra_attention: flags.extra_attention,
			force: flags.force,
		},
	};
}

class TrainingService {
	constructor(sim, options) {
		this.sim = sim;
		this.options = options;
		this.lifecycle = new TaskLifecycle(sim, options);
		this.tasks = new Map();
	}

	/** Real milliseconds a training takes, before any phase split. */
	realDurationMs(payload, dataset) {
		const { trainingMs, timeScale } = this.options;
		const override = typeof trainingMs === 'function' ? trainingMs(payload, dataset) : undefined;
		if (Number.isFinite(override)) return override;
		const perDataset = typeof dataset.trainingMs === 'function' ? dataset.trainingMs(payload) : dataset.trainingMs;
		if (Number.isFinite(perDataset)) return perDataset;
		return payload.duration * 1000 * timeScale;
	}

	submit(ctx) {
		const { errors, payload } = validateSubmit(ctx);
		if (errors) return validationError(errors);
		const dataset = this.sim.getDataset(payload.dataset_id);
		if (!dataset) {
			return validationError([
				validationItem(['body', 'dataset_id'], 'value_error', 'Dataset not found', payload.dataset_id),
			]);
		}
		if (dataset.team !== this.sim.team) {
			return detailError(403, 'Your organization does not have access to this dataset');
		}

		const plan = this.lifecycle.schedule(this.realDurationMs(payload, dataset));
		const fields = this.sim.fieldsOf(dataset);
		const rows = dataset.rows.slice(); // snapshot: later legacy edits do not change this training
		const dataError = checkTrainable({ rows, fields, payload, datasetId: dataset.id });
		// Data problems are found when a worker picks the task up, not at the end.
		const ending = this.lifecycle.outcome(plan, dataset, dataError && { error: dataError, at: 'start' });

		const taskIdStyle = this.options.taskIdStyle || defaultTaskId;
		const task = {
			id: String(taskIdStyle(payload, this.sim.trainings.length)),
			datasetId: dataset.id,
			datasetName: dataset.name, // names the model (legacy /v1/models) once it succeeds
			team: dataset.team,
			payload,
			rows,
			fields,
			...plan,
			...ending,
			modelId: newModelId(),
			result: null,
		};
		this.tasks.set(task.id, task);
		this.sim.trainings.push({
			taskId: task.id,
			datasetId: dataset.id,
			payload: ctx.json,
			createdAt: plan.createdAt,
			seq: ctx.entry.seq,
		});
		return jsonResponse(201, { task_id: task.id });
	}

	/** The task's phase at a given instant (defaults to now). */
	phase(task, at) {
		return this.lifecycle.phase(task, at);
	}

	location(task) {
		const path = `/models/train/${encodeURIComponent(task.id)}/result`;
		return this.lifecycle.location(this.options.locationStyle, path, () => this.publicTask(task));
	}

	status(taskId) {
		return this.lifecycle.status(this.tasks.get(taskId), (task) => this.location(task));
	}

	result(taskId) {
		const task = this.tasks.get(taskId);
		if (!task) return detailError(404, 'Task not found');
		const phase = this.phase(task);
		if (phase === 'SUCCEEDED') return jsonResponse(200, this.fit(task).result);
		return this.earlyResult(task, phase === 'PENDING' || phase === 'IN_PROGRESS' ? 'Task is not finished' : 'Task did not succeed');
	}

	/** /result before success: the spec declares only 200 and 422, so the option earlyResult picks. */
	earlyResult(task, message) {
		switch (this.options.earlyResult) {
			case '404':
				return detailError(404, message);
			case '422':
				return validationError([validationItem(['path', 'task_id'], 'value_error', message, task.id)]);
			case 'status200':
				return this.status(task.id); // the task's status, with HTTP 200, where a result was asked for
			default:
				return detailError(400, message);
		}
	}

	/**
	 * Trains the task's model on its submit-time rows, lazily on first need (result
	 * read, or the model store noticing the task succeeded) and cached: the result
	 * and the predictors of the kept model (sim.models) are the same fit.
	 */
	fit(task) {
		if (!task.fitted) {
			task.fitted = fitModel({
				rows: task.rows,
				fields: task.fields,
				payload: task.payload,
				datasetId: task.datasetId,
				modelId: task.modelId,
			});
			task.result = task.fitted.result;
		}
		return task.fitted;
	}

	/** What tests may see of a task (no internal row snapshot). */
	publicTask(task) {
		return {
			id: task.id,
			datasetId: task.datasetId,
			payload: task.payload,
			modelId: task.modelId,
			...this.lifecycle.snapshot(task),
		};
	}
}

module.exports = { TrainingService, validateSubmit, DURATIONS };
