import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_REQUEST_TIMEOUT_SECONDS } from '../constants';
import { credentialError } from '../errors';
import { readNumber } from '../parameters';
import { isLoopbackHost, normalizeBaseUrl } from '../routes';
import { BudgetGate, RequestBudget } from './budget';
import { secretsOf } from './redaction';

/** Where Akkio is called from: a node's execution, or the editor filling a list. */
export type AkkioContext = IExecuteFunctions | ILoadOptionsFunctions;

/**
 * Everything the requests of one node execution share: one base URL, one request budget, one
 * clock, the secrets to keep out of errors, and whether the execution is ending because an
 * item failed. Created once per execution (or per editor lookup), here and nowhere else.
 */
export interface RequestContext {
	readonly ctx: AkkioContext;
	readonly origin: string;
	readonly budget: BudgetGate;
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
		budget: new BudgetGate(new RequestBudget(options.maxRequestsPerSecond, 1000 * timeScale)),
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
export async function lookupRequestContext(ctx: ILoadOptionsFunctions): Promise<RequestContext> {
	return await createRequestContext(ctx, {
		maxRequestsPerSecond: DEFAULT_MAX_REQUESTS_PER_SECOND,
		requestTimeoutSeconds: DEFAULT_REQUEST_TIMEOUT_SECONDS,
		timeScale: 1,
	});
}
