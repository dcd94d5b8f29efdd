const { output, decode, taskState } = require('./helpers');

// Output shaping works on decoded answers only: each test decodes Akkio's JSON first.
const decoded = (answer) => decode.decodeTrainingResult(answer);

const classRow = (fieldName, className, count, tp, fp, fn) => {
	const precision = tp + fp ? tp / (tp + fp) : 0;
	const recall = tp + fn ? tp / (tp + fn) : 0;
	return {
		field: 3,
		field_name: fieldName,
		field_type: 'category',
		class: className,
		class_name: String(className),
		count,
		'true positives': tp,
		'false positives': fp,
		'false negatives': fn,
		precision,
		recall,
		f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
		frequency: count / 100,
	};
};

const result = {
	status: 'success',
	model_id: 'm1',
	stats: [[classRow('Positive Lead', 0, 80, 72, 8, 8), classRow('Positive Lead', 1, 20, 12, 8, 8)]],
	field_importance: { 'Pages Visited': 0.2, 'Job Title': 0.5, Industry: 0.3, 'Positive Lead': 1e-9 },
	data_story: [
		{
			name: 'Positive Lead',
			type: 'category',
			outcomes: [
				{
					outcome: '1',
					causes: [
						{ field: 'Job Title', top_value: 'Executive', bottom_value: 'Assistant' },
						{ field: 'Pages Visited', top_value: '27', bottom_value: '1' },
					],
					avg_case: 0.2,
				},
			],
		},
	],
};

describe('summary', () => {
	test('computes accuracy, macro and weighted F1 from the per-class rows', () => {
		const summary = output.summarizeResult('t1', decoded(result), ['Positive Lead']);
		// 84 of 100 right; class F1s 0.9 and 0.6.
		expect(summary.accuracy).toBe(0.84);
		expect(summary.macro_f1).toBe(0.75);
		expect(summary.weighted_f1).toBe(0.84);
		expect(summary.metrics[0]).toMatchObject({ field: 'Positive Lead', support: 100 });
		expect(summary.metrics[0].classes.map((c) => c.class)).toEqual(['0', '1']);
		expect(summary.field_importance.map((f) => f.field)).toEqual(['Job Title', 'Industry', 'Pages Visited']);
		expect(summary.top_fields).toEqual(['Job Title', 'Industry', 'Pages Visited']);
		expect(summary.data_story).toBe(
			'Positive Lead = 1 (average likelihood 20%): most likely when Job Title is Executive (rather than Assistant), Pages Visited is 27 (rather than 1).',
		);
		expect(summary).toMatchObject({ task_id: 't1', model_id: 'm1', status: 'SUCCEEDED', predict_fields: ['Positive Lead'] });
	});

	test('with several predicted fields the top-level figures are the weakest field', () => {
		const two = { ...result, stats: [result.stats[0], [classRow('Plan', 'a', 50, 50, 0, 0), classRow('Plan', 'b', 50, 50, 0, 0)]] };
		const summary = output.summarizeResult('t1', decoded(two));
		expect(summary.metrics.map((m) => m.macro_f1)).toEqual([0.75, 1]);
		expect(summary.macro_f1).toBe(0.75);
		expect(summary.predict_fields).toEqual(['Positive Lead', 'Plan']);
	});

	test('unknown stats shapes pass through untouched', () => {
		const numeric = [{ field_name: 'Revenue', field_type: 'number', mae: 3.2, r2: 0.7 }];
		const summary = output.summarizeResult('t1', decoded({ model_id: 'm2', stats: numeric }));
		expect(summary.stats).toBe(numeric);
		expect(summary.accuracy).toBeUndefined();
		expect(summary.field_importance).toEqual([]);
		expect(summary.data_story).toBe('');
	});

	test('nonsense is a clear error naming the training (no model in it), never a crash', () => {
		for (const junk of [null, 'x', 42, [], { stats: 'x', field_importance: [1], data_story: {} }]) {
			for (const mode of ['summary', 'perClassRows', 'fieldImportanceRows']) {
				expect(() => output.resultItems(mode, 't', decoded(junk))).toThrow("Akkio's result for training t names no model");
			}
		}
		expect(() => output.resultItems('fieldImportanceRows', 't', decoded({ model_id: 'm', stats: 'x', field_importance: [1], data_story: {} }))).not.toThrow();
	});
});

describe('row modes', () => {
	test('per-class rows are flat with snake_case keys', () => {
		const rows = output.perClassRows('t1', decoded(result));
		expect(rows).toHaveLength(2);
		expect(rows[1]).toMatchObject({
			task_id: 't1',
			model_id: 'm1',
			field_name: 'Positive Lead',
			class_name: '1',
			true_positives: 12,
			false_positives: 8,
			false_negatives: 8,
			count: 20,
		});
		for (const row of rows) for (const value of Object.values(row)) expect(typeof value).not.toBe('object');
	});

	test('unknown stats entries still become one row each', () => {
		const rows = output.perClassRows('t1', decoded({ stats: [{ field_name: 'Revenue', 'Mean Absolute Error': 2 }] }));
		expect(rows).toEqual([{ task_id: 't1', model_id: null, field_name: 'Revenue', field: 'Revenue', mean_absolute_error: 2 }]);
	});

	test('field importance rows are ranked', () => {
		expect(output.fieldImportanceRows('t1', decoded(result))).toEqual([
			{ task_id: 't1', model_id: 'm1', rank: 1, field: 'Job Title', importance: 0.5 },
			{ task_id: 't1', model_id: 'm1', rank: 2, field: 'Industry', importance: 0.3 },
			{ task_id: 't1', model_id: 'm1', rank: 3, field: 'Pages Visited', importance: 0.2 },
		]);
	});

	test('raw is the result untouched', () => {
		expect(output.resultItems('raw', 't1', decoded(result))).toEqual([result]);
	});
});
