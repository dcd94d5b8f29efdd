import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidParameter } from './errors';
import {
	parseFieldList,
	validateBoolean,
	validateChoice,
	validateDatasetId,
	validateModelId,
	validateName,
	validateOptionalText,
	validatePositiveNumber,
	validateProjectId,
	validateTaskId,
} from './validation';

/**
 * Typed parameter readers: each reads one field of one item, applies its fallback and checks
 * it, naming the field (its label, given once) when something is wrong. The checks themselves
 * are the pure functions of validation.ts.
 */

/**
 * Reads a parameter (a dotted path such as `options.force` for a collection entry). An
 * expression that cannot be evaluated becomes an InvalidParameter naming the field, so the
 * user learns which of the node's fields holds the broken expression.
 */
export function readParameter(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string, fallback?: unknown): unknown {
	let failure: unknown;
	try {
		// extractValue: a resource locator gives its ID (from a picked entry, an ID or a URL).
		return ctx.getNodeParameter(path, itemIndex, fallback, { extractValue: true });
	} catch (error) {
		failure = error;
	}
	throw new InvalidParameter(
		label,
		`the expression could not be evaluated (${(failure as Error)?.message ?? 'unknown error'})`,
		'Open the field and fix its expression; the expression editor shows what it evaluates to.',
	);
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
