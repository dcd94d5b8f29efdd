// Copies what tsc does not: the SVG icons (referenced as file:../../icons/*.svg from the compiled
// nodes and file:../icons/*.svg from the compiled credentials) and each node's codex JSON, which
// n8n reads next to the compiled .node.js file.
const { src, dest, parallel } = require('gulp');

function copyIcons() {
	return src('icons/**/*.svg').pipe(dest('dist/icons'));
}

function copyCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

exports.build = parallel(copyIcons, copyCodex);
exports.default = exports.build;
