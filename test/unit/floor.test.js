// The benchmark's physical floor (bench/floor.js): schedules that any client could at best
// reach under Akkio's budget. Every schedule must pass the window rule; the figures are
// checked against cases worked out by hand.
const {
	computeFloor,
	trainingTask,
	singleRequestTask,
	wallLowerBound,
	verifySchedule,
	peakPerWindow,
	WindowCalendar,
} = require('../../bench/floor');

const MIXED = [10, 60, 300];
const mixed = (count) => Array.from({ length: count }, (_, i) => trainingTask(MIXED[i % 3]));
const close = (value, expected) => expect(value).toBeCloseTo(expected, 6);

describe('window rule', () => {
	test('six starts inside one second break it; a sixth exactly one second later does not', () => {
		const tasks = Array.from({ length: 6 }, () => singleRequestTask());
		const crowded = verifySchedule(tasks, [[0], [0.1], [0.2], [0.3], [0.4], [0.999]]);
		expect(crowded.ok).toBe(false);
		expect(crowded.peak).toBe(6);
		expect(crowded.problems.join()).toMatch(/6 requests start within one 1 s window/);

		const edge = verifySchedule(tasks, [[0], [0.1], [0.2], [0.3], [0.4], [1]]);
		expect(edge).toEqual({ ok: true, peak: 5, problems: [] });
		expect(peakPerWindow([0, 0.1, 0.2, 0.3, 0.4, 0.999])).toBe(6);
		expect(peakPerWindow([0, 0.1, 0.2, 0.3, 0.4, 1])).toBe(5);
	});

	test("a status before the training's end, or a result before the status answer, breaks the chain", () => {
		const tasks = [trainingTask(10)];
		expect(verifySchedule(tasks, [[0, 10, 10.2]], { serviceSeconds: 0.2 }).ok).toBe(true);
		expect(verifySchedule(tasks, [[0, 9.9, 10.2]], { serviceSeconds: 0.2 }).problems.join()).toMatch(/status 9.9 s after submit, needs 10 s/);
		expect(verifySchedule(tasks, [[0, 10, 10.1]], { serviceSeconds: 0.2 }).problems.join()).toMatch(/result 0.1 s after status, needs 0.2 s/);
		expect(verifySchedule(tasks, [[0, 10]]).problems.join()).toMatch(/3 steps expected/);
	});

	test('the calendar refuses a start in a full window and finds the first free moment', () => {
		const calendar = new WindowCalendar(5, 1000);
		for (const t of [0, 100, 200, 300, 400]) calendar.insert(t);
		expect(calendar.fits(999)).toBe(false);
		expect(calendar.fits(1000)).toBe(true);
		expect(calendar.earliest(500)).toBe(1000);
		// A full window ahead blocks too: five starts at 1500 leave no room in (500, 1500].
		const ahead = new WindowCalendar(5, 1000);
		for (let i = 0; i < 5; i++) ahead.insert(1500);
		expect(ahead.fits(600)).toBe(false);
		expect(ahead.fits(500)).toBe(true);
		expect(ahead.earliest(600)).toBe(2500);
	});
});

