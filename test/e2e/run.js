#!/usr/bin/env node
'use strict';

// End to end in real n8n (`npm run test:e2e`; test/e2e/README.md):
//   1. `npm run pack`, the README's from-source command (it builds, then packs);
//   2. n8n 2.41.1 (on Node.js 24 from the npm registry when this one is older) and the newest
//      n8n 1.123.x that installs, into a cache outside the repository, both at once;
//   3. per n8n: a fresh user folder, the tarball installed into .n8n/nodes as the Community
//      Nodes screen does, the credential imported (pointing at the simulator), every example
//      imported and run with `n8n execute`, its items checked (scenarios.js); `n8n start` serves
//      the nodes with their icons; for n8n 2.x the editor in headless Chromium (browser.js);
//      the trigger example activated, fired by rows added in Akkio (trigger.js);
//   4. n8n 2.41.1 in queue mode: Redis, a main process and two workers (queue.js).
// Every n8n process runs with a network guard: a connection outside 127.0.0.1 fails the run.
// Ends with "N passed, N failed".

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { Report } = require('./lib/report');
const { run, waitFor } = require('./lib/proc');
const { N8n, signInAsOwner, executionReader } = require('./lib/n8n');
const { cacheRoot, ensureNode24, ensureN8n, ensureN8nLine, majorOf } = require('./lib/toolchain');
const { loadExamples, assertShippable, e2eCopy, CREDENTIAL } = require('./lib/workflows');
const { SCENARIOS, runScenarios } = require('./scenarios');

const ROOT = path.resolve(__dirname, '..', '..');
const MANIFEST = require(path.join(ROOT, 'package.json'));
// The simulator's clock and the node's hidden timeScale: a 30-minute training takes 3.6 s.
const TIME_SCALE = 0.002;
const USAGE = 'usage: node test/e2e/run.js [--n8n=2|1|both] [--queue=yes|no|only] [--browser=yes|no] [--scenario=<id>] [--keep]';

function parseArgs(argv) {
	const args = { n8n: 'both', queue: 'yes', browser: 'yes', scenario: null, keep: false };
	for (const arg of argv) {
		const [flag, value] = arg.replace(/^--/, '').split('=', 2);
		const allowed = { n8n: ['1', '2', 'both'], queue: ['yes', 'no', 'only'], browser: ['yes', 'no'], scenario: SCENARIOS.map((s) => s.id), keep: [undefined] }[flag];
		if (!allowed || !allowed.includes(value)) {
			console.error(`unknown argument ${arg}\n${USAGE}\nscenarios: ${SCENARIOS.map((s) => s.id).join(', ')}`);
			process.exit(2);
		}
		args[flag] = value === undefined ? true : value;
	}
	return args;
}

const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (message) => console.log(`[e2e ${seconds(Date.now() - started).padStart(7)}] ${message}`);

/** `npm run pack` in the repository, as the README says; the tarball moves to `work`. */
async function pack(work, report, log) {
	const { stdout } = await run('npm', ['run', 'pack'], { cwd: ROOT, log });
	const name = stdout.trim().split('\n').pop().trim();
	const tarball = path.join(work, name);
	fs.copyFileSync(path.join(ROOT, name), tarball);
	fs.rmSync(path.join(ROOT, name));
	const files = (await run('tar', ['-tzf', tarball])).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
	await report.check(`npm run pack: ${name} holds the built nodes, credential, codex and icons, and nothing else`, () => {
		for (const entry of [...MANIFEST.n8n.nodes, ...MANIFEST.n8n.credentials, 'dist/nodes/AkkioTrain/AkkioTrain.node.json']) assert.ok(files.includes(entry), `${entry} is packed`);
		assert.ok(files.some((f) => /^dist\/icons\/.+\.svg$/.test(f)), 'the icons are packed');
		assert.deepEqual(files.filter((f) => !/^(dist\/|README\.md$|LICENSE$|package\.json$)/.test(f) || /(?<!\.d)\.ts$/.test(f)), [], 'only dist/ (no sources), README.md, LICENSE, package.json');
	});
	return tarball;
}

