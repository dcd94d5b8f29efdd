import type { ErrorText } from '../errors';

/**
 * Keeps the API key out of everything the node returns or throws, in every form it travels in:
 * as stored, trimmed (as sent), URL-encoded (the legacy routes put it in the query string: a
 * 404 page or a redirect can echo the URL; RFC 3986 escapes `!'()*` too, as n8n's HTTP client
 * does), form-encoded, encoded twice (a sign-in redirect carrying the original URL), with percent
 * escapes in either case, JSON-escaped (an echoed request body, `/` also as `\/`, PHP's way), and
 * inside base64 (an echoed Basic header, a token). Pure.
 */

/** For each of the three byte alignments, the base64 (and base64url) characters made of the key's bits alone. */
function base64Forms(secret: string) {
	const bytes = Buffer.from(secret);
	return [0, 1, 2].flatMap((offset) => {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
		const form = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
		return form.length >= 6 ? [form, form.replace(/\+/g, '-').replace(/\//g, '_')] : [];
	});
}

/** The values that must never appear: every form of the key as stored and as sent (trimmed). */
export function secretsOf(rawKey: unknown) {
	const key = typeof rawKey === 'string' ? rawKey : '';
	const keys = [key, key.trim()].filter((secret) => secret.length >= 4);
	const encoded = keys.flatMap((secret) => {
		try {
			const rfc3986 = encodeURIComponent(secret).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
			const once = [encodeURIComponent(secret), rfc3986, new URLSearchParams({ k: secret }).toString().slice(2)];
			return [...once, ...once.map((form) => form.replace(/%/g, '%25'))];
		} catch {
			return []; // half a surrogate pair cannot be URL-encoded, so it never travels encoded
		}
	});
	const forms = [...keys, ...encoded, ...keys.flatMap(base64Forms)];
	const escaped = forms.map((form) => JSON.stringify(form).slice(1, -1));
	return [...new Set([...forms, ...escaped, ...escaped.map((form) => form.replace(/\//g, '\\/'))])];
}

/** Not right after an odd number of backslashes, that is not inside a JSON escape such as \n. */
const OUTSIDE_ESCAPE = String.raw`(?<!(?<!\\)(?:\\\\)*\\)`;

/** Longest form first, so that it is replaced whole before a shorter one inside it; percent escapes match in either case. */
function anyOf(forms: string[], prefix = '') {
	const sorted = [...new Set(forms)].sort((a, b) => b.length - a.length);
	const anyCase = (char: string) => `[${char.toUpperCase()}${char.toLowerCase()}]`;
	const literal = (form: string) =>
		form.replace(/%[0-9A-Fa-f]{2}|[\s\S]/g, (t) => (t.length === 3 ? `%${anyCase(t[1])}${anyCase(t[2])}` : t.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')));
	return new RegExp(`${prefix}(?:${sorted.map(literal).join('|')})`, 'g');
}

/**
 * Per list of secrets: for plain text; for a text that may be JSON (a match never starts inside
 * an escape sequence, so a body that was valid JSON stays valid JSON); for a JSON text, where
 * every string's content is JSON-escaped, the secrets included.
 */
type Patterns = { plain: RegExp; mayBeJson: RegExp; jsonText: RegExp };
const compiled = new WeakMap<string[], Patterns>();

function scrub(text: string, secrets: string[], kind: keyof Patterns) {
	if (secrets.length === 0) return text;
	if (!compiled.has(secrets)) {
		const inJson = secrets.map((secret) => JSON.stringify(secret).slice(1, -1));
		compiled.set(secrets, { plain: anyOf(secrets), mayBeJson: anyOf(secrets, OUTSIDE_ESCAPE), jsonText: anyOf(inJson, OUTSIDE_ESCAPE) });
	}
	return text.replace(compiled.get(secrets)![kind], '[redacted]');
}

export const redactBody = (text: string, secrets: string[]) => scrub(text, secrets, 'mayBeJson');

export const redactText = (text: ErrorText, secrets: string[]) => ({ message: scrub(text.message, secrets, 'plain'), description: scrub(text.description, secrets, 'plain') });

/**
 * Removes the secrets from every string (values and keys) of a parsed response, so that no
 * answer, not even one echoing the request, can carry the key into an output item. It works on
 * the value's JSON text, where every string appears in one canonical spelling (an answer that
 * escaped the key's letters as \u0041 is caught here): no walk of the value, whatever its shape.
 */
export function redactValue(value: unknown, secrets: string[]): unknown {
	if (value === undefined) return value;
	const json = JSON.stringify(value);
	const clean = scrub(json, secrets, 'jsonText');
	return clean === json ? value : JSON.parse(clean);
}
