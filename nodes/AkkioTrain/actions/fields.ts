import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { choiceField } from '../../shared/options';
import { readChoice } from '../../shared/parameters';
import { OUTPUT_MODES } from '../helpers/output';

/** The fields several Akkio Train operations show. */
export const taskIdField: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.task_id }}',
	description: 'The task_id returned by Train Model',
};

export const outputField = choiceField('Output', 'output', 'summary', [
	['Field Importance Rows', 'fieldImportanceRows', 'One item per input field, most important first'],
	['Per-Class Rows', 'perClassRows', 'One flat item per predicted class with its precision, recall and F1'],
	['Raw', 'raw', "Akkio's result exactly as returned"],
	['Summary', 'summary', 'One item per training: accuracy, macro and weighted F1, top fields and the data story'],
]);

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Minutes)',
	name: 'timeoutMinutes',
	type: 'number',
	typeOptions: { minValue: 0 },
	// Shown once the option is added. Without it (or with 0, as older workflows have it) the timeout fits the training.
	default: 60,
	description: 'How long to wait before failing the item. Without this option: six times the duration plus 10 minutes (16 for High Quality).',
};

export const readOutput = (ctx: IExecuteFunctions, itemIndex: number) => readChoice(ctx, itemIndex, 'output', 'Output', OUTPUT_MODES, 'summary');
