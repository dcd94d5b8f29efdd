'use strict';

// n8n 2.x in queue mode (how n8n scales past one machine): Redis, a main process (`n8n start`,
// EXECUTIONS_MODE=queue) and two `n8n worker`s, each with its own user folder and the tarball
// installed there, all sharing one database and one N8N_ENCRYPTION_KEY (docs/queue-mode.md).
//
// Manual runs stay on the main process, so every example copy starts at a Webhook (same name as
// the trigger it replaces) and is activated: the main process puts the call on the queue and a
// worker runs it. Workers log "Worker started/finished execution <id>", which says where each
// execution ran; its data comes back through the REST API and passes the same scenario checks.
// Then: a long Wait that frees the worker and resumes on one, and two many-item trainings at
// once, one per worker, paced: the most requests Akkio (the simulator) saw in any second.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { N8n, signInAsOwner, executionReader } = require('./lib/n8n');
const { start, run, waitFor, freePort } = require('./lib/proc');
const { e2eCopy, node, chain, leadRows, CREDENTIAL } = require('./lib/workflows');
const { SCENARIOS, runScenarios, runDataView } = require('./scenarios');

const WORKERS = ['worker-1', 'worker-2'];
const MANY = 16; // items (trainings) per execution in the concurrency check
const AKKIO_LIMIT = 5; // requests per second per account (Akkio's documented limit)
const WAIT_SECONDS = 65; // n8n's Wait node keeps a shorter wait in memory, on the worker
const TRAIN = 'n8n-nodes-akkio.akkioTrain';
const webhook = (name, webhookPath, responseMode = 'lastNode') =>
	node(name, 'n8n-nodes-base.webhook', { httpMethod: 'POST', path: webhookPath, responseMode, responseData: 'noData', options: {} }, 0, { webhookId: crypto.randomUUID() });

/** Debian's redis-server on a free port, no persistence, once it answers PING. */
async function startRedis(dir) {
	const port = await freePort();
	fs.mkdirSync(dir, { recursive: true });
	const p = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--databases', '1']);
	const ping = async () => (await run('redis-cli', ['-p', String(port), 'ping'], { allowFailure: true })).stdout.trim() === 'PONG';
	await waitFor(async () => p.exited || (await ping()), 'redis-server answering PING', 20 * 1000);
	if (p.exited) throw new Error(`redis-server did not start (apt-get install -y redis-server, as .ci/run does)\n${p.output()}`);
	return { port, stop: p.stop };
}

/** `Worker started|finished execution <id>` lines (JSON log format) in a worker's output. */
function workerEvents(worker, output) {
	const events = [];
	for (const line of output.split('\n').filter((l) => l.startsWith('{') && l.includes('Worker '))) {
		try {
			const entry = JSON.parse(line);
			const match = /^Worker (started|finished) execution (\S+)/.exec(entry.message || '');
			if (match) events.push({ worker, kind: match[1], executionId: match[2], workflowId: (entry.metadata || {}).workflowId });
		} catch {
			// not one of n8n's log lines
		}
	}
	return events;
}

