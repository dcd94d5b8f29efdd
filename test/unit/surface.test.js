// The public surface that saved workflows depend on, pinned before the package was slimmed:
// node type names, versions, every parameter (names, types, defaults, option values, when each
// shows), the credential's fields, and the methods the editor calls. A change here breaks
// saved workflows: update the snapshot only on purpose, with a CHANGELOG entry.
const path = require('node:path');

const dist = path.join(__dirname, '..', '..', 'dist');
const { Akkio } = require(path.join(dist, 'nodes', 'Akkio', 'Akkio.node.js'));
const { AkkioTrain } = require(path.join(dist, 'nodes', 'AkkioTrain', 'AkkioTrain.node.js'));
const { AkkioTrigger } = require(path.join(dist, 'nodes', 'AkkioTrigger', 'AkkioTrigger.node.js'));
const { AkkioApi } = require(path.join(dist, 'credentials', 'AkkioApi.credentials.js'));

/** A parameter as a saved workflow sees it: its name, type, default, values and visibility. */
function surfaceOf(property) {
	const { name, type, default: fallback, displayOptions, required } = property;
	const entry = { name, type, default: fallback, ...(required ? { required } : {}), ...(displayOptions ? { displayOptions } : {}) };
	if (property.options) {
		entry.options = property.options.map((option) =>
			option.value !== undefined ? option.value : option.values ? { name: option.name, values: option.values.map(surfaceOf) } : surfaceOf(option),
		);
	}
	if (property.modes) entry.modes = property.modes.map((mode) => mode.name);
	if (property.typeOptions?.loadOptionsMethod) entry.loadOptionsMethod = property.typeOptions.loadOptionsMethod;
	return entry;
}

function nodeSurface(NodeClass) {
	const node = new NodeClass();
	const { name, displayName, version, credentials, inputs, outputs, usableAsTool, subtitle, polling } = node.description;
	return {
		name,
		displayName,
		version,
		credentials,
		inputs,
		outputs,
		usableAsTool,
		subtitle,
		polling,
		properties: node.description.properties.map(surfaceOf),
		methods: Object.fromEntries(Object.entries(node.methods ?? {}).map(([kind, fns]) => [kind, Object.keys(fns).sort()])),
	};
}

test('the public surface of both nodes and the credential is unchanged', () => {
	const credential = new AkkioApi();
	expect({
		akkio: nodeSurface(Akkio),
		akkioTrain: nodeSurface(AkkioTrain),
		akkioTrigger: nodeSurface(AkkioTrigger),
		credential: { name: credential.name, displayName: credential.displayName, properties: credential.properties.map(surfaceOf) },
	}).toMatchSnapshot();
});

// What n8n's lint checks on an options parameter written as an object literal, checked here for
// every one, those that shared/options.ts's choiceField builds included (lint does not see those).
test('every options parameter defaults to one of its values, and five or more options are sorted by name', () => {
	const all = (properties) => properties.flatMap((p) => [p, ...all(p.options?.flatMap((o) => o.values ?? (o.displayName ? [o] : [])) ?? [])]);
	for (const NodeClass of [Akkio, AkkioTrain, AkkioTrigger]) {
		for (const { name, default: fallback, options } of all(new NodeClass().description.properties).filter((p) => p.type === 'options')) {
			const names = options.map((o) => o.name);
			expect([name, options.map((o) => o.value)]).toEqual([name, expect.arrayContaining([fallback])]);
			if (names.length >= 5) expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	}
});
