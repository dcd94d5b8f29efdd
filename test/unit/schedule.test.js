const { schedule } = require('./helpers');

describe('polling schedule', () => {
	test('an estimate cannot push a check out of reach: cut to the remaining Timeout and to a task\'s lifetime; an accurate long one is followed', () => {
		const check = (observation) => schedule.nextCheck(60, observation).delaySeconds;
		expect(check({ estimate: 1e12, remaining: 180 })).toBe(180);
		expect(check({ estimate: 1e12, elapsed: 86000 })).toBe(400);
		expect(check({ estimate: 1e12, elapsed: 90000 })).toBe(1); // past a task's lifetime: the shortest interval, never 0
		expect(check({ estimate: 1800, remaining: 3600, elapsed: 60 })).toBe(1818);
	});

	test('first check comes soon, scaled by the training budget', () => {
		expect(schedule.firstCheckDelaySeconds(10)).toBe(2);
		expect(schedule.firstCheckDelaySeconds(60)).toBe(9);
		expect(schedule.firstCheckDelaySeconds(1800)).toBe(270);
	});

	test('without an estimate the interval grows by 1.5x up to a tenth of the budget', () => {
		let previous = schedule.firstCheckDelaySeconds(300);
		const delays = [];
		for (let i = 0; i < 12; i++) {
			previous = schedule.nextCheck(300, { previous }).delaySeconds;
			delays.push(previous);
		}
		expect(delays[0]).toBe(30); // 45 s first check, capped at 30 s
		expect(Math.max(...delays)).toBe(30);
		const short = [1];
		for (let i = 0; i < 6; i++) short.push(schedule.nextCheck(60, { previous: short[short.length - 1] }).delaySeconds);
		expect(short).toEqual([1, 1.5, 2.25, 3.375, 5.0625, 6, 6]);
	});

	test('an estimate schedules the next check just after the expected end', () => {
		const next = schedule.nextCheck(60, { previous: 9, estimate: 50 });
		expect(next).toEqual({ delaySeconds: 50.5, aimed: true });
		expect(schedule.nextCheck(10, { estimate: 3 }).delaySeconds).toBe(3.5);
	});

	test('without an estimate a submitted training is checked just after its budget', () => {
		expect(schedule.nextCheck(300, { previous: 45, elapsed: 45 })).toEqual({
			delaySeconds: 255, // at the budget's end, whatever its length
			aimed: true,
		});
		// Past the budget: back off.
		expect(schedule.nextCheck(300, { previous: 4, elapsed: 310 })).toEqual({
			delaySeconds: 6,
			aimed: false,
		});
	});

	test('the first check: at the budget\'s end for a training this execution submitted, early only for 30-minute budgets', () => {
		// At the end, it aims at the end: a task still running then is checked again after 1 s (nextCheck's `past`).
		expect(schedule.firstCheck(10, 2, true)).toEqual({ delaySeconds: 10, aimed: true });
		expect(schedule.firstCheck(300, 45, true)).toEqual({ delaySeconds: 300, aimed: true });
		expect(schedule.firstCheck(1800, 270, true)).toEqual({ delaySeconds: 270, aimed: false });
		// Picked up by ID (Wait) or a Chat Explore question: as asked.
		expect(schedule.firstCheck(60, 0, false)).toEqual({ delaySeconds: 0, aimed: false });
		expect(schedule.firstCheck(20, 3, false)).toEqual({ delaySeconds: 3, aimed: false });
		expect(schedule.nextCheck(60, { previous: 60, elapsed: 60.2, past: true })).toEqual({ delaySeconds: 1, aimed: false });
	});

	test('an overrun expected end tightens to the shortest interval', () => {
		expect(schedule.nextCheck(300, { previous: 200, past: true })).toEqual({
			delaySeconds: 1,
			aimed: false,
		});
	});

	test('default timeout fits the training budget', () => {
		expect(schedule.defaultTimeoutSeconds(10)).toBe(660);
		expect(schedule.defaultTimeoutSeconds(60)).toBe(960);
		expect(schedule.defaultTimeoutSeconds(1800)).toBe(11400);
	});
});
