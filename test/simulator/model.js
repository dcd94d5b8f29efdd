'use strict';

// The "honest model" behind /result. Nothing here is canned: every number in the
// result is computed from the dataset rows, so a node that mislabels, reorders or
// drops metrics gets caught by tests that recompute them.
//
// - Categorical target: naive Bayes over binned features, trained on 75 % of the
//   rows and scored on a 25 % holdout (a deterministic split per dataset + field).
// - Numeric target (not documented by Akkio): ridge regression, with stats in a
//   *different shape* (an object instead of a list of classes) so the node's
//   pass-through of unknown shapes gets exercised.
// - field_importance: each feature's univariate predictive power on the training
//   rows (mutual information for categories, correlation ratio for numbers),
//   normalised to sum to 1. Predicted fields appear with 0, as in Akkio's example
//   where the predicted field has a ~0 importance; ignored fields do not appear.
// - duration: longer trainings bin numeric features more finely (3..6 bins).
// - extra_attention: a uniform class prior, which raises recall on rare classes.
// - fitModel() also returns one predictor per predicted field: the very model
//   behind the stats, able to score new rows (legacy POST /v1/models predictions).

const { createRng, hashString } = require('./prng');
const { isMissing, isNumeric } = require('./dataset');

const HOLDOUT_FRACTION = 0.25;
const MIN_ROWS = 10;
const MAX_CLASSES = 100;
const CAUSES_PER_OUTCOME = 5;
const BINS_BY_DURATION = { 10: 3, 60: 4, 300: 5, 1800: 6 };
const MISSING_KEY = '(missing)';

const round2 = (x) => Math.round(x * 100) / 100;
const toNumber = (value) => (isNumeric(value) ? Number(value) : NaN);
const compareNames = (a, b) => a.localeCompare(b, 'en', { numeric: true });

/** Rows that have a value for the predicted field (others cannot be learnt from). */
function rowsWithTarget(rows, field) {
	return rows.filter((row) =>
		field.type === 'number' ? Number.isFinite(toNumber(row[field.name])) : !isMissing(row[field.name]),
	);
}

/** Size of the holdout for n usable rows; exported so tests can check count sums. */
function holdoutSize(n) {
	return Math.max(1, Math.round(n * HOLDOUT_FRACTION));
}

/**
 * Checks that a training can run. Returns the error text Akkio would put in the
 * FAILED metadata, or null. Called at submit time so the simulator knows the
 * outcome up front (the task still fails asynchronously, like the real one).
 */
function checkTrainable({ rows, fields, payload, datasetId }) {
	const byName = new Map(fields.map((field) => [field.name, field]));
	for (const name of payload.predict_fields) {
		if (!byName.has(name)) return `Field '${name}' was not found in dataset ${datasetId}`;
	}
	if (featureFields(fields, payload).length === 0) {
		return 'No fields left to learn from: every other field is predicted or ignored';
	}
	for (const name of payload.predict_fields) {
		const field = byName.get(name);
		const usable = rowsWithTarget(rows, field);
		if (usable.length < MIN_ROWS) {
			return `Not enough rows to train: field '${name}' has ${usable.length} values, at least ${MIN_ROWS} are needed`;
		}
		if (field.type !== 'number') {
			const classes = new Set(usable.map((row) => String(row[name])));
			if (classes.size < 2) {
				return `Field '${name}' has a single value ('${[...classes][0]}'); there is nothing to predict`;
			}
			if (classes.size > MAX_CLASSES) {
				return `Field '${name}' has ${classes.size} distinct values; at most ${MAX_CLASSES} classes are supported`;
			}
		}
	}
	return null;
}

function featureFields(fields, payload) {
	const excluded = new Set([...payload.predict_fields, ...(payload.ignore_fields || [])]);
	return fields.filter((field) => !excluded.has(field.name));
}

/**
 * Maps raw values to discrete keys. Numeric fields are cut at training-set
 * quantiles; each bin is labelled by the median of its training values, which is
 * what the data story shows (Akkio shows values such as "27", not ranges).
 */
