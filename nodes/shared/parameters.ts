import type { IExecuteFunctions as Ctx } from 'n8n-workflow';

import { ALLOWED_DURATIONS, TRAINING_DURATIONS } from './constants';
import { unusableInPath } from './decode';
import { InvalidParameter } from './errors';

/**
 * Parameter readers and their pure checks. A reader reads one field of one item and checks it;
 * a check returns the clean value or throws InvalidParameter naming the field by its label.
 */

export function refuse(parameter: string, problem: string, hint: string): never {
	throw new InvalidParameter(parameter, problem, hint);
}

/**
 * Reads a parameter (a dotted path such as `options.force` for a collection entry). An
 * expression that cannot be evaluated is refused naming the field, so the user learns which
 * field holds it. An Options entry that evaluates to nothing (null) counts as not set; a main
 * field must hold a value, so there null is refused by its check.
 */
export function readParameter(ctx: Ctx, itemIndex: number, path: string, label: string, fallback?: unknown): unknown {
	// extractValue: a resource locator gives its ID (from a picked entry, an ID or a URL).
	const value = evaluated(label, () => ctx.getNodeParameter(path, itemIndex, fallback, { extractValue: true }));
	return path.startsWith('options.') ? (value ?? fallback) : value;
}

/** What `get` reads from the field `label` (the trigger's poll reads its own way, without an item). */
export function evaluated(label: string, get: () => unknown): unknown {
	try {
		return get();
	} catch (error) {
		const why = `the expression could not be evaluated (${(error as Error)?.message ?? 'unknown error'})`;
		return refuse(label, why, 'Fix the expression in this field; the expression editor shows what it evaluates to.');
	}
}

export const readBoolean = (ctx: Ctx, itemIndex: number, path: string, label: string, fallback = false): boolean =>
	validateBoolean(label, readParameter(ctx, itemIndex, path, label, fallback));

/** A number up to `max`, above 0 (or from 0 with `allowZero`: 0 then usually means "pick a default"); `whole` rounds down. */
export function readNumber(ctx: Ctx, itemIndex: number, path: string, label: string, range: { fallback: number; max: number; allowZero?: boolean; whole?: boolean }) {
	const number = validatePositiveNumber(label, readParameter(ctx, itemIndex, path, label, range.fallback), range.max, range.allowZero);
	return range.whole ? Math.floor(number) : number;
}

export const readChoice = <T extends string>(ctx: Ctx, itemIndex: number, path: string, label: string, choices: readonly T[], fallback: T): T =>
	validateChoice(label, readParameter(ctx, itemIndex, path, label, fallback), choices);

/** A list of column names (a multi-select, a comma-separated text or a list). */
export const readFieldList = (ctx: Ctx, itemIndex: number, path: string, label: string, required: boolean): string[] =>
	parseFieldList(label, readParameter(ctx, itemIndex, path, label, required ? undefined : ''), required);

export const readName = (ctx: Ctx, itemIndex: number, path: string, label: string): string => validateName(label, readParameter(ctx, itemIndex, path, label));

/** An optional text (context, instructions): nothing counts as empty; anything but a text is refused. */
export function readText(ctx: Ctx, itemIndex: number, path: string, label: string): string {
	const value = readParameter(ctx, itemIndex, path, label, '') ?? '';
	return typeof value === 'string' ? value : refuse(label, `expected a text, got ${describeType(value)}`, 'Enter a text, or an expression that returns one.');
}

export const validateDatasetId = (value: unknown): string =>
	requireText('Dataset', value, 'Use the ID at the end of the dataset page URL in Akkio, for example YTV32jCdVf5DbcMxzvX5.', ID);
export const readDatasetId = (ctx: Ctx, itemIndex: number): string => validateDatasetId(readParameter(ctx, itemIndex, 'datasetId', 'Dataset'));
export const readModelId = (ctx: Ctx, itemIndex: number): string =>
	requireText('Model', readParameter(ctx, itemIndex, 'modelId', 'Model'), 'Pick the model from the list, or use the model_id a training returned: {{ $json.model_id }}.', ID);
/** The one ID a parameter puts into a path: `.` or `..` there would send the request to another route. */
export function readProjectId(ctx: Ctx, itemIndex: number): string {
	const hint = 'Use the project_id of Project → Create: {{ $json.project_id }}.';
	const id = requireText('Project ID', readParameter(ctx, itemIndex, 'projectId', 'Project ID'), hint, ID);
	const unusable = unusableInPath(id);
	return unusable ? refuse('Project ID', `"${short(id)}" cannot be used: ${unusable}`, hint) : id;
}
export const readTaskId = (ctx: Ctx, itemIndex: number): string => validateTaskId(readParameter(ctx, itemIndex, 'taskId', 'Task ID'));

