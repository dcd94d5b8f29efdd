import { normalizeBaseUrl } from './routes';

/**
 * Where the credential may send the API key: only below the credential's Base URL, and only
 * when the nodes themselves would send it there (the same checks as every execution: https
 * except loopback, no user name or password, no query or fragment). The credential applies this
 * to every request it authenticates, its own test included, so that a test cannot send the key
 * where an execution never would. Pure, and importing only routes.ts, so the credential can load it.
 */

/** The URL a request goes to: `url` on its own, or joined to `baseURL` as n8n's HTTP client joins them. */
export function requestUrl(url: string, baseURL?: string): string {
	if (!baseURL || /^[a-z][a-z\d+.-]*:/i.test(url)) return url;
	return `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/** Why the key must not go with this request, or undefined when it may. */
export function keyRefusal(baseUrl: unknown, url: unknown, baseURL?: unknown): string | undefined {
	const base = normalizeBaseUrl(baseUrl);
	if ('reason' in base) return `The Base URL of the Akkio API credential is not usable: ${base.reason}`;
	let target: URL;
	try {
		target = new URL(requestUrl(String(url ?? ''), typeof baseURL === 'string' ? baseURL : undefined));
	} catch {
		return 'The request has no usable URL';
	}
	const root = new URL(`${base.origin}/`);
	if (target.username || target.password || target.origin !== root.origin || !target.pathname.startsWith(root.pathname)) {
		return `The request does not go to the Base URL of the Akkio API credential (${base.origin})`;
	}
	return undefined;
}
