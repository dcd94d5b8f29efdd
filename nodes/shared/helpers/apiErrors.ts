/**
 * Turns Akkio's answers into the words a user sees. Pure: the transport module decides when a
 * response is an error and throws what these functions describe.
 */

export interface ErrorText {
	message: string;
	description: string;
}

const SNIPPET_LENGTH = 200;

/** First part of a body, on one line, HTML tags removed: enough to recognise a proxy's error page. */
export function bodySnippet(body: string): string {
	const toText = (html: string) =>
		html
			.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
			.replace(/<[^>]*>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim();
	// An error page's <title> usually repeats its heading: show the head only if the body is empty.
	const text = toText(body.replace(/<head[\s>][\s\S]*?<\/head>/i, ' ')) || toText(body);
	return text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH)}…` : text;
}

/** FastAPI's `detail`: a string, or a list of `{loc, msg}` as "body.duration: msg; …" (one line). */
export function formatDetail(detail: unknown): string | undefined {
	if (typeof detail === 'string' && detail.trim()) return detail.trim();
	if (!Array.isArray(detail)) return undefined;
	const lines = detail
		.map((entry) => {
			if (entry === null || typeof entry !== 'object') return typeof entry === 'string' ? entry : '';
			const { loc, msg } = entry as { loc?: unknown; msg?: unknown };
			const where = Array.isArray(loc) ? loc.map(String).join('.') : '';
			const what = typeof msg === 'string' ? msg : JSON.stringify(entry);
			return where ? `${where}: ${what}` : what;
		})
		.filter((line) => line !== '');
	return lines.length ? lines.join('; ') : undefined;
}

/** What Akkio said, from a parsed JSON body or the raw text. */
export function akkioWords(parsed: unknown, rawBody: string): string | undefined {
	if (parsed !== null && typeof parsed === 'object') {
		const record = parsed as Record<string, unknown>;
		const detail = formatDetail(record.detail);
		if (detail) return detail;
		for (const key of ['message', 'error']) {
			const value = record[key];
			if (typeof value === 'string' && value.trim()) return value.trim();
		}
	}
	const snippet = bodySnippet(rawBody);
	return snippet || undefined;
}

/** What a request is for: decides whether it may be repeated and how its errors read. */
export type RequestPurpose =
	| 'submit'
	| 'status'
	| 'result'
	| 'listDatasets'
	| 'getDataset'
	| 'createDataset'
	| 'addRows'
	| 'deleteDataset'
	| 'listModels'
	| 'predict'
	| 'deleteModel';

interface PurposeFacts {
	/** What the key may lack access to (403) or what may not exist (404). */
	resource: string;
	/**
	 * For requests that change something in Akkio and cannot be repeated safely: what was
	 * happening, what a second attempt could duplicate, and how the user can check.
	 */
	unrepeatable?: { while: string; duplicate: string; check: string };
}

/** What a user does after a submit that may or may not have started a training. */
export const CHECK_FOR_NEW_MODEL =
	'Open the dataset in the Akkio app and check whether a new model appeared before running this item again.';

const PURPOSES: Record<RequestPurpose, PurposeFacts> = {
	submit: {
		resource: 'dataset',
		unrepeatable: {
			while: 'the training was being submitted',
			duplicate: 'a second paid training',
			check: CHECK_FOR_NEW_MODEL,
		},
	},
	status: { resource: 'training' },
	result: { resource: 'training' },
	listDatasets: { resource: 'team' },
	getDataset: { resource: 'dataset' },
	createDataset: {
		resource: 'team',
		unrepeatable: {
			while: 'the dataset was being created',
			duplicate: 'a second dataset of the same name',
			check: 'List the datasets (Dataset → List) and check whether it appeared before running this item again.',
		},
	},
	addRows: {
		resource: 'dataset',
		unrepeatable: {
			while: 'rows were being added',
			duplicate: 'the same rows twice',
			check: "Check the dataset's row count (Dataset → Get) before sending these rows again.",
		},
	},
	deleteDataset: { resource: 'dataset' },
	listModels: { resource: 'team' },
	predict: { resource: 'model' },
	deleteModel: { resource: 'model' },
};

/** Whether a request can be sent again after a failure that leaves its effect unknown. */
export function isRepeatable(purpose: RequestPurpose): boolean {
	return PURPOSES[purpose].unrepeatable === undefined;
}

function notResent(duplicate: string): string {
	return `Akkio has no way to accept the same request twice safely, so it was not sent again (a second one could create ${duplicate}).`;
}

/**
 * Akkio's words as a sentence of their own. The editor shows a description on one line, so
 * the sentences that follow must not run into them.
 */
function asSentence(words: string): string {
	return /[.!?…]$/.test(words) ? words : `${words}.`;
}

/**
 * The status code is not repeated in the message: the error carries it as `httpCode`, which
 * the editor shows beside the message ("401 - …") and in the error's details.
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
				message: `The API key has no access to this ${PURPOSES[purpose].resource}`,
				description: `${said} The key belongs to a team that cannot see this resource. Use a key of the team that owns the dataset.`,
			};
		case 404:
			return {
				message: purpose === 'result' ? 'Akkio has no result for this task' : `Akkio has no such ${PURPOSES[purpose].resource}`,
				description:
					purpose === 'status' || purpose === 'result'
						? `${said} Check the task ID. Akkio keeps task statuses for at least 24 hours.`
						: `${said} Check the ID: pick the ${PURPOSES[purpose].resource} from the list, or copy its ID again from Akkio.`,
			};
		case 422:
			return {
				message: `Akkio rejected the request: ${words ?? 'validation failed'}`,
				description: 'Akkio validated the request and listed what is wrong above (location: message).',
			};
		case 429:
			return {
				message: `Akkio's rate limit was reached${tries}`,
				description: `${said} Akkio allows 5 requests per second per account, shared by all workflows using the key. Lower "Max Requests per Second" in the node options.`,
			};
		default:
			if (statusCode >= 300 && statusCode < 400) {
				const target = redirectTo ? ` to ${redirectTo.slice(0, SNIPPET_LENGTH)}` : '';
				return {
					message: `Akkio answered with a redirect${target}, which the node does not follow`,
					description:
						'Redirects are never followed, so that the API key is only ever sent to the Base URL of the credential. ' +
						'If the new address is right, put it in the Base URL.',
				};
			}
			if (PURPOSES[purpose].unrepeatable && statusCode >= 500 && statusCode !== 503) {
				const unrepeatable = PURPOSES[purpose].unrepeatable;
				// 500, 502, 504: a server or gateway failing mid-request says nothing about whether
				// the change happened. Only 429 and 503 mean "not processed" and are retried.
				return {
					message: `Akkio answered with a server error while ${unrepeatable.while}; it was not retried`,
					description: `${said} It may have happened anyway. ${notResent(unrepeatable.duplicate)} ${unrepeatable.check}`,
				};
			}
			if (statusCode >= 500) {
				return {
					message: `Akkio answered with a server error${tries}`,
					description: `${said} This is usually temporary. Run the workflow again later.`,
				};
			}
			return {
				message: 'Akkio answered with an unexpected status',
				description: said,
			};
	}
}