function buildEncoder(field, trainRows, bins) {
	if (field.type !== 'number') {
		return {
			field,
			encode: (value) => (isMissing(value) ? MISSING_KEY : String(value)),
			label: (key) => key,
			value: (key) => key,
		};
	}
	const values = trainRows
		.map((row) => toNumber(row[field.name]))
		.filter(Number.isFinite)
		.sort((a, b) => a - b);
	const cuts = [];
	for (let k = 1; k < bins; k++) {
		const cut = values[Math.floor((k * values.length) / bins)];
		if (cut !== undefined && cut !== cuts[cuts.length - 1] && cut > values[0]) cuts.push(cut);
	}
	const binOf = (x) => {
		let index = 0;
		while (index < cuts.length && x >= cuts[index]) index++;
		return `bin${index}`;
	};
	const members = new Map();
	for (const x of values) {
		const key = binOf(x);
		if (!members.has(key)) members.set(key, []);
		members.get(key).push(x);
	}
	const integers = values.every(Number.isInteger);
	const medianOf = (key) => {
		const list = members.get(key) || [];
		return list.length ? list[Math.floor(list.length / 2)] : NaN;
	};
	return {
		field,
		encode: (value) => {
			const x = toNumber(value);
			return Number.isFinite(x) ? binOf(x) : MISSING_KEY;
		},
		label: (key) => {
			const median = medianOf(key);
			if (!Number.isFinite(median)) return key;
			return integers ? String(Math.round(median)) : String(round2(median));
		},
		value: medianOf,
	};
}

/** Deterministic 75/25 split: the same dataset + field always gives the same holdout. */
function split(rows, datasetId, fieldName) {
	const rng = createRng(hashString(`${datasetId}|${fieldName}`));
	const shuffled = rng.shuffle(rows);
	const holdout = holdoutSize(rows.length);
	return { test: shuffled.slice(0, holdout), train: shuffled.slice(holdout) };
}

/** Joint counts of (feature key, outcome) on the training rows. */
function crossTab(trainKeys, outcomes) {
	const table = new Map();
	trainKeys.forEach((key, i) => {
		if (!table.has(key)) table.set(key, new Map());
		const row = table.get(key);
		row.set(outcomes[i], (row.get(outcomes[i]) || 0) + 1);
	});
	return table;
}

function mutualInformation(trainKeys, outcomes) {
	const n = outcomes.length;
	const outcomeCounts = new Map();
	for (const outcome of outcomes) outcomeCounts.set(outcome, (outcomeCounts.get(outcome) || 0) + 1);
	let mi = 0;
	for (const perOutcome of crossTab(trainKeys, outcomes).values()) {
		const keyCount = [...perOutcome.values()].reduce((a, b) => a + b, 0);
		for (const [outcome, joint] of perOutcome) {
			mi += (joint / n) * Math.log((joint * n) / (keyCount * outcomeCounts.get(outcome)));
		}
	}
	return Math.max(0, mi);
}

/** Share of the target's variance explained by the feature's keys (eta squared). */
function correlationRatio(trainKeys, targets) {
	const mean = targets.reduce((a, b) => a + b, 0) / targets.length;
	const total = targets.reduce((sum, y) => sum + (y - mean) ** 2, 0);
	if (total === 0) return 0;
	const groups = new Map();
	trainKeys.forEach((key, i) => {
		const group = groups.get(key) || { sum: 0, count: 0 };
		group.sum += targets[i];
		group.count += 1;
		groups.set(key, group);
	});
	let between = 0;
	for (const { sum, count } of groups.values()) between += count * (sum / count - mean) ** 2;
	return between / total;
}

function normalise(scores) {
	const total = Object.values(scores).reduce((a, b) => a + b, 0);
	const names = Object.keys(scores);
	const out = {};
	for (const name of names) out[name] = total > 0 ? scores[name] / total : 1 / names.length;
	return out;
}

function topFeatures(importance, count) {
	return Object.keys(importance)
		.sort((a, b) => importance[b] - importance[a] || compareNames(a, b))
		.slice(0, count);
}

// ---------------------------------------------------------------- classification

