// Loads the compiled pure helpers of the nodes (npm test builds first).
const path = require('path');

const dist = path.join(__dirname, '..', '..', 'dist', 'nodes');
const train = (name) => require(path.join(dist, 'AkkioTrain', 'helpers', name));
const shared = (name) => require(path.join(dist, 'shared', 'helpers', name));

module.exports = {
	urls: shared('urls'),
	retry: shared('retry'),
	budget: shared('requestBudget'),
	validation: shared('validation'),
	apiErrors: shared('apiErrors'),
	schedule: train('schedule'),
	taskState: train('taskState'),
	output: train('output'),
};
