import type { IDataObject } from 'n8n-workflow';

import type { ErrorText } from '../errors';
import { decodeChatRecord, decodeTrainingResult, type ChatAnswer, type TaskState, type TrainingResult } from '../decode';
import { chatExploreStatusPath, chatPath, chatTargetOf, resolveResultPath, trainingTaskPath } from '../routes';
import { akkioRequest, PRIORITY, PURPOSES, type RequestContext, type RequestPurpose } from '../transport';

/**
 * What waiting needs to know about one kind of Akkio task (a training, a Chat Explore question:
 * both have the same status shape): where its status is, how its result is fetched once it
 * succeeded, and how its messages read. The polling loop (poll.ts) is the same for every kind.
 */
export interface TaskKind<Result> {
	/** "training": how messages name a task of this kind. */
	noun: string;
	statusPath(taskId: string): string;
	statusPurpose: RequestPurpose;
	/**
	 * The result of a task that succeeded, decoded. `location` is what the status gave;
	 * `resultQuery` what the item asks of the result (Chat Explore: `image_format`); `task.deadline`
	 * is the wait's (pass it on to akkioRequest).
	 */
	fetchResult(
		rc: RequestContext,
		task: { taskId: string; itemIndex: number; resultQuery?: IDataObject; deadline?: number },
		location?: string,
	): Promise<Result>;
	/**
	 * Why a task ended without a result (FAILED, UNKNOWN_TIMEOUT), in Akkio's words when it gave
	 * some, and what the user can do about it.
	 */
	endedText(state: EndedState): { text: string; advice: string };
	/** What the user can do when a wait reached its timeout. */
	timeoutAdvice(taskId: string): string;
}

export type EndedState = Extract<TaskState, { kind: 'failed' | 'timedOut' }>;

export const AKKIO_DEFAULT_FAILURE_TEXT =
	'Akkio reported the training as failed without saying why. Check the dataset in the Akkio app.';

export const UNKNOWN_TIMEOUT_TEXT =
	'Akkio lost track of the training (UNKNOWN_TIMEOUT). Trainings running for more than a day are treated as failed; submit it again.';

export const TRAINING: TaskKind<TrainingResult> = {
	noun: 'training',
	statusPath: (taskId) => trainingTaskPath(taskId, 'status'),
	statusPurpose: PURPOSES.status,
	async fetchResult(rc, task, location) {
		const target = resolveResultPath(rc.origin, task.taskId, location);
		if (target.ignoredLocation) {
			rc.ctx.logger.warn(
				`Akkio Train: result location of task ${task.taskId} points outside the Akkio API; the documented result path was used instead`,
			);
		}
		// A finished task's result goes before every status check: its detection latency is running.
		const answer = await akkioRequest(rc, {
			method: 'GET',
			path: target.path,
			purpose: PURPOSES.result,
			itemIndex: task.itemIndex,
			deadline: task.deadline,
			priority: PRIORITY.result,
		});
		return decodeTrainingResult(answer);
	},
	endedText(state) {
		if (state.kind === 'timedOut') return { text: UNKNOWN_TIMEOUT_TEXT, advice: 'Submit the training again.' };
		return state.error
			? { text: state.error, advice: "This is Akkio's own explanation. Fix the dataset or the fields and train again." }
			: { text: AKKIO_DEFAULT_FAILURE_TEXT, advice: 'Akkio sent no reason. Open the dataset in Akkio to check it, then train again.' };
	},
	timeoutAdvice: (taskId) =>
		`The training goes on in Akkio. Either raise Timeout in the node options, or turn off Wait for Completion ` +
		`and look the task up later with Get Status or Wait using task ID ${taskId}.`,
};

/**
 * A Chat Explore question (`POST /api/v1/chat-explore/new`): its status has the training's
 * shape; once it succeeded, the answer is the chat its `location` names (chatTargetOf reads
 * every form Akkio may use), fetched with the item's `image_format`.
 */
export const CHAT_EXPLORE: TaskKind<ChatAnswer> = {
	noun: 'Chat Explore question',
	statusPath: chatExploreStatusPath,
	statusPurpose: PURPOSES.chatStatus,
	async fetchResult(rc, task, location) {
		const target = chatTargetOf(rc.origin, task.taskId, location);
		if (target.ignoredLocation !== undefined) {
			rc.ctx.logger.warn(
				`Akkio: the location of Chat Explore task ${task.taskId} does not name a chat in the Akkio API; the chat with the task's ID was fetched instead`,
			);
		}
		const answer = await akkioRequest(rc, {
			method: 'GET',
			path: chatPath(target.chatId),
			...(task.resultQuery ? { query: task.resultQuery } : {}),
			purpose: PURPOSES.chatResult,
			itemIndex: task.itemIndex,
			deadline: task.deadline,
			priority: PRIORITY.result,
		});
		return decodeChatRecord(answer, target.chatId);
	},
	endedText(state) {
		if (state.kind === 'timedOut') {
			return { text: 'Akkio lost track of the question (UNKNOWN_TIMEOUT).', advice: 'Ask the question again.' };
		}
		return state.error
			? { text: state.error, advice: "This is Akkio's own explanation. Rephrase the question, or check the dataset, and ask again." }
			: {
					text: 'Akkio could not answer the question and did not say why.',
					advice: 'Rephrase the question, or try it in Chat Explore in the Akkio app.',
				};
	},
	timeoutAdvice: () =>
		'Akkio may still answer it, but the node stopped waiting. Raise Timeout (Minutes) in the node options and ask again.',
};

/** The error of a task that ended without a result. */
export function taskEndedText<Result>(kind: TaskKind<Result>, taskId: string, state: EndedState): ErrorText {
	const { text, advice } = kind.endedText(state);
	return { message: `Akkio ${kind.noun} ${taskId} failed: ${text}`, description: advice };
}
