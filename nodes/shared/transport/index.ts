import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

import { cancellationError, cancelSignal, isCancellation, pause, throwIfCancelled, type AkkioContext } from '../cancellation';
import { DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_REQUEST_TIMEOUT_SECONDS } from '../constants';
import { akkioApiError, credentialError } from '../errors';
import { readNumber } from '../parameters';
import { isLoopbackHost, normalizeBaseUrl } from '../routes';
import { akkioWords, effectiveStatusCode, MAX_ANSWER_CHARS, parseJson } from '../decode';
import { PRIORITY, RequestBudget, type Priority } from './budget';
import { failureIn2xx, type RequestPurpose } from './errorText';
import { DeadlineReached, deadlineSignal, headersWithin, readBody } from './read';
import { decideRetry, parseRetryAfter, type AttemptOutcome } from './retry';
import { redactBody, redactText, redactValue, secretsOf } from './redaction';

export { PRIORITY, type Priority } from './budget';
export { PURPOSES, type RequestPurpose } from './errorText';
export { DeadlineReached } from './read';

export type { AkkioContext } from '../cancellation';

/**
 * Everything the requests of one node execution share: one base URL, one request budget, one
 * clock, the secrets to keep out of errors, and whether the execution is ending because an
 * item failed. Created once per execution (or per editor lookup), here and nowhere else.
 */
export interface RequestContext {
	readonly ctx: AkkioContext;
	readonly origin: string;
	readonly budget: RequestBudget;
	/**
	 * 1 in production; tests and benchmarks run Akkio's clock faster and scale every wait. Only
	 * honoured when the Base URL is a loopback test server: against any other host the budget
	 * and every wait count real seconds, whatever a workflow carries.
	 */
	readonly timeScale: number;
	readonly requestTimeoutMs: number;
	/** Values that must never appear in an error: the API key, as stored and as sent. */
	readonly secrets: string[];
	/** True once an item failed the node (no Continue On Fail): waits for other items stop. */
	readonly abandoned: () => boolean;
	/** Called by the item pipeline when an item fails and no Continue On Fail applies. */
	readonly abandon: () => void;
}

interface RequestOptions {
	maxRequestsPerSecond: number;
	requestTimeoutSeconds: number;
	timeScale: number;
}

async function createRequestContext(ctx: AkkioContext, options: RequestOptions): Promise<RequestContext> {
	const credentials = await ctx.getCredentials('akkioApi');
	const base = normalizeBaseUrl(credentials.baseUrl);
	if (!base.ok) {
		throw credentialError(ctx.getNode(), {
			message: `The Base URL of the Akkio API credential is not usable: ${base.reason}`,
			description: 'Open the credential and set Base URL to https://api.akkio.com (the default) or your proxy.',
		});
	}
	let abandoned = false;
	// The hidden test hook cannot change what a real Akkio sees: loopback test servers only.
	const timeScale = isLoopbackHost(new URL(base.origin).hostname) ? options.timeScale : 1;
	return {
		ctx,
		origin: base.origin,
		budget: new RequestBudget(options.maxRequestsPerSecond, 1000 * timeScale),
		timeScale,
		// A network timeout, not Akkio's clock: never scaled.
		requestTimeoutMs: Math.max(1, Math.round(options.requestTimeoutSeconds * 1000)),
		secrets: secretsOf(credentials.apiKey),
		abandoned: () => abandoned,
		abandon: () => {
			abandoned = true;
		},
	};
}

/**
 * The context of one node execution. The request options apply to the whole execution (the
 * budget is shared by every item) and are read from the first item.
 */
export async function openRequestContext(ctx: IExecuteFunctions): Promise<RequestContext> {
	return await createRequestContext(ctx, {
		maxRequestsPerSecond: readNumber(ctx, 0, 'options.maxRequestsPerSecond', 'Max Requests per Second', {
			fallback: DEFAULT_MAX_REQUESTS_PER_SECOND,
			max: 100,
		}),
		requestTimeoutSeconds: readNumber(ctx, 0, 'options.requestTimeoutSeconds', 'Request Timeout (Seconds)', {
			fallback: DEFAULT_REQUEST_TIMEOUT_SECONDS,
			max: 3600,
		}),
		timeScale: readNumber(ctx, 0, 'timeScale', 'Time Scale', { fallback: 1, max: 1000 }),
	});
}

