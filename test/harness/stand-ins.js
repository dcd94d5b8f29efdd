'use strict';
// STAND-INS for n8n-nodes-base nodes (n8n-nodes-base is not installed here).
// Only what the tests use: a manual trigger, a pass-through, sticky notes and a node emitting
// given items. They copy the real nodes' behaviour; real n8n runs the examples (test/e2e).
const {
	NodeConnectionTypes,
	ApplicationError,
	deepCopy,
	jsonParse,
} = require('n8n-workflow');

const MAIN = NodeConnectionTypes.Main;

/** n8n-nodes-base.manualTrigger: emits one empty item (same trigger() as the real node). */
class ManualTrigger {
	constructor() {
		this.description = {
			displayName: 'Manual Trigger',
			name: 'n8n-nodes-base.manualTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Runs the flow on clicking a button in n8n (harness stand-in)',
			eventTriggerDescription: '',
			maxNodes: 1,
			defaults: { name: "When clicking 'Execute workflow'" },
			inputs: [],
			outputs: [MAIN],
			properties: [
				{
					displayName: 'This node is where the workflow execution starts',
					name: 'notice',
					type: 'notice',
					default: '',
				},
			],
		};
	}

	async trigger() {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/** n8n-nodes-base.noOp: passes its input through (same as the real node). */
class NoOp {
	constructor() {
		this.description = {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation (harness stand-in)',
			defaults: { name: 'No Operation, do nothing' },
			inputs: [MAIN],
			outputs: [MAIN],
			properties: [],
		};
	}

	async execute() {
		return [this.getInputData()];
	}
}

/** n8n-nodes-base.stickyNote: canvas decoration; never executed. */
class StickyNote {
	constructor() {
		this.description = {
			displayName: 'Sticky Note',
			name: 'n8n-nodes-base.stickyNote',
			group: ['input'],
			version: 1,
			description: 'Make your workflow easier to understand (harness stand-in)',
			defaults: { name: 'Sticky Note' },
			inputs: [],
			outputs: [],
			properties: [
				{ displayName: 'Content', name: 'content', type: 'string', default: '' },
				{ displayName: 'Height', name: 'height', type: 'number', default: 160 },
				{ displayName: 'Width', name: 'width', type: 'number', default: 240 },
				{ displayName: 'Color', name: 'color', type: 'number', default: 1 },
			],
		};
	}
}

const ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'error']);

/** Turns one element of `items` into an INodeExecutionData. */
function toItem(element, index, inputIndex) {
	const isItem =
		element !== null &&
		typeof element === 'object' &&
		!Array.isArray(element) &&
		'json' in element &&
		Object.keys(element).every((k) => ITEM_KEYS.has(k));
	const item = isItem ? deepCopy(element) : { json: element };
	if (item.json === null || typeof item.json !== 'object' || Array.isArray(item.json)) {
		throw new ApplicationError(`test.items: item ${index} is not an object`);
	}
	if (item.pairedItem === undefined) item.pairedItem = { item: inputIndex };
	return item;
}

/**
 * test.items (harness only, not an n8n node): its parameter `items` (a JSON string or an
 * array, expressions allowed) becomes its output. Elements are plain objects (become `json`)
 * or full items `{ json, binary?, pairedItem? }`. Runs once, whatever its input; every item is
 * paired with input item 0 unless it brings its own pairedItem.
 */
class TestItems {
	constructor() {
		this.description = {
			displayName: 'Test Items',
			name: 'test.items',
			group: ['input'],
			version: 1,
			description: 'Harness-only node: outputs the items given in its "items" parameter',
			defaults: { name: 'Test Items' },
			inputs: [MAIN],
			outputs: [MAIN],
			properties: [
				{
					displayName: 'Items',
					name: 'items',
					type: 'json',
					default: '[]',
					description: 'JSON array of items',
				},
			],
		};
	}

	async execute() {
		let raw = this.getNodeParameter('items', 0, '[]');
		if (typeof raw === 'string') raw = jsonParse(raw);
		if (!Array.isArray(raw)) raw = [raw];
		return [raw.map((element, index) => toItem(element, index, 0))];
	}
}

const STAND_IN_NODE_TYPES = {
	'n8n-nodes-base.manualTrigger': ManualTrigger,
	'n8n-nodes-base.noOp': NoOp,
	'n8n-nodes-base.stickyNote': StickyNote,
	'test.items': TestItems,
};

module.exports = {
	STAND_IN_NODE_TYPES,
	ManualTrigger,
	NoOp,
	StickyNote,
	TestItems,
};
