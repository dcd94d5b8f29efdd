'use strict';

// One real n8n for the e2e run: a cached install, a fresh N8N_USER_FOLDER, and the headless
// commands the run needs (import, execute, export, a short `n8n start`). Every n8n process gets
// the network guard preloaded and the switches that keep n8n quiet and offline.

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const { run, track, CommandError, tail } = require('./proc');
const { npmEnv } = require('./toolchain');
// A port on 127.0.0.1 nothing listens on: the simulator's helper for refused connections.
const { reservedClosedPort: freePort } = require('../../simulator');

const GUARD = path.join(__dirname, 'net-guard.js');

/** Switches that keep n8n from calling home; the guard proves they are enough. */
const OFFLINE_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	// Community packages load from the nodes folder; n8n's catalogue of vetted packages and
	// the automatic reinstall both need the internet.
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	N8N_REINSTALL_MISSING_PACKAGES: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_DEV_RELOAD: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	EXTERNAL_FRONTEND_HOOKS_URLS: '',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
	DB_TYPE: 'sqlite',
	GENERIC_TIMEZONE: 'UTC',
	TZ: 'UTC',
	N8N_LOG_LEVEL: 'info',
};

// Modules of n8n 2.x that fetch catalogues from n8n's servers at startup. Only the names that
// the installed n8n knows are listed in N8N_DISABLED_MODULES (an unknown name stops n8n).
const ONLINE_MODULES = ['mcp-registry'];

function knownModules(installDir) {
	const file = path.join(installDir, 'node_modules', '@n8n', 'backend-common', 'dist', 'modules', 'modules.config.js');
	if (!fs.existsSync(file)) return [];
	const match = /MODULE_NAMES = \[([^\]]*)\]/.exec(fs.readFileSync(file, 'utf8'));
	return match ? [...match[1].matchAll(/'([^']+)'/g)].map((m) => m[1]) : [];
}

/** Finds `{` at a line start and parses from there: --rawOutput still prints log lines first. */
function parseRawOutput(stdout) {
	const lines = stdout.split('\n');
	const first = lines.findIndex((line) => line.startsWith('{'));
	if (first === -1) throw new Error('no JSON in the output of n8n execute');
	// Log lines can also follow it (the task runner registering late): the result is
	// pretty-printed, so its own closing brace is the first line that is just "}".
	const last = lines.findIndex((line, index) => index > first && line.trimEnd() === '}');
	return JSON.parse(lines.slice(first, last === -1 ? undefined : last + 1).join('\n'));
}


function httpGet(url, timeoutMs = 5000) {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { timeout: timeoutMs }, (res) => {
			const chunks = [];
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
		});
		req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
		req.on('error', reject);
	});
}

class N8n {
	/**
	 * options: { label, version, installDir (cache folder with node_modules/n8n), binDir (the
	 * Node.js to run it with), workDir (this run's scratch folder), log (command log file) }
	 */
	constructor({ label, version, installDir, binDir, workDir, log, extraEnv = {} }) {
		this.extraEnv = extraEnv;
		this.label = label;
		this.version = version;
		this.installDir = installDir;
		this.binDir = binDir;
		this.log = log;
		this.bin = path.join(installDir, 'node_modules', 'n8n', 'bin', 'n8n');
		this.dir = fs.mkdtempSync(path.join(workDir, `n8n-${version}-`));
		this.userFolder = path.join(this.dir, 'user');
		this.filesDir = path.join(this.dir, 'files');
		fs.mkdirSync(this.userFolder);
		fs.mkdirSync(this.filesDir);
		this.netLog = path.join(this.dir, 'net-attempts.jsonl');
		this.encryptionKey = `e2e-throwaway-${crypto.randomBytes(16).toString('hex')}`;
		this.nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
		const known = knownModules(installDir);
		this.disabledModules = ONLINE_MODULES.filter((name) => known.includes(name));
		this.commandCount = 0;
		this.commandMs = 0;
	}

	env(extra = {}) {
		const env = {};
		for (const [key, value] of Object.entries(process.env)) {
			// Nothing of the caller's n8n, database or npm settings leaks into this n8n.
			if (/^(npm_|N8N_|DB_|NODE_OPTIONS$|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|HTTPS?_PROXY$|ALL_PROXY$)/i.test(key)) continue;
			env[key] = value;
		}
		return {
			...env,
			...OFFLINE_ENV,
			...(this.disabledModules.length ? { N8N_DISABLED_MODULES: this.disabledModules.join(',') } : {}),
			PATH: `${this.binDir}${path.delimiter}${process.env.PATH || ''}`,
			HOME: this.userFolder, // ~/.cache/n8n (static assets) lands in the temp folder too
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			NODE_OPTIONS: `--require=${GUARD}`,
			AKKIO_E2E_NET_LOG: this.netLog,
			...this.extraEnv,
			...extra,
		};
	}

	/** Runs `n8n ...args` with this instance's Node.js and environment. */
	async cli(args, { timeoutMs = 3 * 60 * 1000, allowFailure = false } = {}) {
		const result = await run(path.join(this.binDir, 'node'), [this.bin, ...args], {
			cwd: this.dir,
			env: this.env(),
			log: this.log,
			timeoutMs,
			allowFailure,
		});
		this.commandCount++;
		this.commandMs += result.ms;
		return result;
	}

