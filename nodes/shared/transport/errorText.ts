/**
 * What a request is for, whether it is tried again, and the words a user sees when it fails.
 * Pure: the transport passes the facts and a random number, this decides.
 */
import { bodySnippet, excerpt, isKeyRejection, LEGACY_KEY_REJECTION, MAX_ANSWER_CHARS, MAX_JSON_DEPTH, reportedFailure } from '../decode';
import { asSentence, type ErrorText } from '../errors';

/**
 * A request that changes something in Akkio: what was happening, what an unreadable 2xx answer
 * lost (the change probably happened), what a second send could create, how to check.
 */
type Change = Record<'while' | 'lost' | 'duplicate' | 'check', string>;

/**
 * What a request is for: what may not exist or be out of the key's reach (`resource`), whether
 * it looks a task up by ID (a 404 then means unknown or expired), what to add when Akkio rejects
 * it as invalid or has no such thing, and its `change`. A request without `change` can be sent
 * again safely (a read, a prediction, a delete). `emptyAnswerOk`: a delete, done when its 2xx has
 * no body (a 204; what the legacy dataset delete answers is not published).
 */
export type RequestPurpose = { resource: string; taskLookup?: 'status' | 'result'; rejectedAdvice?: string; missingAdvice?: string; emptyAnswerOk?: true; change?: Change };

/** Creating something named: a second attempt makes a second of the same name. */
const creating = (thing: string, look: string) => ({
	while: `the ${thing} was being created`,
	lost: `The ${thing} was probably created, but its ID could not be read.`,
	duplicate: `a second ${thing} of the same name`, check: `${look} and check whether it appeared before running this item again.` });

export const PURPOSES = {
	submit: {
		resource: 'dataset',
		change: {
			while: 'the training was being submitted', lost: 'The training has probably started, but its task ID could not be read.', duplicate: 'a second paid training',
			check: 'Open the dataset in the Akkio app and check whether a new model appeared before running this item again.',
		},
	},
	createDataset: { resource: 'team', change: creating('dataset', 'List the datasets (Dataset → List)') },
	addRows: {
		resource: 'dataset',
		change: {
			while: 'rows were being added', lost: 'The rows were probably stored, but the answer could not be read.', duplicate: 'the same rows twice',
			check: "Check the dataset's row count (Dataset → Get) before sending these rows again.",
		},
	},
	createProject: {
		resource: 'team',
		rejectedAdvice: 'If Akkio asks for body._owner or body._org, set Options → Owner ID and Organization ID (your user and organization IDs in Akkio).',
		change: creating('project', 'Open the projects in the Akkio app'),
	},
	status: { resource: 'training', taskLookup: 'status' }, result: { resource: 'training', taskLookup: 'result' },
	listDatasets: { resource: 'team' }, listModels: { resource: 'team' }, getDataset: { resource: 'dataset' }, deleteDataset: { resource: 'dataset', emptyAnswerOk: true },
	predict: { resource: 'model' }, deleteModel: { resource: 'model', emptyAnswerOk: true },
	getProject: { resource: 'project' }, updateProject: { resource: 'project' }, deleteProject: { resource: 'project', emptyAnswerOk: true },
	// A question changes nothing but Akkio's chat history: sent again, it at worst leaves a second
	// chat with the same question, so it is retried like a read.
	chatSubmit: { resource: 'dataset or project' },
	// The chat is not a task's result: a record of any shape (a `status` of its own too), never training advice.
	chatStatus: { resource: 'Chat Explore question', taskLookup: 'status' }, chatResult: { resource: 'chat', missingAdvice: 'Akkio did not keep the chat of this question: ask it again.' },
} satisfies Record<string, RequestPurpose>;

