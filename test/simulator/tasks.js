'use strict';

// The lifecycle every asynchronous Akkio task shares: trainings (training.js) and
// Chat Explore queries (chat-explore.js) go PENDING -> IN_PROGRESS -> a terminal
// status, and their /status routes answer the same APIStatusResponse.
//
// A task has no timers: its phase is a pure function of the clock. At submit time
// we fix when it leaves the queue (startAt) and when it becomes terminal (doneAt),
// so a status call just compares sim.now() with those instants. That keeps the
// simulator free of pending timers (jest exits cleanly) and makes taskDoneAt()
// exact for detection-latency measurements.
//
// Options are read from the simulator's options object on every call, so a test
// may change them (timeScale, estimates, statusStyle, ...) between requests.

const crypto = require('crypto');
const { jsonResponse, detailError } = require('./responses');

const NOISE = 0.3;

const defaultTaskId = () => crypto.randomBytes(18).toString('base64url'); // 24 url-safe chars
/** A dataset, model or project ID as Akkio shows them: 20 letters and digits. */
const newAkkioId = () => crypto.randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').slice(0, 20);

class TaskLifecycle {
	constructor(sim, options) {
		this.sim = sim;
		this.options = options;
	}

	/** When a task submitted now leaves the queue and when it is planned to end. */
	schedule(realMs) {
		const now = this.sim.now();
		const ms = Math.max(0, realMs);
		return { createdAt: now, startAt: now + ms * this.options.pendingFraction, plannedEnd: now + ms };
	}

	/**
	 * How a task on `dataset` ends: { outcome, error?, doneAt, unknownTimeoutMetadata }.
	 * `failure` ({ error, at: 'start' | 'end' }) is the task's own problem (bad data, a
	 * question it cannot answer); the dataset flags (stuck, failWithError,
	 * failWithoutError, unknownTimeout) apply to every kind of task on that dataset.
	 */
	outcome(plan, dataset, failure) {
		const unknownTimeoutMetadata =
			typeof dataset.unknownTimeout === 'string' ? dataset.unknownTimeout : this.options.unknownTimeoutMetadata;
		const ending = (outcome, error, doneAt = plan.plannedEnd) => ({ outcome, error, doneAt, unknownTimeoutMetadata });
		// STUCK is never reached: phase() stays IN_PROGRESS before Infinity.
		if (dataset.stuck) return ending('STUCK', undefined, Infinity);
		if (failure) return ending('FAILED', failure.error, failure.at === 'start' ? plan.startAt : plan.plannedEnd);
		if (dataset.failWithError || dataset.failWithoutError) return ending('FAILED', dataset.failWithError || undefined);
		if (dataset.unknownTimeout) return ending('UNKNOWN_TIMEOUT');
		return ending('SUCCEEDED');
	}

	/** The task's phase at a given instant (defaults to now). */
	phase(task, at = this.sim.now()) {
		if (at >= task.doneAt) return task.outcome;
		if (at < task.startAt) return 'PENDING';
		return 'IN_PROGRESS';
	}

	/** The lifecycle part of a task's snapshot (sim.task()): planned instants, outcome, status now. */
	snapshot(task) {
		const { createdAt, startAt, plannedEnd, doneAt, outcome, error } = task;
		return { createdAt, startAt, plannedEnd, doneAt, outcome, error, status: this.phase(task) };
	}

	/** When the task became terminal (sim.now() clock), or null if it has not (yet). */
	doneAt(task) {
		if (!task || !Number.isFinite(task.doneAt) || task.doneAt > this.sim.now()) return null;
		return task.doneAt;
	}

	pendingName() {
		return this.options.statusStyle === 'prose' ? 'SUBMITTED' : 'PENDING';
	}

	/** Remaining time in *nominal* seconds, i.e. what the real service would say. */
	estimate(task, now) {
		const mode = this.options.estimates;
		if (mode === 'absent') return undefined;
		if (mode === 'null') return null;
		const remainingMs = Math.max(0, task.plannedEnd - now);
		let seconds = remainingMs / 1000 / (this.options.timeScale || 1);
		if (mode === 'noisy') seconds *= 1 + (this.sim.rng.next() * 2 - 1) * NOISE;
		return Math.round(seconds * 100) / 100;
	}

	/**
	 * A SUCCEEDED location for `path` (relative to the API root): `style` 'rooted' prefixes
	 * /api/v1, 'relative' leaves it, a function gets the task's snapshot() and decides.
	 */
	location(style, path, snapshot) {
		if (typeof style === 'function') return style(snapshot());
		return style === 'relative' ? path : `/api/v1${path}`;
	}

	/**
	 * The APIStatusResponse for a task (undefined: an id never seen) whose SUCCEEDED
	 * metadata carries location(task).
	 */
	status(task, location) {
		const pending = () => jsonResponse(200, { status: this.pendingName(), metadata: { type: this.pendingName() } });
		if (!task) {
			// The pages are silent (option unknownTask, 'pending' unless '404'): Celery answers
			// PENDING for ids it has never seen, and Akkio's enum is Celery's; a 404 is as plausible.
			return this.options.unknownTask === '404' ? detailError(404, 'Task not found') : pending();
		}
		const now = this.sim.now();
		const phase = this.phase(task, now);
		switch (phase) {
			case 'PENDING':
				return pending();
			case 'IN_PROGRESS': {
				const metadata = { type: 'IN_PROGRESS' };
				const estimate = this.estimate(task, now);
				if (estimate !== undefined) metadata.estimate_seconds = estimate;
				return jsonResponse(200, { status: 'IN_PROGRESS', metadata });
			}
			case 'SUCCEEDED':
				return jsonResponse(200, { status: 'SUCCEEDED', metadata: { type: 'SUCCEEDED', location: location(task) } });
			case 'FAILED': {
				const metadata = { type: 'FAILED' };
				if (task.error) metadata.error = task.error;
				return jsonResponse(200, { status: 'FAILED', metadata });
			}
			case 'UNKNOWN_TIMEOUT': {
				// No metadata schema exists for this status: let tests pick the variant.
				const style = task.unknownTimeoutMetadata;
				if (style === 'missing') return jsonResponse(200, { status: 'UNKNOWN_TIMEOUT' });
				return jsonResponse(200, { status: 'UNKNOWN_TIMEOUT', metadata: style === 'null' ? null : {} });
			}
			default:
				throw new Error(`unexpected phase ${phase}`);
		}
	}
}

module.exports = { TaskLifecycle, defaultTaskId, newAkkioId };
