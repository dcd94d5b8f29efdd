// The request budget on its own clock. Each property is checked on the budget's own times (a
// start is read after the budget granted it, a finish before it is reported), so a slow or busy
// machine only makes a run longer, never an assertion false.
const { sleep } = require('n8n-workflow');
const { budget } = require('./helpers');

const { RequestBudget, PRIORITY } = budget;
const ctx = {}; // an editor-like context: no cancel signal
const clock = () => performance.now();

/** Runs `count` requests through the budget, each holding its slot `latencyMs`; returns its uses. */
async function drive(rule, count, latencyMs) {
	const uses = [];
	await Promise.all(
		Array.from({ length: count }, async () => {
			const slot = await rule.acquire(ctx);
			const start = clock();
			if (latencyMs) await sleep(latencyMs);
			const finish = clock();
			uses.push({ slot, start, finish });
			rule.finish(ctx, slot);
		}),
	);
	return uses;
}

describe('RequestBudget', () => {
	test('⌊ceiling⌋ slots, and a slot starts again only one window after its answer, for any latency', async () => {
		for (const [ceiling, secondMs, slots, windowMs] of [
			[5, 20, 5, 20],
			[4.5, 20, 4, 20],
			[0.5, 10, 1, 20],
		]) {
			for (const latencyMs of [0, 5]) {
				const rule = new RequestBudget(ceiling, secondMs, clock);
				expect([rule.slots, rule.windowMs]).toEqual([slots, windowMs]);
				const uses = await drive(rule, 3 * slots + 1, latencyMs);
				expect(new Set(uses.map((use) => use.slot)).size).toBeLessThanOrEqual(slots);
				for (let slot = 0; slot < slots; slot++) {
					const ofSlot = uses.filter((use) => use.slot === slot).sort((a, b) => a.start - b.start);
					for (let i = 1; i < ofSlot.length; i++) expect(ofSlot[i].start).toBeGreaterThanOrEqual(ofSlot[i - 1].finish + windowMs);
				}
			}
		}
		expect(() => new RequestBudget(0)).toThrow(RangeError);
		expect(() => new RequestBudget(Infinity)).toThrow(RangeError);
	});

	test('results first, then status checks, then everything else; within each, the one due first (by default, arrival order)', async () => {
		const rule = new RequestBudget(1, 5, clock);
		const holder = await rule.acquire(ctx);
		const order = [];
		const queued = [
			['submit a', PRIORITY.normal],
			['check at end 1', PRIORITY.plannedCheck],
			['result 1', PRIORITY.result],
			['submit b', PRIORITY.normal],
			['check at end 2', PRIORITY.plannedCheck],
			['result 2', PRIORITY.result],
			// Queued last, but the calendar planned it before the others: it goes first among the checks.
			['check planned earlier', PRIORITY.plannedCheck, Date.now() - 1000],
		].map(async ([label, priority, due]) => {
			const slot = await rule.acquire(ctx, priority, due);
			order.push(label);
			rule.finish(ctx, slot);
		});
		rule.finish(ctx, holder);
		await Promise.all(queued);
		expect(order).toEqual(['result 1', 'result 2', 'check planned earlier', 'check at end 1', 'check at end 2', 'submit a', 'submit b']);
	});

	test('a 429 holds every start for its Retry-After and halves the slots', async () => {
		// A long window: a halved slot comes back only after ten windows (10 s), so a busy machine
		// cannot bring it back before the count below.
		const rule = new RequestBudget(4, 1000, clock);
		const heldAt = clock();
		rule.backOff(ctx, 30);
		let started = 0;
		const waiting = Array.from({ length: 3 }, async () => {
			const slot = await rule.acquire(ctx);
			expect(clock()).toBeGreaterThanOrEqual(heldAt + 30);
			started++;
			return slot;
		});
		const [first, second] = await Promise.all(waiting.slice(0, 2)); // queue order: the first two
		await sleep(40);
		expect(started).toBe(2); // two of four slots, both still in flight
		rule.finish(ctx, first);
		rule.finish(ctx, second);
		await Promise.all(waiting);
		expect(started).toBe(3);
	});

	test('a cancelled execution rejects every waiter', async () => {
		const controller = new AbortController();
		const cancellable = { getExecutionCancelSignal: () => controller.signal, getNode: () => ({ name: 'Akkio', type: 'akkio', typeVersion: 1, parameters: {} }) };
		const rule = new RequestBudget(1, 1000, clock);
		await rule.acquire(cancellable);
		const waiter = rule.acquire(cancellable);
		controller.abort();
		await expect(waiter).rejects.toThrow('The execution was cancelled');
	});
});
