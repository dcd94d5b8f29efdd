'use strict';
// What ships: the packed file list, package.json's rules, the verified-node source rules, and
// the package loaded the way n8n loads it.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { loadPackageWithN8nLoader, REPO_ROOT } = require('./harness/engine');

const pkg = require('../package.json');

test('package.json: no dependencies, n8n-workflow as the only peer, the n8n section', () => {
	expect(pkg.dependencies).toBeUndefined();
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect(pkg.files).toEqual(['dist']);
	expect(pkg.license).toBe('MIT');
	expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
	for (const file of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
		expect(fs.existsSync(path.join(REPO_ROOT, file))).toBe(true);
	}
	for (const [name, version] of Object.entries(pkg.devDependencies)) {
		expect([name, version]).toEqual([name, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
	}
});

test('npm pack ships only compiled nodes and credentials, icons, codex, README, LICENSE, package.json', () => {
	const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8' }));
	const files = report.files.map((f) => f.path).sort();
	const allowed = [
		/^package\.json$/,
		/^README\.md$/,
		/^LICENSE$/,
		/^dist\/credentials\/[A-Za-z]+\.credentials\.js$/,
		/^dist\/nodes\/[A-Za-z]+\/[A-Za-z]+\.node\.json$/,
		/^dist\/nodes\/[A-Za-z]+\/([A-Za-z]+\/)*[A-Za-z.]+\.js$/,
		/^dist\/icons\/[a-z.]+\.svg$/,
	];
	for (const file of files) expect([file, allowed.some((re) => re.test(file))]).toEqual([file, true]);
	expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json', 'dist/icons/akkio.svg', 'dist/icons/akkio.dark.svg']));
	expect(files.some((f) => f.startsWith('dist/test') || f.includes('simulator'))).toBe(false);
});

test('n8n-core and the node resolve the same single n8n-workflow', () => {
	const fromCore = require.resolve('n8n-workflow', { paths: [path.dirname(require.resolve('n8n-core'))] });
	const fromNode = require.resolve('n8n-workflow', { paths: [path.join(REPO_ROOT, 'dist/nodes/AkkioTrain')] });
	expect(fromCore).toBe(fromNode);
});

test('no restricted globals or fs in nodes/ and credentials/ (verified-node rules)', () => {
	const offenders = [];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (full.endsWith('.ts')) {
				const text = fs.readFileSync(full, 'utf8');
				if (/\b(setTimeout|setInterval|setImmediate|process\.|console\.)|from '(node:)?fs'|eslint-disable/.test(text)) offenders.push(full);
			}
		}
	};
	walk(path.join(REPO_ROOT, 'nodes'));
	walk(path.join(REPO_ROOT, 'credentials'));
	expect(offenders).toEqual([]);
});

test('n8n\'s own package loader loads the node and credential with icons and codex', async () => {
	const { nodeTypes, credentialTypes, loader } = await loadPackageWithN8nLoader();
	const node = nodeTypes['n8n-nodes-akkio.akkioTrain'];
	expect(node.description.displayName).toBe('Akkio Train');
	expect(node.description.usableAsTool).toBe(true);
	expect(credentialTypes.akkioApi).toBeDefined();
	const described = [...loader.types.nodes, ...loader.types.credentials];
	expect(described.find((n) => n.name === 'akkioTrain').codex).toMatchObject({ categories: expect.arrayContaining(['AI']) });
	// n8n serves icons from icons/<package>/<path inside the package>: each must exist there.
	for (const type of described) {
		for (const url of Object.values(type.iconUrl)) {
			const file = url.replace(/^icons\/n8n-nodes-akkio\//, '');
			expect(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')).toMatch(/^<svg/);
		}
	}
});
