'use strict';
// Row "every parameter fed bad values through expressions": each parameter of each operation
// gets a number where a text or list is expected, an empty text, an object, null, a list, a
// very long text, unicode, NaN, a boolean and a function, from an expression. The bad value is
// given to item 1 (item 0 is fine), or to item 0 for the options read once per execution.
// Expected: a clear error "<Parameter>: <problem> [item N]" before any request.
const { TRAIN, runAkkio, startSimulator, routed } = require('./support');

const BAD = {
	'a number': '12345',
	'NaN': 'NaN',
	'a boolean': 'true',
	'an empty text': '""',
	'an object': '({ a: 1 })',
	'null': 'null',
	'a list': '["Plan"]',
	'a very long text': '"x".repeat(100000)',
	'unicode text': '"ünïcødé🚀"',
	'an invisible character': '"t-1\\u200b"',
	'a broken surrogate': '"t-1\\ud800"',
	'a function': '(() => 1)',
};

/**
 * What a value is for a kind of parameter, when it is not simply refused:
 * - unset: null for an optional option means "not set" (its default), like leaving it empty;
 * - accepted: a legitimate value (a list of field names, a unicode column name), sent intact.
 */
const NOT_REFUSED = {
	id: { 'unicode text': 'accepted' },
	fields: {
		'a list': 'accepted',
		'unicode text': 'accepted',
		'an invisible character': 'accepted',
	},
	optionalFields: {
		'an empty text': 'accepted',
		'null': 'unset',
		'a list': 'accepted',
		'unicode text': 'accepted',
		'an invisible character': 'accepted',
	},
	choice: {},
	boolean: { 'a boolean': 'skip' },
	optionalBoolean: { 'a boolean': 'skip', 'null': 'unset' },
	optionalNumber: { 'null': 'unset' },
};

const WAIT_QUICKLY = { timeoutMinutes: 0.05 };
const PARAMETERS = [
	// [parameter, label in the error, kind, parameters(expression), good value]
	['datasetId', 'Dataset', 'id', (e) => ({ ...TRAIN, datasetId: e }), '"leads-sample"'],
	['predictFields', 'Predict Fields', 'fields', (e) => ({ ...TRAIN, predictFields: e }), '"Positive Lead"'],
	['duration', 'Duration', 'choice', (e) => ({ ...TRAIN, duration: e }), '60'],
	['waitForCompletion', 'Wait for Completion', 'boolean', (e) => ({ ...TRAIN, waitForCompletion: e }), 'false'],
	['output (Train)', 'Output', 'choice', (e) => ({ ...TRAIN, waitForCompletion: true, output: e }), '"summary"'],
	['options.ignoreFields', 'Ignore Fields', 'optionalFields', (e) => ({ ...TRAIN, options: { ignoreFields: e } }), '"Email"'],
	['options.extraAttention', 'Extra Attention', 'optionalBoolean', (e) => ({ ...TRAIN, options: { extraAttention: e } }), 'false'],
	['options.force', 'Force', 'optionalBoolean', (e) => ({ ...TRAIN, options: { force: e } }), 'false'],
	['options.maxRequestsPerSecond', 'Max Requests per Second', 'optionalNumber', (e) => ({ ...TRAIN, options: { maxRequestsPerSecond: e } }), '5', 0],
	['options.requestTimeoutSeconds', 'Request Timeout (Seconds)', 'optionalNumber', (e) => ({ ...TRAIN, options: { requestTimeoutSeconds: e } }), '30', 0],
	['options.timeoutMinutes (Train)', 'Timeout (Minutes)', 'optionalNumber', (e) => ({ ...TRAIN, waitForCompletion: true, options: { timeoutMinutes: e } }), '1'],
	['taskId (Get Status)', 'Task ID', 'id', (e) => ({ operation: 'getStatus', taskId: e }), '"t-1"'],
	['taskId (Get Result)', 'Task ID', 'id', (e) => ({ operation: 'getResult', taskId: e }), '"t-1"'],
	['taskId (Wait)', 'Task ID', 'id', (e) => ({ operation: 'wait', taskId: e, options: WAIT_QUICKLY }), '"t-1"'],
	['output (Get Result)', 'Output', 'choice', (e) => ({ operation: 'getResult', taskId: 't-1', output: e }), '"raw"'],
	['output (Wait)', 'Output', 'choice', (e) => ({ operation: 'wait', taskId: 't-1', output: e, options: WAIT_QUICKLY }), '"raw"'],
	['options.timeoutMinutes (Wait)', 'Timeout (Minutes)', 'optionalNumber', (e) => ({ operation: 'wait', taskId: 't-1', options: { timeoutMinutes: e } }), '0.05'],
	['options.maxRequestsPerSecond (Wait)', 'Max Requests per Second', 'optionalNumber', (e) => ({ operation: 'wait', taskId: 't-1', options: { ...WAIT_QUICKLY, maxRequestsPerSecond: e } }), '5', 0],
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let sim;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001 });
});
afterAll(async () => sim.close());
beforeEach(() => sim.clearLog());

