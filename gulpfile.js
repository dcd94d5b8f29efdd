// The build around tsc: `gulp clean` empties dist/ first (so a renamed source never ships as a
// stale file), `gulp build` then copies what tsc does not: the SVG icons (referenced as
// file:../../icons/*.svg from the compiled nodes and file:../icons/*.svg from the compiled
// credential) and each node's codex JSON, which n8n reads next to the compiled .node.js file.
const fs = require('node:fs');
const { src, dest, parallel } = require('gulp');

function clean(done) {
	fs.rmSync('dist', { recursive: true, force: true });
	done();
}

function copyIcons() {
	return src('icons/**/*.svg').pipe(dest('dist/icons'));
}

function copyCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

exports.clean = clean;
exports.build = parallel(copyIcons, copyCodex);
exports.default = exports.build;