describe('floor', () => {
	test('one training: submit, status at its end, result at the status answer', () => {
		const floor = computeFloor([trainingTask(60)], { serviceSeconds: 0.25 });
		close(floor.wall, 60.5);
		close(floor.wallLowerBound, 60.5);
		close(floor.medianLatency, 0.5);
		expect(floor.requestsPerTask).toBe(3);
		expect(floor.schedules.wall.starts).toEqual([[0, 60, 60.25]]);
	});

	test('six 10 s trainings: the sixth submit waits a second, the ends crowd the budget', () => {
		// 5 submits at 0 and 1 at 1; 5 statuses at 10, 5 results at 11, the last pair at 12.
		const floor = computeFloor(Array.from({ length: 6 }, () => trainingTask(10)), { serviceSeconds: 0 });
		expect(floor.wall).toBe(12);
		expect(floor.wallLowerBound).toBe(12);
		expect(floor.wallGap).toBe(0);
		const starts = floor.schedules.wall.starts;
		expect(starts.map((steps) => steps[0]).sort()).toEqual([0, 0, 0, 0, 0, 1]);
		expect(verifySchedule(Array.from({ length: 6 }, () => trainingTask(10)), starts).peak).toBe(5);
	});

	test('100 mixed 10/60/300 s trainings: 313 s wall (the 66 requests after the 300 s ends), 2 × service median latency, 3 requests per task', () => {
		const tasks = mixed(100);
		const floor = computeFloor(tasks, { serviceSeconds: 0.01 });
		close(floor.wall, 313.01);
		close(floor.wallLowerBound, 313.01);
		close(floor.wallGap, 0);
		close(floor.medianLatency, 0.02);
		close(floor.latencyScheduleWall, floor.wall); // one schedule reaches both
		expect(floor.requestsPerTask).toBe(3);
		for (const schedule of Object.values(floor.schedules)) {
			const check = verifySchedule(tasks, schedule.starts, { serviceSeconds: 0.01 });
			expect(check.ok).toBe(true);
			expect(check.peak).toBe(5);
		}
		// The wall schedule is first come, first served at the end: its median latency is worse.
		expect(floor.schedules.wall.medianLatency).toBeGreaterThan(1);
	});

	test('moving one request of a floor schedule into a full window fails the check', () => {
		const tasks = mixed(30);
		const floor = computeFloor(tasks, { serviceSeconds: 0.01 });
		const broken = floor.schedules.wall.starts.map((steps) => steps.slice());
		// Six submits start in the first second: move a sixth submit into it.
		const late = broken.findIndex((steps) => steps[0] >= 1);
		broken[late][0] = 0.5;
		const check = verifySchedule(tasks, broken, { serviceSeconds: 0.01 });
		expect(check.ok).toBe(false);
		expect(check.peak).toBe(6);
	});

	test('200 Predict batches at 150 ms: five per second, 39.15 s', () => {
		const floor = computeFloor(Array.from({ length: 200 }, () => singleRequestTask()), { serviceSeconds: 0.15 });
		close(floor.wall, 39.15);
		close(floor.wallLowerBound, 39.15);
		expect(floor.medianLatency).toBeNull();
		expect(floor.requestsPerTask).toBe(1);
	});

	test('lower bound: total requests, the longest tasks, and the crowd at the longest ends', () => {
		expect(wallLowerBound([])).toBe(0);
		close(wallLowerBound(Array.from({ length: 11 }, () => singleRequestTask())), 2); // the 11th start is at 2 s
		close(wallLowerBound(Array.from({ length: 12 }, () => trainingTask(300))), 304); // 24 requests after 300 s
		close(wallLowerBound([trainingTask(300), trainingTask(10)], { serviceSeconds: 0.5 }), 301);
	});

	test('random task lists: every schedule is feasible, never below the lower bounds', () => {
		let seed = 12345;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		for (let round = 0; round < 25; round++) {
			const count = 1 + Math.floor(random() * 40);
			const tasks = Array.from({ length: count }, () => (random() < 0.2 ? singleRequestTask() : trainingTask([1, 10, 60, 300][Math.floor(random() * 4)])));
			const serviceSeconds = Math.round(random() * 300) / 1000;
			const floor = computeFloor(tasks, { serviceSeconds });
			for (const schedule of Object.values(floor.schedules)) {
				expect(verifySchedule(tasks, schedule.starts, { serviceSeconds }).ok).toBe(true);
			}
			expect(floor.wall).toBeGreaterThanOrEqual(floor.wallLowerBound - 1e-9);
			if (floor.medianLatency !== null) expect(floor.medianLatency).toBeGreaterThanOrEqual(2 * serviceSeconds - 1e-9);
		}
	});
});
