'use strict';
// Row "POST /api/v1/models/train/new": retried only where Akkio surely did not start a training
// (429, 503, connection refused); never after a reset, a timeout, 500/502/504 or an unreadable
// 2xx. Then the error says so and how to check for a new model. The simulator counts trainings
// per dataset: no dataset ever gets a second one.
const {
	TRAIN,
	CHECK_IN_AKKIO,
	runAkkio,
	startSimulator,
	akkioCredentials,
	reservedClosedPort,
	generateLeadRows,
	routed,
	until,
	watchConnections,
} = require('./support');

const TIMEOUT = { requestTimeoutSeconds: '={{ 0.2 }}' };

let sim;
let datasetCounter = 0;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: 0.001 });
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.faults.clear();
	sim.clearLog();
});

/** A dataset of its own per test, so trainingCount(dataset) is that test's count. */
function freshDataset() {
	const id = `submit-${++datasetCounter}`;
	sim.addDataset({ id, rows: generateLeadRows({ count: 60 }) });
	return id;
}

describe('retried: Akkio surely did not start a training', () => {
	test.each([
		['429 with Retry-After in seconds', { status: 429, retryAfter: 1 }],
		['429 with Retry-After as an HTTP date', { status: 429, retryAfter: 1, retryAfterDate: true }],
		['503', 503],
		['503 as an HTML page', { kind: 'html', status: 503 }],
	])('%s twice, then accepted: exactly one training', async (_, fault) => {
		const datasetId = freshDataset();
		sim.faults.script({ route: 'submit' }, [fault, fault]);
		const run = await runAkkio(sim, { parameters: { ...TRAIN, datasetId, waitForCompletion: true } });
		expect(run.status).toBe('success');
		expect(run.success[0].json.status).toBe('SUCCEEDED');
		expect(routed(sim, 'submit').map((r) => r.status)).toEqual([fault.status || 503, fault.status || 503, 201]);
		expect(sim.trainingCount(datasetId)).toBe(1);
	});

	test.each([
		['503', 503, /^Akkio answered with a server error after 4 attempts$/],
		['429', { status: 429, retryAfter: 1 }, /^Akkio's rate limit was reached after 4 attempts$/],
	])('%s every time: 4 attempts, no training, a clear error', async (_, fault, message) => {
		const datasetId = freshDataset();
		sim.faults.script({ route: 'submit' }, Array(10).fill(fault));
		const run = await runAkkio(sim, { parameters: { ...TRAIN, datasetId } });
		expect(run.status).toBe('error');
		expect(run.error.message).toMatch(message);
		expect(routed(sim, 'submit')).toHaveLength(4);
		expect(sim.trainingCount(datasetId)).toBe(0);
	});

	test('connection refused, then the server comes up: retried, one training', async () => {
		const port = await reservedClosedPort();
		const connections = watchConnections(port);
		let late;
		try {
			// One Akkio second = 200 ms: the first retry comes 100 to 200 ms after the refusal.
			const running = runAkkio(sim, {
				timeScale: 0.2,
				parameters: TRAIN,
				credentials: { akkioApi: { apiKey: sim.apiKey, baseUrl: `http://127.0.0.1:${port}` } },
			});
			await until(() => connections.count() >= 1, 5000, 'the first (refused) connection');
			late = await startSimulator({ timeScale: 0.001, port });
			const run = await running;
			expect(run.error).toBeUndefined();
			expect(run.success[0].json).toMatchObject({ status: 'SUBMITTED', task_id: expect.any(String) });
			expect(connections.attempts[0].outcome).toBe('ECONNREFUSED');
			expect(routed(late, 'submit')).toHaveLength(1);
			expect(late.trainingCount('leads-sample')).toBe(1);
		} finally {
			connections.stop();
			if (late) await late.close();
		}
	});

	test('a host name that does not resolve: the request never left, retried, then a clear error', async () => {
		const run = await runAkkio(sim, { parameters: TRAIN, credentials: { akkioApi: { apiKey: sim.apiKey, baseUrl: 'https://akkio.invalid' } } });
		expect(run.error.message).toMatch(/^Akkio could not be reached \((ENOTFOUND|EAI_AGAIN)\) after 4 attempts$/);
	});

	test('connection refused every time: 4 attempts, then a clear error', async () => {
		const port = await reservedClosedPort();
		const connections = watchConnections(port);
		try {
			const run = await runAkkio(sim, {
				parameters: TRAIN,
				credentials: { akkioApi: { apiKey: sim.apiKey, baseUrl: `http://127.0.0.1:${port}` } },
			});
			expect(run.error.message).toBe('Akkio could not be reached (ECONNREFUSED) after 4 attempts');
			expect(run.error.description).toMatch(/Base URL/);
			expect(connections.attempts.map((a) => a.outcome)).toEqual(Array(4).fill('ECONNREFUSED'));
		} finally {
			connections.stop();
		}
	});
});

describe('never retried once sent: the error says so and how to check for a new model', () => {
	const cases = [
		['a connection reset before Akkio did anything', 'reset', 0, /^Akkio could not be reached \(ECONNRESET\) while the training was being submitted; it was not retried$/],
		['a connection reset after Akkio started the training', { kind: 'reset', afterEffect: true }, 1, /\(ECONNRESET\) while the training was being submitted; it was not retried$/],
		['no answer (request timeout), training never started', 'hang', 0, /^Akkio did not answer in time while the training was being submitted; it was not retried$/],
		['no answer (request timeout), training started', { kind: 'hang', afterEffect: true }, 1, /did not answer in time .* not retried$/],
		['an answer slower than the request timeout (training started)', { kind: 'slow', ms: 1500 }, 1, /did not answer in time .* not retried$/],
		['500', 500, 0, /^Akkio answered with a server error while the training was being submitted; it was not retried$/],
		['500 after the training started', { status: 500, afterEffect: true }, 1, /server error while the training was being submitted/],
		['502', 502, 0, /server error while the training was being submitted/],
		['502 HTML page after the training started', { kind: 'html', afterEffect: true }, 1, /server error while the training was being submitted/],
		['504', { status: 504, afterEffect: true }, 1, /server error while the training was being submitted/],
		['504 HTML page', { kind: 'html', status: 504 }, 0, /server error while the training was being submitted/],
		['a truncated 200 body (training started)', 'truncated', 1, /^Akkio answered the training submit with a body that is not valid JSON; it was not retried$/],
		['a non-JSON 200 body', { kind: 'nonjson', afterEffect: true }, 1, /^Akkio answered the training submit with a body that is not valid JSON; it was not retried$/],
	];
	test.each(cases)('%s', async (_, fault, trainings, message) => {
		const datasetId = freshDataset();
		sim.faults.script({ route: 'submit' }, [fault, fault, fault]);
		const run = await runAkkio(sim, { parameters: { ...TRAIN, datasetId, waitForCompletion: true, options: TIMEOUT } });
		expect(run.status).toBe('error');
		expect(run.error.name).toBe('NodeApiError');
		expect(run.error.message).toMatch(message);
		expect(run.error.description).toMatch(CHECK_IN_AKKIO);
		expect(run.error.description).toMatch(/not sent again/);
		expect(routed(sim, 'submit')).toHaveLength(1);
		expect(routed(sim, 'status')).toHaveLength(0);
		expect(sim.trainingCount(datasetId)).toBe(trainings);
	});

	test('with Continue On Fail only the affected item fails; each dataset trains once at most', async () => {
		const ids = [freshDataset(), freshDataset(), freshDataset()];
		// The longest training is submitted first: item 1 (300 s) meets the reset.
		sim.faults.script({ route: 'submit' }, [{ kind: 'reset', afterEffect: true }]);
		const run = await runAkkio(sim, {
			items: ids.map((id, i) => ({ json: { id, duration: [60, 300, 10][i] } })),
			onError: 'continueErrorOutput',
			parameters: { ...TRAIN, datasetId: '={{ $json.id }}', duration: '={{ $json.duration }}', waitForCompletion: true },
		});
		expect(run.success.map((i) => i.pairedItem.item)).toEqual([0, 2]);
		expect(run.errors.map((i) => i.pairedItem.item)).toEqual([1]);
		expect(run.errors[0].json.error).toMatch(/not retried/);
		expect(run.errors[0].json.details).toMatch(CHECK_IN_AKKIO);
		expect(ids.map((id) => sim.trainingCount(id))).toEqual([1, 1, 1]);
		expect(routed(sim, 'submit')).toHaveLength(3);
	});
});

test('a 401 on submit is not retried and starts nothing', async () => {
	const datasetId = freshDataset();
	const run = await runAkkio(sim, { parameters: { ...TRAIN, datasetId }, credentials: akkioCredentials(sim, { apiKey: 'wrong' }) });
	expect(run.error.message).toBe('Akkio rejected the API key');
	expect(routed(sim, 'submit')).toHaveLength(1);
	expect(sim.trainingCount(datasetId)).toBe(0);
});
