import type { IDataObject } from 'n8n-workflow';

import { isAbandonment, isCancellation, pause } from '../cancellation';
import { asSentence, decodeTaskStatus } from '../decode';
import { taskFailedError, waitTimeoutError } from '../errors';
import { akkioRequest, DeadlineReached, PRIORITY, type RequestContext } from '../transport';
import { EstimateTrust, firstCheck, nextCheck } from './schedule';
import { taskEndedText, type TaskKind } from './taskKinds';

export interface TaskToWaitFor {
	itemIndex: number;
	taskId: string;
	/** The task's budget in seconds (a training's duration); scales the polling cap. */
	durationSeconds: number;
	/** Seconds before the first status check (0: check right away). */
	firstCheckSeconds: number;
	/** Set when this execution submitted the task: its budget is then a prior for the end. */
	submittedAt?: number;
	timeoutSeconds: number;
	/** Query parameters of the result fetch (Chat Explore: `image_format`). */
	resultQuery?: IDataObject;
}

/** Sleeping tasks look again this often (in Akkio seconds) whether their plan still holds. */
const REPLAN_EVERY_SECONDS = 2;

/**
 * How long past Timeout a request in flight may take (real ms): the last look, made exactly at
 * the deadline, gets this long for its answer. No request of a wait outlives Timeout by more.
 */
const LAST_LOOK_MS = 2000;

/**
 * What the waiting items of one execution have learned about Akkio's estimates, shared by all
 * of them (one per request context, so per execution).
 */
const estimateTrusts = new WeakMap<RequestContext, EstimateTrust>();

function estimateTrustOf(rc: RequestContext): EstimateTrust {
	let trust = estimateTrusts.get(rc);
	if (!trust) {
		trust = new EstimateTrust();
		estimateTrusts.set(rc, trust);
	}
	return trust;
}

/** Sleeps until `wakeAt()`, re-reading it while asleep because what it depends on can change. */
async function sleepUntil(rc: RequestContext, wakeAt: () => number, replanMs: number): Promise<void> {
	for (;;) {
		const remaining = wakeAt() - Date.now();
		if (remaining <= 0) return;
		await pause(rc.ctx, Math.min(remaining, replanMs), rc.abandoned);
	}
}

/**
 * Polls one task until it ends and returns its decoded result. Many of these run at once, one
 * per item; they share the request budget, so together they never exceed it. When to check
 * next is decided by the pure functions of schedule.ts. Timeout bounds the requests in flight
 * too. Once this execution submitted the task, every error names it and how to pick it up.
 */
export async function awaitResult<Result>(rc: RequestContext, kind: TaskKind<Result>, task: TaskToWaitFor): Promise<Result> {
	try {
		return await pollTask(rc, kind, task);
	} catch (error) {
		if (error instanceof DeadlineReached) throw timeoutError(rc, kind, task);
		throw task.submittedAt === undefined ? error : namingPickup(error, kind, task.taskId);
	}
}

