'use strict';
// The physical floor: the best wall, detection latency and requests per task that ANY client
// could reach under Akkio's budget, for a known list of tasks. Pure (no I/O, no clock).
//
// Model (Akkio seconds):
// - Budget: at most `perWindow` requests start in any half-open window [a, a + windowSeconds),
//   counted by their start as Akkio sees it (the simulator's peakRequestsPerWindow rule).
// - Every request is answered `serviceSeconds` after it starts.
// - A task is a chain of steps. A training is submit → status → result: the status must start
//   at or after the training's end (submit start + duration) to see it done, and the result
//   once the status answer is back. A Predict batch is a single request.
// - Wall: from the first request's start to the last answer. Detection latency: from a
//   training's end to its result's answer.
//
// Two greedy schedules are built over the known training ends, and both are checked against
// the window rule and the chain order (verifySchedule) before any figure is returned:
// 1. Wall: list scheduling; at every free slot the most urgent ready request starts (results,
//    then statuses of ended trainings, then submits, longest training first). Its wall is set
//    beside a lower bound no client can beat (wallLowerBound); the report prints the gap, so
//    where it is 0 the wall is the optimum.
// 2. Latency: an end-time calendar. Longest trainings first, each task is submitted at the
//    earliest moment that lets its status start exactly at its end and its result right after
//    the status answer (latency 2 × serviceSeconds, the least possible), if its last answer
//    stays within schedule 1's wall. The longest trainings that set the wall cannot all have
//    that (2 tasks per window need 4 of the 5 requests with a gap, where packing uses all 5),
//    so the fewest longest tasks needed to keep the wall are packed as early as they can go
//    (binary search). Its median latency is the floor's; when it equals 2 × serviceSeconds
//    no client can do better.
//
// Times are held as integer microseconds inside, so that window edges compare exactly.

const US = 1e6;
const toUs = (seconds) => Math.round(seconds * US);
const toSeconds = (us) => us / US;

/** Index of the first element ≥ value in a sorted array. */
function lowerBound(sorted, value) {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (sorted[mid] < value) low = mid + 1;
		else high = mid;
	}
	return low;
}

/** Request starts (integer µs) under the window rule, with tentative inserts. */
class WindowCalendar {
	constructor(perWindow, windowUs) {
		this.perWindow = perWindow;
		this.windowUs = windowUs;
		this.starts = [];
	}

	countIn(from, to) {
		return lowerBound(this.starts, to) - lowerBound(this.starts, from);
	}

	/**
	 * 0 when a request can start at t; else the first instant before which it certainly
	 * cannot. The windows holding t start at a ∈ (t − w, t]; the fullest of them starts at an
	 * existing start in that range or at t itself.
	 */
	blockedUntil(t) {
		const w = this.windowUs;
		let until = 0;
		const first = lowerBound(this.starts, t - w + 1);
		const last = lowerBound(this.starts, t + 1);
		const candidates = this.starts.slice(first, last);
		candidates.push(t);
		for (const a of candidates) {
			if (this.countIn(a, a + w) >= this.perWindow) until = Math.max(until, a + w);
		}
		return until;
	}

	fits(t) {
		return this.blockedUntil(t) === 0;
	}

	/** The earliest t' ≥ t where a request can start. */
	earliest(t) {
		for (;;) {
			const until = this.blockedUntil(t);
			if (until === 0) return t;
			t = until;
		}
	}

	insert(t) {
		this.starts.splice(lowerBound(this.starts, t), 0, t);
	}

	remove(t) {
		const index = lowerBound(this.starts, t);
		if (this.starts[index] !== t) throw new Error(`calendar: no start at ${t}`);
		this.starts.splice(index, 1);
	}
}

/** A training: submit, then a status at or after its end, then the result. */
function trainingTask(durationSeconds) {
	return {
		durationSeconds,
		steps: [
			{ kind: 'submit', lagSeconds: 0 },
			{ kind: 'status', lagSeconds: durationSeconds, afterEnd: true },
			{ kind: 'result', lagSeconds: 0 },
		],
	};
}

/** One request on its own (a Predict or Add Rows batch). */
function singleRequestTask() {
	return { durationSeconds: 0, steps: [{ kind: 'request', lagSeconds: 0 }] };
}

/** Work left after a step starts: what a task still needs before its last answer. */
function tailUs(task, fromStep, serviceUs) {
	let tail = serviceUs; // the answer of the last step
	for (let j = fromStep + 1; j < task.steps.length; j++) tail += Math.max(serviceUs, toUs(task.steps[j].lagSeconds));
	return tail;
}