/** What an attempt ended with, when it was not a 2xx answer that could be read and used. */
export type AttemptOutcome =
	/** A 2xx whose body says the request failed (failureIn2xx): Akkio answered, and said no. */
	| { kind: 'refused'; failure: ErrorText }
	/** A 2xx past the decoding bounds: larger or deeper than the node reads. */
	| { kind: 'tooLarge' | 'tooDeep' }
	/** A 2xx whose body is not JSON: a cut-off answer, or a proxy's page. */
	| { kind: 'unreadable'; body: string }
	/** Any other HTTP status, with what Akkio said and its Retry-After. */
	| { kind: 'status'; statusCode: number; words?: string; retryAfterSeconds?: number; redirectTo?: string }
	/** No answer. `sent`: the request may have reached Akkio (false: the connection never opened). */
	| { kind: 'network'; code: string; sent: boolean };

/**
 * The one rule behind every retry: Akkio has no idempotency key, so a request that changes
 * something is sent again only when Akkio surely did not act on it (429 rate limited, 503
 * unavailable, or a connection that never opened). A read is sent again after any temporary
 * failure. Four attempts at most; a Retry-After longer than 120 s fails at once with Akkio's
 * answer. The wait is exponential with equal jitter (half to all of the step, so that many items
 * retrying at once spread out), never shorter than a Retry-After, in Akkio's milliseconds.
 */
export function decideRetry(purpose: RequestPurpose, attempt: number, o: AttemptOutcome, random: number): { retryAfterMs: number } | { fail: ErrorText } {
	const repeatable = !purpose.change;
	const retryable =
		(o.kind === 'unreadable' && repeatable) || // a change that got a 2xx did happen
		(o.kind === 'network' && (repeatable || !o.sent)) ||
		(o.kind === 'status' && (repeatable ? [429, 500, 502, 503, 504] : [429, 503]).includes(o.statusCode) && !((o.retryAfterSeconds ?? 0) > 120));
	if (!retryable || attempt >= 4) return { fail: describeFailure(o, purpose, attempt) };
	const step = 2 ** (attempt - 1);
	return { retryAfterMs: 1000 * Math.max(o.kind === 'status' ? (o.retryAfterSeconds ?? 0) : 0, step / 2 + (step / 2) * random) };
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: unknown, nowMs: number) {
	const text = String((Array.isArray(header) ? header[0] : header) ?? '').trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, (date - nowMs) / 1000);
}

/*
 * Every text reads on one line (the editor does not render line breaks): sentences apart,
 * Akkio's words a sentence of their own. A message never repeats the status code: the error
 * carries it as `httpCode`, which the editor shows beside the message ("401 - …").
 */
const RESULT_ONLY = 'A result exists only once the training SUCCEEDED: use Wait for Training, or Get Status until done is true, then Get Result.';
const text = (message: string, description: string) => ({ message, description });
const tries = (attempts: number) => (attempts > 1 ? ` after ${attempts} attempts` : '');

/** A change whose fate is unknown: why it may have happened, that it was not sent again, and how to check. */
const unknownFate = ({ while: doing, duplicate, check }: Change, what: string, why: string) =>
	text(`Akkio ${what} while ${doing}; it was not retried`, `${why} It was not sent again: a second one could create ${duplicate}. ${check}`);

function describeFailure(o: AttemptOutcome, purpose: RequestPurpose, attempts: number) {
	if (o.kind === 'refused') return o.failure;
	if (o.kind === 'status') return describeHttpError(o.statusCode, o.words, purpose, attempts, o.redirectTo);
	const { change } = purpose;
	if (o.kind === 'network') {
		const what = o.code === 'TIMEOUT' ? 'did not answer in time' : `could not be reached (${o.code})`;
		if (change && o.sent) return unknownFate(change, what, 'The request may have reached Akkio and done its work.');
		return text(`Akkio ${what}${tries(attempts)}`, 'Check the Base URL in the Akkio API credential and the network between n8n and Akkio.');
	}
	if (o.kind === 'unreadable') {
		const snippet = bodySnippet(o.body);
		const began = snippet ? `The response began with: ${asSentence(snippet)}` : 'The response body was empty.';
		if (change) return unknownFate(change, 'answered with a body that is not valid JSON', `${began} ${change.lost}`);
		return text('Akkio answered with a body that is not valid JSON', snippet ? began : `${began} A proxy between n8n and Akkio may have cut it.`);
	}
	const what = `answered with ${o.kind === 'tooDeep' ? `JSON nested more than ${MAX_JSON_DEPTH} levels deep` : `an answer larger than ${MAX_ANSWER_CHARS / 1024 / 1024} MiB`}`;
	if (change) return unknownFate(change, what, `The node reads no more than that. ${change.lost}`);
	return text(`Akkio ${what}, more than the node reads`, 'Something else may be answering: check the Base URL in the Akkio API credential and any proxy.');
}

