/**
 * Akkio's routes, written once: the nodes build every path here and the credential reads the
 * default host and the legacy/current route test from here. Pure and free of imports, so that
 * the credential can load it.
 */

/** Where Akkio's API lives unless the credential says otherwise. */
export const DEFAULT_BASE_URL = 'https://api.akkio.com';

export const API_ROOT_PATH = '/api/v1';

/** Akkio's first API generation: key as an `api_key` field, not a header. */
export const LEGACY_DATASETS_PATH = '/v1/datasets';
export const LEGACY_MODELS_PATH = '/v1/models';

export const TRAINING_SUBMIT_PATH = `${API_ROOT_PATH}/models/train/new`;

/** Whether a URL path is one of the legacy routes (key in the body or query, not a header). */
export function isLegacyPath(pathname: string): boolean {
	const legacy = [LEGACY_DATASETS_PATH, LEGACY_MODELS_PATH].some((path) => pathname.endsWith(path) || pathname.endsWith(`${path}/`));
	return legacy && !pathname.includes(`${API_ROOT_PATH}/`);
}

export type BaseUrlCheck = { ok: true; origin: string } | { ok: false; reason: string };

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Turns the credential's Base URL into an origin (`https://api.akkio.com`). A trailing slash or
 * a trailing `/api/v1` is accepted, because people paste the API root from Akkio's docs.
 */
export function normalizeBaseUrl(raw: unknown): BaseUrlCheck {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text) return { ok: false, reason: 'it is empty' };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, reason: 'it is not a URL (expected something like https://api.akkio.com)' };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return { ok: false, reason: `the scheme "${url.protocol}" is not http or https` };
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		return {
			ok: false,
			reason: 'it uses plain http, which would send the API key unencrypted (only localhost may use http)',
		};
	}
	if (url.username || url.password) {
		return { ok: false, reason: 'it contains a user name or password' };
	}
	if (url.search || url.hash) {
		return { ok: false, reason: 'it contains a query string or fragment' };
	}
	const path = url.pathname.replace(/\/+$/, '');
	const prefix = path.endsWith(API_ROOT_PATH) ? path.slice(0, -API_ROOT_PATH.length) : path;
	return { ok: true, origin: `${url.origin}${prefix}` };
}

/** A UTF-16 surrogate without its partner: no URL (or UTF-8 text) can carry it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Encodes a task ID as exactly one path segment (`/`, `?`, `#` and `%` are escaped). IDs made
 * only of dots, and IDs with broken characters, are refused by validation before any path is
 * built: URL parsers collapse `.`/`..` segments even when percent-encoded, and
 * encodeURIComponent throws on half a surrogate pair (replaced here, so this never throws).
 */
export function encodePathSegment(value: string): string {
	return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
}

export function trainingTaskPath(taskId: string, endpoint: 'status' | 'result'): string {
	return `${API_ROOT_PATH}/models/train/${encodePathSegment(taskId)}/${endpoint}`;
}

export type ResultPath = { path: string; ignoredLocation?: string };

/** Where a status `location` points: a path below the origin, or a location not to follow. */
export type Location = { path: string } | { ignored: string };

/**
 * Reads the `location` of a task that succeeded. Akkio's docs say it is relative to the API
 * root (`/models/train/...`) while their example is rooted (`/api/v1/models/train/...`): both
 * are accepted. A location that is absolute on another origin, or that escapes the API root, is
 * never followed because the API key would travel with the request. Undefined when there is none.
 */
