#!/usr/bin/env node
// Offline community-package scan (`npm run lint:scan`, part of `npm run lint`): the lint step
// of `@n8n/scan-community-package`, on the source and on the tarball `npm run pack` makes, as
// n8n's scan does for a published package. `npx @n8n/scan-community-package` cannot run here
// (it needs the registry's provenance attestations and a GitHub download); its lint step is what
// a reviewer's scan fails on, and it needs neither.
//
// It also fails when the tarball lacks a file package.json's n8n section names: with the
// project's ignore-scripts=true a plain `npm pack` runs no prepack and packs no dist/.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'akkio-scan-'));
try {
	execFileSync('npm', ['run', 'pack', '--', '--pack-destination', work], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
	const tarball = fs.readdirSync(work).find((name) => name.endsWith('.tgz'));
	const unpacked = path.join(work, 'package');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', unpacked, '--strip-components=1']);
	const missing = [...manifest.n8n.nodes, ...manifest.n8n.credentials].filter((entry) => !fs.existsSync(path.join(unpacked, entry)));
	const legs = [
		{ name: 'source', dir: ROOT, patterns: SOURCE_FILE_PATTERNS },
		{ name: `tarball ${tarball}`, dir: unpacked, patterns: ['**/*.js', 'package.json'] },
	];
	let failed = missing.length ? 1 : 0;
	if (missing.length) console.log(`tarball ${tarball} lacks ${missing.join(', ')}: pack with \`npm run pack\``);
	for (const leg of legs) {
		const result = await analyzePackage(leg.dir, leg.patterns);
		console.log(`scan ${leg.name}: ${result.passed ? 'clean' : 'FAILED'}${result.message ? ` (${result.message})` : ''}`);
		if (!result.passed) {
			failed++;
			if (result.details) console.log(result.details);
		}
	}
	console.log(failed ? `community package scan: ${failed} problem(s)` : 'community package scan: source and tarball clean');
	process.exitCode = failed ? 1 : 0;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
