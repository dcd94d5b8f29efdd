const { decode, errors } = require('./helpers');

// The one boundary where Akkio's JSON becomes the node's values: every decoder takes any value.
const JUNK = [null, undefined, 'x', 42, [], {}, { datasets: 'x', models: {}, predictions: 'x', fields: [1, null] }];

describe('decoders', () => {
	test('the submitted task ID, or an UnexpectedAnswer (not a parameter error)', () => {
		expect(decode.decodeSubmittedTask({ task_id: 'abc' })).toBe('abc');
		for (const answer of [...JUNK, { task_id: 5 }, { task_id: '' }]) {
			expect(() => decode.decodeSubmittedTask(answer)).toThrow(errors.UnexpectedAnswer);
		}
		// A training with an unusable ID is in no list of trainings left running: its advice is the only warning.
		expect(() => decode.decodeSubmittedTask({ task_id: '..' })).toThrow(expect.objectContaining({ description: expect.stringMatching(/The training may be running/) }));
	});

	test('dataset and model lists keep entries with an ID; a missing name shows the ID', () => {
		expect(
			decode.decodeList({ datasets: [{ id: 'a', name: 'A' }, { dataset_id: 'b' }, { name: 'no id' }, 'x', null] }, 'datasets'),
		).toEqual([
			{ id: 'a', name: 'A' },
			{ id: 'b', name: 'b' },
		]);
		// The Models page lists {id, name}: anything else Akkio adds is not passed on.
		expect(decode.decodeList({ models: [{ id: 'm', name: 'M', dataset_id: 'd' }, { model_id: 'n', name: '' }] }, 'models')).toEqual([
			{ id: 'm', name: 'M' },
			{ id: 'n', name: 'n' },
		]);
		for (const junk of JUNK) {
			expect(decode.decodeList(junk, 'datasets')).toEqual([]);
			expect(decode.decodeList(junk, 'models')).toEqual([]);
		}
	});

	test("a dataset's name, fields with their types, and row count", () => {
		expect(decode.decodeDataset({ name: 'Leads', fields: [{ name: 'Plan', type: 'category' }, { name: 'Size' }, { type: 'x' }], rows: 887 })).toEqual({
			name: 'Leads',
			fields: [
				{ name: 'Plan', type: 'category' },
				{ name: 'Size', type: 'unknown' },
			],
			rowCount: 887,
		});
		// A list of rows (the SDKs' idea) is counted.
		expect(decode.decodeDataset({ name: 'Leads', rows: [{ a: 1 }] }).rowCount).toBe(1);
		for (const junk of JUNK) expect(decode.decodeDataset(junk)).toEqual({ name: null, fields: [], rowCount: null });
	});

	test('a created dataset: its ID under either name, the asked name unless Akkio says', () => {
		expect(decode.decodeCreatedDataset({ dataset_id: 'd1' }, 'Asked')).toEqual({ id: 'd1', name: 'Asked' });
		expect(decode.decodeCreatedDataset({ id: 'd2', name: 'Given' }, 'Asked')).toEqual({ id: 'd2', name: 'Given' });
		// The Datasets page: {"status": "success", "dataset_id", "dataset_name"}; empty texts are not names or IDs.
		expect(decode.decodeCreatedDataset({ status: 'success', dataset_id: 'd3', dataset_name: 'Named' }, 'Asked')).toEqual({ id: 'd3', name: 'Named' });
		expect(decode.decodeCreatedDataset({ dataset_id: '', id: 'd4', dataset_name: '', name: 7 }, 'Asked')).toEqual({ id: 'd4', name: 'Asked' });
		for (const junk of JUNK) expect(decode.decodeCreatedDataset(junk, 'Asked')).toEqual({ id: null, name: 'Asked' });
	});

	test('predictions: one per row asked about, or an UnexpectedAnswer naming both counts', () => {
		expect(decode.decodePredictions({ predictions: [{ a: '1' }, 'bare'] }, 2)).toEqual([{ fields: new Map([['a', '1']]) }, { value: 'bare' }]);
		expect(() => decode.decodePredictions({ predictions: [{}] }, 2)).toThrow('Akkio answered 1 predictions for 2 rows');
		for (const junk of JUNK) expect(() => decode.decodePredictions(junk, 1)).toThrow(/Akkio answered no predictions for 1 rows/);
	});

	test("a training result: class rows per field, finite importances, the data story, Akkio's answer kept as sent", () => {
		const answer = {
			model_id: 'm',
			stats: [[{ field_name: 'P', class_name: 1, count: 2, f1: 0.5, 'true positives': 1 }], [{ field_name: 'R', mae: 2 }]],
			field_importance: { a: 0.5, b: 'x', c: Infinity },
			data_story: [{ name: 'P', outcomes: [{ outcome: '1', causes: [{ field: 'a', top_value: 1, bottom_value: 0 }] }] }],
		};
		const result = decode.decodeTrainingResult(answer);
		expect(result.asSent).toBe(answer);
		expect(result.modelId).toBe('m');
		expect(result.classRows).toEqual([[expect.objectContaining({ fieldName: 'P', className: '1', count: 2, truePositives: 1 })], undefined]);
		expect(result.statsFieldNames).toEqual(['P', 'R']);
		expect(result.fieldImportance).toEqual([{ field: 'a', importance: 0.5 }]);
		expect(result.dataStory).toEqual([{ target: 'P', outcome: '1', averageCase: undefined, causes: [{ field: 'a', topValue: '1', bottomValue: '0' }] }]);
		for (const junk of JUNK) expect(decode.decodeTrainingResult(junk).modelId).toBeNull();
	});

	test("Akkio's words: FastAPI detail, message or error, else the start of the body", () => {
		expect(decode.akkioWords({ detail: 'Not found' }, '')).toBe('Not found');
		expect(decode.akkioWords({ message: ' Busy ' }, '')).toBe('Busy');
		expect(decode.akkioWords({ error: 'Bad key' }, '')).toBe('Bad key');
		expect(decode.akkioWords(undefined, '<h1>502 Bad Gateway</h1>')).toBe('502 Bad Gateway');
		expect(decode.akkioWords(undefined, '')).toBeUndefined();
	});

	test('parseJson never throws', () => {
		expect(decode.parseJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
		expect(decode.parseJson('{"a":')).toEqual({ ok: false });
	});
});