function fitNaiveBayes(encodedTrain, outcomes, classes, { uniformPrior, alpha = 1 }) {
	const featureCount = encodedTrain[0].length;
	const classCounts = classes.map((cls) => outcomes.filter((o) => o === cls).length);
	const counts = Array.from({ length: featureCount }, () => new Map()); // key -> per-class counts
	encodedTrain.forEach((keys, i) => {
		const c = classes.indexOf(outcomes[i]);
		keys.forEach((key, f) => {
			if (!counts[f].has(key)) counts[f].set(key, new Array(classes.length).fill(0));
			counts[f].get(key)[c] += 1;
		});
	});
	const logPrior = classCounts.map((count) =>
		uniformPrior ? 0 : Math.log((count + alpha) / (outcomes.length + alpha * classes.length)),
	);
	/** keys: one key per feature, or undefined to leave that feature out (marginalise). */
	const proba = (keys) => {
		const scores = logPrior.slice();
		keys.forEach((key, f) => {
			if (key === undefined) return;
			const distinct = counts[f].size + 1; // +1 leaves room for unseen keys
			const perClass = counts[f].get(key);
			for (let c = 0; c < classes.length; c++) {
				const joint = perClass ? perClass[c] : 0;
				scores[c] += Math.log((joint + alpha) / (classCounts[c] + alpha * distinct));
			}
		});
		const max = Math.max(...scores);
		const exp = scores.map((s) => Math.exp(s - max));
		const sum = exp.reduce((a, b) => a + b, 0);
		return exp.map((e) => e / sum);
	};
	const predict = (keys) => {
		const p = proba(keys);
		return classes[p.indexOf(Math.max(...p))];
	};
	return { proba, predict };
}

function classificationStats(field, fieldIndex, classes, actual, predicted) {
	return classes.map((cls, classIndex) => {
		let tp = 0;
		let fp = 0;
		let fn = 0;
		actual.forEach((truth, i) => {
			if (predicted[i] === cls && truth === cls) tp++;
			else if (predicted[i] === cls) fp++;
			else if (truth === cls) fn++;
		});
		const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
		const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
		return {
			field: fieldIndex,
			field_name: field.name,
			field_type: 'category',
			class: classIndex,
			class_name: cls,
			count: tp + fn,
			'true positives': tp,
			'false positives': fp,
			'false negatives': fn,
			precision,
			recall,
			f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
			frequency: (tp + fn) / actual.length,
		};
	});
}

/**
 * For each outcome: the most important features, each with the value under which
 * the outcome is most likely (top_value) and least likely (bottom_value). The
 * cases are the model's probability of the outcome at those values, and the base
 * rate in between (avg_case), matching the fields of Akkio's example.
 */
function classificationStory(field, classes, encoders, train, outcomes, importance, model) {
	const causesFields = topFeatures(importance, CAUSES_PER_OUTCOME);
	const tables = new Map(
		causesFields.map((name) => {
			const f = encoders.findIndex((encoder) => encoder.field.name === name);
			return [name, { f, table: crossTab(train.map((keys) => keys[f]), outcomes) }];
		}),
	);
	const outcomeStories = classes.map((cls) => {
		const topKeys = new Array(encoders.length).fill(undefined);
		const bottomKeys = new Array(encoders.length).fill(undefined);
		const causes = causesFields.flatMap((name) => {
			const { f, table } = tables.get(name);
			const candidates = [...table.entries()]
				.filter(([key]) => key !== MISSING_KEY)
				.map(([key, perOutcome]) => {
					const support = [...perOutcome.values()].reduce((a, b) => a + b, 0);
					return { key, support, rate: (perOutcome.get(cls) || 0) / support };
				});
			// Keys seen only once or twice make noisy "causes"; prefer supported ones.
			const supported = candidates.filter((c) => c.support >= 3);
			const pool = supported.length >= 2 ? supported : candidates;
			if (pool.length === 0) return []; // a column with no values tells no story
			const byRate = pool.slice().sort((a, b) => b.rate - a.rate || b.support - a.support);
			const top = byRate[0];
			const bottom = byRate[byRate.length - 1];
			topKeys[f] = top.key;
			bottomKeys[f] = bottom.key;
			return [{ field: name, top_value: encoders[f].label(top.key), bottom_value: encoders[f].label(bottom.key) }];
		});
		const c = classes.indexOf(cls);
		return {
			outcome: cls,
			causes,
			top_case: round2(model.proba(topKeys)[c]),
			avg_case: round2(outcomes.filter((o) => o === cls).length / outcomes.length),
			bottom_case: round2(model.proba(bottomKeys)[c]),
		};
	});
	return { name: field.name, type: 'category', outcomes: outcomeStories };
}

