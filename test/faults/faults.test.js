'use strict';
// The fault suite of issue 4, one describe per row (docs/reliability.md). A single jest file,
// so n8n-core's engine is loaded once (a few seconds per test file on a 2-core machine).
// Run one row: npx jest test/faults -t '<row name>', e.g. -t soak.
describe('GET retries', () => {
	require('./get-retries');
});
describe('submit retries', () => {
	require('./submit');
});
describe('malformed and HTML bodies', () => {
	require('./bodies');
});
describe('odd but valid answers', () => {
	require('./responses');
});
describe('key leak', () => {
	require('./key-leak');
});
describe('location hardening', () => {
	require('./location');
});
describe('base URL hardening', () => {
	require('./base-url');
});
describe('request budget', () => {
	require('./budget');
});
describe('cancellation', () => {
	require('./cancel');
});
describe('bad parameters through expressions', () => {
	require('./expressions');
});
describe('whatever Akkio answers', () => {
	require('./hostile');
});
describe('soak', () => {
	require('./soak');
});
