'use strict';

// Chat Explore's answers, computed from a dataset's rows. Pure functions, no I/O.
//
// Akkio answers any question with a language model; the simulator answers a few
// question shapes exactly, so tests can check the numbers:
//   count      "How many rows are there?", "How many leads by Plan?"
//   aggregate  "What is the average Annual Contract Value by Plan?", "Total Company Size per Industry"
//   top-N      "Top 5 Industry by Annual Contract Value" (groups ranked by the column's total),
//              "Top 3 Job Title by average Company Size", "Bottom 2 Plan by count",
//              "Top 5 rows by Company Size" (whole records)
// Column names are the dataset's, matched case-insensitively (a plural "Industries"
// matches "Industry"). A follow-up ("And by Industry?", "What about the top 3?",
// "Same for Company Size") fills what it does not say from the previous user question.
// Anything else is an error, which the task reports as FAILED with that text.

const { isMissing, isNumeric } = require('./dataset');

const DEFAULT_TOP = 5;
const MAX_GROUPS = 25;
const FOLLOW_UP_START = /^(and|what about|how about|now|same|then|also)\b/;
const FOLLOW_UP_WORD = /\b(those|these|same|them)\b/;
const GROUP_SEPARATOR = /\b(grouped by|broken down by|for each|by|per|across)\b/;
const TOP = /\b(top|bottom|highest|lowest)\s+(\d+)\b|\b(top|bottom)\b/;
const AVERAGE = /\b(average|avg|mean)\b/;
const TOTAL = /\b(total|sum)\b/;
const COUNT = /\b(how many|count|number of)\b/;
const HELP =
	'It answers "How many rows are there?", "How many rows by <column>?", ' +
	'"What is the average (or total) <number column> by <column>?", "Top 5 <column> by <number column>", ' +
	'"Top 5 rows by <number column>" and follow-ups such as "And by <column>?"';

const normalize = (text) =>
	String(text)
		.toLowerCase()
		.replace(/[^a-z0-9.]+/g, ' ')
		.replace(/\.(?!\d)/g, ' ')
		.trim();
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const round2 = (x) => Math.round(x * 100) / 100;
const list = (names) => names.join(', ');

/** A regex for a field name, tolerating a plural ("industries", "plans"). */
function fieldPattern(name) {
	const base = escapeRegExp(normalize(name));
	const plural = /y$/.test(base) ? `${base}|${base.slice(0, -1)}ies` : `${base}|${base}s|${base}es`;
	return new RegExp(`\\b(?:${plural})\\b`);
}

/** The fields named in `text`, longest names first, each span used once; in text order. */
function findFields(text, fields) {
	let rest = ` ${text} `;
	const found = [];
	const byLength = fields.slice().sort((a, b) => normalize(b.name).length - normalize(a.name).length);
	for (const field of byLength) {
		const match = fieldPattern(field.name).exec(rest);
		if (!match) continue;
		found.push({ field, index: match.index });
		rest = rest.slice(0, match.index) + ' '.repeat(match[0].length) + rest.slice(match.index + match[0].length);
	}
	return found.sort((a, b) => a.index - b.index).map((entry) => entry.field);
}

/**
 * What one question asks, as far as it says: { kind?, agg?, n?, order?, metric?,
 * group?, rowsMode?, subset?, followUp }. Slots it does not mention stay undefined.
 */
