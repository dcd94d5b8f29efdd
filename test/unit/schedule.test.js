const { schedule, budget } = require('./helpers');

describe('polling schedule', () => {
	test('first check comes soon, scaled by the training budget', () => {
		expect(schedule.firstCheckDelaySeconds(10)).toBe(2);
		expect(schedule.firstCheckDelaySeconds(60)).toBe(9);
		expect(schedule.firstCheckDelaySeconds(1800)).toBe(270);
	});

	test('without an estimate the interval grows by 1.5x up to a tenth of the budget', () => {
		let previous = schedule.firstCheckDelaySeconds(300);
		const delays = [];
		for (let i = 0; i < 12; i++) {
			previous = schedule.nextCheck(300, { previousIntervalSeconds: previous }).delaySeconds;
			delays.push(previous);
		}
		expect(delays[0]).toBe(30); // 45 s first check, capped at 30 s
		expect(Math.max(...delays)).toBe(30);
		const short = [1];
		for (let i = 0; i < 6; i++) short.push(schedule.nextCheck(60, { previousIntervalSeconds: short[short.length - 1] }).delaySeconds);
		expect(short).toEqual([1, 1.5, 2.25, 3.375, 5.0625, 6, 6]);
	});

	test('an estimate schedules the next check just after the expected end', () => {
		const next = schedule.nextCheck(60, { previousIntervalSeconds: 9, estimateSeconds: 50 });
		expect(next.fromEstimate).toBe(true);
		expect(next.delaySeconds).toBe(51);
		expect(schedule.nextCheck(10, { estimateSeconds: 3 }).delaySeconds).toBe(3.5);
	});

	test('an overrun estimate tightens to the shortest interval', () => {
		expect(schedule.nextCheck(300, { previousIntervalSeconds: 200, pastEstimate: true })).toEqual({
			delaySeconds: 1,
			fromEstimate: false,
		});
	});

	test('default timeout fits the training budget', () => {
		expect(schedule.defaultTimeoutSeconds(10)).toBe(660);
		expect(schedule.defaultTimeoutSeconds(60)).toBe(960);
		expect(schedule.defaultTimeoutSeconds(1800)).toBe(11400);
	});

	test('retry delays grow, are jittered within half to full, and respect Retry-After', () => {
		expect(schedule.retryDelaySeconds(1, 0, undefined, 1, 20)).toBe(0.5);
		expect(schedule.retryDelaySeconds(1, 1, undefined, 1, 20)).toBe(1);
		expect(schedule.retryDelaySeconds(3, 0.5, undefined, 1, 20)).toBe(3);
		expect(schedule.retryDelaySeconds(10, 1, undefined, 1, 20)).toBe(20);
		expect(schedule.retryDelaySeconds(1, 0, 7, 1, 20)).toBe(7);
	});

	test('Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2026-11-27T10:00:00Z');
		expect(schedule.parseRetryAfter('3', now)).toBe(3);
		expect(schedule.parseRetryAfter(['2.5'], now)).toBe(2.5);
		expect(schedule.parseRetryAfter('Fri, 27 Nov 2026 10:00:05 GMT', now)).toBe(5);
		expect(schedule.parseRetryAfter('Fri, 27 Nov 2026 09:00:00 GMT', now)).toBe(0);
		expect(schedule.parseRetryAfter('soon', now)).toBeUndefined();
		expect(schedule.parseRetryAfter(undefined, now)).toBeUndefined();
	});
});

describe('RequestBudget (fake clock)', () => {
	function peak(starts, windowMs) {
		let best = 0;
		for (const start of starts) {
			best = Math.max(best, starts.filter((s) => s >= start && s < start + windowMs).length);
		}
		return best;
	}

	test('never more than N starts in any window, and no idle gaps', () => {
		const b = new budget.RequestBudget(5, 1000, 50);
		const starts = [];
		for (let i = 0; i < 23; i++) starts.push(b.reserve(0));
		expect(starts.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
		expect(starts.slice(5, 10)).toEqual([1050, 1050, 1050, 1050, 1050]);
		expect(peak(starts, 1000)).toBe(5);
		expect(starts[22]).toBe(4 * 1050);
	});

	test('requests spread over time pass without delay', () => {
		const b = new budget.RequestBudget(5, 1000, 0);
		for (let t = 0; t < 10000; t += 250) expect(b.reserve(t)).toBe(t);
	});

	test('a time-scaled second and fractional rates', () => {
		const scaled = new budget.RequestBudget(5, 10, 0);
		const starts = Array.from({ length: 10 }, () => scaled.reserve(0));
		expect(starts[9]).toBe(10);
		const slow = new budget.RequestBudget(0.5, 1000, 0);
		expect([slow.reserve(0), slow.reserve(0), slow.reserve(0)]).toEqual([0, 2000, 4000]);
		expect(() => new budget.RequestBudget(0)).toThrow(RangeError);
	});

	test('interleaved callers with a moving clock keep the bound', () => {
		const b = new budget.RequestBudget(5, 1000);
		const starts = [];
		let now = 0;
		for (let i = 0; i < 200; i++) {
			now += (i * 37) % 90;
			starts.push(b.reserve(now));
		}
		expect(peak(starts, 1000)).toBeLessThanOrEqual(5);
	});
});
