import type { ErrorText } from '../errors';

/**
 * Keeps the API key out of everything the node returns or throws, in every form it travels in:
 * as stored, trimmed (as sent), URL-encoded (the legacy routes put it in the query string: a
 * 404 page or a redirect can echo the URL), form-encoded, encoded twice (a sign-in redirect
 * carrying the original URL), with percent escapes in either case, and JSON-escaped (an echoed
 * request body). Pure.
 */

/** Percent-encoding as n8n's HTTP client writes a query (RFC 3986: `!'()*` escaped too). */
function rfc3986(text: string): string {
	return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A JSON string's content, as an echoed body would carry it (and with `/` as `\/`, PHP's way). */
function jsonEscapes(text: string): string[] {
	const escaped = JSON.stringify(text).slice(1, -1);
	return [escaped, escaped.replace(/\//g, '\\/')];
}

/**
 * The key as it appears inside any base64 text that carries it (an echoed Basic header, a
 * token): for each of the three byte alignments, the characters made of the key's bits alone,
 * in base64 and base64url.
 */
function base64Forms(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	return [0, 1, 2].flatMap((offset) => {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
		const form = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
		return form.length >= 6 ? [form, form.replace(/\+/g, '-').replace(/\//g, '_')] : [];
	});
}

/** The values that must never appear: every form of the key as stored and as sent (trimmed). */
export function secretsOf(rawKey: unknown): string[] {
	const key = typeof rawKey === 'string' ? rawKey : '';
	const keys = [...new Set([key, key.trim()])].filter((secret) => secret.length >= 4);
	const encoded = keys.flatMap((secret) => {
		let once: string[] = [];
		try {
			once = [encodeURIComponent(secret), rfc3986(secret), new URLSearchParams({ k: secret }).toString().slice(2)];
		} catch {
			once = []; // half a surrogate pair cannot be URL-encoded, so it never travels encoded
		}
		return [...once, ...once.map((form) => form.replace(/%/g, '%25'))];
	});
	const forms = [...keys, ...encoded, ...keys.flatMap(base64Forms)];
	// Longest first, so that a longer form is replaced whole before a shorter one inside it.
	return [...new Set([...forms, ...forms.flatMap(jsonEscapes)])].sort((a, b) => b.length - a.length);
}

/** A pattern matching the form literally, except that percent escapes match in either case. */
function patternOf(form: string): string {
	return form.replace(/%[0-9A-Fa-f]{2}|[\s\S]/g, (token) =>
		token.length === 3
			? `%[${token[1].toUpperCase()}${token[1].toLowerCase()}][${token[2].toUpperCase()}${token[2].toLowerCase()}]`
			: token.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'),
	);
}

/** Not right after an odd number of backslashes, that is not inside a JSON escape such as \n. */
const OUTSIDE_ESCAPE = String.raw`(?<!(?<!\\)(?:\\\\)*\\)`;

const patterns = { plain: new WeakMap<string[], RegExp>(), json: new WeakMap<string[], RegExp>() };

function patternFor(secrets: string[], kind: keyof typeof patterns): RegExp | undefined {
	if (secrets.length === 0) return undefined;
	let pattern = patterns[kind].get(secrets);
	if (!pattern) {
		const alternatives = secrets.map(patternOf).join('|');
		pattern = new RegExp(kind === 'json' ? `${OUTSIDE_ESCAPE}(?:${alternatives})` : alternatives, 'g');
		patterns[kind].set(secrets, pattern);
	}
	return pattern;
}

export function redact(text: string, secrets: string[]): string {
	const pattern = patternFor(secrets, 'plain');
	return pattern ? text.replace(pattern, '[redacted]') : text;
}

/**
 * `redact` for a text that may be JSON (a response body): a match never starts inside an escape
 * sequence, so a body that was valid JSON stays valid JSON.
 */
export function redactBody(text: string, secrets: string[]): string {
	const pattern = patternFor(secrets, 'json');
	return pattern ? text.replace(pattern, '[redacted]') : text;
}

export function redactText(text: ErrorText, secrets: string[]): ErrorText {
	return { message: redact(text.message, secrets), description: redact(text.description, secrets) };
}

const jsonForms = new WeakMap<string[], string[]>();

/**
 * Removes the secrets from every string (values and keys) of a parsed response, so that no
 * answer, not even one echoing the request, can carry the key into an output item. It works on
 * the value's JSON text, where every string appears in one canonical spelling (an answer that
 * escaped the key's letters as \u0041 is caught here): no walk of the value, whatever its shape.
 */
export function redactValue(value: unknown, secrets: string[]): unknown {
	if (secrets.length === 0 || value === undefined) return value;
	let escaped = jsonForms.get(secrets);
	if (!escaped) {
		// Inside a JSON text every string's content is JSON-escaped, the secrets included.
		escaped = [...new Set(secrets.map((secret) => JSON.stringify(secret).slice(1, -1)))].sort((a, b) => b.length - a.length);
		jsonForms.set(secrets, escaped);
	}
	const json = JSON.stringify(value);
	const scrubbed = redactBody(json, escaped);
	return scrubbed === json ? value : JSON.parse(scrubbed);
}