/**
 * A lower bound on the wall of any schedule:
 * - all requests: the j-th start of any client is at ≥ ⌊(j−1)/P⌋ windows;
 * - the j tasks with the longest tails: one of their first steps starts at ≥ ⌊(j−1)/P⌋ windows;
 * - crowded ends: every task whose training is at least D long needs its status and result
 *   at or after D.
 */
function wallLowerBound(tasks, { perWindow = 5, windowSeconds = 1, serviceSeconds = 0 } = {}) {
	const w = toUs(windowSeconds);
	const service = toUs(serviceSeconds);
	const nth = (count) => Math.floor((count - 1) / perWindow) * w; // earliest start of the count-th request
	if (!tasks.length) return 0;
	const total = tasks.reduce((sum, task) => sum + task.steps.length, 0);
	let bound = nth(total) + service;
	const tails = tasks.map((task) => tailUs(task, 0, service)).sort((a, b) => b - a);
	tails.forEach((tail, index) => (bound = Math.max(bound, nth(index + 1) + tail)));
	const trainings = tasks.filter((task) => task.steps.some((step) => step.afterEnd));
	const durations = [...new Set(trainings.map((task) => toUs(task.durationSeconds)))];
	for (const d of durations) {
		const late = trainings
			.filter((task) => toUs(task.durationSeconds) >= d)
			.reduce((sum, task) => sum + task.steps.length - task.steps.findIndex((step) => step.afterEnd), 0);
		bound = Math.max(bound, d + nth(late) + service);
	}
	return toSeconds(bound);
}

/** Longest tail first; ties in input order. */
function longestFirst(tasks, service) {
	return tasks
		.map((task, index) => ({ task, index, tail: tailUs(task, 0, service) }))
		.sort((a, b) => b.tail - a.tail || a.index - b.index);
}

/** Schedule 1: work-conserving list scheduling with priorities (see the header). */
function wallSchedule(tasks, perWindow, w, service) {
	const slots = new Array(perWindow).fill(0); // when each slot is free again
	const queue = longestFirst(tasks, service).map(({ index }) => ({ task: index, step: 0, readyAt: 0 }));
	const waiting = []; // later steps, ready at a known time
	const starts = tasks.map((task) => new Array(task.steps.length).fill(null));
	const rank = (request) => tasks[request.task].steps.length - request.step; // results 1, statuses 2, submits 3
	let t = 0;
	let remaining = tasks.reduce((sum, task) => sum + task.steps.length, 0);
	while (remaining > 0) {
		let slot = 0;
		for (let k = 1; k < perWindow; k++) if (slots[k] < slots[slot]) slot = k;
		t = Math.max(t, slots[slot]);
		let best = -1;
		for (let i = 0; i < waiting.length; i++) {
			const request = waiting[i];
			if (request.readyAt > t) continue;
			const current = waiting[best];
			if (best < 0 || rank(request) < rank(current) || (rank(request) === rank(current) && request.readyAt < current.readyAt)) best = i;
		}
		let request;
		if (best >= 0) request = waiting.splice(best, 1)[0];
		else if (queue.length) request = queue.shift();
		else {
			t = Math.min(...waiting.map((r) => r.readyAt));
			continue;
		}
		// A waiting step outranks a submit only once ready; the first submit waits for nothing.
		starts[request.task][request.step] = t;
		slots[slot] = t + w;
		remaining--;
		const next = request.step + 1;
		const task = tasks[request.task];
		if (next < task.steps.length) {
			waiting.push({ task: request.task, step: next, readyAt: t + Math.max(service, toUs(task.steps[next].lagSeconds)) });
		}
	}
	return starts;
}

function chainFigures(task, placed, service) {
	const completion = placed[placed.length - 1] + service;
	const endStep = task.steps.findIndex((step) => step.afterEnd);
	const end = endStep > 0 ? placed[endStep - 1] + toUs(task.steps[endStep].lagSeconds) : null;
	return { completion, latency: end === null ? null : completion - end };
}

/**
 * The earliest s ≥ from where the task's chain fits with every step right after the one
 * before (status at the training's end, result at the status answer), or null if that would
 * end after `latest`. Jumps over blocked stretches: a full window blocks every instant in it.
 */