function parseQuestion(question, fields) {
	const text = normalize(question);
	const intent = { followUp: FOLLOW_UP_START.test(text) || FOLLOW_UP_WORD.test(text) };
	const separator = GROUP_SEPARATOR.exec(text);
	const before = separator ? text.slice(0, separator.index) : text;
	const after = separator ? text.slice(separator.index + separator[0].length) : '';
	const aggOf = (part) => (AVERAGE.test(part) ? 'average' : TOTAL.test(part) ? 'sum' : COUNT.test(part) ? 'count' : undefined);
	const top = TOP.exec(text);
	if (top) {
		intent.kind = 'top';
		if (top[2]) intent.n = Number(top[2]);
		intent.order = /top|highest/.test(top[1] || top[3]) ? 'desc' : 'asc';
		const [group] = findFields(before, fields);
		const [metric] = findFields(after, fields);
		if (group) intent.group = group.name;
		else if (/\b(rows|records|entries|leads)\b/.test(before)) intent.rowsMode = true;
		if (metric) intent.metric = metric.name;
		intent.agg = aggOf(after);
		return intent;
	}
	const agg = aggOf(text);
	if (agg === 'average' || agg === 'sum') {
		intent.kind = 'aggregate';
		intent.agg = agg;
		const [metric] = findFields(before, fields);
		if (metric) intent.metric = metric.name;
	} else if (agg === 'count') {
		intent.kind = 'count';
		// "How many positive leads by Plan?" counts a subset: a filter the simulator does not do.
		const [subset] = findFields(before, fields);
		if (subset) intent.subset = subset.name;
	}
	const [group] = findFields(after, fields);
	if (group) intent.group = group.name;
	if (!intent.kind && !separator) {
		// "What about Company Size?": a number column is the new metric, any other the new group.
		const [named] = findFields(text, fields);
		if (named && named.type === 'number') intent.metric = named.name;
		else if (named) intent.group = named.name;
	}
	return intent;
}

/** The intent of the last user question, follow-ups completed from the ones before. */
function resolveIntent(questions, fields) {
	let resolved = null;
	for (const question of questions) {
		const parsed = parseQuestion(question, fields);
		if (resolved && parsed.followUp) {
			const merged = { ...resolved };
			for (const [key, value] of Object.entries(parsed)) if (value !== undefined) merged[key] = value;
			// "What about the top 3?" after an average ranks by that average; a new kind drops row mode.
			if (parsed.kind && parsed.kind !== 'top') delete merged.rowsMode;
			resolved = merged;
		} else {
			resolved = parsed;
		}
	}
	return resolved;
}

const compareValues = (a, b) =>
	typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en', { numeric: true });

/** Rows grouped by a column's value: [{ value, rows }], groups sorted by value. */
function groupRows(rows, column) {
	const groups = new Map();
	for (const row of rows) {
		const raw = row[column];
		const value = isMissing(raw) ? '(empty)' : raw;
		const key = String(value);
		if (!groups.has(key)) groups.set(key, { value, rows: [] });
		groups.get(key).rows.push(row);
	}
	return [...groups.values()].sort((a, b) => compareValues(a.value, b.value));
}

function aggregate(rows, column, agg) {
	if (agg === 'count') return rows.length;
	const values = rows.map((row) => row[column]).filter(isNumeric).map(Number);
	if (values.length === 0) return null;
	const sum = values.reduce((total, x) => total + x, 0);
	return round2(agg === 'average' ? sum / values.length : sum);
}

const valueLabel = (agg, metric) => (agg === 'count' ? 'Count' : `${agg === 'average' ? 'Average' : 'Total'} ${metric}`);

/** A table of [group, value] records plus the bar chart drawn from it. */
function groupedAnswer(group, label, entries, title) {
	return {
		table: entries.map(({ value, x }) => ({ [group]: value, [label]: x })),
		chart: { title, labelName: group, valueName: label, labels: entries.map((e) => e.value), values: entries.map((e) => e.x) },
	};
}

/**
 * The answer to the last user question of `messages` from a dataset:
 * { content, table, chart, intent } or { error }. `chart` is null or
 * { title, labelName, valueName, labels, values } (png.js and plotly draw it).
 */
