import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { cancellationError, cancelSignal, isCancellation, pause, throwIfCancelled, type AkkioContext } from '../cancellation';
import { DEFAULT_MAX_REQUESTS_PER_SECOND as PER_SECOND, DEFAULT_REQUEST_TIMEOUT_SECONDS as TIMEOUT_SECONDS } from '../constants';
import { akkioWords, bodySnippet, effectiveStatusCode, excerpt, isKeyRejection, LEGACY_KEY_REJECTION, MAX_ANSWER_CHARS, MAX_JSON_DEPTH, parseJson, reportedFailure } from '../decode';
import { akkioApiError, asSentence, operationError, type ErrorText } from '../errors';
import { readNumber } from '../parameters';
import { isLoopbackHost, normalizeBaseUrl } from '../routes';
import { RequestBudget } from './budget';
import { redactBody, redactText, redactValue, secretsOf } from './redaction';

export { PRIORITY } from './budget';

/*
 * The one request module: the request context, the request itself (the streaming reader and
 * its bounds), what a request is for, the retry rule, and the words a user sees when it fails.
 */

/**
 * Everything the requests of one node execution (or editor lookup) share, created here and
 * nowhere else: one base URL, one request budget, one clock, the secrets to keep out of errors
 * (the API key, as stored and as sent), and whether the execution is ending because an item
 * failed (`abandon()`, called by the item pipeline: waits for other items stop).
 *
 * Called as it is, it is the context of an editor lookup (a picker, a dropdown) or a trigger's
 * poll: Akkio's default limits, real time. A node execution passes its options (openRequestContext).
 */
export async function lookupRequestContext(ctx: AkkioContext, perSecond = PER_SECOND, timeoutSeconds = TIMEOUT_SECONDS, scale = 1) {
	const credentials = await ctx.getCredentials('akkioApi');
	const base = normalizeBaseUrl(credentials.baseUrl);
	const description = 'Open the credential and set Base URL to https://api.akkio.com (the default) or your proxy.';
	if (!base.ok) throw operationError(ctx.getNode(), { message: `The Base URL of the Akkio API credential is not usable: ${base.reason}`, description });
	let abandoned = false;
	// 1 in production; tests and benchmarks run Akkio's clock faster and scale every wait. The
	// hidden test hook cannot change what a real Akkio sees: loopback test servers only.
	const timeScale = isLoopbackHost(new URL(base.origin).hostname) ? scale : 1;
	const budget = new RequestBudget(perSecond, 1000 * timeScale);
	// A network timeout, not Akkio's clock: never scaled.
	const requestTimeoutMs = Math.max(1, Math.round(timeoutSeconds * 1000));
	return { ctx, origin: base.origin, budget, timeScale, requestTimeoutMs, secrets: secretsOf(credentials.apiKey), abandoned: () => abandoned, abandon: () => void (abandoned = true) };
}

export type RequestContext = Awaited<ReturnType<typeof lookupRequestContext>>;

/** The context of one node execution: its request options apply to every item and are read from the first. */
export async function openRequestContext(ctx: IExecuteFunctions) {
	const read = (path: string, label: string, fallback: number, max: number) => readNumber(ctx, 0, path, label, { fallback, max });
	const perSecond = read('options.maxRequestsPerSecond', 'Max Requests per Second', PER_SECOND, 100);
	return await lookupRequestContext(ctx, perSecond, read('options.requestTimeoutSeconds', 'Request Timeout (Seconds)', TIMEOUT_SECONDS, 3600), read('timeScale', 'Time Scale', 1, 1000));
}

/** A request was stopped because its caller's deadline (a Wait's Timeout) passed; the caller says so in its own words. */
export class DeadlineReached extends Error {
	override message = 'The deadline passed while Akkio was being asked';
}

/**
 * One request to Akkio. `path` is below the base URL (built by routes.ts); legacy GETs carry the
 * key in `query` (the credential adds it). `deadline` (epoch ms, a Wait's Timeout): no attempt,
 * answer or backoff goes beyond it, DeadlineReached is thrown instead. `priority` and `due`: the
 * place in the budget's queue.
 */
