const { calendar } = require('./helpers');

/** Plans trainings (longest first, as items start) and returns every planned request. */
function planAll(durations, { perWindow = 5, windowMs = 1000 } = {}) {
	const plan = calendar.endCalendar(perWindow, windowMs);
	return durations.map((duration) => ({ duration, ...plan(0, duration * 1000) }));
}

describe('the end-time calendar', () => {
	test('the longest trainings are packed; each shorter one is submitted where its two end requests fit', () => {
		const plans = planAll([...Array(10).fill(300), ...Array(6).fill(60), ...Array(6).fill(10)]);
		// Packed: five submits per second, from 0.
		expect(plans.slice(0, 10).map((p) => p.submitAt)).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000]);
		const paced = plans.slice(10).map(({ duration, submitAt }) => submitAt + duration * 1000);
		// Pacing never makes the wall longer: every paced end comes before the last packed one's.
		expect(Math.max(...paced)).toBeLessThan(301500);
		// Each end check is planned at the end (paced) or at the first room after it (packed).
		for (const [i, p] of plans.entries()) expect(p.checkAt - (p.submitAt + p.duration * 1000)).toBe(i < 10 ? [0, 0, 1000, 1000, 2000, 1000, 2000, 2000, 3000, 3000][i] : 0);
	});

	test('never more than the budget in any window around a paced end', () => {
		const plans = planAll([...Array(5).fill(60), ...Array(20).fill(10)]);
		const requests = [];
		for (const { submitAt, checkAt } of plans) requests.push(submitAt, checkAt, checkAt);
		const shortEnds = plans.slice(5).map(({ duration, submitAt }) => submitAt + duration * 1000);
		for (const end of shortEnds) {
			for (let a = end - 999; a <= end; a += 1) {
				expect(requests.filter((s) => s >= a && s < a + 1000).length).toBeLessThanOrEqual(5);
			}
		}
		// Two shorter trainings per second: their ends need four of the five requests.
		expect(plans.slice(5, 9).map((p) => p.submitAt)).toEqual([1000, 1000, 2000, 2000]);
	});
});