	/**
	 * Installs a packed tarball the way n8n's Community Nodes screen does
	 * (CommunityPackagesService.downloadPackage): unpack into nodes/node_modules/<name>, strip
	 * dev, peer and optional dependencies from its package.json, `npm install` its own
	 * dependencies there with scripts ignored, and record it in nodes/package.json.
	 */
	async installCommunityPackage(tarball) {
		fs.mkdirSync(this.nodesDir, { recursive: true });
		const nodesPackageJson = path.join(this.nodesDir, 'package.json');
		if (!fs.existsSync(nodesPackageJson)) {
			fs.writeFileSync(nodesPackageJson, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
		}
		const staging = path.join(this.dir, 'unpacked');
		fs.mkdirSync(staging);
		await run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1'], { log: this.log });
		const manifest = JSON.parse(fs.readFileSync(path.join(staging, 'package.json'), 'utf8'));
		const packageDir = path.join(this.nodesDir, 'node_modules', manifest.name);
		fs.mkdirSync(path.dirname(packageDir), { recursive: true });
		fs.renameSync(staging, packageDir);
		const { devDependencies, peerDependencies, optionalDependencies, ...kept } = manifest;
		void devDependencies;
		void peerDependencies;
		void optionalDependencies;
		fs.writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify(kept, null, 2), 'utf-8');
		await run(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: packageDir, env: npmEnv(this.binDir, { NODE_ENV: 'production' }), log: this.log, timeoutMs: 5 * 60 * 1000 },
		);
		const nodes = JSON.parse(fs.readFileSync(nodesPackageJson, 'utf8'));
		nodes.dependencies[manifest.name] = manifest.version;
		fs.writeFileSync(nodesPackageJson, JSON.stringify(nodes, null, 2), 'utf-8');
		return { name: manifest.name, version: manifest.version, dir: packageDir };
	}

	async importCredentials(credentials) {
		const file = path.join(this.filesDir, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		return await this.cli(['import:credentials', `--input=${file}`]);
	}

	/** Imports every *.json in `dir` with one command. */
	async importWorkflows(dir) {
		return await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	async exportCredentials({ decrypted = false } = {}) {
		const file = path.join(this.filesDir, decrypted ? 'credentials-decrypted.json' : 'credentials-export.json');
		await this.cli(['export:credentials', '--all', `--output=${file}`, ...(decrypted ? ['--decrypted'] : [])]);
		const text = fs.readFileSync(file, 'utf8');
		if (decrypted) fs.rmSync(file); // plaintext secrets do not stay on disk
		return { text, credentials: JSON.parse(text) };
	}

	async exportWorkflows() {
		const file = path.join(this.filesDir, 'workflows-export.json');
		await this.cli(['export:workflow', '--all', `--output=${file}`]);
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`. Resolves to { ok, run (the IRun), result } where run
	 * is null when n8n reported a failure.
	 */
	async execute(workflowId, { timeoutMs = 4 * 60 * 1000 } = {}) {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs, allowFailure: true });
		if (result.code !== 0) return { ok: false, run: null, result };
		try {
			return { ok: true, run: parseRawOutput(result.stdout), result };
		} catch (error) {
			return { ok: false, run: null, result, parseError: error };
		}
	}

	/** Attempts that the network guard blocked so far: [{ pid, host, port, stack }]. */
	netAttempts() {
		if (!fs.existsSync(this.netLog)) return [];
		return fs
			.readFileSync(this.netLog, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line));
	}

	databaseFile() {
		return path.join(this.userFolder, '.n8n', 'database.sqlite');
	}

	/**
	 * Starts `n8n start` (or `n8n worker ...`, whose health server takes the port) on 127.0.0.1
	 * and resolves once /healthz/readiness answers: { url, get(path), stop() }.
	 */
	async startServer({ timeoutMs = 3 * 60 * 1000, args = ['start'] } = {}) {
		const port = await freePort();
		const { spawn } = require('node:child_process');
		const env = this.env({
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '3',
			...(args[0] === 'worker' ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' } : {}),
		});
		const started = Date.now();
		const child = spawn(path.join(this.binDir, 'node'), [this.bin, ...args], {
			cwd: this.dir,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		track(child);
		let output = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
		let exited = null;
		const exitPromise = new Promise((resolve) => {
			child.on('close', (code, signal) => {
				exited = { code, signal };
				resolve(exited);
			});
		});
		const url = `http://127.0.0.1:${port}`;
		const stop = async () => {
			if (!exited) {
				try {
					process.kill(-child.pid, 'SIGTERM');
				} catch {
					// already gone
				}
				const killer = setTimeout(() => {
					try {
						process.kill(-child.pid, 'SIGKILL');
					} catch {
						// already gone
					}
				}, 8000);
				await exitPromise;
				clearTimeout(killer);
			}
			fs.appendFileSync(this.log, `\n$ n8n ${args.join(' ')} (port ${port}, ${Date.now() - started} ms)\n${output}\n`);
			this.commandCount++;
			this.commandMs += Date.now() - started;
		};
		const get = async (urlPath) => await httpGet(`${url}${urlPath}`);
		for (;;) {
			if (exited) {
				await stop();
				throw new CommandError(`n8n ${args[0]} exited early (${exited.code ?? exited.signal})\n${tail(output)}`, null);
			}
			if (Date.now() - started > timeoutMs) {
				await stop();
				throw new CommandError(`n8n ${args[0]} was not ready (/healthz/readiness) within ${timeoutMs} ms\n${tail(output)}`, null);
			}
			try {
				const res = await get('/healthz/readiness');
				if (res.status === 200) break;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		return { url, get, stop, startupMs: Date.now() - started, output: () => output };
	}
}

module.exports = { N8n, parseRawOutput, OFFLINE_ENV };
