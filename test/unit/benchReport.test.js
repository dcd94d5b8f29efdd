'use strict';
// The benchmark's figures in the docs are its output, not figures typed in: the README's table and
// the full report in docs/benchmark.md must be exactly what `node bench/run.js --render=…` prints
// from the saved results of the last full run (bench/results.json).
const fs = require('node:fs');
const path = require('node:path');
const { SCENARIOS } = require('../../bench/scenarios');
const { renderReport, headline } = require('../../bench/report');

const root = path.join(__dirname, '..', '..');
const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');

function between(text, name) {
	const start = `<!-- ${name}:start -->`;
	const end = `<!-- ${name}:end -->`;
	expect(text).toContain(start);
	expect(text).toContain(end);
	return text.slice(text.indexOf(start) + start.length, text.indexOf(end)).trim();
}

const { meta, records } = JSON.parse(read('bench/results.json'));
const measured = new Set(records.map((record) => record.scenario));
const scenarios = SCENARIOS.filter((scenario) => measured.has(scenario.id));

test('the saved results are of a full run: every scenario, three runs', () => {
	expect(meta.runs).toBe(3);
	expect(scenarios.map((scenario) => scenario.id)).toEqual(SCENARIOS.map((scenario) => scenario.id));
	for (const scenario of SCENARIOS) {
		expect(records.filter((record) => record.scenario === scenario.id).map((record) => record.run)).toEqual([1, 2, 3]);
	}
});

test("the README's benchmark table is the benchmark's output", () => {
	expect(between(read('README.md'), 'bench')).toBe(headline(scenarios, records));
});

test('docs/benchmark.md carries the full report of that run', () => {
	expect(between(read('docs/benchmark.md'), 'results')).toBe(renderReport(scenarios, records, meta).trim());
});