/** The context of an editor lookup (a picker, a dropdown): Akkio's default limits, real time. */
export async function lookupRequestContext(ctx: ILoadOptionsFunctions | IPollFunctions): Promise<RequestContext> {
	return await createRequestContext(ctx, {
		maxRequestsPerSecond: DEFAULT_MAX_REQUESTS_PER_SECOND,
		requestTimeoutSeconds: DEFAULT_REQUEST_TIMEOUT_SECONDS,
		timeScale: 1,
	});
}

// ------------------------------------------------------------------ one request

/**
 * The only way out to Akkio. Every request goes through `akkioRequest` with the execution's
 * request context: its base URL, its request budget, one retry decision, one error mapping.
 */
export interface AkkioRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL: /api/v1/... or a legacy /v1/... route, built by routes.ts. */
	path: string;
	/** Query parameters (legacy GETs: the credential adds the key here, not in errors). */
	query?: IDataObject;
	body?: IDataObject;
	purpose: RequestPurpose;
	itemIndex: number;
	/**
	 * Epoch ms past which the caller waits for nothing (a Wait's Timeout): no attempt, answer or
	 * backoff goes beyond it, and `DeadlineReached` is thrown instead.
	 */
	deadline?: number;
	/** Place in the budget's queue (budget.ts PRIORITY); normal unless the waiting loop says otherwise. */
	priority?: Priority;
}

type Attempt =
	| { answered: true; statusCode: number; headers: IDataObject; body: string; tooLarge?: true }
	| { answered: false; code: string; sent: boolean };

/** Classifies a thrown HTTP client error without keeping any part of it. */
function networkFailure(error: unknown): { code: string; sent: boolean } | 'cancelled' {
	const cause = (error as { cause?: unknown })?.cause ?? error;
	const code = String((cause as { code?: unknown })?.code ?? (error as { code?: unknown })?.code ?? '');
	const message = String((cause as { message?: unknown })?.message ?? '');
	if (code === 'ERR_CANCELED' || /aborted|canceled/i.test(message)) return 'cancelled';
	if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code, sent: false };
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
		return { code: 'TIMEOUT', sent: true };
	}
	return { code: code || 'CONNECTION_FAILED', sent: true };
}

