'use strict';
// The order of requests as the simulator saw them (issue 12): the budget's queue serves a
// finished task's result before queued status checks, and a training this execution submitted
// costs a submit, one status check at its planned end and the result, nothing speculative,
// unless its budget is long enough for an early check. Order and counts, never timing.
const { runAkkio, startSimulator } = require('../support/akkio');

const TRAIN = { operation: 'train', datasetId: 'leads-sample', predictFields: 'Positive Lead' };

let sim;
afterEach(async () => sim && sim.close());

/** Each task's requests in the order the simulator saw them: 'submit' | 'status' | 'result'. */
function routesPerTask() {
	const byTask = new Map();
	let submits = 0;
	for (const entry of sim.requests) {
		// Trainings are created in the order their submits arrive.
		const taskId = entry.route === 'submit' ? sim.trainings[submits++].taskId : entry.path.split('/')[5];
		if (!byTask.has(taskId)) byTask.set(taskId, []);
		byTask.get(taskId).push(entry.route);
	}
	return [...byTask.values()];
}

test('a finished task\'s result goes before status checks queued earlier', async () => {
	sim = await startSimulator({ timeScale: 0.001 });
	const submitted = await runAkkio(sim, { items: Array.from({ length: 4 }, () => ({})), parameters: { ...TRAIN, duration: 10, waitForCompletion: false } });
	expect(submitted.status).toBe('success');
	const taskIds = submitted.success.map((item) => item.json.task_id);
	await new Promise((resolve) => setTimeout(resolve, 50)); // 10 s of Akkio time: all done
	sim.clearLog();
	// Wait on all four at once, one request per (20 ms) second: the four status checks queue at
	// once; each result is asked for after its check and must overtake the checks still queued.
	const run = await runAkkio(sim, {
		items: taskIds.map((taskId) => ({ json: { taskId } })),
		parameters: { operation: 'wait', taskId: '={{ $json.taskId }}', options: { maxRequestsPerSecond: 1 } },
		timeScale: 0.02,
	});
	expect(run.status).toBe('success');
	expect(sim.requests.map((r) => r.route)).toEqual(['status', 'result', 'status', 'result', 'status', 'result', 'status', 'result']);
	// First come, first served (the old queue) gives: status ×4, then result ×4.
});

test('trainings of 10, 60 and 300 s: submit, one status check at the planned end, result; no early check', async () => {
	sim = await startSimulator({ timeScale: 0.01, estimates: 'accurate' });
	const items = [10, 60, 300, 10, 60, 300].map((duration) => ({ json: { duration } }));
	const run = await runAkkio(sim, { items, parameters: { ...TRAIN, duration: '={{ $json.duration }}', waitForCompletion: true }, timeScale: 0.01 });
	expect(run.status).toBe('success');
	expect(routesPerTask()).toEqual(Array.from({ length: 6 }, () => ['submit', 'status', 'result']));
});

test('a 30-minute training gets one early check when the budget is idle, then the check at its end', async () => {
	sim = await startSimulator({ timeScale: 0.001, estimates: 'absent' });
	const run = await runAkkio(sim, { parameters: { ...TRAIN, duration: 1800, waitForCompletion: true }, timeScale: 0.001 });
	expect(run.status).toBe('success');
	expect(routesPerTask()).toEqual([['submit', 'status', 'status', 'result']]);
	const [early, atEnd] = sim.requests.filter((r) => r.route === 'status');
	const training = sim.trainings[0];
	// The first before the end (to report a training that fails at once), the second after it.
	expect(early.startedAt < sim.taskDoneAt(training.taskId)).toBe(true);
	expect(atEnd.startedAt >= sim.taskDoneAt(training.taskId)).toBe(true);
});

test('paced submits: at each short training\'s end the budget has room for its check and result (end-time calendar)', async () => {
	// 5 trainings of 60 s (the longest: submitted at once) and 20 of 10 s. Submitted all at
	// full rate, the 10 s ones end 5 per second and need 10 requests per second: the checks
	// of each end queue behind the others'. Paced, each end finds room.
	const scale = 0.05;
	sim = await startSimulator({ timeScale: scale, estimates: 'accurate' });
	const items = [...Array(5).fill(60), ...Array(20).fill(10)].map((duration) => ({ json: { duration } }));
	const run = await runAkkio(sim, { items, parameters: { ...TRAIN, duration: '={{ $json.duration }}', waitForCompletion: true }, timeScale: scale });
	expect(run.status).toBe('success');
	expect(routesPerTask()).toEqual(Array.from({ length: 25 }, () => ['submit', 'status', 'result']));
	// For each 10 s training, the requests of OTHER tasks Akkio saw between its end and its
	// result: an order, not a time. The budget allows 5 per window; a crowd shows as more.
	const others = sim.trainings
		.filter((training) => training.payload.duration === 10)
		.map((training) => {
			const doneAt = sim.taskDoneAt(training.taskId);
			const result = sim.requests.find((r) => r.route === 'result' && r.path.split('/')[5] === training.taskId);
			return sim.requests.filter((r) => r.startedAt > doneAt && r.seq < result.seq && r.path.split('/')[5] !== training.taskId).length;
		});
	expect(others).toHaveLength(20);
	expect(Math.max(...others)).toBeLessThanOrEqual(5);
});
