'use strict';
// Records when this process opens an HTTP request. The simulator runs in the same process, so
// its arrival times say little about when a request was sent once the event loop is busy;
// the moment http.request is called does.
const http = require('node:http');

function recordOutgoingRequests() {
	const original = http.request;
	const opened = [];
	http.request = function request(...args) {
		opened.push({ at: performance.now() });
		return original.apply(this, args);
	};
	return {
		opened,
		openedAfter: (t) => opened.filter((entry) => entry.at > t),
		restore: () => {
			http.request = original;
		},
	};
}

module.exports = { recordOutgoingRequests };