export function describeMalformedBody(rawBody: string, purpose?: RequestPurpose): ErrorText {
	const snippet = bodySnippet(rawBody);
	const unrepeatable = purpose ? PURPOSES[purpose].unrepeatable : undefined;
	if (purpose === 'submit' && unrepeatable) {
		const began = snippet ? `The response began with: ${asSentence(snippet)}` : 'The response body was empty.';
		return {
			message: 'Akkio answered the training submit with a body that is not valid JSON; it was not retried',
			description: `${began} The training has probably started, but its task ID could not be read. ${notResent(unrepeatable.duplicate)} ${unrepeatable.check}`,
		};
	}
	return {
		message: 'Akkio answered with a body that is not valid JSON',
		description: snippet
			? `The response began with: ${snippet}`
			: 'The response body was empty. A proxy between n8n and Akkio may have cut it.',
	};
}

export function describeNetworkFailure(
	code: string,
	purpose: RequestPurpose,
	attempts: number,
	sent: boolean,
): ErrorText {
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	const what = code === 'TIMEOUT' ? 'did not answer in time' : `could not be reached (${code})`;
	const unrepeatable = PURPOSES[purpose].unrepeatable;
	if (unrepeatable && sent) {
		return {
			message: `Akkio ${what} while ${unrepeatable.while}; it was not retried`,
			description: `The request may have reached Akkio and done its work. ${notResent(unrepeatable.duplicate)} ${unrepeatable.check}`,
		};
	}
	return {
		message: `Akkio ${what}${tries}`,
		description: 'Check the Base URL in the Akkio API credential and the network between n8n and Akkio.',
	};
}
