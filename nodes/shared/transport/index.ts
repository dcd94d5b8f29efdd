import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHttpRequestMethods, JsonObject } from 'n8n-workflow';

import {
	MAX_REQUEST_ATTEMPTS,
	RETRY_AFTER_LIMIT_SECONDS,
	RETRY_BASE_SECONDS,
	RETRY_CAP_SECONDS,
} from '../constants';
import {
	akkioWords,
	describeHttpError,
	describeMalformedBody,
	describeNetworkFailure,
	isRepeatable,
	type ErrorText,
	type RequestPurpose,
} from '../helpers/apiErrors';
import { RequestBudget } from '../helpers/requestBudget';
import { parseRetryAfter, retryDelaySeconds } from '../helpers/retry';
import { normalizeBaseUrl } from '../helpers/urls';
import { cancellationError, isCancellation, pause, throwIfCancelled, type AkkioContext } from '../pause';

/**
 * The only way out to Akkio. Every request of one node execution goes through one session:
 * one base URL, one request budget, one retry policy, one error mapping.
 */
export interface AkkioSession {
	readonly origin: string;
	readonly budget: RequestBudget;
	/** 1 in production; tests and benchmarks run Akkio's clock faster and scale every wait. */
	readonly timeScale: number;
	readonly requestTimeoutMs: number;
	/** Values that must never appear in an error: the API key, as stored and as sent. */
	readonly secrets: string[];
}

export interface SessionOptions {
	maxRequestsPerSecond: number;
	requestTimeoutSeconds: number;
	timeScale: number;
}

export async function createSession(ctx: AkkioContext, options: SessionOptions): Promise<AkkioSession> {
	const credentials = await ctx.getCredentials('akkioApi');
	const base = normalizeBaseUrl(credentials.baseUrl);
	if (!base.ok) {
		throw new NodeOperationError(ctx.getNode(), `The Base URL of the Akkio API credential is not usable: ${base.reason}`, {
			description: 'Open the credential and set Base URL to https://api.akkio.com (the default) or your proxy.',
		});
	}
	const rawKey = typeof credentials.apiKey === 'string' ? credentials.apiKey : '';
	return {
		origin: base.origin,
		budget: new RequestBudget(options.maxRequestsPerSecond, 1000 * options.timeScale),
		timeScale: options.timeScale,
		// A network timeout, not Akkio's clock: never scaled.
		requestTimeoutMs: Math.max(1, Math.round(options.requestTimeoutSeconds * 1000)),
		secrets: [rawKey, rawKey.trim()].filter((secret) => secret.length >= 4),
	};
}

export interface AkkioRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL: /api/v1/... or a legacy /v1/... route. Built by helpers/urls only. */
	path: string;
	/** Query parameters (legacy GETs: the credential adds the key here, not in errors). */
	query?: IDataObject;
	body?: IDataObject;
	purpose: RequestPurpose;
	itemIndex: number;
}

interface RawResponse {
	statusCode: number;
	headers: IDataObject;
	body: string;
}

type Attempt =
	| { outcome: 'response'; response: RawResponse }
	| { outcome: 'network'; code: string; sent: boolean };

const RETRYABLE_STATUS_IDEMPOTENT = new Set([429, 500, 502, 503, 504]);
/**
 * Akkio has no idempotency key: a request that changes something (a submit, new rows, a new
 * dataset) is retried only when Akkio surely did not act on it (rate limited, service
 * unavailable, or the connection never opened).
 */
const RETRYABLE_STATUS_UNREPEATABLE = new Set([429, 503]);

export function isRetryable(purpose: RequestPurpose, attempt: Attempt): boolean {
	const repeatable = isRepeatable(purpose);
	if (attempt.outcome === 'response') {
		return (repeatable ? RETRYABLE_STATUS_IDEMPOTENT : RETRYABLE_STATUS_UNREPEATABLE).has(attempt.response.statusCode);
	}
	return repeatable || !attempt.sent;
}

function redact(text: string, secrets: string[]): string {
	return secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

/**
 * Removes the secrets from every string (values and keys) of a parsed response, so that no
 * answer, not even one echoing the request headers, can carry the key into an output item.
 */
export function redactValue(value: unknown, secrets: string[]): unknown {
	if (secrets.length === 0) return value;
	if (typeof value === 'string') return redact(value, secrets);
	if (Array.isArray(value)) return value.map((entry) => redactValue(entry, secrets));
	if (value !== null && typeof value === 'object') {
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) {
			// defineProperty: a "__proto__" key in the JSON stays a plain property.
			Object.defineProperty(copy, redact(key, secrets), {
				value: redactValue(entry, secrets),
				enumerable: true,
				writable: true,
				configurable: true,
			});
		}
		return copy;
	}
	return value;
}

