'use strict';
// What ships and how it is released: package.json, the packed file list, the package loaded the
// way n8n loads it, the CHANGELOG, the publish workflow and its guard. The workflows' own lint
// (actionlint, n8n Cloud eligibility) runs in `npm run lint` (test/release/lint.js).
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');
const { REPO_ROOT } = require('./harness/engine');

const pkg = require('../package.json');
const run = promisify(execFile);
const read = (file) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
const REPO = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository.url)[1];
jest.setTimeout(120 * 1000);

test('package.json: no dependencies, n8n-workflow the only peer, exact dev versions, one repository everywhere, the starter\'s release scripts', () => {
	expect([pkg.dependencies, pkg.peerDependencies, pkg.files, pkg.license]).toEqual([undefined, { 'n8n-workflow': '*' }, ['dist'], 'MIT']);
	expect(pkg.keywords).toContain('n8n-community-node-package');
	for (const [name, version] of Object.entries(pkg.devDependencies)) expect([name, version]).toEqual([name, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
	expect([pkg.bugs.url, pkg.homepage, pkg.author.url]).toEqual([`${REPO}/issues`, `${REPO}#readme`, REPO]);
	expect([pkg.scripts.release, pkg.scripts.prepublishOnly, pkg.publishConfig]).toEqual(['n8n-node release', 'n8n-node prerelease', { provenance: true }]);
});

test('npm pack ships compiled nodes and credentials, icons, README, LICENSE, package.json; prepublishOnly stops a publish outside `npm run release`', async () => {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|RELEASE_MODE$)/i.test(key)));
	const [report] = JSON.parse((await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts=false'], { cwd: REPO_ROOT, env })).stdout);
	const files = report.files.map((f) => f.path);
	expect(files.filter((f) => !/^(dist\/(credentials|nodes|icons)\/.+\.(js|json|svg)$|README\.md$|LICENSE$|package\.json$)/.test(f) || /simulator|test/.test(f))).toEqual([]);
	expect(files).toEqual(expect.arrayContaining(['dist/nodes/Akkio/Akkio.node.js', 'dist/nodes/AkkioTrain/AkkioTrain.node.js', 'dist/credentials/AkkioApi.credentials.js', 'dist/icons/akkio.svg']));
	const publish = await run('npm', ['publish', '--dry-run', '--ignore-scripts=false'], { cwd: REPO_ROOT, env }).then(() => '', (error) => `${error.stdout}${error.stderr}`);
	expect(publish).toMatch(/Run `npm run release` to publish the package/);
});

test("n8n's own package loader loads both nodes and the credential, with codex and icons that exist; one n8n-workflow", async () => {
	const { PackageDirectoryLoader } = require('n8n-core');
	const loader = new PackageDirectoryLoader(REPO_ROOT);
	await loader.loadAll();
	expect(Object.keys(loader.nodeTypes).sort()).toEqual(['akkio', 'akkioTrain', 'akkioTrigger']);
	expect(Object.keys(loader.credentialTypes)).toEqual(['akkioApi']);
	const described = [...loader.types.nodes, ...loader.types.credentials];
	expect(described.find((n) => n.name === 'akkioTrain').codex).toMatchObject({ categories: expect.arrayContaining(['AI']) });
	for (const url of described.flatMap((type) => Object.values(type.iconUrl))) expect(read(url.replace(/^icons\/n8n-nodes-akkio\//, ''))).toMatch(/^<svg/);
	const fromCore = require.resolve('n8n-workflow', { paths: [path.dirname(require.resolve('n8n-core'))] });
	expect(require.resolve('n8n-workflow', { paths: [path.join(REPO_ROOT, 'dist/nodes/AkkioTrain')] })).toBe(fromCore);
});

test("CHANGELOG.md has an entry for package.json's version; the publish workflow runs on a tag with id-token: write", () => {
	const changelog = read('CHANGELOG.md');
	expect([...changelog.matchAll(/^## \[(\d+\.\d+\.\d+[^\]]*)\] - \d{4}-\d{2}-\d{2}$/gm)][0][1]).toBe(pkg.version);
	expect(changelog).toContain(`[${pkg.version}]: ${REPO}/releases/tag/${pkg.version}`);
	const publish = read('.github/workflows/publish.yml');
	expect(publish).toMatch(/^on:\n {2}push:\n {4}tags:\n {6}- '\*\.\*\.\*'$/m);
	expect(publish).toMatch(/^ {4}permissions:\n(?: {6}#.*\n)* {6}id-token: write\n(?: {6}#.*\n)* {6}contents: read\n {4}steps:/m);
	expect(publish).toMatch(/^ {10}npm run release$/m);
});
