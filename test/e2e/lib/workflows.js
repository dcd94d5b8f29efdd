'use strict';

// The example workflows: what every shipped example must be, and the copies the e2e run
// imports. The examples stay as a user imports them; only the copies are adjusted for a test
// run (the simulator's clock, the imported credential, short waits, a schedule run once).

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const isPackageNode = (node) => node.type.startsWith('n8n-nodes-akkio.');
const CREDENTIAL = { id: 'akkio-demo', name: 'Akkio account', type: 'akkioApi' };

function loadExamples(dir) {
	const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
	return files.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

/** Throws with the first thing that keeps `workflow` from being a shippable example. */
function assertShippable(workflow) {
	assert.equal(typeof workflow.name, 'string', 'the workflow needs a name');
	assert.equal(workflow.active, false, 'an example is imported inactive: set "active": false');
	const names = workflow.nodes.map((node) => node.name);
	assert.equal(new Set(names).size, names.length, 'node names must be unique');
	assert.equal(new Set(workflow.nodes.map((node) => node.id)).size, names.length, 'node ids must be unique');
	for (const node of workflow.nodes) {
		const where = `node "${node.name}"`;
		assert.ok(isPackageNode(node) || node.type.startsWith('n8n-nodes-base.'), `${where}: only built-in nodes and this package's (found ${node.type})`);
		assert.ok(Array.isArray(node.position) && node.position.length === 2 && typeof node.typeVersion === 'number', `${where}: position and typeVersion`);
		if (isPackageNode(node)) {
			assert.ok([undefined, 1].includes(node.parameters.timeScale), `${where}: the hidden timeScale is for tests only`);
			assert.ok(node.credentials && node.credentials[CREDENTIAL.type], `${where}: needs an ${CREDENTIAL.type} credential`);
		}
	}
	assert.ok(workflow.nodes.some(isPackageNode), 'an example uses a node of this package');
	const sticky = workflow.nodes.some((node) => node.type === 'n8n-nodes-base.stickyNote' && String(node.parameters.content || '').length > 40);
	assert.ok(sticky, 'an example explains itself in at least one sticky note');
	for (const [source, outputs] of Object.entries(workflow.connections || {})) {
		const targets = (outputs.main || []).flat().filter(Boolean).map((link) => link.node);
		for (const name of [source, ...targets]) assert.ok(names.includes(name), `connection with unknown node "${name}"`);
	}
}

/**
 * The copy of an example that the e2e run imports under `id` (at most 21 characters, as
 * `n8n execute` wants): every Akkio node on the simulator's clock (timeScale) with the imported
 * credential, n8n's Wait nodes waiting a second, a Schedule Trigger turned into a Manual Trigger
 * of the same name (`n8n execute` starts there, so the scheduled flow runs once), then `tweak`.
 */
function e2eCopy(workflow, { id, timeScale, tweak }) {
	const copy = JSON.parse(JSON.stringify(workflow));
	Object.assign(copy, { id, name: `${workflow.name} [e2e ${id}]`, active: false });
	for (const node of copy.nodes) {
		if (isPackageNode(node)) {
			node.parameters.timeScale = timeScale;
			node.credentials = { [CREDENTIAL.type]: { id: CREDENTIAL.id, name: CREDENTIAL.name } };
		} else if (node.type === 'n8n-nodes-base.wait') {
			Object.assign(node.parameters, { amount: 1, unit: 'seconds' });
		} else if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			Object.assign(node, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
		}
	}
	if (tweak) tweak(copy);
	assert.ok(id.length > 0 && id.length <= 21, `workflow id "${id}" must have 1 to 21 characters`);
	return copy;
}

/** A node for a workflow the run builds; an Akkio node gets the imported credential. */
function node(name, type, parameters, x, extra = {}) {
	const akkio = type.startsWith('n8n-nodes-akkio.') ? { credentials: { [CREDENTIAL.type]: { id: CREDENTIAL.id, name: CREDENTIAL.name } } } : {};
	const typeVersion = { webhook: 2, wait: 1.1 }[type.split('.')[1]] || 1;
	return { id: crypto.randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...akkio, ...extra };
}

/** A workflow of `nodes` connected one after another. */
function chain(id, name, nodes) {
	const connections = Object.fromEntries(nodes.slice(0, -1).map((n, i) => [n.name, { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }]));
	return { id, name: `${name} [e2e ${id}]`, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

/** Lead rows for the datasets the run adds (deterministic, both classes present). */
const leadRows = (seed, count = 60) =>
	Array.from({ length: count }, (_, i) => {
		const k = (i * 37 + seed * 11) % 97;
		return { 'Job Title': ['Executive', 'Manager', 'Engineer', 'Analyst'][k % 4], 'Webinars Attended': k % 7, 'Email Open Rate': (k % 50) / 50, 'Positive Lead': k % 7 > 3 ? '1' : '0' };
	});

function findNode(workflow, predicate, what) {
	const found = workflow.nodes.find(predicate);
	if (!found) throw new Error(`no node for ${what}`);
	return found;
}

module.exports = { loadExamples, assertShippable, e2eCopy, node, chain, leadRows, findNode, CREDENTIAL };