async function runQueueMode({ target, tarball, sim, examples, args, timeScale, work, report, log, say }) {
	const check = (name, fn) => report.check(`[n8n ${target.version} queue mode] ${name}`, fn);
	const t0 = Date.now();
	const servers = [];
	let redis;
	try {
		redis = await startRedis(path.join(work, 'redis'));
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: `e2e-queue-${crypto.randomBytes(16).toString('hex')}`,
			// One database for all three (sqlite on one machine here; PostgreSQL across machines).
			DB_SQLITE_DATABASE: path.join(work, 'queue-database.sqlite'),
			N8N_LOG_FORMAT: 'json',
		};
		const [main, ...workers] = ['main', ...WORKERS].map((label) => new N8n({ label, target, workDir: work, log, extraEnv: env }));

		// The example copies start at a Webhook; then the many-item training and the long wait.
		const copies = SCENARIOS.filter((s) => !args.scenario || s.id === args.scenario).map((scenario) => {
			const id = scenario.id.replace(/^e2e/, 'queue');
			const copy = e2eCopy(examples.find((e) => e.file === scenario.example).workflow, { id, timeScale, tweak: scenario.tweak });
			if (scenario.activated) return { scenario, copy }; // activated last, as its polls fire it (trigger.js)
			const trigger = copy.nodes.filter((n) => n.type === 'n8n-nodes-base.manualTrigger');
			assert.equal(trigger.length, 1, `${copy.name}: one trigger to replace`);
			Object.assign(trigger[0], { ...webhook(trigger[0].name, id), id: trigger[0].id, position: trigger[0].position });
			return { scenario, copy };
		});
		// Akkio's limit for each, then its share when two run at once (a whole number: with 2.5 the
		// node keeps the average, and one second can hold more).
		const limits = { queueManyAtFive: AKKIO_LIMIT, queueManyAtTwo: Math.floor(AKKIO_LIMIT / 2) };
		const many = Object.entries(limits).map(([id, maxRequestsPerSecond]) =>
			chain(id, 'Many trainings at once', [
				webhook('Webhook', id),
				node('One item per dataset', 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'body.datasets', options: {} }, 220),
				// The simulator's clock runs trainings fast; the node's clock (and so its request
				// budget) stays real, so the requests per second measured are real ones.
				node('Train every dataset', TRAIN, { operation: 'train', datasetId: { __rl: true, mode: 'id', value: '={{ $json.dataset_id }}' }, predictFields: ['Positive Lead'], duration: 10, waitForCompletion: true, output: 'summary', timeScale: 1, options: { maxRequestsPerSecond } }, 440),
			]),
		);
		// The README's pattern for long trainings: a Wait long enough that n8n stores the execution
		// as waiting and frees the worker, resumed later by the main process onto a worker.
		const waitDataset = 'queue-wait-resume';
		const akkio = (name, parameters, x) => node(name, TRAIN, { ...parameters, timeScale }, x);
		const waitFlow = chain('queueWaitThenPoll', 'Submit, wait, poll', [
			webhook('Webhook', 'queueWaitThenPoll', 'onReceived'),
			akkio('Submit training', { operation: 'train', datasetId: { __rl: true, mode: 'id', value: waitDataset }, predictFields: ['Positive Lead'], duration: 10 }, 220),
			node('Wait', 'n8n-nodes-base.wait', { amount: WAIT_SECONDS, unit: 'seconds' }, 440, { webhookId: crypto.randomUUID() }),
			akkio('Get status', { operation: 'getStatus', taskId: '={{ $json.task_id }}' }, 660),
			akkio('Get result', { operation: 'getResult', taskId: '={{ $json.task_id }}', output: 'summary' }, 880),
		]);
		const workflows = [...copies.map((c) => c.copy), ...many, waitFlow];
		const dir = path.join(main.dir, 'workflows');
		fs.mkdirSync(dir);
		for (const workflow of workflows) fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow));

		const up = await check(`the tarball installs for the main process and both workers; ${workflows.length} workflows imported; n8n start and two \`n8n worker --concurrency=1\` are up`, async () => {
			await Promise.all([main, ...workers].map((n) => n.installTarball(tarball)));
			await main.cli(['import:credentials', `--input=${main.file('credentials.json', [{ ...CREDENTIAL, data: { apiKey: sim.apiKey, baseUrl: sim.url } }])}`]);
			await main.cli(['import:workflow', '--separate', `--input=${dir}`]);
			// The main process first (it runs the database's migrations), then both workers.
			servers.push({ label: 'main', server: await main.startServer() });
			const started = await Promise.all(workers.map((w) => w.startServer(['worker', '--concurrency=1'])));
			started.forEach((server, i) => servers.push({ label: WORKERS[i], server }));
			return servers[0].server.url;
		});
		const api = up && (await check('the owner signs in; every workflow but the trigger\'s is activated and its webhook answers', async () => {
			const signedIn = await signInAsOwner(up);
			const webhooks = workflows.filter((w) => !copies.some((c) => c.copy === w && c.scenario.activated));
			for (const { id } of webhooks) {
				const { versionId } = await signedIn('GET', `/rest/workflows/${id}`);
				assert.equal((await signedIn('POST', `/rest/workflows/${id}/activate`, { versionId })).active, true, `${id} is active`);
			}
			// n8n 2.x registers the webhooks a moment after it answers (each path is its workflow's id);
			// then a GET is refused with "… not registered for GET requests. Did you mean … POST …?".
			for (const { id } of webhooks) await waitFor(async () => /mean to make a POST/.test(await (await fetch(`${up}/webhook/${id}`)).text()), `the webhook ${id}`);
			return signedIn;
		}));
		if (!api) return;

		const events = () => servers.slice(1).flatMap(({ label, server }) => workerEvents(label, server.output()));
		const finished = (predicate, what, timeoutMs) => waitFor(() => events().find((e) => e.kind === 'finished' && predicate(e)), `a worker logging the end of ${what}`, timeoutMs, 100);
		const readExecution = executionReader(api, target.dir);
		/** The workers that ran an execution's jobs (started and finished on one worker each; never on main). */
		const workersOf = (executionId, jobs = 1) => {
			const mine = events().filter((e) => e.executionId === executionId);
			assert.deepEqual(mine.map((e) => e.kind), Array(jobs).fill(['started', 'finished']).flat(), `execution ${executionId}: ${jobs} job(s) on the workers`);
			for (let i = 0; i < mine.length; i += 2) assert.equal(mine[i].worker, mine[i + 1].worker, `job ${i / 2 + 1} started and finished on one worker`);
			assert.doesNotMatch(servers[0].server.output(), new RegExp(`Worker started execution ${executionId}\\b`), 'the main process did not run it');
			return mine.filter((e) => e.kind === 'started').map((e) => e.worker);
		};
		const seen = new Set();
		const ranOn = [];
		/** Calls the webhook, finds the execution in a worker's log, reads it back. */
		const throughQueue = async (workflowId, body = {}) => {
			const res = await fetch(`${up}/webhook/${workflowId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			assert.equal(res.status, 200, `POST /webhook/${workflowId}: ${res.status} ${(await res.text()).slice(0, 300)}`);
			const done = await finished((e) => e.workflowId === workflowId && !seen.has(e.executionId), `an execution of ${workflowId}`, 60 * 1000);
			seen.add(done.executionId);
			ranOn.push(...workersOf(done.executionId));
			const execution = await readExecution(done.executionId);
			assert.deepEqual([execution.status, execution.mode], ['success', 'webhook'], `execution ${done.executionId}`);
			return { ...done, execution };
		};

		await runScenarios({
			copies,
			sim,
			check,
			how: 'the webhook call runs on a worker, not on the main process',
			execute: async (copy) => (await throughQueue(copy.id)).execution.data.resultData,
		});

		// A long Wait: the execution is stored as waiting and its worker is free for the trainings below.
		sim.addDataset({ id: waitDataset, name: waitDataset, rows: leadRows(77) });
		const paused = await check(`submit-then-poll with a ${WAIT_SECONDS} s Wait: the worker ends its job and the execution waits in the database`, async () => {
			await fetch(`${up}/webhook/${waitFlow.id}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
			const first = await finished((e) => e.workflowId === waitFlow.id, 'the first job of the waiting execution');
			const execution = await readExecution(first.executionId);
			assert.equal(execution.status, 'waiting', `execution ${first.executionId} is ${execution.status}`);
			return first.executionId;
		});

		for (const workflow of many) {
			const limit = limits[workflow.id];
			const batches = ['a', 'b'].map((batch) => Array.from({ length: MANY }, (_, i) => ({ dataset_id: `${workflow.id}-${batch}-${i + 1}` })));
			batches.flat().forEach(({ dataset_id: id }, i) => sim.addDataset({ id, name: id, rows: leadRows(i) }));
			const since = sim.requests.length;
			const name = `two executions of a ${MANY}-item training at once, Max Requests per Second ${limit} each:`;
			const both = await check(`${name} both succeed, one on each worker; every item has its summary; none was trained twice`, async () => {
				const results = await Promise.all(batches.map((datasets) => throughQueue(workflow.id, { datasets })));
				assert.deepEqual(results.map((r) => r.worker).sort(), WORKERS, 'the two executions ran on different workers');
				const submits = sim.requests.slice(since).filter((r) => r.route === 'submit' && r.body.dataset_id.startsWith(workflow.id)).map((r) => r.body.dataset_id);
				assert.deepEqual(submits.sort(), batches.flat().map((d) => d.dataset_id).sort(), 'one training per dataset');
				for (const r of results) {
					const items = runDataView(r.execution.data.resultData.runData).items('Train every dataset');
					assert.equal(items.length, MANY);
					for (const item of items) assert.equal(item.status, 'SUCCEEDED', `task ${item.task_id}: ${item.status}`);
				}
			});
			// The most requests that started within any one second (the simulator's clock is real time).
			const times = sim.requests.slice(since).map((r) => r.startedAt).sort((a, b) => a - b);
			const peak = Math.max(0, ...times.map((time, i) => times.slice(i).filter((later) => later - time < 1000).length));
			// Each execution keeps its own budget, so together they may send twice the option in a
			// second. On a loaded machine a request can arrive up to a second late and land beside the
			// next second's: the bound allows two seconds of both budgets, and still fails a node that
			// does not pace (32 submits at once). The exact ceiling is the benchmark's (bench/).
			await check(`${name} Akkio saw at most ${4 * limit} requests in any second (${peak} at peak)`, () => {
				assert.ok(both, 'the executions did not run');
				assert.ok(peak <= 4 * limit, `peak ${peak} in one second`);
			});
		}

		await check(`submit-then-poll with a ${WAIT_SECONDS} s Wait: the main process resumes it on a worker; Get Status and Get Result see the one training`, async () => {
			assert.ok(paused, 'the execution did not pause');
			await waitFor(() => events().filter((e) => e.executionId === paused && e.kind === 'finished').length === 2, `the resumed job of execution ${paused}`, (WAIT_SECONDS + 120) * 1000);
			ranOn.push(...workersOf(paused, 2).slice(1));
			const execution = await readExecution(paused);
			assert.equal(execution.status, 'success');
			const { items } = runDataView(execution.data.resultData.runData);
			const [submitted, status, summary] = ['Submit training', 'Get status', 'Get result'].map((n) => items(n)[0]);
			assert.deepEqual([status.task_id, status.done, summary.status, summary.task_id], [submitted.task_id, true, 'SUCCEEDED', submitted.task_id]);
			assert.equal(sim.requests.filter((r) => r.route === 'submit' && r.body.dataset_id === waitDataset).length, 1, 'one training, none after the resume');
		});
		const activated = copies.find((c) => c.scenario.activated);
		if (activated) await require('./trigger').triggerChecks({ api, copy: activated.copy, sim, check, readExecution, onWorker: (id) => ranOn.push(...workersOf(String(id))) });
		await check(`both workers ran executions (${WORKERS.map((w) => `${w}: ${ranOn.filter((r) => r === w).length}`).join(', ')})`, () => {
			for (const w of WORKERS) assert.ok(ranOn.includes(w), `${w} ran nothing`);
		});
		await check('no process reached for anything outside 127.0.0.1', () => assert.deepEqual([main, ...workers].flatMap((n) => n.netAttempts()), []));
	} finally {
		for (const { server } of servers.reverse()) await server.stop();
		if (redis) await redis.stop();
		say(`queue mode: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	}
}

module.exports = { runQueueMode };
