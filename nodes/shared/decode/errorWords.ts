/** What Akkio said when it refused a request: its own words, from JSON or a page. Pure. */

import { label } from './json';

export const SNIPPET_LENGTH = 200;

/** The start of `text`, at most `length` code units, never ending on half a character, with … when cut. */
export function excerpt(text: string, length = SNIPPET_LENGTH): string {
	if (text.length <= length) return text;
	const code = text.charCodeAt(length - 1);
	// A high surrogate last would be half of a character outside the Basic Multilingual Plane.
	const end = code >= 0xd800 && code <= 0xdbff ? length - 1 : length;
	return `${text.slice(0, end)}…`;
}

/** One step of a 422's `loc`: a name or an index; anything else shown as JSON. */
function locationStep(step: unknown): string {
	return label(step) ?? JSON.stringify(step) ?? '?';
}

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
	return excerpt(text);
}

/** FastAPI's `detail`: a string, or a list of `{loc, msg}` as "body.duration: msg; …" (one line). */
export function formatDetail(detail: unknown): string | undefined {
	if (typeof detail === 'string' && detail.trim()) return detail.trim();
	if (!Array.isArray(detail)) return undefined;
	const lines = detail
		.map((entry) => {
			if (entry === null || typeof entry !== 'object') return typeof entry === 'string' ? entry : '';
			const { loc, msg } = entry as { loc?: unknown; msg?: unknown };
			const where = Array.isArray(loc) ? loc.map(locationStep).join('.') : '';
			const what = typeof msg === 'string' ? msg : JSON.stringify(entry);
			return where ? `${where}: ${what}` : what;
		})
		.filter((line) => line !== '');
	return lines.length ? lines.join('; ') : undefined;
}

/**
 * Akkio's words as a sentence of their own. The editor shows a description on one line, so
 * the sentences that follow must not run into them.
 */
export function asSentence(words: string): string {
	return /[.!?…]$/.test(words) ? words : `${words}.`;
}

/** What Akkio said, from a parsed JSON body or the raw text. */
export function akkioWords(parsed: unknown, rawBody: string): string | undefined {
	if (parsed !== null && typeof parsed === 'object') {
		const record = parsed as Record<string, unknown>;
		const detail = formatDetail(record.detail);
		if (detail) return detail;
		// Akkio's legacy routes put their words in `status` ({"status": "missing or invalid API key"}).
		for (const key of ['message', 'error', 'status']) {
			const value = record[key];
			if (typeof value === 'string' && value.trim() && value.trim().toLowerCase() !== 'success') return value.trim();
		}
	}
	const snippet = bodySnippet(rawBody);
	return snippet || undefined;
}