function trainClassifier({ field, fieldIndex, rows, features, payload, datasetId }) {
	const usable = rowsWithTarget(rows, field);
	const classes = [...new Set(usable.map((row) => String(row[field.name])))].sort(compareNames);
	const { train, test } = split(usable, datasetId, field.name);
	const bins = BINS_BY_DURATION[payload.duration] || 4;
	const encoders = features.map((feature) => buildEncoder(feature, train, bins));
	const encode = (row) => encoders.map((encoder) => encoder.encode(row[encoder.field.name]));
	const encodedTrain = train.map(encode);
	const outcomes = train.map((row) => String(row[field.name]));

	const model = fitNaiveBayes(encodedTrain, outcomes, classes, { uniformPrior: payload.extra_attention === true });
	const actual = test.map((row) => String(row[field.name]));
	const predicted = test.map((row) => model.predict(encode(row)));

	const importance = {};
	encoders.forEach((encoder, f) => {
		importance[encoder.field.name] = mutualInformation(
			encodedTrain.map((keys) => keys[f]),
			outcomes,
		);
	});
	const normalised = normalise(importance);
	return {
		stats: classificationStats(field, fieldIndex, classes, actual, predicted),
		importance: normalised,
		story: classificationStory(field, classes, encoders, encodedTrain, outcomes, normalised, model),
		predictor: classificationPredictor(field, classes, encoders, encodedTrain, model),
	};
}

/**
 * Scores new rows with the fitted naive Bayes. A value the model never saw for a
 * feature (missing, an unknown category, text in a number column) carries no
 * evidence, so that feature is left out (marginalised) instead of being guessed.
 * For rows whose values were all seen in training this is exactly model.predict,
 * i.e. the predictions behind the holdout stats.
 *
 * Explanation: for each feature, how much it moves the probability of the
 * predicted class: p(class | row) - p(class | row without that feature).
 */
function classificationPredictor(field, classes, encoders, encodedTrain, model) {
	const seen = encoders.map((_, f) => new Set(encodedTrain.map((keys) => keys[f])));
	const keysOf = (row) =>
		encoders.map((encoder, f) => {
			const key = encoder.encode(row[encoder.field.name]);
			return seen[f].has(key) ? key : undefined;
		});
	return {
		field: field.name,
		type: 'category',
		classes: classes.slice(),
		features: encoders.map((encoder) => encoder.field.name),
		predict(row, { explain = false } = {}) {
			const keys = keysOf(row);
			const p = model.proba(keys);
			const best = p.indexOf(Math.max(...p));
			const values = { [field.name]: classes[best] };
			classes.forEach((cls, c) => {
				values[`Probability ${field.name} is ${cls}`] = p[c];
			});
			if (!explain) return { values };
			const explanation = {};
			encoders.forEach((encoder, f) => {
				if (keys[f] === undefined) {
					explanation[encoder.field.name] = 0;
					return;
				}
				const without = keys.slice();
				without[f] = undefined;
				explanation[encoder.field.name] = p[best] - model.proba(without)[best];
			});
			return { values, explanation };
		},
	};
}

// ---------------------------------------------------------------- regression

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small). */
function solve(A, b) {
	const n = b.length;
	const m = A.map((row, i) => [...row, b[i]]);
	for (let col = 0; col < n; col++) {
		let pivot = col;
		for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
		[m[col], m[pivot]] = [m[pivot], m[col]];
		if (Math.abs(m[col][col]) < 1e-12) continue;
		for (let r = 0; r < n; r++) {
			if (r === col) continue;
			const factor = m[r][col] / m[col][col];
			for (let k = col; k <= n; k++) m[r][k] -= factor * m[col][k];
		}
	}
	return m.map((row, i) => (Math.abs(row[i]) < 1e-12 ? 0 : row[n] / row[i]));
}

/**
 * Ridge regression on standardised numbers and one-hot keys. Numeric features get
 * both a linear term (clipped at 3 sd, so one huge company cannot dominate) and
 * one-hot quantile bins (so skewed, non-linear effects are still learnt). Columns
 * are centred on the training mean and a missing value contributes 0 (the
 * average), which also lets the data story predict from a partial, synthetic row.
 */