const CASES = [];
for (const [parameter, label, kind, build, good, badItem = 1] of PARAMETERS) {
	for (const [valueName, source] of Object.entries(BAD)) {
		const expectation = (NOT_REFUSED[kind] && NOT_REFUSED[kind][valueName]) || 'refused';
		if (expectation === 'skip') continue;
		CASES.push([parameter, valueName, { label, kind, build, good, badItem, source, expectation }]);
	}
}

/** The value the bad expression evaluates to, as the node receives it. */
function evaluate(source) {
	return new Function(`return (${source});`)();
}

/** True if the value reached Akkio unchanged for item `badItem`. */
function sentIntact(value, parameter) {
	if (parameter.startsWith('taskId')) {
		return sim.requests.some((r) => {
			const match = /^\/api\/v1\/models\/train\/([^/]+)\/(status|result)$/.exec(r.path);
			return match && safeDecode(match[1]) === value;
		});
	}
	const bodies = routed(sim, 'submit').map((r) => r.body);
	if (parameter === 'datasetId') return bodies.some((b) => b.dataset_id === value);
	const list = Array.isArray(value) ? value : value === '' || value === null ? [] : [value];
	if (parameter === 'predictFields') return bodies.some((b) => JSON.stringify(b.predict_fields) === JSON.stringify(list));
	if (parameter === 'options.ignoreFields') return bodies.some((b) => JSON.stringify(b.ignore_fields) === JSON.stringify(list));
	return false;
}

function safeDecode(segment) {
	try {
		return decodeURIComponent(segment);
	} catch {
		return undefined;
	}
}

test.each(CASES)('%s: %s', async (parameter, valueName, c) => {
	const pick = c.badItem === 1 ? `$itemIndex === 1 ? ${c.source} : ${c.good}` : `$itemIndex === 0 ? ${c.source} : ${c.good}`;
	const refusal = new RegExp(`^${escape(c.label)}: .+ \\[item ${c.badItem}\\]$`, 's');
	const run = await runAkkio(sim, { items: [{ json: {} }, { json: {} }], parameters: c.build(`={{ ${pick} }}`) });
	const message = run.error ? String(run.error.message) : '';
	expect(run.serialized).not.toMatch(/TypeError|URI malformed|Cannot read prop|is not a function/);

	if (c.expectation === 'refused') {
		const refusedClearly = refusal.test(message) && typeof run.error.description === 'string';
		expect({ message, refusedClearly }).toEqual({ message: expect.any(String), refusedClearly: true });
		expect(sim.requests).toHaveLength(0);
		return;
	}
	if (c.expectation === 'unset' || c.expectation === 'accepted') {
		expect(message).not.toMatch(new RegExp(`^${escape(c.label)}:`));
		expect(sim.requests.length).toBeGreaterThan(0);
		if (c.expectation === 'accepted') expect(sentIntact(evaluate(c.source), parameter)).toBe(true);
		return;
	}
	throw new Error(`unknown expectation ${c.expectation}`);
});

test('a bad item stops the node before the good ones are sent, for every operation', async () => {
	for (const parameters of [
		{ ...TRAIN, datasetId: '={{ $itemIndex === 2 ? null : "leads-sample" }}' },
		{ operation: 'getStatus', taskId: '={{ $itemIndex === 2 ? { id: 1 } : "t-1" }}' },
		{ operation: 'getResult', taskId: 't-1', output: '={{ $itemIndex === 2 ? "everything" : "raw" }}' },
		{ operation: 'wait', taskId: '={{ $itemIndex === 2 ? "" : "t-1" }}' },
	]) {
		const run = await runAkkio(sim, { items: [{}, {}, {}], parameters });
		expect(run.error.message).toMatch(/ \[item 2\]$/);
	}
	expect(sim.requests).toHaveLength(0);
});

test('with Continue On Fail the bad item goes to the error output, named, and only good items are sent', async () => {
	const run = await runAkkio(sim, {
		items: [{}, {}, {}],
		onError: 'continueErrorOutput',
		parameters: { ...TRAIN, predictFields: '={{ $itemIndex === 1 ? 42 : "Positive Lead" }}' },
	});
	expect(run.errors.map((i) => [i.pairedItem.item, i.json.error])).toEqual([
		[1, 'Predict Fields: expected field names, got a number [item 1]'],
	]);
	expect(run.success.map((i) => i.pairedItem.item)).toEqual([0, 2]);
	expect(routed(sim, 'submit')).toHaveLength(2);
});
