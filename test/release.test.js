'use strict';
// The release side: package.json's public fields, the CHANGELOG and docs/releasing.md agreeing
// with its version, the GitHub Actions workflows (checked by actionlint, which must also catch a
// broken one), the n8n Cloud eligibility check, and the publish guards not getting in the way of
// `npm pack`.
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const { actionlint, cloudSupport, workflowFiles } = require('./release/lint');

const ROOT = path.resolve(__dirname, '..');
const pkg = require('../package.json');
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const run = promisify(execFile);

jest.setTimeout(120 * 1000);

// https://github.com/<owner>/<repo>, from package.json's repository field.
const REPO = (/^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository && pkg.repository.url) || [])[1];

test('package.json names one public GitHub repository everywhere, and a real author', () => {
	expect(REPO).toEqual(expect.stringMatching(/^https:\/\/github\.com\//));
	expect(pkg.repository.type).toBe('git');
	expect(pkg.bugs).toEqual({ url: `${REPO}/issues` });
	expect(pkg.homepage).toBe(`${REPO}#readme`);
	expect(pkg.author.name).toEqual(expect.any(String));
	expect(pkg.author.url).toBe(REPO);
	// n8n's lint wants an e-mail. No made-up inbox: the GitHub no-reply identity of the account
	// that owns the repository, until the maintainers give a real address.
	const owner = REPO.split('/')[3];
	expect(pkg.author.email).toMatch(/^[^@\s<>]+@[^@\s<>]+\.[a-z]{2,}$/);
	expect(pkg.author.email).not.toMatch(/@(example\.(com|org|net)|.*\.(test|invalid|example|local)$|n8n-nodes-akkio\.dev$)/);
	if (pkg.author.email.endsWith('@users.noreply.github.com')) expect(pkg.author.email).toBe(`${owner}@users.noreply.github.com`);
});

test('the release scripts are the starter\'s, and every publish carries provenance', () => {
	expect(pkg.scripts.release).toBe('n8n-node release');
	expect(pkg.scripts.prepublishOnly).toBe('n8n-node prerelease');
	expect(pkg.publishConfig).toEqual({ provenance: true });
	// The build stays gulpfile.js-driven.
	expect(pkg.scripts.build).toMatch(/gulp/);
	expect(pkg.scripts.lint).toMatch(/npm run lint:release/);
});

test('CHANGELOG.md follows Keep a Changelog and has an entry for package.json\'s version', () => {
	const changelog = read('CHANGELOG.md');
	expect(changelog).toMatch(/^# Changelog\n/);
	expect(changelog).toMatch(/keepachangelog\.com/);
	expect(changelog).toMatch(/^## \[Unreleased\]$/m);
	const versions = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+[^\]]*)\] - (\d{4}-\d{2}-\d{2})$/gm)].map((m) => m[1]);
	expect(versions[0]).toBe(pkg.version); // the newest entry is the current version
	const entry = changelog.split(/^## /m).find((section) => section.startsWith(`[${pkg.version}]`));
	expect(entry).toMatch(/^### (Added|Changed|Fixed|Removed|Deprecated|Security)$/m);
	expect(changelog).toContain(`[${pkg.version}]: ${REPO}/releases/tag/${pkg.version}`);
	expect(changelog).toContain(`[Unreleased]: ${REPO}/compare/${pkg.version}...HEAD`);
});

test('docs/releasing.md names the current version and the steps a release takes', () => {
	const doc = read('docs/releasing.md');
	expect(doc).toContain(`The current version is **${pkg.version}**`);
	for (const step of ['npm version', 'CHANGELOG.md', 'git tag', 'publish.yml', 'provenance', 'Creator Portal', 'npm audit signatures']) {
		expect([step, doc.includes(step)]).toEqual([step, true]);
	}
});

test('the publish workflow runs on a version tag with id-token: write and contents: read, through npm run release', () => {
	const publish = read('.github/workflows/publish.yml');
	expect(publish).toMatch(/^on:\n {2}push:\n {4}tags:\n {6}- '\*\.\*\.\*'$/m);
	expect(publish).toMatch(/^ {4}permissions:\n(?: {6}#.*\n)* {6}id-token: write\n(?: {6}#.*\n)* {6}contents: read\n {4}steps:/m);
	expect(publish).toMatch(/^ {10}npm run release$/m);
	expect(publish).not.toMatch(/^permissions:/m); // no broader permissions at the top
	const ci = read('.github/workflows/ci.yml');
	for (const command of ['npm ci', 'npm run lint', 'npm run build', 'npm test', 'npm run test:e2e', 'apt-get install -y --no-install-recommends redis-server']) {
		expect([command, ci.includes(command)]).toEqual([command, true]);
	}
});

test('actionlint finds nothing in the workflows, and does catch a broken one', async () => {
	const files = workflowFiles();
	expect(files.map((f) => path.basename(f))).toEqual(['ci.yml', 'publish.yml']);
	for (const file of files) {
		expect([path.basename(file), await actionlint(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file))]).toEqual([path.basename(file), []]);
	}
	const publish = fs.readFileSync(files[1], 'utf8');
	const broken = {
		'a job without runs-on': publish.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest'),
		'an unknown context property': publish.replace('${{ secrets.NPM_TOKEN }}', '${{ matrix.token }}'),
		'an input setup-node does not have': publish.replace("node-version: '24'", "node-versions: '24'"),
	};
	for (const [what, text] of Object.entries(broken)) {
		expect(text).not.toBe(publish);
		const findings = await actionlint(text, 'publish.yml');
		expect([what, findings.length > 0]).toEqual([what, true]);
	}
});

test('n8n-node cloud-support reports the package eligible, and a non-strict copy not', async () => {
	const here = await cloudSupport(ROOT);
	expect(here.output).toMatch(/Status: eligible for n8n Cloud verification/);
	expect(here.eligible).toBe(true);
	const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'akkio-cloud-'));
	try {
		fs.writeFileSync(path.join(copy, 'package.json'), JSON.stringify({ ...pkg, n8n: { ...pkg.n8n, strict: false } }, null, 2));
		fs.copyFileSync(path.join(ROOT, 'eslint.config.mjs'), path.join(copy, 'eslint.config.mjs'));
		const loose = await cloudSupport(copy);
		expect(loose.output).toMatch(/NOT eligible/);
		expect(loose.eligible).toBe(false);
	} finally {
		fs.rmSync(copy, { recursive: true, force: true });
	}
});

test('prepublishOnly stops a publish outside `npm run release`, and never runs on npm pack', async () => {
	const env = { ...process.env };
	for (const key of Object.keys(env)) if (/^(npm_|RELEASE_MODE$)/i.test(key)) delete env[key];
	// With scripts on (the project's .npmrc turns them off), pack still works: npm pack does not
	// run prepublishOnly. The e2e run and test/package.test.js pack with --ignore-scripts.
	const packed = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts=false'], { cwd: ROOT, env });
	const [report] = JSON.parse(packed.stdout);
	expect(report.files.map((f) => f.path).filter((f) => !/^(dist\/|README\.md$|LICENSE$|package\.json$)/.test(f))).toEqual([]);
	// A publish with scripts on is refused by the guard before anything is sent.
	const publish = await run('npm', ['publish', '--dry-run', '--ignore-scripts=false'], { cwd: ROOT, env }).then(
		() => ({ code: 0, output: '' }),
		(error) => ({ code: error.code, output: `${error.stdout}${error.stderr}` }),
	);
	expect(publish.code).not.toBe(0);
	expect(publish.output).toMatch(/Run `npm run release` to publish the package/);
});
