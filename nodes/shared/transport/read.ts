/**
 * Deadlines that are deadlines. Request Timeout bounds a whole request, headers and body: the
 * answer is read as a stream and dropped, socket and all, when the deadline passes, however
 * slowly it trickles in. A caller's own deadline (a Wait's Timeout) bounds the requests it
 * makes in flight too. The timer is `AbortSignal.timeout`: the nodes start no timers of their own.
 */

/** A request was stopped because its caller's deadline (a Wait's Timeout) passed. */
export class DeadlineReached extends Error {
	constructor() {
		super('The deadline passed while Akkio was being asked');
		this.name = 'DeadlineReached';
	}
}

/** Why a read ended early: the deadline (or a cancel) or the size bound. */
export type Read = { text: string } | { tooLarge: true };

/** The Node.js stream n8n's HTTP client returns with `encoding: 'stream'` (the parts used). */
interface BodyStream {
	on(event: string, listener: (value?: unknown) => void): unknown;
	setEncoding(encoding: 'utf8'): unknown;
	destroy(): unknown;
}

function isStream(value: unknown): value is BodyStream {
	const stream = value as Partial<BodyStream> | null;
	return typeof stream?.on === 'function' && typeof stream.destroy === 'function' && typeof stream.setEncoding === 'function';
}

/** A signal that aborts at `deadline` (epoch ms) or when `cancel` does. */
export function deadlineSignal(deadline: number, cancel?: AbortSignal): AbortSignal {
	const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(deadline - Date.now())));
	// Node holds a timeout signal weakly (AbortSignal.any too) unless it has an abort listener:
	// collected mid-request, it would never fire and an endless answer would be read to its end.
	timeout.addEventListener('abort', () => undefined, { once: true });
	return cancel ? AbortSignal.any([cancel, timeout]) : timeout;
}

/** Drops an answer nobody waits for any more: its body stream, once it comes, is destroyed. */
function dropLater(response: Promise<unknown>): void {
	response.then(
		(late) => {
			const body = (late as { body?: unknown } | null)?.body;
			if (isStream(body)) body.destroy();
		},
		// The request failed after it was given up: nobody is waiting for its error.
		() => undefined,
	);
}

/**
 * The response of `request` (its headers), or the signal's abort reason once it aborts first.
 * n8n's HTTP client only takes the execution's cancel signal, so a request whose headers do
 * not come in time is left behind (its socket idles out after Request Timeout) and its body
 * is destroyed if it ever arrives.
 */
export async function headersWithin<T>(request: Promise<T>, signal: AbortSignal): Promise<T> {
	if (signal.aborted) {
		dropLater(request);
		throw signal.reason;
	}
	return await new Promise<T>((resolve, reject) => {
		const onAbort = () => {
			dropLater(request);
			reject(signal.reason);
		};
		signal.addEventListener('abort', onAbort, { once: true });
		request.then(
			(response) => {
				signal.removeEventListener('abort', onAbort);
				resolve(response);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

/**
 * Reads a body as UTF-8 text until it ends, the signal aborts (the stream is destroyed and the
 * abort reason thrown), or it grows past `maxChars` (destroyed, `tooLarge`).
 */
export async function readBody(body: unknown, signal: AbortSignal, maxChars: number): Promise<Read> {
	if (!isStream(body)) {
		const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
		return text.length > maxChars ? { tooLarge: true } : { text };
	}
	return await new Promise<Read>((resolve, reject) => {
		const chunks: string[] = [];
		let size = 0;
		let settled = false;
		const settle = (outcome: () => void) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			outcome();
		};
		const onAbort = () =>
			settle(() => {
				body.destroy();
				reject(signal.reason);
			});
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		body.setEncoding('utf8');
		body.on('data', (chunk) => {
			if (settled) return;
			size += String(chunk).length;
			if (size > maxChars) {
				settle(() => {
					body.destroy();
					resolve({ tooLarge: true });
				});
			} else {
				chunks.push(String(chunk));
			}
		});
		body.on('end', () => settle(() => resolve({ text: chunks.join('') })));
		body.on('error', (error) => settle(() => reject(error)));
		body.on('close', () => settle(() => reject(new Error('The connection closed before the answer ended'))));
	});
}
