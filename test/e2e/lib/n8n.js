'use strict';

// One real n8n for the e2e run: a cached install, a fresh N8N_USER_FOLDER, and what the run
// does with it (install the tarball, import, execute, export, `n8n start` / `n8n worker`, sign
// in). Every n8n process gets the network guard preloaded and the switches that keep it offline.

const crypto = require('node:crypto');
const fs = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');

const { start, run, waitFor, freePort, tail } = require('./proc');
const { npmEnv } = require('./toolchain');

/** Switches that keep n8n from calling home; the network guard proves they are enough. */
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

/** n8n 2.x's `mcp-registry` module fetches a catalogue at startup; only a name n8n knows may be disabled. */
function disabledModules(installDir) {
	const file = path.join(installDir, 'node_modules', '@n8n', 'backend-common', 'dist', 'modules', 'modules.config.js');
	const known = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	return known.includes("'mcp-registry'") ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {};
}

/** `--rawOutput` still prints log lines before (and sometimes after) the pretty-printed result. */
function parseRawOutput(stdout) {
	const lines = stdout.split('\n');
	const first = lines.findIndex((line) => line.startsWith('{'));
	if (first === -1) throw new Error('no JSON in the output of n8n execute');
	const last = lines.findIndex((line, index) => index > first && line.trimEnd() === '}');
	return JSON.parse(lines.slice(first, last === -1 ? undefined : last + 1).join('\n'));
}

class N8n {
	/** target: { version, dir (cache folder holding node_modules/n8n), binDir (its Node.js) } */
	constructor({ label, target, workDir, log, extraEnv = {} }) {
		Object.assign(this, { label, version: target.version, installDir: target.dir, binDir: target.binDir, log });
		this.bin = path.join(target.dir, 'node_modules', 'n8n', 'bin', 'n8n');
		this.dir = fs.mkdtempSync(path.join(workDir, `n8n-${target.version}-${label}-`));
		this.userFolder = path.join(this.dir, 'user');
		fs.mkdirSync(this.userFolder);
		this.netLog = path.join(this.dir, 'net-attempts.jsonl');
		this.baseEnv = {
			...OFFLINE_ENV,
			...disabledModules(target.dir),
			...(target.legacyExpressions ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
			PATH: `${target.binDir}${path.delimiter}${process.env.PATH || ''}`,
			HOME: this.userFolder, // ~/.cache/n8n (the editor's types) lands in the temp folder too
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: `e2e-throwaway-${crypto.randomBytes(16).toString('hex')}`,
			NODE_OPTIONS: `--require=${path.join(__dirname, 'net-guard.js')}`,
			AKKIO_E2E_NET_LOG: this.netLog,
			...extraEnv,
		};
	}

	env(extra = {}) {
		// Nothing of the caller's n8n, database or npm settings leaks into this n8n.
		const skip = /^(npm_|N8N_|DB_|NODE_OPTIONS$|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|HTTPS?_PROXY$|ALL_PROXY$)/i;
		return { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !skip.test(key))), ...this.baseEnv, ...extra };
	}

	/** `n8n ...args` with this instance's Node.js and environment. */
	async cli(args, options = {}) {
		return await run(path.join(this.binDir, 'node'), [this.bin, ...args], { cwd: this.dir, env: this.env(), log: this.log, timeoutMs: 4 * 60 * 1000, ...options });
	}

	/** A JSON file in this instance's folder, for `--input=`. */
	file(name, value) {
		const file = path.join(this.dir, name);
		fs.writeFileSync(file, JSON.stringify(value, null, 2));
		return file;
	}

	/**
	 * Installs a packed tarball where n8n loads community packages from, with the README's
	 * command: in ~/.n8n/nodes, `npm install --legacy-peer-deps <tarball>` (n8n-workflow, the
	 * peer, is n8n's own: a second copy beside the node would break it). The same layout as the
	 * Community Nodes screen's install. Resolves to the package's folder.
	 */
	async installTarball(tarball) {
		const nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
		fs.mkdirSync(nodesDir, { recursive: true });
		await run('npm', ['install', '--legacy-peer-deps', tarball], { cwd: nodesDir, env: npmEnv(this.binDir), log: this.log, timeoutMs: 5 * 60 * 1000 });
		return path.join(nodesDir, 'node_modules', 'n8n-nodes-akkio');
	}

	/** `n8n execute --id=<id> --rawOutput`: the run (an IRun), or a thrown reason. */
	async execute(workflowId) {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { allowFailure: true });
		const lines = `${result.stdout}\n${result.stderr}`.split('\n');
		const why = () => (lines.filter((line) => /error|failed|Problem|message/i.test(line)).slice(-25).join('\n') || tail(lines.join('\n'), 25));
		if (result.code !== 0) throw new Error(`n8n execute exited with ${result.code}\n${why()}`);
		return parseRawOutput(result.stdout);
	}

	/** Connections the network guard refused so far, as text. */
	netAttempts() {
		if (!fs.existsSync(this.netLog)) return [];
		const lines = fs.readFileSync(this.netLog, 'utf8').split('\n').filter(Boolean);
		return lines.map((line) => JSON.parse(line)).map((a) => `${this.label}: ${a.host}:${a.port} during \`n8n ${a.command}\` from ${a.stack.slice(0, 6).join(' < ')}`);
	}

	/**
	 * `n8n start` (or `n8n worker ...`, whose health server takes the port) on 127.0.0.1, once
	 * /healthz/readiness answers: { url, output(), stop() }. A port another program took between
	 * choosing and binding it means starting again on a fresh one.
	 */
	async startServer(args = ['start'], attempt = 1) {
		const port = await freePort();
		const worker = args[0] === 'worker' ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' } : {};
		const env = this.env({
			...{ N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: '127.0.0.1', N8N_PROTOCOL: 'http', N8N_SECURE_COOKIE: 'false' },
			...{ N8N_RUNNERS_BROKER_PORT: String(await freePort()), N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '3', ...worker },
		});
		const p = start(path.join(this.binDir, 'node'), [this.bin, ...args], { cwd: this.dir, env });
		const url = `http://127.0.0.1:${port}`;
		const stop = async () => {
			await p.stop();
			fs.appendFileSync(this.log, `\n$ n8n ${args.join(' ')} (port ${port}, ${Date.now() - p.started} ms)\n${p.output()}\n`);
		};
		try {
			await waitFor(async () => p.exited || (await fetch(`${url}/healthz/readiness`)).ok, `n8n ${args[0]} ready`, 3 * 60 * 1000);
			if (p.exited) throw new Error(`n8n ${args[0]} exited early (${p.exited.code ?? p.exited.signal})\n${tail(p.output())}`);
		} catch (error) {
			await stop();
			if (attempt < 3 && /EADDRINUSE|already in use/.test(p.output())) return await this.startServer(args, attempt + 1);
			throw error;
		}
		return { url, output: p.output, stop };
	}
}