export function resolveLocation(origin: string, location: unknown): Location | undefined {
	if (typeof location !== 'string' || location.trim() === '') return undefined;
	const trimmed = location.trim();
	// URL parsers read a backslash as a slash and drop tabs and newlines: a location that needs
	// such repairs is not one Akkio wrote.
	if (/[\\\s]/.test(trimmed)) return { ignored: trimmed };

	const base = new URL(`${origin}/`);
	const apiRoot = `${base.pathname.replace(/\/$/, '')}${API_ROOT_PATH}`;
	let target: URL;
	try {
		if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) {
			target = new URL(trimmed, base);
			if (target.origin !== base.origin) return { ignored: trimmed };
		} else if (trimmed.startsWith(`${API_ROOT_PATH}/`) || trimmed.startsWith(`${apiRoot}/`)) {
			target = new URL(trimmed.startsWith(apiRoot) ? trimmed : `${apiRoot}${trimmed.slice(API_ROOT_PATH.length)}`, base);
		} else {
			target = new URL(`${apiRoot}/${trimmed.replace(/^\/+/, '')}`, base);
		}
	} catch {
		return { ignored: trimmed };
	}
	if (!target.pathname.startsWith(`${apiRoot}/`) || target.hash || target.username) {
		return { ignored: trimmed };
	}
	return { path: `${target.pathname.slice(base.pathname.replace(/\/$/, '').length)}${target.search}` };
}

/**
 * Which path to GET for a finished training's result: the location Akkio gave only where it
 * names this task's result (resolveLocation), else the documented result path, and the location
 * is reported as ignored. Another task's result, another route or a bare word is never fetched
 * for this task: its model would be output under this task's ID.
 */
export function resolveResultPath(origin: string, taskId: string, location: unknown): ResultPath {
	const documented = trainingTaskPath(taskId, 'result');
	const resolved = resolveLocation(origin, location);
	if (!resolved) return { path: documented };
	if ('path' in resolved && resolved.path.split('?')[0] === documented) return resolved;
	return { path: documented, ignoredLocation: 'path' in resolved ? String(location).trim() : resolved.ignored };
}

// ------------------------------------------------------------------ Chat Explore and projects

export const CHAT_EXPLORE_SUBMIT_PATH = `${API_ROOT_PATH}/chat-explore/new`;
const CHATS_PATH = `${API_ROOT_PATH}/chat-explore/chats`;

export function chatExploreStatusPath(taskId: string): string {
	return `${API_ROOT_PATH}/chat-explore/status/${encodePathSegment(taskId)}`;
}

export function chatPath(chatId: string): string {
	return `${CHATS_PATH}/${encodePathSegment(chatId)}`;
}

export const PROJECTS_PATH = `${API_ROOT_PATH}/projects`;

export function projectPath(projectId: string): string {
	return `${PROJECTS_PATH}/${encodePathSegment(projectId)}`;
}

export type ChatTarget = { chatId: string; ignoredLocation?: string };

function decodeSegment(segment: string): string | undefined {
	try {
		return decodeURIComponent(segment);
	} catch {
		return undefined;
	}
}

/**
 * Which chat holds the answer of a Chat Explore task that succeeded. Akkio's spec does not say
 * how the chat ID relates to the task ID, so every plausible answer is read:
 * - a location of the chat (`/api/v1/chat-explore/chats/<id>`, relative to the API root, or a
 *   URL on the same origin; a query such as `?image_format=` is dropped): that chat;
 * - a bare ID (no slash): that chat;
 * - no location: the task ID (the chat and its task then share the ID);
 * - a location the node may not follow, or one that names something else: the task ID, and
 *   the location is reported as ignored.
 */
export function chatTargetOf(origin: string, taskId: string, location: unknown): ChatTarget {
	if (typeof location === 'string' && /^[A-Za-z0-9_-]+$/.test(location.trim())) return { chatId: location.trim() };
	const resolved = resolveLocation(origin, location);
	if (!resolved) return { chatId: taskId };
	if ('path' in resolved) {
		const match = new RegExp(`^${CHATS_PATH}/([^/?#]+)(?:\\?.*)?$`).exec(resolved.path);
		const chatId = match ? decodeSegment(match[1]) : undefined;
		if (chatId && !/^\.+$/.test(chatId)) return { chatId };
	}
	return { chatId: taskId, ignoredLocation: String(location).trim() };
}

// ------------------------------------------------------------------ where the key may go

/**
 * Where the credential may send the API key: only below the credential's Base URL, and only
 * when the nodes themselves would send it there (the same checks as every execution: https
 * except loopback, no user name or password, no query or fragment). The credential applies this
 * to every request it authenticates, its own test included, so that a test cannot send the key
 * where an execution never would.
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
