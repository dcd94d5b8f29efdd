/**
 * The words a user sees when a request fails. Pure: the retry decision picks which of these a
 * failure gets, the transport throws it.
 */
import type { ErrorText } from '../errors';
import { asSentence, bodySnippet, excerpt, isKeyRejection, LEGACY_KEY_REJECTION, MAX_ANSWER_CHARS, MAX_JSON_DEPTH, reportedFailure } from '../decode';

/**
 * What a request is for: what its errors name, and, for a request that changes something in
 * Akkio, what to tell the user when it is unknown whether the change happened. A request
 * without `change` can be sent again safely (a read, a prediction, a delete).
 */
export interface RequestPurpose {
	/** What the key may lack access to (403) or what may not exist (404). */
	resource: string;
	/** The request looks up a task by ID: a 404 means the ID is unknown or expired. */
	taskLookup?: 'status' | 'result';
	/** What to do when Akkio rejects the request as invalid (422), when there is more to say. */
	rejectedAdvice?: string;
	change?: {
		/** "while …": what was happening. */
		while: string;
		/** "Akkio answered … with a body that is not valid JSON". */
		answerTo: string;
		/** What an unreadable 2xx means. */
		ifUnreadable: string;
		/** What a second attempt could create. */
		duplicate: string;
		/** How the user can check before running the item again. */
		check: string;
	};
}

/** The resources a user picks from a list in the editor; any other ID is typed or mapped. */
const PICKERS = new Set(['dataset', 'model']);

/** What a user does after a submit that may or may not have started a training. */
export const CHECK_FOR_NEW_MODEL =
	'Open the dataset in the Akkio app and check whether a new model appeared before running this item again.';

/** Creating something named (a dataset, a project): a second attempt makes a second of the same name. */
function creation(thing: string, howToLook: string): NonNullable<RequestPurpose['change']> {
	return {
		while: `the ${thing} was being created`,
		answerTo: `the ${thing} creation`,
		ifUnreadable: `The ${thing} was probably created, but its ID could not be read.`,
		duplicate: `a second ${thing} of the same name`,
		check: `${howToLook} and check whether it appeared before running this item again.`,
	};
}

export const PURPOSES = {
	submit: {
		resource: 'dataset',
		change: {
			while: 'the training was being submitted',
			answerTo: 'the training submit',
			ifUnreadable: 'The training has probably started, but its task ID could not be read.',
			duplicate: 'a second paid training',
			check: CHECK_FOR_NEW_MODEL,
		},
	},
	status: { resource: 'training', taskLookup: 'status' },
	result: { resource: 'training', taskLookup: 'result' },
	listDatasets: { resource: 'team' },
	getDataset: { resource: 'dataset' },
	createDataset: {
		resource: 'team',
		change: creation('dataset', 'List the datasets (Dataset → List)'),
	},
	addRows: {
		resource: 'dataset',
		change: {
			while: 'rows were being added',
			answerTo: 'the request adding rows',
			ifUnreadable: 'The rows were probably stored, but the answer could not be read.',
			duplicate: 'the same rows twice',
			check: "Check the dataset's row count (Dataset → Get) before sending these rows again.",
		},
	},
	deleteDataset: { resource: 'dataset' },
	listModels: { resource: 'team' },
	predict: { resource: 'model' },
	deleteModel: { resource: 'model' },
	// A question changes nothing but Akkio's chat history: sent again, it at worst leaves a second
	// chat with the same question, so it is retried like a read.
	chatSubmit: { resource: 'dataset or project' },
	chatStatus: { resource: 'Chat Explore question', taskLookup: 'status' },
	chatResult: { resource: 'chat', taskLookup: 'result' },
	createProject: {
		resource: 'team',
		rejectedAdvice:
			'Akkio listed what is wrong above (location: message). If it asks for body._owner or body._org, set Options → Owner ID and Organization ID (your user and organization IDs in Akkio).',
		change: creation('project', 'Open the projects in the Akkio app'),
	},
	getProject: { resource: 'project' },
	updateProject: { resource: 'project' },
	deleteProject: { resource: 'project' },
} satisfies Record<string, RequestPurpose>;

