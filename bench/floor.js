'use strict';
// The physical floor a scenario's figures are read against: what no client can beat under
// Akkio's published limit of five requests per second. Each training needs a submit, at least
// one status check at or after its end, and a result download (3 requests); a Predict batch needs
// one request. Wall time is at least the longest training plus its last two requests, and at
// least the time the limit needs to start every request (the first five at once).

function computeFloor(scenario, { perSecond = 5, serviceSeconds = 0 } = {}) {
	if (scenario.predictItems) {
		const requests = Math.ceil(scenario.predictItems / scenario.batchSize);
		return { wall: Math.ceil(requests / perSecond) - 1 + serviceSeconds, requests, requestsPerTask: 1, latencyP50: 0 };
	}
	const requests = 3 * scenario.tasks.length;
	const longest = Math.max(...scenario.tasks.map((task) => task.duration));
	const wall = Math.max(longest + 2 * serviceSeconds, Math.ceil(requests / perSecond) - 1 + serviceSeconds);
	return { wall, requests, requestsPerTask: 3, latencyP50: serviceSeconds };
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2 : NaN;
};

module.exports = { computeFloor, median };
