/**
 * Akkio's routes, written once: the nodes build every path here and the credential reads the
 * default host, the legacy/current route test and where the key may go from here. Pure and free
 * of imports, so that the credential can load it.
 */

export const DEFAULT_BASE_URL = 'https://api.akkio.com';
export const API_ROOT_PATH = '/api/v1';
/** Akkio's first API generation: key as an `api_key` field, not a header. */
export const LEGACY_DATASETS_PATH = '/v1/datasets';
export const LEGACY_MODELS_PATH = '/v1/models';
export const TRAINING_SUBMIT_PATH = `${API_ROOT_PATH}/models/train/new`;
export const CHAT_EXPLORE_SUBMIT_PATH = `${API_ROOT_PATH}/chat-explore/new`;
export const PROJECTS_PATH = `${API_ROOT_PATH}/projects`;
const CHATS_PATH = `${API_ROOT_PATH}/chat-explore/chats`;

/** Whether a URL path is one of the legacy routes (key in the body or query, not a header). */
export const isLegacyPath = (pathname: string) => /\/v1\/(datasets|models)\/?$/.test(pathname) && !pathname.includes(`${API_ROOT_PATH}/`);

export const isLoopbackHost = (hostname: string) => /^(localhost|\[::1]|::1|127(\.\d{1,3}){3})$/.test(hostname);

/**
 * Turns the credential's Base URL into an origin (`https://api.akkio.com`). A trailing slash or
 * a trailing `/api/v1` is accepted, because people paste the API root from Akkio's docs.
 */
export function normalizeBaseUrl(raw: unknown) {
	const text = typeof raw === 'string' ? raw.trim() : '';
	let url: URL;
	try { url = new URL(text); } catch { return { ok: false, reason: text ? 'it is not a URL like https://api.akkio.com' : 'it is empty' } as const; }
	const { protocol, hostname, username, password, search, hash } = url;
	const reason = !/^https?:$/.test(protocol) ? `the scheme "${protocol}" is not http or https`
		: protocol === 'http:' && !isLoopbackHost(hostname) ? 'it uses plain http, which would send the API key unencrypted (only localhost may use http)'
		: username || password ? 'it contains a user name or password' : search || hash ? 'it contains a query string or fragment' : undefined;
	const path = url.pathname.replace(/\/+$/, '');
	return reason ? { ok: false, reason } as const : { ok: true, origin: url.origin + (path.endsWith(API_ROOT_PATH) ? path.slice(0, -API_ROOT_PATH.length) : path) } as const;
}

/**
 * An ID as exactly one path segment (`/`, `?`, `#` and `%` escaped). IDs made only of dots, and
 * IDs with broken characters, are refused by validation before any path is built: URL parsers
 * collapse `.`/`..` segments even when percent-encoded, and encodeURIComponent throws on half a
 * surrogate pair (replaced by U+FFFD here, as UTF-8 encoding does, so this never throws).
 */
const segment = (id: string) => encodeURIComponent(Buffer.from(id).toString());
export const trainingTaskPath = (taskId: string, endpoint: 'status' | 'result') => `${API_ROOT_PATH}/models/train/${segment(taskId)}/${endpoint}`;
export const chatExploreStatusPath = (taskId: string) => `${API_ROOT_PATH}/chat-explore/status/${segment(taskId)}`;
export const chatPath = (chatId: string) => `${CHATS_PATH}/${segment(chatId)}`;
export const projectPath = (projectId: string) => `${PROJECTS_PATH}/${segment(projectId)}`;

/**
 * What a succeeded task's `location` names, read by `read` from the path (below the origin) it
 * resolves to; else `fallback`, and the location, when there is one, as ignored. Akkio's docs
 * say a location is relative to the API root (`/models/train/...`) while their example is rooted
 * (`/api/v1/models/train/...`): both are read, and so is a URL. Whatever resolves outside the API
 * root of the origin (another host, scheme or port, `..` steps) is never followed: the API key
 * would travel with the request. URL parsers read a backslash as a slash and drop tabs and
 * newlines: a location that needs such repairs is not one Akkio wrote.
 */
