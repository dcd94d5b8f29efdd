'use strict';
// A node of this package as an AI agent's tool, the way n8n runs it, and an agent stand-in
// that calls it. n8n-core's own tool machinery (getInputConnectionData → createNodeAsTool →
// the node's execute()) does the work in between.
const { NodeConnectionTypes, deepCopy, jsonParse } = require('n8n-workflow');

/**
 * What n8n makes of a `usableAsTool` node (n8n's convertNodeToAiTool, packages/cli
 * tool-generation/ai-tools.ts, n8n 2.41): the same node under the type `<name>Tool`, with no
 * main input and an ai_tool output. Register it as `<package>.<name>Tool`.
 */
function asAiTool(NodeClass) {
	const node = typeof NodeClass === 'function' ? new NodeClass() : NodeClass;
	const description = deepCopy(node.description);
	description.name += 'Tool';
	description.displayName += ' Tool';
	description.inputs = [];
	description.outputs = [NodeConnectionTypes.AiTool];
	delete description.usableAsTool;
	const tool = Object.create(node);
	tool.description = description;
	return tool;
}

/**
 * test.agent (harness only): calls its one connected tool once per input item with the
 * arguments in its `toolArgs` parameter (JSON), as a model would, and outputs
 * `{ tool, description, response }`: the tool's name and description as the model sees them,
 * and the text the model would get back.
 */
class TestAgent {
	constructor() {
		this.description = {
			displayName: 'Test Agent',
			name: 'test.agent',
			group: ['transform'],
			version: 1,
			description: 'Harness-only node: calls its connected tool like an AI agent',
			defaults: { name: 'Agent' },
			inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tool', required: true, maxConnections: 1 }],
			outputs: [NodeConnectionTypes.Main],
			properties: [{ displayName: 'Tool Arguments', name: 'toolArgs', type: 'json', default: '{}' }],
		};
	}

	async execute() {
		const connected = await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0);
		const [tool] = Array.isArray(connected) ? connected : [connected];
		const output = [];
		for (let item = 0; item < this.getInputData().length; item++) {
			const raw = this.getNodeParameter('toolArgs', item, '{}');
			const response = await tool.invoke(typeof raw === 'string' ? jsonParse(raw) : raw);
			output.push({ json: { tool: tool.name, description: tool.description, response }, pairedItem: { item } });
		}
		return [output];
	}
}

module.exports = { asAiTool, TestAgent };