function fitRidge(train, targetName, encoders, lambda = 1) {
	const columns = [];
	const owners = []; // owners[j]: index of the encoder (feature) column j belongs to
	const oneHot = (encode, keys) => {
		for (const key of keys) {
			const share = train.filter((row) => encode(row) === key).length / train.length;
			columns.push((row) => {
				const own = encode(row);
				return own === MISSING_KEY ? 0 : (own === key ? 1 : 0) - share;
			});
		}
	};
	for (const [e, encoder] of encoders.entries()) {
		const name = encoder.field.name;
		const encode = (row) => encoder.encode(row[name]);
		const keys = [...new Set(train.map(encode))].filter((key) => key !== MISSING_KEY);
		oneHot(encode, keys);
		while (owners.length < columns.length) owners.push(e);
		if (encoder.field.type === 'number') {
			const xs = train.map((row) => toNumber(row[name])).filter(Number.isFinite);
			const mean = xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
			const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length || 1)) || 1;
			columns.push((row) => {
				const x = toNumber(row[name]);
				return Number.isFinite(x) ? Math.max(-3, Math.min(3, (x - mean) / sd)) : 0;
			});
			owners.push(e);
		}
	}
	const ys = train.map((row) => toNumber(row[targetName]));
	const yMean = ys.reduce((a, b) => a + b, 0) / ys.length;
	const X = train.map((row) => columns.map((column) => column(row)));
	const p = columns.length;
	const XtX = Array.from({ length: p }, (_, i) =>
		Array.from({ length: p }, (_, j) => X.reduce((s, x) => s + x[i] * x[j], 0) + (i === j ? lambda : 0)),
	);
	const Xty = Array.from({ length: p }, (_, i) => X.reduce((s, x, r) => s + x[i] * (ys[r] - yMean), 0));
	const beta = solve(XtX, Xty);
	return {
		mean: yMean,
		predict: (row) => yMean + columns.reduce((s, column, j) => s + column(row) * beta[j], 0),
		/** Per-feature terms of predict(row): they sum to predict(row) - mean. */
		contributions: (row) => {
			const out = new Array(encoders.length).fill(0);
			columns.forEach((column, j) => {
				out[owners[j]] += column(row) * beta[j];
			});
			return out;
		},
	};
}

function trainRegressor({ field, fieldIndex, rows, features, payload, datasetId }) {
	const usable = rowsWithTarget(rows, field);
	const { train, test } = split(usable, datasetId, field.name);
	const bins = BINS_BY_DURATION[payload.duration] || 4;
	const encoders = features.map((feature) => buildEncoder(feature, train, bins));
	const model = fitRidge(train, field.name, encoders);
	const actual = test.map((row) => toNumber(row[field.name]));
	const predicted = test.map((row) => model.predict(row));
	const errors = actual.map((y, i) => predicted[i] - y);
	const testMean = actual.reduce((a, b) => a + b, 0) / actual.length;
	const ssRes = errors.reduce((s, e) => s + e * e, 0);
	const ssTot = actual.reduce((s, y) => s + (y - testMean) ** 2, 0);

	const targets = train.map((row) => toNumber(row[field.name]));
	const importance = {};
	for (const encoder of encoders) {
		importance[encoder.field.name] = correlationRatio(
			train.map((row) => encoder.encode(row[encoder.field.name])),
			targets,
		);
	}
	const normalised = normalise(importance);

	// Story: for the most important features, the value with the highest and the
	// lowest average target; the cases are the model's predictions at those values.
	const top = {};
	const bottom = {};
	const causes = topFeatures(normalised, CAUSES_PER_OUTCOME).flatMap((name) => {
		const encoder = encoders.find((e) => e.field.name === name);
		const groups = new Map();
		train.forEach((row, i) => {
			const key = encoder.encode(row[name]);
			if (key === MISSING_KEY) return;
			const group = groups.get(key) || { sum: 0, count: 0 };
			group.sum += targets[i];
			group.count += 1;
			groups.set(key, group);
		});
		if (groups.size === 0) return []; // a column with no values tells no story
		const ranked = [...groups.entries()].sort((a, b) => b[1].sum / b[1].count - a[1].sum / a[1].count);
		const [topKey] = ranked[0];
		const [bottomKey] = ranked[ranked.length - 1];
		top[name] = encoder.value(topKey);
		bottom[name] = encoder.value(bottomKey);
		return [{ field: name, top_value: encoder.label(topKey), bottom_value: encoder.label(bottomKey) }];
	});

	return {
		predictor: regressionPredictor(field, encoders, train, model),
		stats: {
			field: fieldIndex,
			field_name: field.name,
			field_type: 'number',
			count: actual.length,
			mean: testMean,
			mae: errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length,
			rmse: Math.sqrt(ssRes / errors.length),
			r2: ssTot > 0 ? 1 - ssRes / ssTot : 0,
		},
		importance: normalised,
		story: {
			name: field.name,
			type: 'number',
			outcomes: [
				{
					outcome: 'higher',
					causes,
					top_case: round2(model.predict(top)),
					avg_case: round2(model.mean),
					bottom_case: round2(model.predict(bottom)),
				},
			],
		},
	};
}

