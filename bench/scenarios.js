'use strict';
// What `npm run bench` measures (issue 19, item 2). Training scenarios run at 1 Akkio second =
// 100 ms real unless `--scale` says otherwise; those with a fixed `scale` run in real time.

const mixed = (count) => Array.from({ length: count }, (_, i) => ({ duration: [10, 60, 300][i % 3], field: i % 2 ? 'Plan' : 'Positive Lead' }));
const DEFAULT_SCALE = 0.1;

const SCENARIOS = [
	...['accurate', 'noisy', 'absent'].map((estimates) => ({ id: `mixed100-${estimates}`, title: `100 tasks, mixed 10/60/300 s, estimates ${estimates}`, tasks: mixed(100), estimates, clients: ['node', 'simple'] })),
	{ id: 'mixed500-accurate', title: '500 tasks, mixed 10/60/300 s, estimates accurate', tasks: mixed(500), estimates: 'accurate', clients: ['node', 'simple'] },
	{ id: 'predict20k', title: 'Predict, 20,000 items in batches of 100, 150 ms server latency, in real time', predictItems: 20000, batchSize: 100, latencySeconds: 0.15, scale: 1, clients: ['node', 'sequential'] },
];

module.exports = { SCENARIOS, DEFAULT_SCALE };
