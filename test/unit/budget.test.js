const { budget } = require('./helpers');

const { RequestBudget, PRIORITY } = budget;

/**
 * Drives the pure budget the way the transport does, on a fake clock in steps of `stepMs`:
 * every request queued at 0 with its priority, answered `latencyMs` after it started, the
 * budget asked again only when an answer arrives or at the time it named (`nextAt`).
 * Returns the starts in order: { at, label }.
 */
function simulate(rule, requests, { latencyMs = 0 } = {}) {
	const tickets = new Map(requests.map((request, i) => [rule.enqueue(request.priority).id, request.label ?? i]));
	const starts = [];
	const inFlight = [];
	let now = 0;
	let nextAt = 0;
	for (let guard = 0; guard < 1e6; guard++) {
		const landed = inFlight.filter((flight) => flight.doneAt <= now);
		for (const flight of landed) {
			rule.finish(flight.slot, flight.doneAt);
			inFlight.splice(inFlight.indexOf(flight), 1);
		}
		if (landed.length || (nextAt !== undefined && nextAt <= now)) {
			const granted = rule.grant(now);
			for (const { ticket, slot } of granted.started) {
				starts.push({ at: now, label: tickets.get(ticket.id) });
				inFlight.push({ slot, doneAt: now + latencyMs });
			}
			nextAt = granted.nextAt;
		}
		if (!rule.queued && !inFlight.length) return starts;
		// The next event: an answer or the time the budget named.
		now = Math.min(nextAt ?? Infinity, ...inFlight.map((flight) => flight.doneAt));
	}
	throw new Error('simulation did not end');
}

/** The most starts in any window [a, a + windowMs), Akkio's count. */
function peak(times, windowMs) {
	return Math.max(...times.map((t) => times.filter((s) => s >= t && s < t + windowMs).length));
}

const plain = (count) => Array.from({ length: count }, () => ({ priority: PRIORITY.normal }));

describe('RequestBudget: the window rule (fake clock)', () => {
	test('never more than ⌊ceiling⌋ starts in any second, fractional ceilings and any latency', () => {
		const overs = [];
		for (const ceiling of [5, 4.5, 4.01, 2.7, 1.5, 1, 9.99]) {
			for (const latencyMs of [0, 0.3, 20, 300, 1500]) {
				const starts = simulate(new RequestBudget(ceiling, 1000), plain(40), { latencyMs }).map((s) => s.at);
				expect(starts).toHaveLength(40);
				// A request reaches Akkio between its start and its answer: check both extremes.
				for (const arrivals of [starts, starts.map((t) => t + latencyMs)]) {
					const seen = peak(arrivals, 1000);
					if (seen > Math.floor(ceiling)) overs.push({ ceiling, latencyMs, seen });
				}
			}
		}
		expect(overs).toEqual([]);
	});

	test('4.5 per second: 4 at once, the next 4 one second later (not 8 in a second)', () => {
		const starts = simulate(new RequestBudget(4.5, 1000), plain(8)).map((s) => s.at);
		expect(starts).toEqual([0, 0, 0, 0, 1000, 1000, 1000, 1000]);
	});

	test('below 1 per second: one request every 1 / ceiling seconds', () => {
		expect(simulate(new RequestBudget(0.5, 1000), plain(3)).map((s) => s.at)).toEqual([0, 2000, 4000]);
		expect(simulate(new RequestBudget(0.25, 10), plain(2)).map((s) => s.at)).toEqual([0, 40]);
	});

	test('a time-scaled second', () => {
		expect(simulate(new RequestBudget(5, 10), plain(10))[9].at).toBe(10);
		expect(() => new RequestBudget(0)).toThrow(RangeError);
		expect(() => new RequestBudget(Infinity)).toThrow(RangeError);
	});

	test('sub-millisecond times: a slot freed by an answer at 10.4 ms opens at 1010.4 ms, not 1010', () => {
		const rule = new RequestBudget(1, 1000);
		rule.enqueue();
		const first = rule.grant(0);
		expect(first.started).toHaveLength(1);
		rule.finish(first.started[0].slot, 10.4);
		rule.enqueue();
		expect(rule.grant(1010).started).toHaveLength(0);
		expect(rule.grant(1010).nextAt).toBeCloseTo(1010.4, 9);
		expect(rule.grant(1010.4).started).toHaveLength(1);
	});
});

describe('RequestBudget: the queue', () => {
	test('results first, then planned checks, then submits and the rest, then speculative checks; arrival order within each', () => {
		const order = [
			{ label: 'submit a', priority: PRIORITY.normal },
			{ label: 'early check', priority: PRIORITY.speculativeCheck },
			{ label: 'check at end 1', priority: PRIORITY.plannedCheck },
			{ label: 'result 1', priority: PRIORITY.result },
			{ label: 'submit b', priority: PRIORITY.normal },
			{ label: 'check at end 2', priority: PRIORITY.plannedCheck },
			{ label: 'result 2', priority: PRIORITY.result },
		];
		const starts = simulate(new RequestBudget(1, 1000), order).map((s) => s.label);
		expect(starts).toEqual(['result 1', 'result 2', 'check at end 1', 'check at end 2', 'submit a', 'submit b', 'early check']);
	});

	test('a withdrawn waiter gives its place to the next one, and is never started', () => {
		const rule = new RequestBudget(1, 1000);
		const first = rule.enqueue();
		const second = rule.enqueue();
		const third = rule.enqueue();
		rule.withdraw(first);
		expect(rule.queued).toBe(2);
		const granted = rule.grant(0);
		expect(granted.started.map((s) => s.ticket)).toEqual([second]);
		// Only the head is looked at: the budget names the time the next slot opens, once.
		expect(granted.nextAt).toBeUndefined(); // in flight: its answer frees the slot
		rule.finish(0, 10);
		expect(rule.grant(500)).toEqual({ started: [], nextAt: 1010 });
		expect(rule.grant(1010).started.map((s) => s.ticket)).toEqual([third]);
		rule.withdraw(third); // already started: nothing happens
		expect(rule.queued).toBe(0);
	});

	test('a 429 holds every start until its Retry-After and halves the slots; they come back after ten quiet windows', () => {
		const rule = new RequestBudget(4, 1000);
		for (let i = 0; i < 12; i++) rule.enqueue();
		expect(rule.grant(0).started).toHaveLength(4);
		for (let slot = 0; slot < 4; slot++) rule.finish(slot, 100);
		rule.backOff(100, 3100);
		expect(rule.grant(1100)).toEqual({ started: [], nextAt: 3100 });
		expect(rule.grant(3100).started).toHaveLength(2); // half the slots
		for (let slot = 0; slot < 2; slot++) rule.finish(slot, 3100);
		expect(rule.grant(4100).started).toHaveLength(2);
		for (let slot = 0; slot < 2; slot++) rule.finish(slot, 4100);
		// Ten windows after the 429 one slot comes back.
		expect(rule.grant(10100).started).toHaveLength(3);
	});
});
