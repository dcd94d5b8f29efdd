const { budget } = require('./helpers');

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
