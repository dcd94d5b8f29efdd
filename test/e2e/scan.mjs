#!/usr/bin/env node
// Offline community-package scan: the lint step of `@n8n/scan-community-package`, run on
// the source and on the packed tarball, as n8n's scan does for a published package.
//
// `npx @n8n/scan-community-package` cannot run here: it needs the registry's provenance
// attestations and a GitHub download. Its lint step is what a reviewer's scan fails on, and
// it needs neither, so it is imported and run on the two folders the real scan lints:
//   - the source (SOURCE_FILE_PATTERNS: package.json, nodes/ and credentials/),
//   - the unpacked `npm pack` tarball (its compiled .js and its package.json).
//
// Usage: node test/e2e/scan.mjs [--tarball path/to/pkg.tgz]   (run `npm run build` first,
// unless a tarball is given). Exits 1 on any violation and prints them.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCANNER = '@n8n/scan-community-package/scanner/scanner.mjs';

function resolveScanner() {
	// The package is a devDependency; SCAN_COMMUNITY_PACKAGE_DIR points at another install.
	const bases = [ROOT, process.env.SCAN_COMMUNITY_PACKAGE_DIR].filter(Boolean);
	for (const base of bases) {
		try {
			return createRequire(path.join(base, 'package.json')).resolve(SCANNER);
		} catch {
			// try the next place
		}
	}
	console.error(
		`Cannot find ${SCANNER}. Install the devDependencies (npm ci), or point ` +
			'SCAN_COMMUNITY_PACKAGE_DIR at a folder where @n8n/scan-community-package is installed.',
	);
	process.exit(2);
}

function packTarball(destination) {
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const [info] = JSON.parse(out);
	return path.join(destination, info.filename);
}

function parseArgs(argv) {
	const args = { tarball: null };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--tarball') args.tarball = path.resolve(argv[++i] ?? '');
		else if (argv[i].startsWith('--tarball=')) args.tarball = path.resolve(argv[i].slice('--tarball='.length));
		else {
			console.error(`unknown argument: ${argv[i]}\nusage: node test/e2e/scan.mjs [--tarball pkg.tgz]`);
			process.exit(2);
		}
	}
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(resolveScanner()).href);

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'akkio-scan-'));
	try {
		let tarball = args.tarball;
		if (!tarball) {
			if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes'))) {
				console.error('dist/ is missing: run `npm run build` first.');
				process.exit(2);
			}
			tarball = packTarball(work);
		}
		const unpacked = path.join(work, 'package');
		fs.mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);

		const legs = [
			{ name: 'source', dir: ROOT, patterns: SOURCE_FILE_PATTERNS },
			{ name: `tarball ${path.basename(tarball)}`, dir: unpacked, patterns: ['**/*.js', 'package.json'] },
		];
		let failed = 0;
		for (const leg of legs) {
			const result = await analyzePackage(leg.dir, leg.patterns);
			if (result.passed) {
				console.log(`scan ${leg.name}: clean${result.message ? ` (${result.message})` : ''}`);
			} else {
				failed++;
				console.log(`scan ${leg.name}: ${result.message}`);
				if (result.details) console.log(result.details);
			}
		}
		if (failed) {
			console.log(`community package scan: ${failed} of ${legs.length} failed`);
			process.exitCode = 1;
		} else {
			console.log('community package scan: source and tarball clean');
		}
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

await main();
