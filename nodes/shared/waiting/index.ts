import type { IExecuteFunctions } from 'n8n-workflow';

import { readNumber } from '../parameters';
import { defaultTimeoutSeconds } from './schedule';

export { awaitResult, type TaskToWaitFor } from './poll';
export { firstCheckDelaySeconds } from './schedule';
export { TRAINING, CHAT_EXPLORE, AKKIO_DEFAULT_FAILURE_TEXT, UNKNOWN_TIMEOUT_TEXT, type TaskKind } from './taskKinds';

/**
 * Waiting for Akkio tasks: one polling loop (poll.ts) for every task kind (taskKinds.ts),
 * timed by pure functions (schedule.ts).
 */

/** The Timeout (Minutes) option in seconds; 0 or unset picks the default for the task's budget. */
export function readTimeoutSeconds(ctx: IExecuteFunctions, itemIndex: number, durationSeconds: number): number {
	const minutes = readNumber(ctx, itemIndex, 'options.timeoutMinutes', 'Timeout (Minutes)', { fallback: 0, max: 60 * 24 * 7, allowZero: true });
	return minutes > 0 ? minutes * 60 : defaultTimeoutSeconds(durationSeconds);
}
export { pacedSubmit } from './pacing';
export { announceSubmitted, stoppedWithTrainingsError } from './leftRunning';