/**
 * Scores new rows with the fitted ridge regression. A value never seen in
 * training (missing, unknown category, text in a number column) counts as the
 * training average (contributes 0). Explanation: each feature's additive term,
 * in target units; the terms sum to prediction - training mean.
 */
function regressionPredictor(field, encoders, train, model) {
	const seen = encoders.map((encoder) => new Set(train.map((row) => encoder.encode(row[encoder.field.name]))));
	const clean = (row) => {
		const out = {};
		encoders.forEach((encoder, f) => {
			const value = row[encoder.field.name];
			out[encoder.field.name] = seen[f].has(encoder.encode(value)) ? value : null;
		});
		return out;
	};
	return {
		field: field.name,
		type: 'number',
		mean: model.mean,
		features: encoders.map((encoder) => encoder.field.name),
		predict(row, { explain = false } = {}) {
			const known = clean(row);
			const values = { [field.name]: model.predict(known) };
			if (!explain) return { values };
			const terms = model.contributions(known);
			const explanation = {};
			encoders.forEach((encoder, f) => {
				explanation[encoder.field.name] = terms[f];
			});
			return { values, explanation };
		},
	};
}

// ---------------------------------------------------------------- entry point

/**
 * Trains one model per predicted field and assembles Akkio's result object.
 * Assumes checkTrainable() returned null for the same inputs.
 */
function trainModel(args) {
	return fitModel(args).result;
}

/**
 * trainModel() plus the fitted predictors: { result, predictors }, one predictor
 * per predicted field ({ field, type, classes?, features, predict(row, {explain}) }).
 */
function fitModel({ rows, fields, payload, datasetId, modelId }) {
	const features = featureFields(fields, payload);
	const perField = payload.predict_fields.map((name) => {
		const fieldIndex = fields.findIndex((field) => field.name === name);
		const field = fields[fieldIndex];
		const args = { field, fieldIndex, rows, features, payload, datasetId };
		return field.type === 'number' ? trainRegressor(args) : trainClassifier(args);
	});

	// One importance map for the whole result: the mean over the predicted fields.
	const ignored = new Set(payload.ignore_fields || []);
	const fieldImportance = {};
	for (const field of fields) {
		if (ignored.has(field.name) && !payload.predict_fields.includes(field.name)) continue;
		fieldImportance[field.name] =
			perField.reduce((sum, result) => sum + (result.importance[field.name] || 0), 0) / perField.length;
	}

	return {
		result: {
			status: 'success',
			model_id: modelId,
			stats: perField.map((result) => result.stats),
			field_importance: fieldImportance,
			data_story: perField.map((result) => result.story),
		},
		predictors: perField.map((result) => result.predictor),
	};
}

/**
 * One prediction per row, in order, in the legacy /v1/models shape:
 * { "<Field>": "1", "Probability <Field> is 0": 0.2, ... } for a category,
 * { "<Field>": 123.4 } for a number, one set of keys per predicted field. With
 * explain, "explanation" maps each feature to its contribution (see the two
 * predictors); a model with several predicted fields nests it per field.
 */
function predictRows(predictors, rows, { explain = false } = {}) {
	return rows.map((row) => {
		const entry = {};
		const explanations = {};
		for (const predictor of predictors) {
			const { values, explanation } = predictor.predict(row || {}, { explain });
			Object.assign(entry, values);
			if (explain) explanations[predictor.field] = explanation;
		}
		if (explain) entry.explanation = predictors.length === 1 ? explanations[predictors[0].field] : explanations;
		return entry;
	});
}

module.exports = {
	trainModel,
	fitModel,
	predictRows,
	featureFields,
	split,
	checkTrainable,
	holdoutSize,
	rowsWithTarget,
	HOLDOUT_FRACTION,
	BINS_BY_DURATION,
	MIN_ROWS,
};
