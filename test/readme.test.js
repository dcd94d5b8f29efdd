'use strict';
// What the README tells a user must be true: its commands exist, its links lead somewhere, it
// names every operation and output mode the nodes have, and its quick-start output is what the
// node outputs.
const fs = require('node:fs');
const path = require('node:path');
const { runAkkio, startSimulator, rl } = require('./support/akkio');

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const pkg = require('../package.json');

test('the README stays within 1,800 words', () => {
	expect(readme.split(/\s+/).filter(Boolean).length).toBeLessThanOrEqual(1800);
});

test('every npm script the README runs exists, and the two try-it commands are there', () => {
	expect(readme).toContain('npm ci && npm run demo');
	expect(readme).toMatch(/^npm test\b/m);
	const scripts = [...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
	expect(scripts).toEqual(expect.arrayContaining(['demo', 'pack']));
	for (const script of new Set(scripts)) expect([script, pkg.scripts[script] !== undefined]).toEqual([script, true]);
	// The from-source install names the tarball npm pack makes of this version.
	expect(readme).toContain(`${pkg.name}-${pkg.version}.tgz`);
});

test('every relative link in the README leads to a file of the repository', () => {
	const links = [...readme.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((link) => !/^[a-z]+:/.test(link));
	expect(links.length).toBeGreaterThan(0);
	for (const link of links) expect([link, fs.existsSync(path.join(root, link))]).toEqual([link, true]);
});

test('the README names every resource, operation and output mode of every node', () => {
	for (const file of pkg.n8n.nodes) {
		const exported = require(path.join(root, file));
		const { description } = new (Object.values(exported)[0])();
		for (const property of description.properties) {
			if (!['resource', 'operation', 'output'].includes(property.name)) continue;
			for (const option of property.options) {
				const shown = property.name === 'resource' ? `${option.name} →` : `**${option.name}**`;
				expect([description.displayName, shown, readme.includes(shown)]).toEqual([description.displayName, shown, true]);
			}
		}
	}
});

/** Each key of `shown` exists in `actual` with the same type, at every level (values differ). */
function expectShownKeysReal(shown, actual, where = '$') {
	if (Array.isArray(shown)) {
		expect([where, Array.isArray(actual)]).toEqual([where, true]);
		if (shown.length) expectShownKeysReal(shown[0], actual[0], `${where}[0]`);
		return;
	}
	if (shown !== null && typeof shown === 'object') {
		expect([where, typeof actual]).toEqual([where, 'object']);
		for (const key of Object.keys(shown)) {
			expect([`${where}.${key}`, key in actual]).toEqual([`${where}.${key}`, true]);
			expectShownKeysReal(shown[key], actual[key], `${where}.${key}`);
		}
		return;
	}
	expect([where, actual === null ? 'null' : typeof actual]).toEqual([where, shown === null ? 'null' : typeof shown]);
}

test("the quick start's output is what Train Model with Wait for Completion outputs", async () => {
	const match = /<!-- output: summary -->\s*```json\n([\s\S]*?)```/.exec(readme);
	expect(match).not.toBeNull();
	const shown = JSON.parse(match[1]);
	const sim = await startSimulator({ timeScale: 0.001 });
	try {
		const run = await runAkkio(sim, {
			parameters: { operation: 'train', datasetId: rl('leads-sample'), predictFields: 'Positive Lead', duration: 60, waitForCompletion: true },
		});
		expect(run.status).toBe('success');
		expectShownKeysReal(shown, run.success[0].json);
		expect(run.success[0].json.status).toBe(shown.status);
	} finally {
		await sim.close();
	}
});
