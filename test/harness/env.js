'use strict';
// Must be required before n8n-core: n8n-core's InstanceSettings writes
// <N8N_USER_FOLDER>/.n8n/config, which must never land in the real home folder.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
	process.env.N8N_USER_FOLDER = dir;
	const cleanUp = () => {
		try {
			fs.rmSync(dir, { recursive: true, force: true });
		} catch {
			// best effort
		}
		if (process.env.N8N_USER_FOLDER === dir) delete process.env.N8N_USER_FOLDER;
	};
	process.once('exit', cleanUp);
	// Under jest the 'exit' event of the worker is not seen from the test's sandbox: clean up
	// after the test file instead (only possible when required at the top level of a test file).
	if (typeof afterAll === 'function') {
		try {
			afterAll(cleanUp);
		} catch {
			// required from inside a test or hook: the folder stays in the temp dir
		}
	}
}

// Keep n8n quiet and offline, like the headless setup in the shared notes.
for (const [key, value] of Object.entries({
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
})) {
	if (process.env[key] === undefined) process.env[key] = value;
}

module.exports = { userFolder: process.env.N8N_USER_FOLDER };
