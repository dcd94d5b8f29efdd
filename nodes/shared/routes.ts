import { API_ROOT_PATH } from './constants';
import { InvalidParameter } from './validation';

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

/**
 * Encodes a task ID as exactly one path segment (`/`, `?`, `#` and `%` are escaped). IDs made
 * only of dots are refused by validation: URL parsers collapse `.`/`..` segments even when
 * percent-encoded.
 */
export function encodePathSegment(value: string): string {
	return encodeURIComponent(value);
}

/** A UTF-16 surrogate without its partner: no URL (or UTF-8 text) can carry it. */
export function hasLoneSurrogate(text: string): boolean {
	return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

export function trainingTaskPath(taskId: string, endpoint: 'status' | 'result'): string {
	if (hasLoneSurrogate(taskId)) {
		// encodeURIComponent would throw a bare "URI malformed".
		throw new InvalidParameter(
			'Task ID',
			'contains a broken character (half of a UTF-16 surrogate pair)',
			'Use the task_id returned by the Train operation, for example {{ $json.task_id }}.',
		);
	}
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
