'use strict';

// Reading an execution's run data (from `n8n execute --rawOutput` or the REST API) the way the
// scenarios' checks see it: a node's output items, their binary metadata, how often it ran.

function outputOf(runData, node, { run: runIndex = 0, output = 0 } = {}) {
	const task = (runData[node] || [])[runIndex];
	if (!task) throw new Error(`node "${node}" has no run ${runIndex + 1}`);
	return ((task.data && task.data.main) || [])[output] || [];
}

/** What a scenario's check gets to read the run: items, binaries and run counts by node name. */
function runDataView(runData) {
	return {
		items: (node, options) => outputOf(runData, node, options).map((item) => item.json),
		binaries: (node, options) => outputOf(runData, node, options).map((item) => item.binary),
		runCount: (node) => (runData[node] || []).length,
	};
}

module.exports = { runDataView, itemsOf: (runData, node, options) => runDataView(runData).items(node, options) };