// ------------------------------------------------------------------ the checks (pure)

export function describeType(value: unknown): string {
	if (value === null || value === undefined) return value === null ? 'null' : 'nothing';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return value.trim() ? 'a text' : 'an empty text';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const short = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** A value as an error shows it: a text or number quoted (shortened), anything else by its type. */
export const shown = (value: unknown): string => (typeof value === 'number' || typeof value === 'string' ? `"${short(String(value))}"` : describeType(value));

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
function requireText(parameter: string, value: unknown, hint: string, { max, bad, what } = NAME): string {
	if (typeof value !== 'string') refuse(parameter, `expected a text, got ${describeType(value)}`, hint);
	const text = value.trim();
	if (text === '') refuse(parameter, 'is empty', hint);
	if (text.length > max) refuse(parameter, `is ${text.length} characters long (at most ${max})`, hint);
	if (bad.test(text)) refuse(parameter, `"${short(text)}" contains ${what}`, hint);
	return text;
}

/** A name for something new in Akkio: any text, but not empty, not huge, no control characters. */
export const validateName = (parameter: string, value: unknown): string => requireText(parameter, value, 'Enter a name, for example "CRM leads".');

/**
 * Once a submit has answered, the training runs and is paid for, so any ID Train can output is
 * polled exactly as it is (encoded in the path, never trimmed, whatever its length). Only what
 * no path can carry is refused (decode's unusableInPath, the check Train applies to Akkio's answer).
 */
export function validateTaskId(value: unknown): string {
	const hint = 'Use the task_id returned by the Train operation, for example {{ $json.task_id }}.';
	if (typeof value !== 'string' || !value.trim()) return requireText('Task ID', value, hint); // refuses: not a text, or empty
	const unusable = unusableInPath(value);
	return unusable ? refuse('Task ID', `"${short(value)}" cannot be looked up: ${unusable}`, hint) : value;
}

/**
 * Column names, as comma-separated text or (through an expression) a list. Names are case
 * sensitive and may hold any letters, so only emptiness, length, control characters and
 * duplicates are refused.
 */
export function parseFieldList(parameter: string, value: unknown, required: boolean): string[] {
	const hint = `Enter the exact column names (case sensitive) separated by commas, or an expression returning a list${required ? '' : ', or leave it empty'}.`;
	const none = value === undefined || (value === null && !required);
	const list: unknown[] | undefined = typeof value === 'string' ? (value.trim() ? value.split(',') : []) : Array.isArray(value) ? value : none ? [] : undefined;
	if (!list) refuse(parameter, `expected field names, got ${describeType(value)}`, hint);
	const fields = list.map((entry, index) => requireText(`${parameter}, entry ${index + 1}`, entry, hint, { ...NAME, max: 256 }));
	const twice = fields.find((name, index) => fields.indexOf(name) !== index);
	if (twice !== undefined) refuse(parameter, `${shown(twice)} is listed twice`, hint);
	if (required && !fields.length) refuse(parameter, 'needs at least one field name', hint);
	return fields;
}

export function ensureDisjoint(predictFields: string[], ignoreFields: string[]): void {
	const both = ignoreFields.filter((field) => predictFields.includes(field)).map(shown);
	if (both.length) refuse('Ignore Fields', `${both.join(', ')} cannot be both predicted and ignored`, 'Remove it from Ignore Fields or from Predict Fields.');
}

export function validateDuration(value: unknown): number {
	const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof number === 'number' && ALLOWED_DURATIONS.includes(number)) return number;
	const allowed = TRAINING_DURATIONS.map((d) => `${d.seconds} (${d.name})`).join(', ');
	return refuse('Duration', `${shown(value)} is not one of Akkio's training durations`, `Choose one of ${allowed}.`);
}

export function validateBoolean(parameter: string, value: unknown): boolean {
	if (typeof value === 'boolean' || value === 'true' || value === 'false') return value === true || value === 'true';
	return refuse(parameter, `expected true or false, got ${describeType(value)}`, 'Use the switch, or an expression returning true or false.');
}

export function validatePositiveNumber(parameter: string, value: unknown, max: number, allowZero = false): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	// NaN and ±Infinity fail these comparisons (max is finite).
	if (typeof number === 'number' && number <= max && (allowZero ? number >= 0 : number > 0)) return number;
	const range = allowZero ? `from 0 to ${max}` : `greater than 0 and at most ${max}`;
	return refuse(parameter, `${shown(value)} is not a number ${range}`, `Enter a number ${range}.`);
}

export function validateChoice<T extends string>(parameter: string, value: unknown, choices: readonly T[]): T {
	if ((choices as readonly unknown[]).includes(value)) return value as T;
	return refuse(parameter, `${shown(value)} is not a valid choice`, `Use one of: ${choices.join(', ')}.`);
}