/** What to do when Akkio has no result for a task (yet). */
export const RESULT_ONLY_AFTER_SUCCESS =
	'A result is only there once the training has SUCCEEDED. Use Wait for Training, or Get Status until done is true, then Get Result.';

function notResent(duplicate: string): string {
	return `Akkio has no way to accept the same request twice safely, so it was not sent again (a second one could create ${duplicate}).`;
}

/**
 * Every text here reads on one line (the editor does not render line breaks): sentences apart,
 * Akkio's words a sentence of their own. A message never repeats the status code: the error
 * carries it as `httpCode`, which the editor shows beside the message ("401 - …").
 */
export function describeHttpError(
	statusCode: number,
	words: string | undefined,
	purpose: RequestPurpose,
	attempts: number,
	redirectTo?: string,
): ErrorText {
	const said = words ? `Akkio said: ${asSentence(words)}` : 'Akkio gave no details.';
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	switch (statusCode) {
		case 401:
			return {
				message: 'Akkio rejected the API key',
				description: `${said} Check the API Key in the Akkio API credential. Copy it again from Team Settings → API Keys; spaces around the key are removed automatically.`,
			};
		case 403:
			return {
				message: `The API key has no access to this ${purpose.resource}`,
				description: `${said} The key belongs to a team that cannot see this resource. Use a key of the team that owns the dataset.`,
			};
		case 404:
			return {
				message: purpose.taskLookup === 'result' ? 'Akkio has no result for this task' : `Akkio has no such ${purpose.resource}`,
				description: purpose.taskLookup
					? `${said} Check the task ID. Akkio keeps task statuses for at least 24 hours.${purpose.taskLookup === 'result' ? ` ${RESULT_ONLY_AFTER_SUCCESS}` : ''}`
					: `${said} Check the ID: ${PICKERS.has(purpose.resource) ? `pick the ${purpose.resource} from the list, or ` : ''}copy its ID again from Akkio.`,
			};
		case 422:
			return {
				message: `Akkio rejected the request: ${words ?? 'validation failed'}`,
				description: purpose.rejectedAdvice ?? 'Akkio validated the request and listed what is wrong above (location: message).',
			};
		case 429:
			return {
				message: `Akkio's rate limit was reached${tries}`,
				description: `${said} Akkio allows 5 requests per second per account, shared by all workflows using the key. Lower "Max Requests per Second" in the node options.`,
			};
		default:
			if (statusCode >= 300 && statusCode < 400) {
				const target = redirectTo ? ` to ${excerpt(redirectTo)}` : '';
				return {
					message: `Akkio answered with a redirect${target}, which the node does not follow`,
					description:
						'Redirects are never followed, so that the API key is only ever sent to the Base URL of the credential. ' +
						'If the new address is right, put it in the Base URL.',
				};
			}
			if (purpose.change && statusCode >= 500 && statusCode !== 503) {
				// 500, 502, 504: a server or gateway failing mid-request says nothing about whether
				// the change happened. Only 429 and 503 mean "not processed" and are retried.
				return {
					message: `Akkio answered with a server error while ${purpose.change.while}; it was not retried`,
					description: `${said} It may have happened anyway. ${notResent(purpose.change.duplicate)} ${purpose.change.check}`,
				};
			}
			if (statusCode >= 500) {
				return {
					message: `Akkio answered with a server error${tries}`,
					description: `${said} This is usually temporary. Run the workflow again later.`,
				};
			}
			if (purpose.taskLookup === 'result' && statusCode >= 400 && statusCode < 500) {
				// Akkio does not document what /result answers before success: a 400 is one guess.
				return {
					message: 'Akkio has no result for this task',
					description: `${said} ${RESULT_ONLY_AFTER_SUCCESS}`,
				};
			}
			return {
				message: 'Akkio answered with an unexpected status',
				description: said,
			};
	}
}