type AkkioRequest = { method: IHttpRequestMethods; path: string; query?: IDataObject; body?: IDataObject; purpose: RequestPurpose; itemIndex: number; deadline?: number; priority?: number; due?: number };
type Answer = { statusCode: number; headers?: IDataObject; body?: unknown };
type Stream = { on(event: string, listener: (value?: unknown) => void): void; setEncoding(encoding: string): void; destroy(): void };

/**
 * The answer with its body read as text (no text past the size bound), within `signal`: headers
 * and body, however slowly the body trickles in. n8n's HTTP client only takes the execution's
 * cancel signal, so a request whose headers do not come in time is left behind (its socket idles
 * out after Request Timeout) and its body is destroyed if it ever arrives.
 */
async function readAnswer(sending: Promise<Answer>, signal: AbortSignal) {
	return await new Promise<Answer & { text?: string }>((resolve, reject) => {
		let done = false;
		let stream: Stream | undefined;
		const settle = (end: () => void, drop = true) => {
			if (done) return;
			done = true;
			signal.removeEventListener('abort', onAbort);
			if (drop) stream?.destroy();
			end();
		};
		const onAbort = () => settle(() => reject(signal.reason));
		const bounded = (answer: Answer, text: string) => ({ ...answer, text: text.length > MAX_ANSWER_CHARS ? undefined : text });
		sending.then((answer) => {
			const body = answer.body as Stream | undefined;
			if (typeof body?.on !== 'function') {
				settle(() => resolve(bounded(answer, typeof body === 'string' ? body : JSON.stringify(body ?? ''))));
			} else if (done) {
				body.destroy(); // given up before the headers came
			} else {
				let text = '';
				stream = body;
				body.setEncoding('utf8');
				body.on('data', (chunk) => {
					text += String(chunk);
					if (text.length > MAX_ANSWER_CHARS) settle(() => resolve(bounded(answer, text)));
				});
				body.on('end', () => settle(() => resolve({ ...answer, text }), false));
				body.on('error', (error) => settle(() => reject(error)));
				body.on('close', () => settle(() => reject(new Error('The connection closed before the answer ended'))));
			}
		}, (error: unknown) => settle(() => reject(error))); // after a give-up nobody waits for its error
		if (signal.aborted) onAbort();
		else signal.addEventListener('abort', onAbort, { once: true });
	});
}