function apiError(
	ctx: AkkioContext,
	session: AkkioSession,
	text: ErrorText,
	itemIndex: number,
	httpCode?: number,
): NodeApiError {
	const message = redact(text.message, session.secrets);
	const description = redact(text.description, session.secrets);
	// A plain object, never the caught error: the HTTP client's error carries the request
	// headers, and with them the API key.
	const response: JsonObject = { message, description, ...(httpCode ? { httpCode: String(httpCode) } : {}) };
	const error = new NodeApiError(ctx.getNode(), response, {
		message,
		description,
		itemIndex,
		...(httpCode ? { httpCode: String(httpCode) } : {}),
	});
	// NodeApiError swaps any message containing a network code (ECONNRESET, ETIMEDOUT, ...)
	// for a generic one that says "you can retry the request immediately": wrong after a
	// submit that may have started a training. Keep ours.
	error.message = message;
	return error;
}

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

/** Waits for a free slot in the session's budget, in arrival order. */
async function startSlot(ctx: AkkioContext, budget: RequestBudget): Promise<number> {
	const ticket = budget.enqueue();
	try {
		for (;;) {
			const attempt = budget.tryStart(ticket, Date.now());
			if (attempt.ok) return attempt.slot;
			await pause(ctx, attempt.retryInMs);
		}
	} finally {
		budget.withdraw(ticket);
	}
}

async function sendOnce(ctx: AkkioContext, session: AkkioSession, request: AkkioRequest): Promise<Attempt> {
	const slot = await startSlot(ctx, session.budget);
	try {
		throwIfCancelled(ctx);
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'akkioApi', {
			method: request.method,
			url: `${session.origin}${request.path}`,
			headers: { Accept: 'application/json' },
			...(request.query ? { qs: request.query } : {}),
			...(request.body ? { body: request.body, json: true } : {}),
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: session.requestTimeoutMs,
			// The key is a header: it must never follow a redirect to another host.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		})) as { statusCode: number; headers?: IDataObject; body?: unknown };
		const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
		return { outcome: 'response', response: { statusCode: response.statusCode, headers: response.headers ?? {}, body } };
	} catch (error) {
		const failure = networkFailure(error);
		if (failure === 'cancelled' || isCancellation(error)) throw cancellationError(ctx);
		return { outcome: 'network', ...failure };
	} finally {
		session.budget.finish(slot, Date.now());
	}
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(body) };
	} catch {
		return { ok: false };
	}
}

/**
 * Sends one Akkio request with the session's budget, retries and error mapping, and returns
 * the parsed JSON body of a 2xx answer. Throws NodeApiError with Akkio's own words otherwise.
 */
export async function akkioRequest(
	ctx: AkkioContext,
	session: AkkioSession,
	request: AkkioRequest,
): Promise<unknown> {
	for (let attemptNumber = 1; ; attemptNumber++) {
		const attempt = await sendOnce(ctx, session, request);
		const canRetry = attemptNumber < MAX_REQUEST_ATTEMPTS && isRetryable(request.purpose, attempt);

		if (attempt.outcome === 'response') {
			const { statusCode, body, headers } = attempt.response;
			const parsed = parseJson(body);
			if (statusCode >= 200 && statusCode < 300) {
				if (parsed.ok) return redactValue(parsed.value, session.secrets);
				// A cut-off answer to a read is worth another try; a change that got 2xx did happen.
				if (isRepeatable(request.purpose) && attemptNumber < MAX_REQUEST_ATTEMPTS) {
					await pause(ctx, retryWaitMs(session, attemptNumber, undefined));
					continue;
				}
				throw apiError(
					ctx,
					session,
					describeMalformedBody(body, request.purpose),
					request.itemIndex,
					statusCode,
				);
			}
			const retryAfter = parseRetryAfter(headers['retry-after'], Date.now());
			if (canRetry && (retryAfter === undefined || retryAfter <= RETRY_AFTER_LIMIT_SECONDS)) {
				await pause(ctx, retryWaitMs(session, attemptNumber, retryAfter));
				continue;
			}
			const words = akkioWords(parsed.ok ? parsed.value : undefined, body);
			const redirectTo = typeof headers.location === 'string' ? headers.location : undefined;
			throw apiError(
				ctx,
				session,
				describeHttpError(statusCode, words, request.purpose, attemptNumber, redirectTo),
				request.itemIndex,
				statusCode,
			);
		}

		if (canRetry) {
			await pause(ctx, retryWaitMs(session, attemptNumber, undefined));
			continue;
		}
		throw apiError(
			ctx,
			session,
			describeNetworkFailure(attempt.code, request.purpose, attemptNumber, attempt.sent),
			request.itemIndex,
		);
	}
}

function retryWaitMs(session: AkkioSession, retry: number, retryAfterSeconds: number | undefined): number {
	// Retry-After counts in Akkio's seconds, which run faster under a test time scale.
	const seconds = retryDelaySeconds(retry, Math.random(), retryAfterSeconds, RETRY_BASE_SECONDS, RETRY_CAP_SECONDS);
	return seconds * 1000 * session.timeScale;
}
