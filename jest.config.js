// Tests are plain CommonJS and run against the compiled package in dist/ (npm test builds first).
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.js'],
	testTimeout: 60000,
};
