'use strict';
// STAND-INS for n8n-nodes-base nodes (n8n-nodes-base is not installed here).
// They reproduce only what our example workflows need. They are not the real nodes:
// anything a test proves through them is about OUR nodes, not about n8n-nodes-base.
// Where the real node's behaviour is cheap to copy (ManualTrigger, NoOp, If v2), it is copied.
const {
	NodeConnectionTypes,
	NodeOperationError,
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

/**
 * n8n-nodes-base.scheduleTrigger: in a manual run the real node emits one item describing
 * "now" (timestamp, Readable date, ...). The stand-in does the same and never schedules.
 */
class ScheduleTrigger {
	constructor() {
		this.description = {
			displayName: 'Schedule Trigger',
			name: 'n8n-nodes-base.scheduleTrigger',
			group: ['trigger', 'schedule'],
			version: [1, 1.1, 1.2, 1.3],
			description: 'Triggers the workflow on a given schedule (harness stand-in: runs once)',
			eventTriggerDescription: '',
			defaults: { name: 'Schedule Trigger' },
			inputs: [],
			outputs: [MAIN],
			properties: [],
		};
	}

	async trigger() {
		const { DateTime } = require('luxon');
		const timezone = this.getTimezone();
		const emitNow = () => {
			const now = DateTime.now().setZone(timezone);
			this.emit([
				this.helpers.returnJsonArray([
					{
						timestamp: now.toISO(),
						'Readable date': now.toFormat('MMMM d yyyy, h:mm:ss a'),
						'Readable time': now.toFormat('h:mm:ss a'),
						'Day of week': now.toFormat('cccc'),
						Year: now.toFormat('yyyy'),
						Month: now.toFormat('MMMM'),
						'Day of month': now.toFormat('dd'),
						Hour: now.toFormat('HH'),
						Minute: now.toFormat('mm'),
						Second: now.toFormat('ss'),
						Timezone: `${timezone} (UTC${now.toFormat('ZZ')})`,
					},
				]),
			]);
		};
		if (this.getMode() !== 'manual') {
			// A real schedule would start a cron here; the harness only executes once.
			return { closeFunction: async () => {} };
		}
		return { manualTriggerFunction: async () => emitNow() };
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

/**
 * n8n-nodes-base.set (Edit Fields) v3.x STAND-IN: mode "manual" (assignments) and "raw"
 * (jsonOutput), includeOtherFields, dot notation. No include/exclude field selection,
 * no binary handling beyond passing item.binary through.
 */
class SetStandIn {
	constructor() {
		this.description = {
			displayName: 'Edit Fields (Set)',
			name: 'n8n-nodes-base.set',
			group: ['input'],
			version: [3, 3.1, 3.2, 3.3, 3.4],
			description: 'Modify, add, or remove item fields (harness stand-in)',
			defaults: { name: 'Edit Fields' },
			inputs: [MAIN],
			outputs: [MAIN],
			properties: [
				{
					displayName: 'Mode',
					name: 'mode',
					type: 'options',
					options: [
						{ name: 'Manual Mapping', value: 'manual' },
						{ name: 'JSON', value: 'raw' },
					],
					default: 'manual',
				},
				{
					displayName: 'JSON Output',
					name: 'jsonOutput',
					type: 'json',
					default: '{}',
					displayOptions: { show: { mode: ['raw'] } },
				},
				{
					displayName: 'Fields to Set',
					name: 'assignments',
					type: 'assignmentCollection',
					default: {},
					displayOptions: { show: { mode: ['manual'] } },
				},
				{
					displayName: 'Include Other Input Fields',
					name: 'includeOtherFields',
					type: 'boolean',
					default: false,
				},
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					default: {},
					options: [
						{ displayName: 'Support Dot Notation', name: 'dotNotation', type: 'boolean', default: true },
						{ displayName: 'Ignore Type Conversion Errors', name: 'ignoreConversionErrors', type: 'boolean', default: false },
					],
				},
			],
		};
	}

	async execute() {
		const setPath = require('lodash/set');
		const items = this.getInputData();
		const out = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const mode = this.getNodeParameter('mode', i, 'manual');
				const includeOtherFields = this.getNodeParameter('includeOtherFields', i, false);
				const options = this.getNodeParameter('options', i, {});
				const dotNotation = options.dotNotation !== false;
				const json = includeOtherFields ? deepCopy(items[i].json) : {};
				const put = (name, value) => {
					if (dotNotation) setPath(json, name, value);
					else json[name] = value;
				};
				if (mode === 'raw') {
					let parsed = this.getNodeParameter('jsonOutput', i, '{}');
					if (typeof parsed === 'string') parsed = jsonParse(parsed);
					for (const [k, v] of Object.entries(parsed)) put(k, v);
				} else {
					const assignments = this.getNodeParameter('assignments.assignments', i, []);
					for (const a of assignments) {
						put(a.name, convert(a.value, a.type, options.ignoreConversionErrors, this.getNode(), i, a.name));
					}
				}
				const item = { json, pairedItem: { item: i } };
				if (items[i].binary) item.binary = items[i].binary;
				out.push(item);
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: error.message }, pairedItem: { item: i } });
					continue;
				}
				throw error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error, { itemIndex: i });
			}
		}
		return [out];
	}
}

