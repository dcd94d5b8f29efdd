'use strict';
// What `npm run bench` measures. Training scenarios run at 1 Akkio second = 100 ms real unless
// `--scale` says otherwise; the two with a fixed `scale` run in real time.

const MIXED = [10, 60, 300];
const mixed = (count) =>
	Array.from({ length: count }, (_, i) => ({ duration: MIXED[i % 3], field: i % 2 ? 'Plan' : 'Positive Lead' }));
const eachOnce = () => MIXED.map((duration) => ({ duration, field: 'Positive Lead' }));

const DEFAULT_SCALE = 0.1;
const TRAINING_CLIENTS = ['node', 'simple', 'fixed', 'hand'];

const SCENARIOS = [
	...['accurate', 'noisy', 'absent'].map((estimates) => ({
		id: `mixed100-${estimates}`,
		title: `100 tasks, mixed 10/60/300 s, estimates ${estimates}`,
		tasks: mixed(100),
		estimates,
		handBuiltTasks: 20,
		clients: TRAINING_CLIENTS,
	})),
	...['accurate', 'noisy', 'absent'].map((estimates) => ({
		id: `each-${estimates}`,
		title: `one task of each duration (10, 60, 300 s), estimates ${estimates}`,
		tasks: eachOnce(),
		estimates,
		handBuiltTasks: 3,
		clients: TRAINING_CLIENTS,
	})),
	{
		id: 'mixed20-accurate',
		title: '20 tasks, mixed 10/60/300 s, estimates accurate',
		tasks: mixed(20),
		estimates: 'accurate',
		handBuiltTasks: 20,
		clients: TRAINING_CLIENTS,
	},
	{
		id: 'mixed500-accurate',
		title: '500 tasks, mixed 10/60/300 s, estimates accurate',
		tasks: mixed(500),
		estimates: 'accurate',
		// One item at a time, 500 trainings would take 20 hours of Akkio time: not run.
		handBuiltTasks: 0,
		clients: ['node', 'simple', 'fixed'],
		resources: true,
	},
	{
		id: 'mixed500-realtime',
		title: '500 tasks, mixed 10/60/300 s, estimates accurate, in real time (the node\'s CPU at 1 s per Akkio second)',
		tasks: mixed(500),
		estimates: 'accurate',
		handBuiltTasks: 0,
		scale: 1,
		clients: ['node', 'simple'],
		resources: true,
	},
	{
		id: 'predict20k',
		title: 'Predict, 20,000 items in batches of 100, 150 ms server latency, in real time',
		predictItems: 20000,
		batchSize: 100,
		latencySeconds: 0.15,
		scale: 1,
		clients: ['node', 'sequential', 'concurrent'],
		resources: true,
	},
];

/** Real seconds one run of a scenario takes, roughly (for --list). */
function estimateSeconds(scenario, scale) {
	const k = scenario.scale ?? scale;
	if (scenario.predictItems) return scenario.clients.length * (48 + 5);
	const longest = Math.max(...scenario.tasks.map((task) => task.duration));
	const spread = (3 * scenario.tasks.length) / 5 / 10; // the end crowd, roughly
	const perClient = (longest + spread) * k + 5;
	const hand = scenario.handBuiltTasks ? scenario.tasks.slice(0, scenario.handBuiltTasks).reduce((sum, task) => sum + task.duration + 3, 0) * k : 0;
	return scenario.clients.filter((c) => c !== 'hand').length * perClient + hand;
}

module.exports = { SCENARIOS, DEFAULT_SCALE, estimateSeconds };
