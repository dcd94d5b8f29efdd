'use strict';

// One HTTP call to the simulator as the simulator's own tests make it: a JSON body (or a raw
// string) out, the status, the headers, the text and the parsed JSON (undefined when it is not JSON) back.

async function callJson(url, { method = 'GET', headers = {}, body, signal, raw = false } = {}) {
	const allHeaders = { ...headers };
	if (body !== undefined && !allHeaders['Content-Type']) allHeaders['Content-Type'] = 'application/json';
	const res = await fetch(url, {
		method,
		headers: allHeaders,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		signal,
	});
	if (raw) return res;
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

module.exports = { callJson };