function convert(value, type, ignoreErrors, node, itemIndex, name) {
	const fail = () => {
		if (ignoreErrors) return value;
		throw new NodeOperationError(node, `'${name}' expects a ${type} but we got '${String(value)}'`, {
			itemIndex,
		});
	};
	switch (type) {
		case 'number': {
			if (typeof value === 'number') return value;
			const n = Number(value);
			return value === '' || Number.isNaN(n) ? fail() : n;
		}
		case 'boolean':
			if (typeof value === 'boolean') return value;
			if (value === 'true') return true;
			if (value === 'false') return false;
			return fail();
		case 'array':
		case 'object': {
			let v = value;
			if (typeof v === 'string') {
				try {
					v = JSON.parse(v);
				} catch {
					return fail();
				}
			}
			if (type === 'array' ? !Array.isArray(v) : v === null || typeof v !== 'object' || Array.isArray(v)) {
				return fail();
			}
			return v;
		}
		case 'string':
			return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
		default:
			return value;
	}
}

/**
 * n8n-nodes-base.if v2.x STAND-IN, with the real node's execute(): the `filter` parameter is
 * evaluated by n8n-core/n8n-workflow (getNodeParameter(..., { extractValue: true })).
 * Output 0 = true, output 1 = false.
 */
class IfStandIn {
	constructor() {
		this.description = {
			displayName: 'If',
			name: 'n8n-nodes-base.if',
			group: ['transform'],
			version: [2, 2.1, 2.2],
			description: 'Route items to different branches (true/false) (harness stand-in)',
			defaults: { name: 'If' },
			inputs: [MAIN],
			outputs: [MAIN, MAIN],
			outputNames: ['true', 'false'],
			properties: [
				{
					displayName: 'Conditions',
					name: 'conditions',
					placeholder: 'Add Condition',
					type: 'filter',
					default: {},
					typeOptions: {
						filter: {
							caseSensitive: '={{!$parameter.options.ignoreCase}}',
							typeValidation:
								'={{ ($nodeVersion < 2.1 ? $parameter.options.looseTypeValidation :  $parameter.looseTypeValidation) ? "loose" : "strict" }}',
							version: '={{ $nodeVersion >= 2.2 ? 2 : 1 }}',
						},
					},
				},
				{
					displayName: 'Convert types where required',
					name: 'looseTypeValidation',
					type: 'boolean',
					default: false,
					displayOptions: { show: { '@version': [{ _cnd: { gte: 2.1 } }] } },
				},
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add option',
					default: {},
					options: [
						{ displayName: 'Ignore Case', name: 'ignoreCase', type: 'boolean', default: true },
						{
							displayName: 'Convert types where required',
							name: 'looseTypeValidation',
							type: 'boolean',
							default: false,
							displayOptions: { show: { '@version': [{ _cnd: { lt: 2.1 } }] } },
						},
					],
				},
			],
		};
	}

	async execute() {
		const trueItems = [];
		const falseItems = [];
		this.getInputData().forEach((item, itemIndex) => {
			try {
				let pass = false;
				try {
					pass = this.getNodeParameter('conditions', itemIndex, false, { extractValue: true });
				} catch (error) {
					error.context = { ...(error.context || {}), itemIndex };
					error.node = this.getNode();
					throw error;
				}
				if (item.pairedItem === undefined) item.pairedItem = { item: itemIndex };
				if (pass) trueItems.push(item);
				else falseItems.push(item);
			} catch (error) {
				if (this.continueOnFail()) {
					falseItems.push(item);
				} else {
					if (error instanceof NodeOperationError) throw error;
					if (error instanceof ApplicationError) {
						error.context = { ...(error.context || {}), itemIndex };
						throw error;
					}
					throw new NodeOperationError(this.getNode(), error, { itemIndex });
				}
			}
		});
		return [trueItems, falseItems];
	}
}

const STAND_IN_NODE_TYPES = {
	'n8n-nodes-base.manualTrigger': ManualTrigger,
	'n8n-nodes-base.scheduleTrigger': ScheduleTrigger,
	'n8n-nodes-base.noOp': NoOp,
	'n8n-nodes-base.stickyNote': StickyNote,
	'n8n-nodes-base.set': SetStandIn,
	'n8n-nodes-base.if': IfStandIn,
	'test.items': TestItems,
};

module.exports = {
	STAND_IN_NODE_TYPES,
	ManualTrigger,
	ScheduleTrigger,
	NoOp,
	StickyNote,
	TestItems,
	SetStandIn,
	IfStandIn,
};
