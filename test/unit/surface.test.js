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