async function installTargets(args, { cache, log, report }) {
	const wanted = [];
	if (args.n8n !== '1') {
		wanted.push(async () => {
			const version = process.env.AKKIO_E2E_N8N2 || '2.41.1';
			const binDir = await ensureNode24({ cache, log, say });
			return { version, binDir, dir: await ensureN8n({ version, binDir, cache, log, say }) };
		});
	}
	if (args.n8n !== '2') {
		wanted.push(async () => {
			const [major, minor] = process.versions.node.split('.').map(Number);
			if (major < 20 || (major === 20 && minor < 19) || major > 24) throw new Error(`n8n 1.x runs on Node.js 20.19 to 24; this is ${process.versions.node}`);
			const binDir = path.dirname(process.execPath);
			return { binDir, ...(await ensureN8nLine({ spec: process.env.AKKIO_E2E_N8N1 || '1.123', binDir, cache, log, say })) };
		});
	}
	const targets = [];
	for (const outcome of await Promise.allSettled(wanted.map((install) => install()))) {
		if (outcome.status === 'rejected') {
			report.fail('installing n8n', outcome.reason.message);
			continue;
		}
		const target = outcome.value;
		// n8n's default 'vm' expression engine needs isolated-vm; where it has no build for this
		// Node.js (none for Node.js 20), n8n's own switch selects the legacy engine 1.x always had.
		target.legacyExpressions = (await run(path.join(target.binDir, 'node'), ['-e', "require('isolated-vm')"], { cwd: target.dir, allowFailure: true })).code !== 0;
		say(`n8n ${target.version} is installed (${target.dir})${target.legacyExpressions ? '; N8N_EXPRESSION_ENGINE=legacy' : ''}`);
		targets.push(target);
	}
	return targets;
}

/** `n8n start` once: the types n8n hands the editor hold every node and credential, and it serves their icons. */
async function checkServed(n8n, check) {
	let server;
	await check('n8n start serves every node and credential of the package with icons and codex', async () => {
		server = await n8n.startServer();
		// n8n writes the types to ~/.cache/n8n/public/types (1.x only after it reports ready).
		const types = path.join(n8n.userFolder, '.cache', 'n8n', 'public', 'types');
		const read = (file) => waitFor(() => JSON.parse(fs.readFileSync(path.join(types, file), 'utf8')), `${file} written`, 90 * 1000);
		const [nodes, credentials] = [await read('nodes.json'), await read('credentials.json')];
		// n8n adds an "…Tool" twin of each usableAsTool node.
		const mine = nodes.filter((n) => n.name.startsWith(`${MANIFEST.name}.`) && !n.name.endsWith('Tool'));
		assert.equal(mine.length, MANIFEST.n8n.nodes.length, `loaded ${mine.map((n) => n.name).join(', ')}`);
		const train = mine.find((n) => n.name === `${MANIFEST.name}.akkioTrain`);
		assert.equal(train && train.displayName, 'Akkio Train');
		assert.ok(train.codex.alias.includes('AutoML'), 'the codex aliases are loaded');
		assert.ok(train.credentials.some((c) => c.name === CREDENTIAL.type), `Akkio Train uses ${CREDENTIAL.type}`);
		const ownCredentials = credentials.filter((c) => JSON.stringify(c.iconUrl || c.icon || '').includes(`/${MANIFEST.name}/`));
		assert.deepEqual(ownCredentials.map((c) => c.name), [CREDENTIAL.type]);
		const icons = new Set();
		for (const type of [...mine, ...ownCredentials]) {
			if (mine.includes(type)) assert.ok(type.codex.categories.length > 0 && type.codex.resources.primaryDocumentation, `${type.name}: codex`);
			assert.ok(type.iconUrl && type.iconUrl.light && type.iconUrl.dark, `${type.name} has light and dark icons`);
			icons.add(type.iconUrl.light).add(type.iconUrl.dark);
		}
		for (const url of icons) {
			// n8n 1.x registers its icon route only once the editor is up, after it reports ready.
			const res = await waitFor(async () => (await fetch(`${server.url}/${url}`)).status !== 404 && (await fetch(`${server.url}/${url}`)), `GET /${url}`);
			assert.equal(res.status, 200, `GET /${url}`);
			assert.match(`${res.headers.get('content-type')} ${(await res.text()).slice(0, 200)}`, /svg.*<svg/s, `GET /${url} is an SVG`);
		}
	});
	if (server) await server.stop();
}

/** `n8n start`, the owner signs in, and the trigger example is activated and fired (trigger.js). */
async function checkActivated({ n8n, target, copy, sim, check }) {
	let server;
	try {
		const api = await check('n8n start; the owner signs in through the REST API', async () => await signInAsOwner((server = await n8n.startServer()).url));
		if (api) await require('./trigger').triggerChecks({ api, copy, sim, check, readExecution: executionReader(api, target.dir) });
	} finally {
		if (server) await server.stop();
	}
}