/** The owner of every n8n the run starts (a throwaway instance on 127.0.0.1). */
const OWNER = { email: 'owner@akkio-e2e.test', firstName: 'E2E', lastName: 'Owner', password: 'E2e-owner-Passw0rd' };

/**
 * Creates the owner of a fresh n8n through its REST API (works offline), or signs in as the one
 * an earlier step created, and resolves to a signed-in `api(method, path, body)` that returns
 * the answer's `data`.
 */
async function signInAsOwner(url) {
	const headers = { 'content-type': 'application/json', 'browser-id': crypto.randomUUID() };
	// n8n 1.x adds its REST routes only after it reports ready.
	let res = await waitFor(async () => {
		const answer = await fetch(`${url}/rest/owner/setup`, { method: 'POST', headers, body: JSON.stringify(OWNER) });
		return answer.status !== 404 && answer;
	}, 'POST /rest/owner/setup', 90 * 1000);
	if (res.status !== 200) res = await fetch(`${url}/rest/login`, { method: 'POST', headers, body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }) });
	if (res.status !== 200) throw new Error(`POST ${new URL(res.url).pathname}: ${res.status} ${(await res.text()).slice(0, 300)}`);
	headers.cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	const api = async (method, urlPath, body) => {
		const res = await fetch(`${url}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} ${urlPath}: ${res.status} ${text.slice(0, 300)}`);
		const json = JSON.parse(text);
		return json && 'data' in json ? json.data : json;
	};
	return api;
}

/** `readExecution(id)`: an execution through the REST API, its data unflattened with n8n's own `flatted`. */
function executionReader(api, installDir) {
	const flatted = createRequire(path.join(installDir, 'node_modules', 'n8n', 'package.json'))('flatted');
	return async (id) => {
		const execution = await api('GET', `/rest/executions/${id}`);
		return { ...execution, data: typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data };
	};
}

module.exports = { N8n, signInAsOwner, executionReader, OWNER };
