import type { IExecuteFunctions } from 'n8n-workflow';

import { ALLOWED_DURATIONS, TRAINING_DURATIONS } from './constants';
import { unusableInPath } from './decode';
import { InvalidParameter } from './errors';

/**
 * Typed parameter readers: each reads one field of one item, applies its fallback and checks
 * it, naming the field (its label, given once) when something is wrong. The checks themselves
 * are the pure functions below.
 */

/**
 * Reads a parameter (a dotted path such as `options.force` for a collection entry). An
 * expression that cannot be evaluated becomes an InvalidParameter naming the field, so the
 * user learns which of the node's fields holds the broken expression.
 */
export function readParameter(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string, fallback?: unknown): unknown {
	try {
		// extractValue: a resource locator gives its ID (from a picked entry, an ID or a URL).
		return ctx.getNodeParameter(path, itemIndex, fallback, { extractValue: true });
	} catch (error) {
		const why = (error as Error)?.message ?? 'unknown error';
		return refuse(label, `the expression could not be evaluated (${why})`, 'Open the field and fix its expression; the expression editor shows what it evaluates to.');
	}
}

/**
 * A field with a fallback. An entry of the Options collection that evaluates to nothing (null)
 * counts as not set; a main field must hold a value, so there null is refused by the check.
 */
function readOptional(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string, fallback: unknown): unknown {
	const value = readParameter(ctx, itemIndex, path, label, fallback);
	return path.startsWith('options.') ? (value ?? fallback) : value;
}

export function readBoolean(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string, fallback = false): boolean {
	return validateBoolean(label, readOptional(ctx, itemIndex, path, label, fallback));
}

export interface NumberRange {
	fallback: number;
	max: number;
	/** 0 allowed (it then usually means "pick a default"). */
	allowZero?: boolean;
	/** Whole numbers only: the value is rounded down. */
	whole?: boolean;
}

export function readNumber(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string, range: NumberRange): number {
	const number = validatePositiveNumber(label, readOptional(ctx, itemIndex, path, label, range.fallback), range.max, range.allowZero);
	return range.whole ? Math.floor(number) : number;
}

export function readChoice<T extends string>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	label: string,
	choices: readonly T[],
	fallback: T,
): T {
	return validateChoice(label, readParameter(ctx, itemIndex, path, label, fallback), choices);
}

/** A list of column names (a multi-select, a comma-separated text or a list). */
export function readFieldList(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string, required: boolean): string[] {
	return parseFieldList(label, readParameter(ctx, itemIndex, path, label, required ? undefined : ''), required);
}

export function readName(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string): string {
	return validateName(label, readParameter(ctx, itemIndex, path, label));
}

/** The Dataset picker (`datasetId`). */
export function readDatasetId(ctx: IExecuteFunctions, itemIndex: number): string {
	return validateDatasetId(readParameter(ctx, itemIndex, 'datasetId', 'Dataset'));
}

/** The Model picker (`modelId`). */
export function readModelId(ctx: IExecuteFunctions, itemIndex: number): string {
	return validateModelId(readParameter(ctx, itemIndex, 'modelId', 'Model'));
}

/** The Task ID field (`taskId`). */
export function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	return validateTaskId(readParameter(ctx, itemIndex, 'taskId', 'Task ID'));
}

/** The Project ID field (`projectId`). */
export function readProjectId(ctx: IExecuteFunctions, itemIndex: number): string {
	return validateProjectId(readParameter(ctx, itemIndex, 'projectId', 'Project ID'));
}

/** An optional text field or Options entry; empty when not set. */
export function readText(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string): string {
	return validateOptionalText(label, readOptional(ctx, itemIndex, path, label, ''));
}

// ------------------------------------------------------------------ the checks (pure)

/** Checks of parameter values. Pure: each returns the clean value or throws InvalidParameter. */

const MAX_ID_LENGTH = 200;
const MAX_FIELD_NAME_LENGTH = 256;
/** Control characters cannot be part of an ID or a column name; they come from bad expressions. */
function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}

export function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return value.trim() === '' ? 'an empty text' : 'a text';
	return `a ${typeof value}`;
}