export function describeHttpError(code: number, words: string | undefined, purpose: RequestPurpose, attempts: number, redirectTo?: string) {
	const said = words ? `Akkio said: ${asSentence(words)}` : 'Akkio gave no details.';
	const { change, resource, taskLookup } = purpose;
	if (code === 401) return text('Akkio rejected the API key', `${said} Check the API Key in the Akkio API credential: copy it again from Team Settings → API Keys.`);
	if (code === 403) return text(`The API key has no access to this ${resource}`, `${said} Use a key of the team that owns it.`);
	if (code === 422) return text(`Akkio rejected the request: ${words ?? 'validation failed'}`, purpose.rejectedAdvice ?? 'Akkio listed what is wrong above (location: message).');
	if (code === 429) return text(`Akkio's rate limit was reached${tries(attempts)}`, `${said} Akkio allows 5 requests a second per key, across workflows: lower Max Requests per Second in the node options.`);
	if (code >= 300 && code < 400) {
		const target = redirectTo ? ` to ${excerpt(redirectTo)}` : '';
		return text(`Akkio answered with a redirect${target}, which the node does not follow`, "The key only goes to the credential's Base URL: if the new address is right, put it there.");
	}
	// 500, 502, 504: a server or gateway failing mid-request says nothing about whether the
	// change happened. Only 429 and 503 mean "not processed" and are retried.
	if (change && code >= 500 && code !== 503) return unknownFate(change, 'answered with a server error', `${said} It may have happened anyway.`);
	if (code >= 500) return text(`Akkio answered with a server error${tries(attempts)}`, `${said} This is usually temporary: run the workflow again later.`);
	// Akkio does not document what /result answers before success: a 400 is one guess.
	const checkTask = `${said} Check the task ID: Akkio keeps tasks for at least 24 hours.`;
	if (taskLookup === 'result' && code >= 400 && code < 500) return text('Akkio has no result for this task', `${checkTask} ${RESULT_ONLY}`);
	const pick = resource === 'dataset' || resource === 'model' ? `pick the ${resource} from the list, or ` : '';
	if (code === 404) return text(`Akkio has no such ${resource}`, taskLookup ? checkTask : `${said} ${purpose.missingAdvice ?? `Check the ID: ${pick}copy its ID again from Akkio.`}`);
	return text('Akkio answered with an unexpected status', said);
}

/** Why a 2xx answer is an error after all (the key refusal, a legacy `status` other than success), or undefined. */
export function failureIn2xx(path: string, purpose: RequestPurpose, statusCode: number, body: unknown) {
	if (isKeyRejection(body)) return describeHttpError(401, LEGACY_KEY_REJECTION, purpose, 1);
	const status = reportedFailure(path, purpose, body);
	if (status === undefined) return undefined;
	if (purpose.taskLookup === 'result') return text(`Akkio has no result for this task yet: it answered with the task's status (${status || 'empty'})`, RESULT_ONLY);
	const said = status ? `Akkio said: ${asSentence(status)} ` : '';
	const check = purpose.change ? ` ${purpose.change.check}` : '';
	return text(`Akkio did not succeed: ${status || 'an empty status'}`, `${said}It answered HTTP ${statusCode}, but a request that worked answers "status": "success".${check}`);
}