async function pollTask<Result>(rc: RequestContext, kind: TaskKind<Result>, task: TaskToWaitFor): Promise<Result> {
	const estimates = estimateTrustOf(rc);
	const toMs = (seconds: number) => seconds * 1000 * rc.timeScale;
	const toSeconds = (ms: number) => ms / 1000 / rc.timeScale;
	const deadline = Date.now() + toMs(task.timeoutSeconds);
	const requestDeadline = deadline + LAST_LOOK_MS;
	const replanMs = Math.min(250, toMs(REPLAN_EVERY_SECONDS));

	let decidedAt = Date.now();
	const first = firstCheck(task.durationSeconds, task.firstCheckSeconds, task.submittedAt !== undefined);
	let delaySeconds = first.delaySeconds;
	// Only the early check is speculative; every later check aims at an expected end or follows one.
	let speculative = first.speculative;
	let lastEstimate: { seconds: number; at: number } | undefined;
	let lastWasAimed = false;
	// The plan for the next check, re-made while asleep if the execution learns estimates are off.
	let plan = (): number => decidedAt + toMs(delaySeconds);

	for (;;) {
		if (Date.now() >= deadline) throw timeoutError(rc, kind, task);
		// A last look exactly at the deadline rather than giving up just before the end.
		await sleepUntil(rc, () => Math.min(plan(), deadline), replanMs);
		if (speculative && !rc.budget.idle()) {
			// An early check only with capacity no other request needs: otherwise the planned one.
			speculative = false;
			delaySeconds = nextCheck(task.durationSeconds, plannedEndOf(task, toSeconds(Date.now() - (task.submittedAt ?? 0)))).delaySeconds;
			decidedAt = Date.now();
			plan = () => decidedAt + toMs(delaySeconds);
			continue;
		}

		const answer = await akkioRequest(rc, {
			method: 'GET',
			path: kind.statusPath(task.taskId),
			purpose: kind.statusPurpose,
			itemIndex: task.itemIndex,
			deadline: requestDeadline,
			priority: speculative ? PRIORITY.speculativeCheck : PRIORITY.plannedCheck,
		});
		speculative = false;
		const { status, state } = decodeTaskStatus(answer);
		if (state.kind === 'succeeded') return await kind.fetchResult(rc, { ...task, deadline: requestDeadline }, state.location);
		if (state.kind === 'failed' || state.kind === 'timedOut') {
			throw taskFailedError(rc.ctx.getNode(), taskEndedText(kind, task.taskId, state), task.itemIndex, { taskId: task.taskId, status });
		}
		const now = Date.now();
		const estimate = state.estimateSeconds;
		if (estimate !== undefined && lastEstimate) {
			estimates.observe(lastEstimate.seconds, toSeconds(now - lastEstimate.at), estimate);
		}
		lastEstimate = estimate !== undefined && estimate > 0 ? { seconds: estimate, at: now } : undefined;
		const observed = {
			previousIntervalSeconds: delaySeconds,
			estimateSeconds: estimate,
			elapsedSeconds: task.submittedAt !== undefined ? toSeconds(now - task.submittedAt) : undefined,
			expectedSeconds: task.submittedAt !== undefined ? task.durationSeconds : undefined,
			pastExpectedEnd: lastWasAimed,
		};
		const next = nextCheck(task.durationSeconds, { ...observed, estimateFactor: estimates.factor() });
		decidedAt = now;
		delaySeconds = next.delaySeconds;
		lastWasAimed = next.aimed;
		// Only a plan made from an estimate can change while asleep (what the execution learns
		// about estimates moves it); any other is fixed.
		plan =
			estimate !== undefined && estimate > 0
				? () => decidedAt + toMs(nextCheck(task.durationSeconds, { ...observed, estimateFactor: estimates.factor() }).delaySeconds)
				: () => decidedAt + toMs(next.delaySeconds);
	}
}

/** What nextCheck needs to aim at the end of a task this execution submitted. */
function plannedEndOf(task: TaskToWaitFor, elapsedSeconds: number) {
	return { elapsedSeconds, expectedSeconds: task.durationSeconds };
}

function timeoutError<Result>(rc: RequestContext, kind: TaskKind<Result>, task: TaskToWaitFor) {
	const minutes = Math.round((task.timeoutSeconds / 60) * 10) / 10;
	const noun = kind.noun.charAt(0).toUpperCase() + kind.noun.slice(1);
	return waitTimeoutError(
		rc.ctx.getNode(),
		{ message: `${noun} ${task.taskId} was still running after ${minutes} minutes, the node's timeout`, description: kind.timeoutAdvice(task.taskId) },
		task.itemIndex,
	);
}

/**
 * Adds to an error after a successful submit which task it was and how to pick it up, so that
 * nobody submits (and pays for) it again. Cancellation, abandonment and errors that already
 * name the task (FAILED, the timeout) are left as they are.
 */
function namingPickup<Result>(error: unknown, kind: TaskKind<Result>, taskId: string): unknown {
	if (!(error instanceof Error) || isCancellation(error) || isAbandonment(error) || error.message.includes(taskId)) return error;
	const described = error as Error & { description?: string | null };
	const pickup =
		`The ${kind.noun} ${taskId} was submitted and may still be running in Akkio: pick it up with ` +
		`Get Status or Wait with task ID ${taskId} instead of submitting again.`;
	described.message = `${error.message} (${kind.noun} ${taskId} was submitted)`;
	described.description = described.description ? `${asSentence(described.description)} ${pickup}` : pickup;
	return error;
}