function earliestTightChain(calendar, task, from, latestStart, service) {
	const gaps = task.steps.map((step, j) => (j === 0 ? 0 : Math.max(service, toUs(step.lagSeconds))));
	let s = from;
	for (;;) {
		if (s > latestStart) return null;
		const placed = [];
		let jump = 0;
		let offset = 0;
		for (let j = 0; j < gaps.length; j++) {
			offset += gaps[j];
			const until = calendar.blockedUntil(s + offset);
			if (until !== 0) {
				jump = until - offset;
				break;
			}
			placed.push(s + offset);
			calendar.insert(s + offset);
		}
		for (const t of placed) calendar.remove(t);
		if (jump === 0) return s;
		s = Math.max(s + 1, jump);
	}
}

/** Every step as early as it can go, in order (a first-come, first-served client). */
function earliestChain(calendar, task, service) {
	const placed = [calendar.earliest(0)];
	calendar.insert(placed[0]);
	for (let j = 1; j < task.steps.length; j++) {
		const t = calendar.earliest(placed[j - 1] + Math.max(service, toUs(task.steps[j].lagSeconds)));
		placed.push(t);
		calendar.insert(t);
	}
	return placed;
}

/**
 * Schedule 2, the end-time calendar: the `packed` longest tasks go as early as they can (they
 * are the crowd that sets the wall), every other task at the earliest moment where its status
 * meets its end and its result follows at once, if that ends within `wallLimit`.
 */
function calendarSchedule(tasks, perWindow, w, service, wallLimit, packed) {
	const calendar = new WindowCalendar(perWindow, w);
	const starts = tasks.map(() => null);
	longestFirst(tasks, service).forEach(({ task, index, tail }, order) => {
		let placed = null;
		if (order >= packed) {
			const s = earliestTightChain(calendar, task, calendar.earliest(0), wallLimit - tail, service);
			if (s !== null) {
				placed = [];
				let offset = 0;
				task.steps.forEach((step, j) => {
					offset += j === 0 ? 0 : Math.max(service, toUs(step.lagSeconds));
					placed.push(s + offset);
					calendar.insert(s + offset);
				});
			}
		}
		starts[index] = placed || earliestChain(calendar, task, service);
	});
	return starts;
}

function scheduleWall(tasks, startsUs, service) {
	return Math.max(...tasks.map((task, i) => chainFigures(task, startsUs[i], service).completion)) - Math.min(...startsUs.map((steps) => steps[0]));
}

/**
 * The fewest longest tasks to pack so that the calendar keeps `wallLimit` (binary search;
 * checked at the end), and that schedule. Falls back to packing every task.
 */
function latencySchedule(tasks, perWindow, w, service, wallLimit) {
	const build = (packed) => calendarSchedule(tasks, perWindow, w, service, wallLimit, packed);
	const keeps = (starts) => scheduleWall(tasks, starts, service) <= wallLimit;
	let low = 0;
	let high = tasks.length;
	let best = null;
	const attempt = build(0);
	if (keeps(attempt)) return { starts: attempt, packed: 0 };
	while (low + 1 < high) {
		const mid = (low + high) >>> 1;
		const starts = build(mid);
		if (keeps(starts)) {
			high = mid;
			best = starts;
		} else low = mid;
	}
	return { starts: best || build(high), packed: high };
}

/** The most requests that start within any window [a, a + windowSeconds) (the simulator's rule). */
function peakPerWindow(startsSeconds, windowSeconds = 1) {
	const w = toUs(windowSeconds);
	const times = startsSeconds.map(toUs).sort((a, b) => a - b);
	let peak = 0;
	let first = 0;
	for (let last = 0; last < times.length; last++) {
		while (times[last] - times[first] >= w) first++;
		peak = Math.max(peak, last - first + 1);
	}
	return peak;
}

/**
 * Checks a schedule (starts[task][step] in seconds) against the window rule and each task's
 * chain. Returns { ok, peak, problems }.
 */
function verifySchedule(tasks, starts, { perWindow = 5, windowSeconds = 1, serviceSeconds = 0 } = {}) {
	const problems = [];
	const all = [];
	const service = toUs(serviceSeconds);
	tasks.forEach((task, i) => {
		const steps = starts[i];
		if (!Array.isArray(steps) || steps.length !== task.steps.length || steps.some((t) => !Number.isFinite(t))) {
			problems.push(`task ${i}: ${task.steps.length} steps expected, got ${JSON.stringify(steps)}`);
			return;
		}
		if (toUs(steps[0]) < 0) problems.push(`task ${i}: starts before 0`);
		for (let j = 1; j < steps.length; j++) {
			const gap = toUs(steps[j]) - toUs(steps[j - 1]);
			const needed = Math.max(service, toUs(task.steps[j].lagSeconds));
			if (gap < needed) problems.push(`task ${i}: ${task.steps[j].kind} ${toSeconds(gap)} s after ${task.steps[j - 1].kind}, needs ${toSeconds(needed)} s`);
		}
		all.push(...steps);
	});
	const peak = peakPerWindow(all, windowSeconds);
	if (peak > perWindow) problems.push(`${peak} requests start within one ${windowSeconds} s window (at most ${perWindow})`);
	return { ok: problems.length === 0, peak, problems };
}