export function shorten(text: string): string {
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A value as an error shows it: a text or number quoted (shortened), anything else by its type. */
export function shown(value: unknown): string {
	return typeof value === 'number' || typeof value === 'string' ? `"${shorten(String(value))}"` : describeType(value);
}

export function refuse(parameter: string, problem: string, hint: string): never {
	throw new InvalidParameter(parameter, problem, hint);
}

function requireIdentifier(parameter: string, value: unknown, hint: string): string {
	if (typeof value !== 'string') refuse(parameter, `expected a text, got ${describeType(value)}`, hint);
	const id = value.trim();
	if (id === '') refuse(parameter, 'is empty', hint);
	if (id.length > MAX_ID_LENGTH) refuse(parameter, `is ${id.length} characters long (at most ${MAX_ID_LENGTH})`, hint);
	if (hasControlCharacter(id) || /\s/.test(id)) refuse(parameter, `"${shorten(id)}" contains spaces or control characters`, hint);
	// Invisible format characters (a zero-width space pasted along) and half surrogate pairs
	// are never part of an Akkio ID; sent, an unknown task ID would wait until the timeout.
	if (/[\p{Cf}\p{Cs}]/u.test(id)) refuse(parameter, `"${shorten(id)}" contains an invisible or broken character`, hint);
	return id;
}

export function validateDatasetId(value: unknown): string {
	return requireIdentifier(
		'Dataset',
		value,
		'Use the ID of the dataset in Akkio: the last part of the dataset page URL, for example YTV32jCdVf5DbcMxzvX5.',
	);
}

/**
 * One rule for task IDs: once a submit has answered, the training runs and is paid for, so any
 * ID Train can output is polled exactly as it is (encoded in the path, never trimmed, whatever
 * its length). Only what no path can carry is refused: nothing, dots only, control or broken
 * characters (decode's unusableInPath, the same check Train applies to Akkio's answer).
 */
export function validateTaskId(value: unknown): string {
	const hint = 'Use the task_id returned by the Train operation, for example {{ $json.task_id }}.';
	if (typeof value !== 'string') refuse('Task ID', `expected a text, got ${describeType(value)}`, hint);
	if (value.trim() === '') refuse('Task ID', 'is empty', hint);
	const unusable = unusableInPath(value);
	if (unusable) refuse('Task ID', `"${shorten(value)}" cannot be looked up: ${unusable}`, hint);
	return value;
}

/**
 * Field lists come from the editor as comma-separated text or, through an expression, as a
 * list. Field names are case sensitive and may contain any letters, so only emptiness,
 * length, control characters and duplicates are refused.
 */
export function parseFieldList(parameter: string, value: unknown, required: boolean): string[] {
	const hint = required
		? 'Enter the exact column names (case sensitive), separated by commas, or an expression returning a list of names.'
		: 'Enter column names separated by commas, or leave it empty.';
	let entries: unknown[];
	if (typeof value === 'string') {
		entries = value.trim() === '' ? [] : value.split(',');
	} else if (Array.isArray(value)) {
		entries = value;
	} else if (value === undefined || (value === null && !required)) {
		entries = [];
	} else {
		refuse(parameter, `expected field names, got ${describeType(value)}`, hint);
	}
	const fields: string[] = [];
	entries.forEach((entry, index) => {
		const position = `entry ${index + 1}`;
		if (typeof entry !== 'string') refuse(parameter, `${position} is ${describeType(entry)}, not a field name`, hint);
		const name = entry.trim();
		if (name === '') refuse(parameter, `${position} is empty`, hint);
		if (name.length > MAX_FIELD_NAME_LENGTH) refuse(parameter, `${position} is ${name.length} characters long (at most ${MAX_FIELD_NAME_LENGTH})`, hint);
		if (hasControlCharacter(name)) refuse(parameter, `${position} contains control characters`, hint);
		if (/\p{Cs}/u.test(name)) refuse(parameter, `${position} contains a broken character`, hint);
		if (fields.includes(name)) refuse(parameter, `"${shorten(name)}" is listed twice`, hint);
		fields.push(name);
	});
	if (required && fields.length === 0) refuse(parameter, 'needs at least one field name', hint);
	return fields;
}

export function validateDuration(value: unknown): number {
	const allowed = TRAINING_DURATIONS.map((d) => `${d.seconds} (${d.name})`).join(', ');
	const hint = `Choose one of ${allowed}.`;
	const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !ALLOWED_DURATIONS.includes(number)) {
		refuse('Duration', `${shown(value)} is not one of Akkio's training durations`, hint);
	}
	return number;
}

export function validateBoolean(parameter: string, value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	refuse(parameter, `expected true or false, got ${describeType(value)}`, 'Use the switch, or an expression returning true or false.');
}

export function validatePositiveNumber(parameter: string, value: unknown, max: number, allowZero = false): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	const ok = typeof number === 'number' && Number.isFinite(number) && number <= max && (allowZero ? number >= 0 : number > 0);
	if (!ok) {
		const range = allowZero ? `from 0 to ${max}` : `greater than 0 and at most ${max}`;
		refuse(parameter, `${shown(value)} is not a number ${range}`, `Enter a number ${range}.`);
	}
	return number as number;
}

export function validateChoice<T extends string>(parameter: string, value: unknown, choices: readonly T[]): T {
	if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
	return refuse(parameter, `${typeof value === 'string' ? `"${shorten(value)}"` : describeType(value)} is not a valid choice`, `Use one of: ${choices.join(', ')}.`);
}

export function ensureDisjoint(predictFields: string[], ignoreFields: string[]): void {
	const both = ignoreFields.filter((field) => predictFields.includes(field));
	if (both.length) refuse('Ignore Fields', `${both.map((f) => `"${shorten(f)}"`).join(', ')} cannot be both predicted and ignored`, 'Remove the field from Ignore Fields or from Predict Fields.');
}

/** A name for something new in Akkio: any text, but not empty, not huge, no control characters. */
export function validateName(parameter: string, value: unknown): string {
	const hint = 'Enter a name, for example "CRM leads".';
	if (typeof value !== 'string') refuse(parameter, `expected a text, got ${describeType(value)}`, hint);
	const name = value.trim();
	if (name === '') refuse(parameter, 'is empty', hint);
	if (name.length > MAX_ID_LENGTH) refuse(parameter, `is ${name.length} characters long (at most ${MAX_ID_LENGTH})`, hint);
	if (hasControlCharacter(name) || /\p{Cs}/u.test(name)) refuse(parameter, 'contains control or broken characters', hint);
	return name;
}

export function validateModelId(value: unknown): string {
	return requireIdentifier(
		'Model',
		value,
		'Pick the model from the list, or use the model_id of a training result, for example {{ $json.model_id }}.',
	);
}

// ------------------------------------------------------------------ Chat Explore and projects

export function validateProjectId(value: unknown): string {
	return requireIdentifier('Project ID', value, 'Use the ID of the Akkio project, for example {{ $json.project_id }} after Project → Create.');
}

/** An optional text (context, instructions): nothing counts as empty; anything but a text is refused. */
export function validateOptionalText(parameter: string, value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') refuse(parameter, `expected a text, got ${describeType(value)}`, 'Enter a text, or an expression that returns one.');
	return value;
}
