import type { ErrorText } from '../errors';

/** Keeps the API key out of everything the node returns or throws. Pure. */

/** The values that must never appear: the key as stored and as sent (trimmed). */
export function secretsOf(rawKey: unknown): string[] {
	const key = typeof rawKey === 'string' ? rawKey : '';
	return [key, key.trim()].filter((secret) => secret.length >= 4);
}

export function redact(text: string, secrets: string[]): string {
	return secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

export function redactText(text: ErrorText, secrets: string[]): ErrorText {
	return { message: redact(text.message, secrets), description: redact(text.description, secrets) };
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
