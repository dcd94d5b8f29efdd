// Loads the compiled pure modules of the nodes (npm test builds first).
const path = require('path');

const dist = path.join(__dirname, '..', '..', 'dist', 'nodes');
const shared = (name) => require(path.join(dist, 'shared', name));

module.exports = {
	urls: shared('routes'),
	retry: shared('transport/errorText'),
	budget: shared('transport/budget'),
	validation: shared('parameters'),
	apiErrors: shared('transport/errorText'),
	schedule: shared('polling'),
	calendar: shared('pacing'),
	taskState: shared('decode'),
	decode: shared('decode'),
	errors: shared('errors'),
	redaction: shared('transport/redaction'),
	waiting: shared('polling'),
	output: require(path.join(dist, 'AkkioTrain', 'helpers', 'output')),
	chatAnswer: require(path.join(dist, 'Akkio', 'actions', 'chatExplore', 'ask.operation')),
	chatInput: require(path.join(dist, 'Akkio', 'actions', 'chatExplore', 'ask.operation')),
	ask: require(path.join(dist, 'Akkio', 'actions', 'chatExplore', 'ask.operation')),
};