async function sendOnce(rc: RequestContext, request: AkkioRequest): Promise<Attempt> {
	const { ctx } = rc;
	const slot = await rc.budget.acquire(ctx, request.priority ?? PRIORITY.normal);
	// Request Timeout bounds the whole request, headers and body; a caller's deadline too.
	const deadline = Math.min(Date.now() + rc.requestTimeoutMs, request.deadline ?? Infinity);
	const cancel = cancelSignal(ctx);
	const signal = deadlineSignal(deadline, cancel);
	try {
		throwIfCancelled(ctx);
		if (Date.now() >= deadline) return { answered: false, code: 'TIMEOUT', sent: false };
		const sending = ctx.helpers.httpRequestWithAuthentication.call(ctx, 'akkioApi', {
			method: request.method,
			url: `${rc.origin}${request.path}`,
			headers: { Accept: 'application/json' },
			...(request.query ? { qs: request.query } : {}),
			...(request.body ? { body: request.body, json: true } : {}),
			// A stream, so that the node reads the body itself, within the deadline and the size bound.
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// The socket's idle timeout: it also ends a request left behind at the deadline.
			timeout: rc.requestTimeoutMs,
			// The key is a header: it must never follow a redirect to another host.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		}) as Promise<{ statusCode: number; headers?: IDataObject; body?: unknown }>;
		const response = await headersWithin(sending, signal);
		const read = await readBody(response.body, signal, MAX_ANSWER_CHARS);
		const headers = response.headers ?? {};
		if ('tooLarge' in read) return { answered: true, statusCode: response.statusCode, headers, body: '', tooLarge: true };
		// The key is scrubbed before anything reads the answer; the body stays valid JSON.
		return { answered: true, statusCode: response.statusCode, headers, body: redactBody(read.text, rc.secrets) };
	} catch (error) {
		if (cancel?.aborted || isCancellation(error)) throw cancellationError(ctx);
		if (signal.aborted) return { answered: false, code: 'TIMEOUT', sent: true };
		const failure = networkFailure(error);
		if (failure === 'cancelled') throw cancellationError(ctx);
		return { answered: false, ...failure };
	} finally {
		rc.budget.finish(ctx, slot);
	}
}

/** Pauses `ms` for a retry, unless the caller's deadline comes first: then DeadlineReached. */
async function pauseBeforeRetry(rc: RequestContext, request: AkkioRequest, ms: number): Promise<void> {
	const remaining = request.deadline === undefined ? Infinity : request.deadline - Date.now();
	if (ms < remaining) return await pause(rc.ctx, ms);
	await pause(rc.ctx, Math.max(0, remaining));
	throw new DeadlineReached();
}

/**
 * Sends one Akkio request and returns the parsed JSON body of a 2xx answer that does not say it
 * failed, with the API key removed from it. Anything else goes to the retry decision: another
 * try after a wait, or a NodeApiError with Akkio's own words.
 */
export async function akkioRequest(rc: RequestContext, request: AkkioRequest): Promise<unknown> {
	for (let attemptNumber = 1; ; attemptNumber++) {
		const attempt = await sendOnce(rc, request);
		const late = request.deadline !== undefined && Date.now() >= request.deadline;
		if (!attempt.answered && attempt.code === 'TIMEOUT' && late) throw new DeadlineReached();
		let outcome: AttemptOutcome;
		if (attempt.answered) {
			const { statusCode, body, headers } = attempt;
			const parsed = attempt.tooLarge ? ({ ok: false, tooLarge: true } as const) : parseJson(body);
			const bound = parsed.ok ? undefined : parsed.tooLarge ? 'tooLarge' : parsed.tooDeep ? 'tooDeep' : undefined;
			if (bound && statusCode >= 200 && statusCode < 300) {
				// The same answer would come again: never retried.
				outcome = { kind: 'outOfBounds', statusCode, bound };
			} else if (statusCode >= 200 && statusCode < 300) {
				// A 2xx can still say it failed: a legacy "status" other than "success", the key refusal.
				const failure = parsed.ok ? failureIn2xx(request.path, request.purpose, statusCode, parsed.value, attemptNumber) : undefined;
				if (parsed.ok && failure === undefined) return redactValue(parsed.value, rc.secrets);
				outcome = failure ? { kind: 'refused', failure } : { kind: 'unreadable', statusCode, body };
			} else {
				outcome = {
					kind: 'status',
					// Akkio's legacy key refusal is a 404 that means what the /api/v1 401 means.
					statusCode: effectiveStatusCode(statusCode, parsed.ok ? parsed.value : undefined),
					words: akkioWords(parsed.ok ? parsed.value : undefined, body),
					retryAfterSeconds: parseRetryAfter(headers['retry-after'], Date.now()),
					redirectTo: typeof headers.location === 'string' ? headers.location : undefined,
				};
			}
		} else {
			outcome = { kind: 'network', code: attempt.code, sent: attempt.sent };
		}
		const decision = decideRetry(request.purpose, attemptNumber, outcome, Math.random());
		if ('fail' in decision) {
			const httpCode = attempt.answered ? attempt.statusCode : undefined;
			throw akkioApiError(rc.ctx.getNode(), redactText(decision.fail, rc.secrets), request.itemIndex, httpCode);
		}
		// Retry-After counts in Akkio's seconds, which run faster under a test time scale.
		const waitMs = decision.retryAfterMs * rc.timeScale;
		// A 429 is about the key, not this request: the whole execution slows down.
		if (attempt.answered && attempt.statusCode === 429) rc.budget.backOff(rc.ctx, waitMs);
		await pauseBeforeRetry(rc, request, waitMs);
	}
}
