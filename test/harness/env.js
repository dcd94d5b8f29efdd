'use strict';
// Must be required before n8n-core: n8n-core's InstanceSettings writes
// <N8N_USER_FOLDER>/.n8n/config, which must never land in the real home folder.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
	process.env.N8N_USER_FOLDER = dir;
	process.once('exit', () => {
		try {
			fs.rmSync(dir, { recursive: true, force: true });
		} catch {
			// best effort
		}
	});
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
