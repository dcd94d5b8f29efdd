const { schedule, budget, retry } = require('./helpers');

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
		expect(next).toEqual({ delaySeconds: 50.5, aimed: true });
		expect(schedule.nextCheck(10, { estimateSeconds: 3 }).delaySeconds).toBe(3.5);
	});

	test('once estimates are known to miss, the check aims at the earliest plausible end', () => {
		expect(schedule.nextCheck(300, { estimateSeconds: 200, estimateFactor: 0.7 })).toEqual({ delaySeconds: 140, aimed: true });
		expect(schedule.nextCheck(300, { estimateSeconds: 1, estimateFactor: 0.7 })).toEqual({ delaySeconds: 1, aimed: true });
	});

	test('without an estimate a submitted training is checked just after its budget', () => {
		expect(schedule.nextCheck(300, { previousIntervalSeconds: 45, elapsedSeconds: 45, expectedSeconds: 300 })).toEqual({
			delaySeconds: 258,
			aimed: true,
		});
		// Past the budget: back off.
		expect(schedule.nextCheck(300, { previousIntervalSeconds: 4, elapsedSeconds: 310, expectedSeconds: 300 })).toEqual({
			delaySeconds: 6,
			aimed: false,
		});
	});

	test('an overrun expected end tightens to the shortest interval', () => {
		expect(schedule.nextCheck(300, { previousIntervalSeconds: 200, pastExpectedEnd: true })).toEqual({
			delaySeconds: 1,
			aimed: false,
		});
	});

	test('EstimateTrust: trusts consistent estimates, learns from misses', () => {
		const trust = new schedule.EstimateTrust();
		expect(trust.factor()).toBe(1);
		trust.observe(100, 40, 60); // consistent
		trust.observe(100, 100, 1); // within rounding
		expect(trust.factor()).toBe(1);
		expect(trust.version).toBe(0);
		trust.observe(1, 10, 5); // too short to learn from
		expect(trust.factor()).toBe(1);
		trust.observe(100, 100, 30); // the estimate was 30 % short: assume 30 % long is as likely
		expect(trust.factor()).toBeCloseTo(1 / 1.3, 6);
		expect(trust.version).toBe(1);
		trust.observe(100, 20, 20); // an estimate 60 % long
		expect(trust.factor()).toBe(0.5);
		expect(trust.version).toBe(2);
	});

	test('default timeout fits the training budget', () => {
		expect(schedule.defaultTimeoutSeconds(10)).toBe(660);
		expect(schedule.defaultTimeoutSeconds(60)).toBe(960);
		expect(schedule.defaultTimeoutSeconds(1800)).toBe(11400);
	});

	test('retry delays grow, are jittered within half to full, and respect Retry-After', () => {
		expect(retry.retryDelaySeconds(1, 0, undefined, 1, 20)).toBe(0.5);
		expect(retry.retryDelaySeconds(1, 1, undefined, 1, 20)).toBe(1);
		expect(retry.retryDelaySeconds(3, 0.5, undefined, 1, 20)).toBe(3);
		expect(retry.retryDelaySeconds(10, 1, undefined, 1, 20)).toBe(20);
		expect(retry.retryDelaySeconds(1, 0, 7, 1, 20)).toBe(7);
	});

	test('Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2026-11-27T10:00:00Z');
		expect(retry.parseRetryAfter('3', now)).toBe(3);
		expect(retry.parseRetryAfter(['2.5'], now)).toBe(2.5);
		expect(retry.parseRetryAfter('Fri, 27 Nov 2026 10:00:05 GMT', now)).toBe(5);
		expect(retry.parseRetryAfter('Fri, 27 Nov 2026 09:00:00 GMT', now)).toBe(0);
		expect(retry.parseRetryAfter('soon', now)).toBeUndefined();
		expect(retry.parseRetryAfter(undefined, now)).toBeUndefined();
	});
});

describe('RequestBudget (fake clock)', () => {
	/** Drives waiters the way the transport does: one request at a time per slot, fixed latency. */
	function simulate(budgetInstance, { requests, latencyMs }) {
		const arrivals = [];
		const waiting = Array.from({ length: requests }, () => ({ ticket: budgetInstance.enqueue(), wakeAt: 0 }));
		const inFlight = [];
		let now = 0;
		const land = () => {
			for (const flight of inFlight.filter((f) => f.doneAt <= now)) {
				budgetInstance.finish(flight.slot, now);
				inFlight.splice(inFlight.indexOf(flight), 1);
			}
		};
		while (waiting.length || inFlight.length) {
			land();
			for (const waiter of [...waiting]) {
				if (waiter.wakeAt > now) continue;
				const attempt = budgetInstance.tryStart(waiter.ticket, now);
				if (attempt.ok) {
					waiting.splice(waiting.indexOf(waiter), 1);
					arrivals.push(now + latencyMs / 2);
					inFlight.push({ slot: attempt.slot, doneAt: now + latencyMs });
				} else {
					waiter.wakeAt = now + attempt.retryInMs;
				}
			}
			land();
			now += 1;
		}
		return arrivals;
	}

	function peak(times, windowMs) {
		return Math.max(...times.map((t) => times.filter((s) => s >= t && s < t + windowMs).length));
	}

	test('never more than N arrivals in any window, whatever the latency', () => {
		for (const latencyMs of [0, 20, 300, 1500]) {
			const arrivals = simulate(new budget.RequestBudget(5, 1000), { requests: 40, latencyMs });
			expect(arrivals).toHaveLength(40);
			expect(peak(arrivals, 1000)).toBeLessThanOrEqual(5);
		}
	});

	test('no idle gaps: with fast answers 5 start at once, the next 5 one window later', () => {
		const arrivals = simulate(new budget.RequestBudget(5, 1000), { requests: 10, latencyMs: 0 });
		expect(arrivals).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000]);
	});

	test('first come, first served, and a withdrawn waiter does not block the line', () => {
		const b = new budget.RequestBudget(1, 1000);
		const first = b.enqueue();
		const second = b.enqueue();
		const third = b.enqueue();
		expect(b.tryStart(second, 0).ok).toBe(false);
		b.withdraw(first);
		const started = b.tryStart(second, 0);
		expect(started).toEqual({ ok: true, slot: 0 });
		expect(b.tryStart(third, 0).ok).toBe(false);
		b.finish(0, 10);
		expect(b.tryStart(third, 500)).toEqual({ ok: false, retryInMs: 510 });
		expect(b.tryStart(third, 1010)).toEqual({ ok: true, slot: 0 });
	});

	test('a time-scaled second and fractional rates', () => {
		expect(simulate(new budget.RequestBudget(5, 10), { requests: 10, latencyMs: 0 })[9]).toBe(10);
		expect(simulate(new budget.RequestBudget(0.5, 1000), { requests: 3, latencyMs: 0 })).toEqual([0, 2000, 4000]);
		expect(() => new budget.RequestBudget(0)).toThrow(RangeError);
	});
});
