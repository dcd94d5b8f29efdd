import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { cancellationError, cancelSignal, isCancellation, pause, throwIfCancelled, type AkkioContext } from '../cancellation';
import { DEFAULT_MAX_REQUESTS_PER_SECOND as PER_SECOND, DEFAULT_REQUEST_TIMEOUT_SECONDS as TIMEOUT_SECONDS } from '../constants';
import { akkioWords, effectiveStatusCode, MAX_ANSWER_CHARS, parseJson } from '../decode';
import { akkioApiError, operationError } from '../errors';
import { readNumber } from '../parameters';
import { isLoopbackHost, normalizeBaseUrl } from '../routes';
import { RequestBudget } from './budget';
import { decideRetry, failureIn2xx, parseRetryAfter, type AttemptOutcome, type RequestPurpose } from './errorText';
import { redactBody, redactText, redactValue, secretsOf } from './redaction';

export { PRIORITY } from './budget';
export { PURPOSES, type RequestPurpose } from './errorText';

/*
 * The one way out to Akkio: the request context, the streaming reader and its bounds, one
 * attempt, and akkioRequest. What a request is for, the retry rule and the error texts live in
 * errorText.ts.
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