/** One attempt: the redacted value of a usable 2xx answer, or what went wrong (with the HTTP status, if any). */
async function attempt(rc: RequestContext, request: AkkioRequest): Promise<{ value: unknown } | { outcome: AttemptOutcome; httpCode?: number }> {
	const { ctx, requestTimeoutMs } = rc;
	const network = (code: string, sent = true) => ({ outcome: { kind: 'network', code, sent } as const });
	// No priority: the budget's `normal`; no due time: now.
	const slot = await rc.budget.acquire(ctx, request.priority, request.due);
	// Request Timeout bounds the whole request, headers and body; a caller's deadline too.
	const deadline = Math.min(Date.now() + requestTimeoutMs, request.deadline ?? Infinity);
	const cancel = cancelSignal(ctx);
	const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(deadline - Date.now())));
	// Node holds a timeout signal weakly (AbortSignal.any too) unless it has an abort listener:
	// collected mid-request, it would never fire and an endless answer would be read to its end.
	timeout.addEventListener('abort', () => undefined, { once: true });
	const signal = cancel ? AbortSignal.any([cancel, timeout]) : timeout;
	try {
		throwIfCancelled(ctx);
		if (Date.now() >= deadline) return network('TIMEOUT', false);
		// A stream, so that the node reads the body itself, within the deadline and the size bound. `timeout` is the
		// socket's idle timeout: it also ends a request left behind at the deadline. The key is a header: it must never
		// follow a redirect to another host.
		const sending = ctx.helpers.httpRequestWithAuthentication.call(ctx, 'akkioApi', {
			method: request.method, url: rc.origin + request.path, headers: { Accept: 'application/json' }, encoding: 'stream', returnFullResponse: true,
			ignoreHttpStatusErrors: true, timeout: requestTimeoutMs, disableFollowRedirect: true, sendCredentialsOnCrossOriginRedirect: false,
			...(request.query ? { qs: request.query } : {}),
			...(request.body ? { body: request.body, json: true } : {}),
		}) as Promise<Answer>;
		const { statusCode, headers = {}, text } = await readAnswer(sending, signal);
		// The key is scrubbed before anything reads the answer; the body stays valid JSON.
		const body = redactBody(text ?? '', rc.secrets);
		const empty = statusCode < 300 && !body.trim() && request.purpose.emptyAnswerOk;
		const parsed = text === undefined ? ({ ok: false, tooLarge: true } as const) : empty ? ({ ok: true, value: null } as const) : parseJson(body);
		const value = parsed.ok ? parsed.value : undefined;
		const failed = (outcome: AttemptOutcome) => ({ outcome, httpCode: statusCode });
		if (statusCode < 200 || statusCode >= 300) {
			// Akkio's legacy key refusal is a 404 that means what the /api/v1 401 means.
			const { location, 'retry-after': retryAfter } = headers;
			const redirectTo = typeof location === 'string' ? location : undefined;
			return failed({ kind: 'status', statusCode: effectiveStatusCode(statusCode, value), words: akkioWords(value, body), retryAfterSeconds: parseRetryAfter(retryAfter, Date.now()), redirectTo });
		}
		// Past the bounds, the same answer would come again: never retried.
		if (!parsed.ok) return failed(parsed.tooLarge ? { kind: 'tooLarge' } : parsed.tooDeep ? { kind: 'tooDeep' } : { kind: 'unreadable', body });
		// A 2xx can still say it failed: a legacy "status" other than "success", the key refusal.
		const failure = failureIn2xx(request.path, request.purpose, statusCode, value);
		return failure ? failed({ kind: 'refused', failure }) : { value: redactValue(value, rc.secrets) };
	} catch (error) {
		if (cancel?.aborted || isCancellation(error)) throw cancellationError(ctx);
		if (signal.aborted) return network('TIMEOUT');
		// Classified without keeping any part of the HTTP client's error (it carries the request headers).
		type Coded = { code?: unknown; message?: unknown; cause?: Coded } | undefined;
		const outer = error as Coded;
		const cause = outer?.cause ?? outer;
		const code = String(cause?.code ?? outer?.code ?? '');
		const message = String(cause?.message ?? '');
		if (code === 'ERR_CANCELED' || /aborted|canceled/i.test(message)) throw cancellationError(ctx);
		if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return network(code, false); // never sent
		return network(['ECONNABORTED', 'ETIMEDOUT'].includes(code) || /timeout/i.test(message) ? 'TIMEOUT' : code || 'CONNECTION_FAILED');
	} finally {
		rc.budget.finish(ctx, slot);
	}
}

/**
 * The only way out to Akkio. Sends one request with the execution's request context and returns
 * the parsed JSON body of a 2xx answer that does not say it failed, with the API key removed
 * from it. Anything else goes to the retry decision: another try after a wait, or a NodeApiError
 * with Akkio's own words. A change that may have reached Akkio is never sent a second time.
 */
export async function akkioRequest(rc: RequestContext, request: AkkioRequest): Promise<unknown> {
	for (let attempts = 1; ; attempts++) {
		const tried = await attempt(rc, request);
		if ('value' in tried) return tried.value;
		const { outcome, httpCode } = tried;
		const remaining = (request.deadline ?? Infinity) - Date.now();
		if (outcome.kind === 'network' && outcome.code === 'TIMEOUT' && remaining <= 0) throw new DeadlineReached();
		const decision = decideRetry(request.purpose, attempts, outcome, Math.random());
		if ('fail' in decision) throw akkioApiError(rc.ctx.getNode(), redactText(decision.fail, rc.secrets), request.itemIndex, httpCode);
		// Retry-After counts in Akkio's seconds, which run faster under a test time scale.
		const waitMs = decision.retryAfterMs * rc.timeScale;
		// A 429 is about the key, not this request: the whole execution slows down.
		if (httpCode === 429) rc.budget.backOff(rc.ctx, waitMs);
		await pause(rc.ctx, Math.max(0, Math.min(waitMs, remaining)));
		if (waitMs >= remaining) throw new DeadlineReached();
	}
}

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
type AttemptOutcome =
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