function follow(origin: string, location: unknown, fallback: string, read: (path: string | undefined, given: string) => string | undefined) {
	const given = typeof location === 'string' ? location.trim() : '';
	if (!given) return [fallback] as const;
	const root = new URL(`${origin}${API_ROOT_PATH}/`);
	const prefix = root.pathname.slice(0, -API_ROOT_PATH.length - 1);
	const rooted = [prefix + API_ROOT_PATH, API_ROOT_PATH].find((start) => given.startsWith(`${start}/`)) ?? '';
	let path: string | undefined;
	try {
		const url = new URL(given.slice(rooted.length).replace(/^\/+/, ''), root);
		if (url.href.startsWith(root.href) && !url.hash && !/[\\\s]/.test(given)) path = url.pathname.slice(prefix.length) + url.search;
	} catch { /* not a URL: ignored below */ }
	const found = read(path, given);
	return found === undefined ? [fallback, given] as const : [found] as const;
}

/**
 * Which path to GET for a finished training's result: the location only where it names this
 * task's result, else the documented path (and the location as ignored). Another task's result,
 * another route or a bare word is never fetched: its model would be output under this task's ID.
 */
export function resolveResultPath(origin: string, taskId: string, location: unknown) {
	const documented = trainingTaskPath(taskId, 'result');
	const [path, ignoredLocation] = follow(origin, location, documented, (resolved) => resolved?.split('?')[0] === documented ? resolved : undefined);
	return { path, ignoredLocation };
}

/**
 * Which chat holds the answer of a Chat Explore task that succeeded. Akkio's spec does not say
 * how the chat ID relates to the task ID, so every plausible answer is read: a location of the
 * chat (a query such as `?image_format=` is dropped) or a bare ID names that chat; without a
 * location the chat shares the task's ID; any other location is ignored (the task's ID is used).
 */
export function chatTargetOf(origin: string, taskId: string, location: unknown) {
	const [chatId, ignoredLocation] = follow(origin, location, taskId, (path, given) => {
		if (/^[\w-]+$/.test(given)) return given;
		const encoded = path && new RegExp(`^${CHATS_PATH}/([^/?#]+)(\\?.*)?$`).exec(path)?.[1];
		let id: string | undefined;
		try { id = encoded ? decodeURIComponent(encoded) : undefined; } catch { /* a broken escape names no chat */ }
		return id && !/^\.+$/.test(id) ? id : undefined;
	});
	return { chatId, ignoredLocation };
}

/** The URL a request goes to: `url` on its own, or joined to `baseURL` as n8n's HTTP client joins them. */
export const requestUrl = (url: string, baseURL?: string) =>
	!baseURL || /^[a-z][a-z\d+.-]*:/i.test(url) ? url : `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;

/**
 * Why the key must not go with this request, or undefined when it may: only below the
 * credential's Base URL, and only where the nodes themselves would send it (the same checks as
 * every execution). The credential applies this to every request it authenticates, its own test
 * included, so that a test cannot send the key where an execution never would.
 */
export function keyRefusal(baseUrl: unknown, url: unknown, baseURL?: unknown) {
	const base = normalizeBaseUrl(baseUrl);
	if (!base.ok) return `The Base URL of the Akkio API credential is not usable: ${base.reason}`;
	let target: URL;
	try { target = new URL(requestUrl(String(url ?? ''), typeof baseURL === 'string' ? baseURL : undefined)); } catch { return 'The request has no usable URL'; }
	const root = new URL(`${base.origin}/`);
	const inside = !target.username && !target.password && target.origin === root.origin && target.pathname.startsWith(root.pathname);
	return inside ? undefined : `The request does not go to the Base URL of the Akkio API credential (${base.origin})`;
}