/** Lower median, as the benchmark's percentile(…, 50). */
function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.ceil(sorted.length / 2) - 1] : NaN;
}

function figuresOf(tasks, startsUs, service) {
	const per = tasks.map((task, i) => chainFigures(task, startsUs[i], service));
	const first = Math.min(...startsUs.map((steps) => steps[0]));
	const latencies = per.filter((f) => f.latency !== null).map((f) => toSeconds(f.latency));
	return {
		wall: toSeconds(Math.max(...per.map((f) => f.completion)) - first),
		latencies,
		medianLatency: latencies.length ? median(latencies) : null,
		starts: startsUs.map((steps) => steps.map(toSeconds)),
	};
}

/**
 * The floor for `tasks` (trainingTask / singleRequestTask objects). Throws if a schedule it
 * built breaks the window rule or a chain: a floor that is not feasible is no floor.
 */
function floorOf(tasks, { perWindow = 5, windowSeconds = 1, serviceSeconds = 0 } = {}) {
	if (!(perWindow >= 1) || !Number.isInteger(perWindow)) throw new RangeError('perWindow must be a whole number ≥ 1');
	if (!(windowSeconds > 0)) throw new RangeError('windowSeconds must be > 0');
	if (!(serviceSeconds >= 0)) throw new RangeError('serviceSeconds must be ≥ 0');
	const budget = { perWindow, windowSeconds, serviceSeconds };
	const w = toUs(windowSeconds);
	const service = toUs(serviceSeconds);
	const wallStarts = wallSchedule(tasks, perWindow, w, service);
	const byWall = figuresOf(tasks, wallStarts, service);
	const lowerBound = wallLowerBound(tasks, budget);
	const wallLimit = Math.max(toUs(byWall.wall), toUs(lowerBound));
	const calendar = latencySchedule(tasks, perWindow, w, service, wallLimit);
	const byLatency = figuresOf(tasks, calendar.starts, service);
	byLatency.packed = calendar.packed;
	for (const [name, schedule] of [['wall', byWall], ['latency', byLatency]]) {
		const check = verifySchedule(tasks, schedule.starts, budget);
		if (!check.ok) throw new Error(`floor: the ${name} schedule breaks the budget: ${check.problems.slice(0, 3).join('; ')}`);
		schedule.peak = check.peak;
	}
	const requests = tasks.reduce((sum, task) => sum + task.steps.length, 0);
	const hasTrainings = byLatency.latencies.length > 0;
	return {
		budget,
		wall: byWall.wall,
		wallLowerBound: lowerBound,
		/** How far the wall could still be above the true optimum (0: it is the optimum). */
		wallGap: toSeconds(toUs(byWall.wall) - toUs(lowerBound)),
		medianLatency: hasTrainings ? byLatency.medianLatency : null,
		latencyLowerBound: hasTrainings ? 2 * serviceSeconds : null,
		/** The latency schedule's own wall: equal to `wall` when one schedule reaches both. */
		latencyScheduleWall: byLatency.wall,
		requests,
		requestsPerTask: requests / tasks.length,
		schedules: { wall: byWall, latency: byLatency },
	};
}

/**
 * A scenario's floor as the report reads it: its trainings (submit → status at the end →
 * result) or its Predict batches (one request each), at Akkio's 5 requests per second.
 */
function computeFloor(scenario, { serviceSeconds = 0 } = {}) {
	const tasks = scenario.predictItems
		? Array.from({ length: Math.ceil(scenario.predictItems / scenario.batchSize) }, singleRequestTask)
		: scenario.tasks.map((task) => trainingTask(task.duration));
	const floor = floorOf(tasks, { serviceSeconds });
	return { wall: floor.wall, wallLowerBound: floor.wallLowerBound, requests: floor.requests, requestsPerTask: floor.requestsPerTask, latencyP50: floor.medianLatency ?? 0 };
}

module.exports = { computeFloor, median };
