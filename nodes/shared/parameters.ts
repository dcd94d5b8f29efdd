import type { IExecuteFunctions as Ctx } from 'n8n-workflow';

import { ALLOWED_DURATIONS, TRAINING_DURATIONS } from './constants';
import { unusableInPath } from './decode';
import { InvalidParameter } from './errors';

/**
 * Parameter readers and their pure checks. A reader reads one field of one item and checks it;
 * a check returns the clean value or throws InvalidParameter naming the field by its label.
 */

export function refuse(label: string, problem: string, hint: string): never {
	throw new InvalidParameter(label, problem, hint);
}

/**
 * Reads a parameter (a dotted path such as `options.force` for a collection entry). An
 * expression that cannot be evaluated is refused naming the field, so the user learns which
 * field holds it. An Options entry that evaluates to nothing (null) counts as not set; a main
 * field must hold a value, so there null is refused by its check.
 */
export function readParameter(ctx: Ctx, i: number, path: string, label: string, fallback?: unknown) {
	// extractValue: a resource locator gives its ID (from a picked entry, an ID or a URL).
	const value = evaluated(label, () => ctx.getNodeParameter(path, i, fallback, { extractValue: true }));
	return path.startsWith('options.') ? (value ?? fallback) : value;
}

/** What `get` reads from the field `label` (the trigger's poll reads its own way, without an item). */
export function evaluated(label: string, get: () => unknown) {
	try {
		return get();
	} catch (error) {
		const why = `the expression could not be evaluated (${error?.message ?? 'unknown error'})`;
		return refuse(label, why, 'Fix the expression; the expression editor shows what it returns.');
	}
}

export const readBoolean = (ctx: Ctx, i: number, path: string, label: string, fallback = false) =>
	validateBoolean(label, readParameter(ctx, i, path, label, fallback));

/** A number up to `max`, above 0 (or from 0 with `allowZero`: 0 then usually means "pick a default"); `whole` rounds down. */
export function readNumber(ctx: Ctx, i: number, path: string, label: string, range: { fallback: number; max: number; allowZero?: boolean; whole?: boolean }) {
	const number = validatePositiveNumber(label, readParameter(ctx, i, path, label, range.fallback), range.max, range.allowZero);
	return range.whole ? Math.floor(number) : number;
}

export const readChoice = <T extends string>(ctx: Ctx, i: number, path: string, label: string, choices: readonly T[], fallback: T) =>
	validateChoice(label, readParameter(ctx, i, path, label, fallback), choices);

/** A list of column names (a multi-select, a comma-separated text or a list). */
export const readFieldList = (ctx: Ctx, i: number, path: string, label: string, required: boolean) =>
	parseFieldList(label, readParameter(ctx, i, path, label, required ? undefined : ''), required);

export const readName = (ctx: Ctx, i: number, path: string, label: string) => validateName(label, readParameter(ctx, i, path, label));

/** An optional text (context, instructions): nothing counts as empty; anything but a text is refused. */
export function readText(ctx: Ctx, i: number, path: string, label: string) {
	const value = readParameter(ctx, i, path, label, '') ?? '';
	return typeof value === 'string' ? value : refuse(label, `expected a text, got ${describeType(value)}`, 'Enter a text, or an expression that returns one.');
}

export const validateDatasetId = (value: unknown) =>
	requireText('Dataset', value, 'Use the ID at the end of the dataset page URL in Akkio, for example YTV32jCdVf5DbcMxzvX5.', ID);
export const readDatasetId = (ctx: Ctx, i: number) => validateDatasetId(readParameter(ctx, i, 'datasetId', 'Dataset'));
export const readModelId = (ctx: Ctx, i: number) =>
	requireText('Model', readParameter(ctx, i, 'modelId', 'Model'), 'Pick the model from the list, or use the model_id a training returned: {{ $json.model_id }}.', ID);
/** Project ID goes into a path as it is (see inPath). */
export function readProjectId(ctx: Ctx, i: number) {
	const hint = 'Use the project_id of Project → Create: {{ $json.project_id }}.';
	return inPath('Project ID', requireText('Project ID', readParameter(ctx, i, 'projectId', 'Project ID'), hint, ID), hint, 'used');
}
export const readTaskId = (ctx: Ctx, i: number) => validateTaskId(readParameter(ctx, i, 'taskId', 'Task ID'));

// ------------------------------------------------------------------ the checks (pure)

