'use strict';
// Row "malformed or HTML bodies": a clear NodeApiError with the status code and the first part
// of the body, never a JavaScript TypeError, on every route.
const { TRAIN, runAkkio, startSimulator, routed } = require('./support');

const LOGIN_PAGE =
	'<!DOCTYPE html><html><head><title>Sign in</title><style>body{font:12px sans-serif}</style>' +
	'<script>window.location.hash="x"</script></head><body><h1>Corporate proxy: please sign in</h1>' +
	`<p>${'Your session has expired. '.repeat(40)}</p></body></html>`;
const CRASH = /TypeError|ReferenceError|Cannot read prop|is not a function|is not iterable|undefined is not/;

let sim;
let taskId;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001 });
	const run = await runAkkio(sim, { parameters: { ...TRAIN, waitForCompletion: true } });
	taskId = run.success[0].json.task_id;
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.faults.clear();
	sim.clearLog();
});

/** Runs Get Status or Get Result with `fault` on every attempt. */
async function runWithFault(route, fault) {
	sim.faults.script({ route }, Array(4).fill(fault));
	const operation = route === 'status' ? 'getStatus' : 'getResult';
	return runAkkio(sim, { parameters: { operation, taskId, output: 'raw' } });
}

function expectClearApiError(run, message, description) {
	expect(run.status).toBe('error');
	expect(run.error.name).toBe('NodeApiError');
	expect(run.error.message).toMatch(message);
	expect(run.error.description).toMatch(description);
	expect(run.serialized).not.toMatch(CRASH);
}

describe.each([['status'], ['result']])('GET %s', (route) => {
	test('a truncated JSON body with 200: status code and the start of the body', async () => {
		const run = await runWithFault(route, 'truncated');
		expectClearApiError(
			run,
			/^Akkio answered with a body that is not valid JSON$/,
			/^The response began with: \{"/,
		);
		expect(routed(sim, route)).toHaveLength(4);
	});

	test('a non-JSON text body with 200', async () => {
		const run = await runWithFault(route, { kind: 'nonjson', body: 'Service in maintenance until 14:00 UTC' });
		expectClearApiError(run, /^Akkio answered with a body that is not valid JSON$/, /began with: Service in maintenance until 14:00 UTC$/);
	});

	test('an HTML login page with 200: tags, scripts and styles stripped, cut at 200 characters', async () => {
		const run = await runWithFault(route, { status: 200, body: LOGIN_PAGE });
		expectClearApiError(run, /^Akkio answered with a body that is not valid JSON$/, /began with: Corporate proxy: please sign in Your session/);
		const snippet = run.error.description.replace('The response began with: ', '');
		expect(snippet.length).toBeLessThanOrEqual(201);
		expect(snippet).not.toMatch(/<|window\.location|font:/);
	});

	test('an empty body with 200', async () => {
		const run = await runWithFault(route, { kind: 'nonjson', body: '' });
		expectClearApiError(run, /^Akkio answered with a body that is not valid JSON$/, /body was empty/);
	});

	test.each([
		[502, 'html', /^Akkio answered with a server error after 4 attempts$/, /Akkio said: 502 Bad Gateway nginx/],
		[504, { kind: 'html', status: 504 }, /^Akkio answered with a server error after 4 attempts$/, /Akkio said: 504 Gateway Timeout nginx/],
		[500, { status: 500, body: 'Internal Server Error' }, /server error after 4 attempts$/, /Akkio said: Internal Server Error/],
		[404, { status: 404, body: "<html><body><h1>404 Not Found</h1></body></html>" }, /^Akkio has no (such training|result for this task)$/, /Akkio said: 404 Not Found/],
		[401, { status: 401, body: '<html><body>Unauthorized</body></html>' }, /^Akkio rejected the API key$/, /Akkio said: Unauthorized/],
	])('an HTML or text error page with %i', async (_, fault, message, description) => {
		const run = await runWithFault(route, fault);
		expectClearApiError(run, message, description);
		expect(run.error.httpCode).toBe(String(_));
	});
});

describe('valid JSON of an unexpected shape never crashes the node', () => {
	test.each([['null'], ['[]'], ['"text"'], ['42'], ['{}'], ['{"status": 7, "metadata": "x"}']])('status %s', async (body) => {
		sim.faults.script({ route: 'status' }, [{ status: 200, body }]);
		const run = await runAkkio(sim, { parameters: { operation: 'getStatus', taskId } });
		expect(run.status).toBe('success');
		expect(run.success[0].json).toEqual({ task_id: taskId, status: 'UNKNOWN', done: false });
		expect(run.serialized).not.toMatch(CRASH);
	});

	test.each([['null'], ['[]'], ['"text"'], ['42'], ['{}'], ['{"stats": "x", "field_importance": [1], "data_story": {}}']])(
		'result %s, in every output mode',
		async (body) => {
			for (const output of ['summary', 'raw', 'perClassRows', 'fieldImportanceRows']) {
				sim.faults.script({ route: 'result' }, [{ status: 200, body }]);
				const run = await runAkkio(sim, { parameters: { operation: 'getResult', taskId, output } });
				expect(run.status).toBe('success');
				expect(run.serialized).not.toMatch(CRASH);
			}
		},
	);

	test.each([['null'], ['[]'], ['{}'], ['{"task_id": 5}'], ['{"task_id": ""}']])('submit %s: the training may run, no task ID', async (body) => {
		sim.faults.script({ route: 'submit' }, [{ status: 201, body }]);
		const run = await runAkkio(sim, { parameters: TRAIN });
		expect(run.status).toBe('error');
		expect(run.error.name).toBe('NodeApiError');
		expect(run.error.message).toBe('Akkio accepted the training but sent no task_id');
		expect(run.error.description).toMatch(/Check the dataset in the Akkio app/);
		expect(routed(sim, 'submit')).toHaveLength(1);
		expect(run.serialized).not.toMatch(CRASH);
	});
});