function answerQuestion({ messages, rows, fields, datasetName }) {
	const last = messages[messages.length - 1];
	if (!last) return { error: 'There is no question to answer: messages is empty.' };
	if (last.role !== 'user') return { error: 'The last message must be the question, with role "user".' };
	const questions = messages.filter((message) => message.role === 'user').map((message) => message.content);
	const intent = resolveIntent(questions, fields);
	const question = last.content;
	const byName = new Map(fields.map((field) => [field.name, field]));
	const numberColumns = fields.filter((field) => field.type === 'number').map((field) => field.name);
	const cannot = (why, help = false) => ({
		error: `Chat Explore (simulator) cannot answer "${question}": ${why}.${help ? ` ${HELP}.` : ''}`,
	});
	const needNumber = () => {
		if (!intent.metric) return `it names no number column of ${datasetName} (${list(numberColumns)})`;
		// a 0/1 category (Positive Lead) averages to a rate: any column whose values are all numbers will do
		const values = rows.map((row) => row[intent.metric]).filter((value) => !isMissing(value));
		const numeric = byName.get(intent.metric).type === 'number' || (values.length > 0 && values.every(isNumeric));
		if (!numeric) return `${intent.metric} is not a number column (${list(numberColumns)})`;
		return null;
	};
	/** One record (and bar) per value of intent.group, in value order; reduce(rows) is its number. */
	const perGroup = (label, reduce) => {
		const groups = groupRows(rows, intent.group);
		if (groups.length > MAX_GROUPS) {
			return cannot(`${intent.group} has ${groups.length} distinct values, more than the ${MAX_GROUPS} a table or chart shows`);
		}
		const entries = groups.map((g) => ({ value: g.value, x: reduce(g.rows) }));
		const title = `${label} by ${intent.group}`;
		const text = entries.map((e) => `${e.value} ${e.x}`).join(', ');
		return { intent, content: `${title} in ${datasetName}: ${text}.`, ...groupedAnswer(intent.group, label, entries, title) };
	};

	if (intent.kind === 'count') {
		if (intent.subset) return cannot(`counting only some rows (by ${intent.subset}) is not supported`);
		if (intent.group) return perGroup('Count', (group) => group.length);
		return { intent, content: `There are ${rows.length} rows in ${datasetName}.`, table: [{ Count: rows.length }], chart: null };
	}

	if (intent.kind === 'aggregate') {
		const problem = needNumber();
		if (problem) return cannot(problem);
		const label = valueLabel(intent.agg, intent.metric);
		if (intent.group) return perGroup(label, (group) => aggregate(group, intent.metric, intent.agg));
		const x = aggregate(rows, intent.metric, intent.agg);
		return { intent, content: `${label} in ${datasetName}: ${x} (${rows.length} rows).`, table: [{ [label]: x }], chart: null };
	}

	if (intent.kind === 'top') {
		const n = intent.n || DEFAULT_TOP;
		const sign = intent.order === 'asc' ? 1 : -1;
		const word = intent.order === 'asc' ? 'Bottom' : 'Top';
		if (!intent.group) {
			if (!intent.rowsMode && !intent.metric) return cannot(`it names no column of ${datasetName} to rank`, true);
			const problem = needNumber();
			if (problem) return cannot(problem);
			const ranked = rows
				.map((row, index) => ({ row, index, x: Number(row[intent.metric]) }))
				.filter((entry) => isNumeric(entry.row[intent.metric]))
				.sort((a, b) => sign * (a.x - b.x) || a.index - b.index)
				.slice(0, n);
			const extreme = intent.order === 'asc' ? 'lowest' : 'highest';
			const values = ranked.map((e) => e.x).join(', ');
			const content = `The ${ranked.length} rows of ${datasetName} with the ${extreme} ${intent.metric}: ${values}.`;
			return { intent, content, table: ranked.map((entry) => ({ ...entry.row })), chart: null };
		}
		// ranked by the column's total unless the question says "average" or "count"; no column: by count
		const agg = !intent.metric || intent.agg === 'count' ? 'count' : intent.agg === 'average' ? 'average' : 'sum';
		if (agg !== 'count') {
			const problem = needNumber();
			if (problem) return cannot(problem);
		}
		const label = valueLabel(agg, intent.metric);
		const entries = groupRows(rows, intent.group)
			.map((g) => ({ value: g.value, x: aggregate(g.rows, intent.metric, agg) }))
			.filter((e) => e.x !== null)
			.sort((a, b) => sign * (a.x - b.x) || compareValues(a.value, b.value))
			.slice(0, n);
		const text = entries.map((e, i) => `${i + 1}. ${e.value} (${e.x})`).join(', ');
		const title = `${word} ${entries.length} ${intent.group} by ${label}`;
		return { intent, content: `${title} in ${datasetName}: ${text}.`, ...groupedAnswer(intent.group, label, entries, title) };
	}

	return cannot('it is not a question shape the simulator knows', true);
}

module.exports = { answerQuestion, parseQuestion, resolveIntent, normalize, MAX_GROUPS, DEFAULT_TOP };