export function describeType(value: unknown) {
	if (value === null || Array.isArray(value)) return value ? 'a list' : 'null';
	if (typeof value === 'string') return value.trim() ? 'a text' : 'an empty text';
	return value === undefined ? 'nothing' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const short = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** A value as an error shows it: a text or number quoted (shortened), anything else by its type. */
export const shown = (value: unknown) => (typeof value === 'number' || typeof value === 'string' ? `"${short(String(value))}"` : describeType(value));

/**
 * What a required text may be: at most `max` characters, none of `bad`. Names and column names
 * refuse C0 controls, DEL and half surrogate pairs (they come from bad expressions). IDs also
 * refuse spaces and invisible format characters (a zero-width space pasted along): never part of
 * an Akkio ID, and an unknown ID would only fail at Akkio.
 */
// `[^\P{Cc}\x80-\x9f]` is C0 controls and DEL (control characters without the C1 range): a plain
// range of control characters would trip eslint's no-control-regex.
const NAME = { max: 200, bad: /[^\P{Cc}\x80-\x9f]|\p{Cs}/u, what: 'control or broken characters' };
const ID = { max: 200, bad: /[\s\p{Cc}\p{Cf}\p{Cs}]/u, what: 'spaces or control, invisible or broken characters' };

/** A required text, trimmed: not empty, and as the rule says. */
function requireText(label: string, value: unknown, hint: string, { max, bad, what } = NAME) {
	if (typeof value !== 'string') refuse(label, `expected a text, got ${describeType(value)}`, hint);
	const text = value.trim();
	if (text === '') refuse(label, 'is empty', hint);
	if (text.length > max) refuse(label, `is ${text.length} characters long (at most ${max})`, hint);
	if (bad.test(text)) refuse(label, `"${short(text)}" contains ${what}`, hint);
	return text;
}

/** A name for something new in Akkio: any text, but not empty, not huge, no control characters. */
export const validateName = (label: string, value: unknown) => requireText(label, value, 'Enter a name, for example "CRM leads".');

/**
 * Once a submit has answered, the training runs and is paid for, so any ID Train can output is
 * polled exactly as it is (encoded in the path, never trimmed, whatever its length). Only what
 * no path can carry is refused (decode's unusableInPath, the check Train applies to Akkio's answer).
 */
export function validateTaskId(value: unknown) {
	const hint = 'Use the task_id returned by the Train operation, for example {{ $json.task_id }}.';
	// requireText refuses what is not a text, or empty.
	return typeof value === 'string' && value.trim() ? inPath('Task ID', value, hint, 'looked up') : requireText('Task ID', value, hint);
}

/** An ID put into a path as it is: `.` or `..` there would send the request to another route. */
function inPath(label: string, id: string, hint: string, verb: string) {
	const unusable = unusableInPath(id);
	return unusable ? refuse(label, `"${short(id)}" cannot be ${verb}: ${unusable}`, hint) : id;
}

/**
 * Column names, as comma-separated text or (through an expression) a list. Names are case
 * sensitive and may hold any letters, so only emptiness, length, control characters and
 * duplicates are refused.
 */
export function parseFieldList(label: string, value: unknown, required: boolean) {
	const hint = `Enter the exact column names (case sensitive) separated by commas, or an expression returning a list${required ? '' : ', or leave it empty'}.`;
	const none = value === undefined || (value === null && !required);
	const list = typeof value === 'string' ? (value.trim() ? value.split(',') : []) : Array.isArray(value) ? value : none ? [] : undefined;
	if (!list) refuse(label, `expected field names, got ${describeType(value)}`, hint);
	const fields = list.map((entry, index) => requireText(`${label}, entry ${index + 1}`, entry, hint, { ...NAME, max: 256 }));
	const twice = fields.find((name, index) => fields.indexOf(name) !== index);
	if (twice !== undefined) refuse(label, `${shown(twice)} is listed twice`, hint);
	if (required && !fields.length) refuse(label, 'needs at least one field name', hint);
	return fields;
}

export function ensureDisjoint(predictFields: string[], ignoreFields: string[]) {
	const both = ignoreFields.filter((field) => predictFields.includes(field)).map(shown);
	if (both.length) refuse('Ignore Fields', `${both.join(', ')} cannot be both predicted and ignored`, 'Remove it from Ignore Fields or from Predict Fields.');
}

export function validateDuration(value: unknown) {
	const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof number === 'number' && ALLOWED_DURATIONS.includes(number)) return number;
	const allowed = TRAINING_DURATIONS.map((d) => `${d.seconds} (${d.name})`).join(', ');
	return refuse('Duration', `${shown(value)} is not one of Akkio's training durations`, `Choose one of ${allowed}.`);
}

export function validateBoolean(label: string, value: unknown) {
	if ([true, false, 'true', 'false'].includes(value as boolean)) return String(value) === 'true';
	return refuse(label, `expected true or false, got ${describeType(value)}`, 'Use the switch, or an expression returning true or false.');
}

export function validatePositiveNumber(label: string, value: unknown, max: number, allowZero = false) {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	// NaN and ±Infinity fail these comparisons (max is finite).
	if (typeof number === 'number' && number <= max && (allowZero ? number >= 0 : number > 0)) return number;
	const range = allowZero ? `from 0 to ${max}` : `greater than 0 and at most ${max}`;
	return refuse(label, `${shown(value)} is not a number ${range}`, `Enter a number ${range}.`);
}

export function validateChoice<T extends string>(label: string, value: unknown, choices: readonly T[]) {
	if ((choices as readonly unknown[]).includes(value)) return value as T;
	return refuse(label, `${shown(value)} is not a valid choice`, `Use one of: ${choices.join(', ')}.`);
}