async function runTarget({ target, args, tarball, sim, examples, work, report, log }) {
	const prefix = `[n8n ${target.version}]`;
	const check = (name, fn) => report.check(`${prefix} ${name}`, fn);
	const n8n = new N8n({ label: 'single', target, workDir: work, log });
	const t0 = Date.now();
	const installed = await check('the tarball installs into ~/.n8n/nodes with `npm install --legacy-peer-deps <tarball>`, n8n-workflow not beside it', async () => {
		const dir = await n8n.installTarball(tarball);
		assert.ok(fs.existsSync(path.join(dir, MANIFEST.n8n.nodes[0])), 'the built nodes are there');
		assert.deepEqual(fs.readdirSync(path.dirname(dir)).filter((name) => !name.startsWith('.')), ['n8n-nodes-akkio'], 'only the package in nodes/node_modules');
	});
	const imported = await check('n8n import:credentials stores the key encrypted; n8n import:workflow takes the example copies', async () => {
		await n8n.cli(['import:credentials', `--input=${n8n.file('credentials.json', [{ ...CREDENTIAL, data: { apiKey: sim.apiKey, baseUrl: sim.url } }])}`]);
		const exported = path.join(n8n.dir, 'credentials-export.json');
		await n8n.cli(['export:credentials', '--all', `--output=${exported}`]);
		const [stored] = JSON.parse(fs.readFileSync(exported, 'utf8'));
		assert.deepEqual([stored.id, stored.type, typeof stored.data], [CREDENTIAL.id, CREDENTIAL.type, 'string']);
		const db = path.join(n8n.userFolder, '.n8n', 'database.sqlite');
		for (const file of [exported, db, `${db}-wal`].filter((f) => fs.existsSync(f))) assert.ok(!fs.readFileSync(file).includes(sim.apiKey), `${path.basename(file)} holds no API key`);
		const dir = path.join(n8n.dir, 'workflows');
		fs.mkdirSync(dir);
		const copies = SCENARIOS.filter((s) => !args.scenario || s.id === args.scenario).map((scenario) => {
			const copy = e2eCopy(examples.find((e) => e.file === scenario.example).workflow, { id: scenario.id, timeScale: TIME_SCALE, tweak: scenario.tweak });
			fs.writeFileSync(path.join(dir, `${copy.id}.json`), JSON.stringify(copy));
			return { scenario, copy };
		});
		await n8n.cli(['import:workflow', '--separate', `--input=${dir}`]);
		return copies;
	});
	if (!installed || !imported) return;
	const execute = async (copy) => (await n8n.execute(copy.id)).data.resultData;
	await runScenarios({ copies: imported, sim, check, execute, how: 'n8n execute --id succeeds' });
	await checkServed(n8n, check);
	if (majorOf(target.version) >= 2 && args.browser === 'yes') await require('./browser').browserChecks({ n8n, sim, check, work, say });
	const activated = imported.find((c) => c.scenario.activated);
	if (activated) await checkActivated({ n8n, target, copy: activated.copy, sim, check });
	await check('n8n reached for nothing outside 127.0.0.1', () => assert.deepEqual(n8n.netAttempts(), [], 'connections the network guard refused'));
	say(`n8n ${target.version}: ${seconds(Date.now() - t0)}`);
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const report = new Report();
	const cache = cacheRoot();
	fs.mkdirSync(cache, { recursive: true });
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'akkio-e2e-'));
	const log = path.join(work, 'commands.log');
	say(`cache ${cache}; work folder ${work}; command log ${log}`);

	// Examples first: a broken example fails fast, before any install.
	const examples = loadExamples(path.join(ROOT, 'examples'));
	for (const { file, workflow } of examples) await report.check(`example ${file} is a shippable n8n export`, () => assertShippable(workflow));
	await report.check('every example has an e2e scenario, and every scenario an example', () => {
		const files = examples.map((e) => e.file);
		assert.deepEqual([...new Set(SCENARIOS.map((s) => s.example))].sort(), files);
	});
	const [tarball, targets] = await Promise.all([pack(work, report, log).catch((error) => report.fail('npm run pack', error.message)), installTargets(args, { cache, log, report })]);

	const { startSimulator } = require(path.join(ROOT, 'test', 'simulator'));
	const sim = await startSimulator({ timeScale: TIME_SCALE, apiKey: `sim-e2e-${crypto.randomBytes(12).toString('hex')}`, host: '127.0.0.1' });
	say(`simulator on ${sim.url} (time scale ${TIME_SCALE})`);
	try {
		if (!tarball) targets.length = 0; // nothing to install
		if (args.queue !== 'only') for (const target of targets) await runTarget({ target, args, tarball, sim, examples, work, report, log });
		const v2 = targets.find((target) => majorOf(target.version) >= 2);
		if (v2 && args.queue !== 'no') await require('./queue').runQueueMode({ target: v2, tarball, sim, examples, args, timeScale: TIME_SCALE, work, report, log, say });
	} finally {
		await sim.close();
	}
	console.log(`\ntotal ${seconds(Date.now() - started)}`);
	if (report.failed || args.keep) console.log(`work folder kept: ${work} (command log, screenshots in browser/)`);
	else fs.rmSync(work, { recursive: true, force: true });
	for (const f of report.failures) console.log(`  - ${f.name}: ${f.reason.split('\n')[0]}`);
	console.log(`\n${report.summaryLine()}`);
	process.exitCode = report.failed ? 1 : 0;
}

main().catch((error) => {
	console.error(error && error.stack ? error.stack : error);
	console.log('\n0 passed, 1 failed');
	process.exitCode = 1;
});
