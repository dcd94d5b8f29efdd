// Loads the compiled pure helpers of the node (npm test builds first).
const path = require('path');

const root = path.join(__dirname, '..', '..', 'dist', 'nodes', 'AkkioTrain');

module.exports = {
	urls: require(path.join(root, 'helpers', 'urls')),
	schedule: require(path.join(root, 'helpers', 'schedule')),
	budget: require(path.join(root, 'helpers', 'requestBudget')),
	taskState: require(path.join(root, 'helpers', 'taskState')),
	output: require(path.join(root, 'helpers', 'output')),
	validation: require(path.join(root, 'helpers', 'validation')),
	apiErrors: require(path.join(root, 'helpers', 'apiErrors')),
};
