'use strict';

// The example workflows: what every shipped example must be, and the copies the e2e run
// imports. The examples stay as a user imports them; only the copies are adjusted for a test
// run (simulator clock, the imported credential, short waits, a schedule run once).

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const AKKIO_NODE_TYPE = 'n8n-nodes-akkio.akkioTrain';
/** Both nodes of the package. */
const isPackageNode = (node) => node.type.startsWith('n8n-nodes-akkio.');
const CREDENTIAL_TYPE = 'akkioApi';

function loadExamples(dir) {
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

const clone = (value) => JSON.parse(JSON.stringify(value));

/** Throws with the first thing that keeps `workflow` from being a shippable example. */
function assertShippable(workflow) {
	assert.equal(typeof workflow.name, 'string', 'the workflow needs a name');
	assert.ok(Array.isArray(workflow.nodes) && workflow.nodes.length > 0, 'the workflow has no nodes');
	assert.equal(workflow.active, false, 'an example is imported inactive: set "active": false');
	const names = workflow.nodes.map((node) => node.name);
	assert.equal(new Set(names).size, names.length, 'node names must be unique');
	const ids = workflow.nodes.map((node) => node.id);
	assert.equal(new Set(ids).size, ids.length, 'node ids must be unique');
	for (const node of workflow.nodes) {
		const where = `node "${node.name}"`;
		assert.ok(
			isPackageNode(node) || node.type.startsWith('n8n-nodes-base.'),
			`${where}: only built-in nodes and this package's nodes may be used (found ${node.type})`,
		);
		assert.ok(Array.isArray(node.position) && node.position.length === 2, `${where}: position must be [x, y]`);
		assert.equal(typeof node.typeVersion, 'number', `${where}: typeVersion missing`);
		if (isPackageNode(node)) {
			const scale = node.parameters.timeScale;
			assert.ok(scale === undefined || scale === 1, `${where}: the hidden timeScale is for tests only (found ${scale})`);
			assert.ok(node.credentials && node.credentials[CREDENTIAL_TYPE], `${where}: needs an ${CREDENTIAL_TYPE} credential`);
		}
	}
	assert.ok(
		workflow.nodes.some((node) => node.type === 'n8n-nodes-base.stickyNote' && String(node.parameters.content || '').length > 40),
		'an example explains itself in at least one sticky note',
	);
	for (const [source, outputs] of Object.entries(workflow.connections || {})) {
		assert.ok(names.includes(source), `connection from unknown node "${source}"`);
		for (const output of outputs.main || []) {
			for (const link of output || []) assert.ok(names.includes(link.node), `connection to unknown node "${link.node}"`);
		}
	}
	assert.ok(workflow.nodes.some(isPackageNode), 'an example uses a node of this package');
}

/**
 * The copy of an example that the e2e run imports:
 * - id: the workflow id to import it under (at most 21 characters, as `n8n execute` wants)
 * - every Akkio node runs on the simulator's clock (timeScale) with the imported credential
 * - n8n's Wait nodes wait `waitSeconds` instead of minutes
 * - a Schedule Trigger becomes a Manual Trigger of the same name: `n8n execute` starts a
 *   workflow at its Manual Trigger, so the scheduled flow runs once, directly
 * - `tweak(workflow)` changes anything else a scenario needs
 */
function e2eCopy(workflow, { id, name, timeScale, credential, waitSeconds = 1, tweak }) {
	const copy = clone(workflow);
	copy.id = id;
	copy.name = name || `${workflow.name} [e2e ${id}]`;
	copy.active = false;
	for (const node of copy.nodes) {
		if (isPackageNode(node)) {
			node.parameters.timeScale = timeScale;
			node.credentials = { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } };
		} else if (node.type === 'n8n-nodes-base.wait') {
			node.parameters.amount = waitSeconds;
			node.parameters.unit = 'seconds';
		} else if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			node.type = 'n8n-nodes-base.manualTrigger';
			node.typeVersion = 1;
			node.parameters = {};
		}
	}
	if (tweak) tweak(copy);
	assert.ok(id.length > 0 && id.length <= 21, `workflow id "${id}" must have 1 to 21 characters`);
	return copy;
}

function findNode(workflow, predicate, what) {
	const node = workflow.nodes.find(predicate);
	if (!node) throw new Error(`no node for ${what}`);
	return node;
}

module.exports = { loadExamples, assertShippable, e2eCopy, findNode, AKKIO_NODE_TYPE, CREDENTIAL_TYPE };
