import type { IDataObject } from 'n8n-workflow';

import { UnexpectedAnswer } from '../errors';
import { asRecord, entriesOf, fieldsOrValue, finiteNumber, identifier, isRecord, label, records, text, unusableInPath, type FieldsOrValue } from './json';

/** Akkio's answers about trainings (the submit and the result) as the node's own values. Pure. */

/** The task ID of an accepted training submit. */
export function decodeSubmittedTask(answer: unknown): string {
	const taskId = identifier(asRecord(answer).task_id);
	if (!taskId) {
		throw new UnexpectedAnswer(
			'Akkio accepted the training but sent no task_id',
			'Check the dataset in the Akkio app: the training may be running.',
		);
	}
	const unusable = unusableInPath(taskId);
	if (unusable) {
		throw new UnexpectedAnswer(
			`Akkio accepted the training but sent a task ID that cannot be used: ${JSON.stringify(taskId)}`,
			`It cannot be looked up (${unusable}), so the node did not poll it. The training may be running: open the dataset in the Akkio app and check whether a new model appeared before running this item again.`,
		);
	}
	return taskId;
}

/** One row of Akkio's per-class statistics for a categorical target. */
export interface ClassRow {
	fieldName?: string;
	fieldType?: string;
	className: string;
	count: number;
	f1: number;
	truePositives: number;
	precision?: number;
	recall?: number;
}

export interface DataStoryOutcome {
	target: string;
	outcome: string;
	averageCase?: number;
	causes: Array<{ field: string; topValue: string; bottomValue: string }>;
}

export interface TrainingResult {
	/** The answer exactly as Akkio sent it (the Raw output). */
	asSent: IDataObject;
	modelId: string | null;
	/** `stats` as sent; undefined when there is none. */
	statsAsSent: unknown;
	/**
	 * Per stats group (one per predicted field), its class rows, or undefined for a group of
	 * another shape (numeric targets, shapes Akkio adds later). Empty when stats is not a list.
	 */
	classRows: Array<ClassRow[] | undefined>;
	/** Every stats entry, groups flattened: its entries as Akkio sent them (or a bare value). */
	statsEntries: FieldsOrValue[];
	/** Field names the stats are about, in order, without repeats. */
	statsFieldNames: string[];
	/** Finite importances only, in Akkio's order. */
	fieldImportance: Array<{ field: string; importance: number }>;
	dataStory: DataStoryOutcome[];
}

function decodeClassRow(value: unknown): ClassRow | undefined {
	if (!isRecord(value)) return undefined;
	const count = finiteNumber(value.count);
	const f1 = finiteNumber(value.f1);
	const truePositives = finiteNumber(value['true positives']);
	const className = label(value.class_name);
	if (count === undefined || f1 === undefined || truePositives === undefined || className === undefined) return undefined;
	return {
		fieldName: label(value.field_name) ?? label(value.field),
		fieldType: text(value.field_type),
		className,
		count,
		f1,
		truePositives,
		precision: finiteNumber(value.precision),
		recall: finiteNumber(value.recall),
	};
}

function decodeClassGroup(group: unknown): ClassRow[] | undefined {
	if (!Array.isArray(group) || group.length === 0) return undefined;
	const rows = group.map(decodeClassRow);
	return rows.every((row): row is ClassRow => row !== undefined) ? rows : undefined;
}

/** The data story's outcomes; one whose names are not texts (or numbers) is left out. */
function decodeDataStory(story: unknown): DataStoryOutcome[] {
	return records(story).flatMap((entry) => {
		const target = label(entry.name);
		if (target === undefined) return [];
		return records(entry.outcomes).flatMap((item) => {
			const outcome = label(item.outcome);
			if (outcome === undefined) return [];
			const causes = records(item.causes).flatMap((cause) => {
				const [field, topValue, bottomValue] = [label(cause.field), label(cause.top_value), label(cause.bottom_value)];
				return field === undefined || topValue === undefined || bottomValue === undefined ? [] : [{ field, topValue, bottomValue }];
			});
			return [{ target, outcome, averageCase: finiteNumber(item.avg_case), causes }];
		});
	});
}

/** A finished training's result. Never throws: what cannot be read is left out or kept as sent. */
export function decodeTrainingResult(answer: unknown): TrainingResult {
	const asSent = isRecord(answer) ? answer : { result: answer as IDataObject };
	const record = asRecord(answer);
	const stats = Array.isArray(record.stats) ? record.stats : [];
	const entries: unknown[] = stats.flatMap((group) => (Array.isArray(group) ? group : [group]));
	return {
		asSent,
		modelId: typeof record.model_id === 'string' ? record.model_id : null,
		statsAsSent: record.stats,
		classRows: stats.map(decodeClassGroup),
		statsEntries: entries.map(fieldsOrValue),
		statsFieldNames: [
			...new Set(records(entries).flatMap((entry) => (typeof entry.field_name === 'string' ? [entry.field_name] : []))),
		],
		fieldImportance: [...entriesOf(record.field_importance)].flatMap(([field, value]) => {
			const number = finiteNumber(value);
			return number === undefined ? [] : [{ field, importance: number }];
		}),
		dataStory: decodeDataStory(record.data_story),
	};
}
