// The Akkio Trigger's decisions: pure functions of (what it remembers, what Akkio shows now).
const path = require('node:path');

const { datasetGrowth, newEntries, MAX_REMEMBERED_IDS } = require(path.join(__dirname, '..', '..', 'dist', 'nodes', 'AkkioTrigger', 'events.js'));

const grown = (rowCount, unit = 'percent', threshold = 10) => ({ datasetId: 'd1', name: 'Leads', rowCount, unit, threshold });

describe('Dataset Rows Grew', () => {
	test('the first poll records the count and fires nothing', () => {
		expect(datasetGrowth({}, grown(100))).toEqual({ items: [], state: { watching: 'datasetRowsGrew:d1', rows: 100 } });
	});

	test('growth below the threshold keeps counting from the same baseline; past it fires once and moves the baseline', () => {
		let { state } = datasetGrowth({}, grown(100));
		const below = datasetGrowth(state, grown(105));
		expect(below).toEqual({ items: [], state });
		({ state } = below);
		const past = datasetGrowth(state, grown(110));
		expect(past.items).toEqual([{ dataset_id: 'd1', name: 'Leads', rows_before: 100, rows_now: 110, rows_added: 10, growth_percent: 10 }]);
		expect(past.state.rows).toBe(110);
		expect(datasetGrowth(past.state, grown(110)).items).toEqual([]);
	});

	test('in rows: at least N rows added', () => {
		const { state } = datasetGrowth({}, grown(100, 'rows', 5));
		expect(datasetGrowth(state, grown(104, 'rows', 5)).items).toEqual([]);
		expect(datasetGrowth(state, grown(105, 'rows', 5)).items[0].rows_added).toBe(5);
	});

	test('from an empty dataset any growth counts in percent; a shrink counts from the new size; another dataset starts anew', () => {
		const { state } = datasetGrowth({}, grown(0));
		expect(datasetGrowth(state, grown(1)).items[0]).toMatchObject({ rows_before: 0, rows_now: 1, growth_percent: null });
		const shrunk = datasetGrowth({ watching: 'datasetRowsGrew:d1', rows: 100 }, grown(50));
		expect(shrunk).toEqual({ items: [], state: { watching: 'datasetRowsGrew:d1', rows: 50 } });
		expect(datasetGrowth({ watching: 'datasetRowsGrew:other', rows: 1 }, grown(500)).items).toEqual([]);
	});
});

describe('New Model / New Dataset', () => {
	const listed = (...ids) => ids.map((id) => ({ id, name: `name ${id}` }));

	test('the first poll records the IDs; later an ID not seen before fires one item', () => {
		const first = newEntries({}, 'newModel', listed('m1', 'm2'), 'model_id');
		expect(first).toEqual({ items: [], state: { watching: 'newModel', seen: ['m1', 'm2'] } });
		const next = newEntries(first.state, 'newModel', listed('m3', 'm1', 'm2'), 'model_id');
		expect(next.items).toEqual([{ model_id: 'm3', name: 'name m3' }]);
		expect(newEntries(next.state, 'newModel', listed('m3', 'm1', 'm2'), 'model_id').items).toEqual([]);
	});

	test('an empty or short listing forgets nothing: what was seen before does not fire again', () => {
		const { state } = newEntries({}, 'newModel', listed('a', 'b'), 'model_id');
		const empty = newEntries(state, 'newModel', [], 'model_id');
		expect(empty.items).toEqual([]);
		expect(newEntries(empty.state, 'newModel', listed('a', 'b', 'c'), 'model_id').items).toEqual([{ model_id: 'c', name: 'name c' }]);
	});

	test('state from another event is a new baseline; at most MAX_REMEMBERED_IDS IDs are kept', () => {
		expect(newEntries({ watching: 'newModel', seen: [] }, 'newDataset', listed('d1'), 'dataset_id').items).toEqual([]);
		const many = Array.from({ length: MAX_REMEMBERED_IDS + 5 }, (_, i) => ({ id: `d${i}`, name: '' }));
		expect(newEntries({}, 'newDataset', many, 'dataset_id').state.seen).toHaveLength(MAX_REMEMBERED_IDS);
	});
});
