'use strict';
// The benchmark's report renders one run's records: the commit it measured, then a table per scenario.
const { SCENARIOS } = require('../../bench/scenarios');
const { renderReport } = require('../../bench/report');
const { computeFloor } = require('../../bench/floor');

test('a report names the commit and shows each client beside the floor', () => {
	const scenario = SCENARIOS.find((s) => s.id === 'mixed100-accurate');
	const floor = computeFloor(scenario);
	const m = (wall, latencyP50) => ({ wall, latencyP50, latencyP95: 2 * latencyP50, requestsPerTask: 3, peakPerSecond: 5 });
	const records = [1, 2].map((run) => ({ scenario: scenario.id, run, timeScale: 0.1, floor, measurements: { node: m(316 + run, 0.5), simple: m(320, 0.1 * run) } }));
	const report = renderReport([scenario], records, { commit: 'abc123', command: 'node bench/run.js', runs: 2, startedAt: 'now', machine: 'here', node: 'v20' });
	// The best schedule any client could keep: the 300 s trainings wait for their submits under 5 per second.
	expect(floor).toMatchObject({ wall: 313, wallLowerBound: 313, requestsPerTask: 3 });
	expect(report).toMatch(/^Commit `abc123` · `node bench\/run.js` · 2 run\(s\)/);
	expect(report).toContain('| mixed100-accurate | 1.013 (1.013–1.016) | 0.50 | 0.10 (0.10–0.20) | 3.00 | 5 |');
	expect(report).toContain('| **this node** | 317.0 (317.0–318.0) | 1.013 (1.013–1.016) | 0.50 | 1.00 | 3.00 | 5, 5 |');
});
