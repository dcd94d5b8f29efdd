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

/**
 * Decides which path to GET for a finished task's result. Akkio's docs say `location` is
 * relative to the API root (`/models/train/...`) while their example is rooted
 * (`/api/v1/models/train/...`): both are accepted. A location that is absolute on another
 * origin, or that escapes the API root, is never followed because the API key would travel with
 * the request; the documented result path is used instead.
 */
export function resolveResultPath(origin: string, taskId: string, location: unknown): ResultPath {
	const fallback = trainingTaskPath(taskId, 'result');
	if (typeof location !== 'string' || location.trim() === '') return { path: fallback };
	const trimmed = location.trim();
	// URL parsers read a backslash as a slash and drop tabs and newlines: a location that needs
	// such repairs is not one Akkio wrote.
	if (/[\\\s]/.test(trimmed)) return { path: fallback, ignoredLocation: trimmed };

	const base = new URL(`${origin}/`);
	const apiRoot = `${base.pathname.replace(/\/$/, '')}${API_ROOT_PATH}`;
	let target: URL;
	try {
		if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) {
			target = new URL(trimmed, base);
			if (target.origin !== base.origin) return { path: fallback, ignoredLocation: trimmed };
		} else if (trimmed.startsWith(`${API_ROOT_PATH}/`) || trimmed.startsWith(`${apiRoot}/`)) {
			target = new URL(trimmed.startsWith(apiRoot) ? trimmed : `${apiRoot}${trimmed.slice(API_ROOT_PATH.length)}`, base);
		} else {
			target = new URL(`${apiRoot}/${trimmed.replace(/^\/+/, '')}`, base);
		}
	} catch {
		return { path: fallback, ignoredLocation: trimmed };
	}
	if (!target.pathname.startsWith(`${apiRoot}/`) || target.hash || target.username) {
		return { path: fallback, ignoredLocation: trimmed };
	}
	const path = `${target.pathname.slice(base.pathname.replace(/\/$/, '').length)}${target.search}`;
	return { path };
}