/** A 2xx whose `status` says the request did not succeed (decode/documentedStatus.ts). */
export function describeReportedFailure(statusCode: number, status: string, purpose: RequestPurpose): ErrorText {
	if (purpose.taskLookup === 'result') {
		return {
			message: `Akkio has no result for this task yet: it answered with the task's status (${status || 'empty'})`,
			description: RESULT_ONLY_AFTER_SUCCESS,
		};
	}
	const check = purpose.change ? ` ${purpose.change.check}` : '';
	return {
		message: `Akkio did not succeed: ${status || 'an empty status'}`,
		description: `${status ? `Akkio said: ${asSentence(status)} ` : ''}It answered HTTP ${statusCode}, but a request that worked answers "status": "success", so this one is treated as failed.${check}`,
	};
}

/** Why a 2xx answer is an error after all, or undefined when it is the success it says it is. */
export function failureIn2xx(path: string, purpose: RequestPurpose, statusCode: number, body: unknown, attempts: number): ErrorText | undefined {
	if (isKeyRejection(body)) return describeHttpError(401, LEGACY_KEY_REJECTION, purpose, attempts);
	const status = reportedFailure(path, purpose, body);
	return status === undefined ? undefined : describeReportedFailure(statusCode, status, purpose);
}

/** A 2xx whose body is not JSON. After a change, the change happened but its answer is lost. */
export function describeUnreadableAnswer(rawBody: string, purpose: RequestPurpose): ErrorText {
	const snippet = bodySnippet(rawBody);
	const { change } = purpose;
	if (change) {
		const began = snippet ? `The response began with: ${asSentence(snippet)}` : 'The response body was empty.';
		return {
			message: `Akkio answered ${change.answerTo} with a body that is not valid JSON; it was not retried`,
			description: `${began} ${change.ifUnreadable} ${notResent(change.duplicate)} ${change.check}`,
		};
	}
	return {
		message: 'Akkio answered with a body that is not valid JSON',
		description: snippet
			? `The response began with: ${snippet}`
			: 'The response body was empty. A proxy between n8n and Akkio may have cut it.',
	};
}

/** A 2xx past the decoding bounds. After a change, the change happened but its answer is lost. */
export function describeOutOfBounds(bound: 'tooLarge' | 'tooDeep', purpose: RequestPurpose): ErrorText {
	const what =
		bound === 'tooDeep'
			? `JSON nested more than ${MAX_JSON_DEPTH} levels deep`
			: `an answer larger than ${MAX_ANSWER_CHARS / 1024 / 1024} MiB`;
	const { change } = purpose;
	if (change) {
		return {
			message: `Akkio answered ${change.answerTo} with ${what}, more than the node reads; it was not retried`,
			description: `${change.ifUnreadable} ${notResent(change.duplicate)} ${change.check}`,
		};
	}
	return {
		message: `Akkio answered with ${what}, more than the node reads`,
		description:
			"Akkio's answers are a few levels deep and far smaller, so something else may be answering at the Base URL. " +
			'Check the Base URL in the Akkio API credential and any proxy in between.',
	};
}

/** No answer. `mayHaveActed`: a change was sent and Akkio may have made it. */
export function describeNetworkFailure(code: string, purpose: RequestPurpose, attempts: number, mayHaveActed: boolean): ErrorText {
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	const what = code === 'TIMEOUT' ? 'did not answer in time' : `could not be reached (${code})`;
	if (purpose.change && mayHaveActed) {
		return {
			message: `Akkio ${what} while ${purpose.change.while}; it was not retried`,
			description: `The request may have reached Akkio and done its work. ${notResent(purpose.change.duplicate)} ${purpose.change.check}`,
		};
	}
	return {
		message: `Akkio ${what}${tries}`,
		description: 'Check the Base URL in the Akkio API credential and the network between n8n and Akkio.',
	};
}
