'use strict';

// n8n 2.x in queue mode (the way n8n scales past one machine): Redis, one main process
// (`n8n start`, EXECUTIONS_MODE=queue) and two workers (`n8n worker`), each with its own user
// folder and the packed package installed there as the Community Nodes screen does, all three
// sharing one database and one N8N_ENCRYPTION_KEY (what queue mode needs; see docs/queue-mode.md).
//
// `n8n execute` always runs in its own process, and manual runs stay on the main process, so
// every example copy starts at a Webhook (same name as the trigger it replaces) and is
// activated: the main process takes the call and puts the execution on the queue, a worker
// runs it. Each worker logs "Worker started/finished execution <id>" (JSON lines here), which
// says where each execution ran; the execution's data comes back through the REST API and is
// checked by the same scenarios as the single-process run.
//
// Then two executions of a many-item training start at once, one per worker (each worker runs
// one job at a time here), and the simulator reports what Akkio saw: the peak number of
// requests in any one-second window, and whether every task ended with exactly one training.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const { createRequire } = require('node:module');
const path = require('node:path');

const { N8n } = require('./lib/n8n');
const { startRedis } = require('./lib/redis');
const { run } = require('./lib/proc');
const { e2eCopy } = require('./lib/workflows');
const { itemsOf, runDataView } = require('./lib/run-data');
const { generateLeadRows, LEAD_FIELDS } = require('../simulator');

const WORKERS = ['worker-1', 'worker-2'];
const MANY = 16; // items (trainings) per execution in the concurrency check
const AKKIO_LIMIT = 5; // requests per second per account (Akkio's documented limit)
const WAIT_SECONDS = 65; // n8n's Wait node keeps a shorter wait in memory, on the worker

function request(baseUrl, method, urlPath, { body, headers = {}, timeoutMs = 4 * 60 * 1000 } = {}) {
	const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
	return new Promise((resolve, reject) => {
		const req = http.request(
			`${baseUrl}${urlPath}`,
			{
				method,
				timeout: timeoutMs,
				headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
			},
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}
					resolve({ status: res.statusCode, headers: res.headers, text, json });
				});
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} timed out after ${timeoutMs} ms`)));
		req.on('error', reject);
		req.end(payload);
	});
}

/** The REST API of the main process as its owner (cookie and browser id, as the editor sends them). */
async function signInAsOwner(url) {
	const browserId = crypto.randomUUID();
	const setup = await request(url, 'POST', '/rest/owner/setup', {
		headers: { 'browser-id': browserId },
		body: { email: 'owner@example.com', firstName: 'Queue', lastName: 'Owner', password: `E2e-${crypto.randomBytes(9).toString('hex')}` },
	});
	assert.equal(setup.status, 200, `POST /rest/owner/setup: ${setup.status} ${setup.text.slice(0, 300)}`);
	const cookie = [].concat(setup.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
	assert.match(cookie, /n8n-auth=/, 'owner setup signs the owner in');
	return async (method, urlPath, body) => {
		const res = await request(url, method, urlPath, { body, headers: { cookie, 'browser-id': browserId } });
		assert.ok(res.status >= 200 && res.status < 300, `${method} ${urlPath}: ${res.status} ${res.text.slice(0, 300)}`);
		return res.json && 'data' in res.json ? res.json.data : res.json;
	};
}

/** The copy's Manual Trigger (a Schedule Trigger became one) becomes a Webhook of the same name. */
function startAtWebhook(workflow, webhookPath) {
	const triggers = workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.manualTrigger');
	assert.equal(triggers.length, 1, `${workflow.name}: one trigger to replace`);
	Object.assign(triggers[0], {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'noData', options: {} },
	});
	return workflow;
}

/** Webhook → one item per dataset → Train Model with Wait for Completion, on real time. */
function manyItemTraining({ id, credential, maxRequestsPerSecond }) {
	const node = (name, type, typeVersion, parameters, x, extra = {}) => ({ id: crypto.randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra });
	return {
		id,
		name: `Many trainings at once [e2e ${id}]`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			Webhook: { main: [[{ node: 'One item per dataset', type: 'main', index: 0 }]] },
			'One item per dataset': { main: [[{ node: 'Train every dataset', type: 'main', index: 0 }]] },
		},
		nodes: [
			node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path: id, responseMode: 'lastNode', responseData: 'noData', options: {} }, 0, { webhookId: crypto.randomUUID() }),
			node('One item per dataset', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.datasets', options: {} }, 220),
			node(
				'Train every dataset',
				'n8n-nodes-akkio.akkioTrain',
				1,
				{
					operation: 'train',
					datasetId: { __rl: true, mode: 'id', value: '={{ $json.dataset_id }}' },
					predictFields: ['Positive Lead'],
					duration: 10,
					waitForCompletion: true,
					output: 'summary',
					// The simulator's clock runs trainings fast; the node's clock (and so its request
					// budget) stays real, so the requests per second measured are real ones.
					timeScale: 1,
					options: { maxRequestsPerSecond },
				},
				440,
				{ credentials: { akkioApi: { id: credential.id, name: credential.name } } },
			),
		],
	};
}

/**
 * Webhook (answers at once) → Train Model without waiting → n8n's Wait node, long enough (65 s
 * and more) that n8n stores the execution as waiting and frees the worker → Get Status → Get
 * Result: the README's pattern for long trainings, resumed by the main process onto a worker.
 */
function submitWaitThenPoll({ id, credential, timeScale, datasetId, waitSeconds }) {
	const akkio = { credentials: { akkioApi: { id: credential.id, name: credential.name } } };
	const node = (name, type, typeVersion, parameters, x, extra = {}) => ({ id: crypto.randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra });
	const names = ['Webhook', 'Submit training', 'Wait', 'Get status', 'Get result'];
	return {
		id,
		name: `Submit, wait, poll [e2e ${id}]`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: Object.fromEntries(names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }])),
		nodes: [
			node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path: id, responseMode: 'onReceived', options: {} }, 0, { webhookId: crypto.randomUUID() }),
			node('Submit training', 'n8n-nodes-akkio.akkioTrain', 1, { operation: 'train', datasetId: { __rl: true, mode: 'id', value: datasetId }, predictFields: ['Positive Lead'], duration: 10, timeScale }, 220, akkio),
			node('Wait', 'n8n-nodes-base.wait', 1.1, { amount: waitSeconds, unit: 'seconds' }, 440, { webhookId: crypto.randomUUID() }),
			node('Get status', 'n8n-nodes-akkio.akkioTrain', 1, { operation: 'getStatus', taskId: '={{ $json.task_id }}', timeScale }, 660, akkio),
			node('Get result', 'n8n-nodes-akkio.akkioTrain', 1, { operation: 'getResult', taskId: '={{ $json.task_id }}', output: 'summary', timeScale }, 880, akkio),
		],
	};
}

/** JSON log lines of `Worker started|finished execution` in a worker's output. */
function workerEvents(output) {
	const events = [];
	for (const line of output.split('\n')) {
		if (!line.startsWith('{') || !line.includes('Worker ')) continue;
		try {
			const entry = JSON.parse(line);
			const match = /^Worker (started|finished) execution (\S+) \(job (\S+)\)/.exec(entry.message || '');
			const metadata = entry.metadata || {};
			if (match) events.push({ kind: match[1], executionId: match[2], jobId: match[3], workflowId: metadata.workflowId, at: Date.parse(metadata.timestamp) });
		} catch {
			// not a log line of n8n's
		}
	}
	return events;
}

async function runQueueMode({ target, tarball, sim, examples, scenarios, credential, timeScale, work, report, log, say }) {
	const prefix = `[n8n ${target.version} queue mode]`;
	const check = (name, fn) => report.check(`${prefix} ${name}`, fn);
	const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
	const t0 = Date.now();
	const processes = [];
	let redis;
	try {
		redis = await startRedis({ dir: path.join(work, 'redis'), log });
		say(`queue mode: redis-server ${redis.version} on 127.0.0.1:${redis.port}`);
		const shared = path.join(work, 'queue-shared');
		fs.mkdirSync(shared);
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: `e2e-queue-${crypto.randomBytes(16).toString('hex')}`,
			// One database for all three (sqlite on one machine here; PostgreSQL across machines).
			DB_SQLITE_DATABASE: path.join(shared, 'database.sqlite'),
			N8N_LOG_FORMAT: 'json',
		};
		const node = path.join(target.binDir, 'node');
		if ((await run(node, ['-e', "require('isolated-vm')"], { cwd: target.dir, allowFailure: true, log })).code !== 0) env.N8N_EXPRESSION_ENGINE = 'legacy';
		const [main, ...workers] = ['main', ...WORKERS].map(
			(label) => new N8n({ label, version: target.version, installDir: target.dir, binDir: target.binDir, workDir: work, log, extraEnv: env }),
		);
		const all = [main, ...workers];

		const installed = await check('the tarball installs into the user folder of the main process and of each worker', async () => {
			await Promise.all(all.map((n) => n.installCommunityPackage(tarball)));
			return true;
		});
		if (!installed) return;

		// Copies of the examples (and the many-item training), imported into the shared database.
		const dir = path.join(main.dir, 'workflows');
		fs.mkdirSync(dir);
		const copies = new Map();
		for (const scenario of scenarios) {
			const id = scenario.id.replace(/^e2e/, 'queue');
			const example = examples.find((e) => e.file === scenario.example);
			const copy = startAtWebhook(e2eCopy(example.workflow, { id, timeScale, credential, waitSeconds: 1, tweak: scenario.tweak }), id);
			copies.set(id, { scenario, copy });
		}
		// Akkio's limit for each, then its share when two run at once (a whole number: with a
		// fraction such as 2.5 the node keeps the average, and one second can hold more).
		const limits = { queueManyAtFive: AKKIO_LIMIT, queueManyAtTwo: Math.floor(AKKIO_LIMIT / 2) };
		const many = Object.entries(limits).map(([id, maxRequestsPerSecond]) => manyItemTraining({ id, credential, maxRequestsPerSecond }));
		const waitDataset = 'queue-wait-resume';
		const waitFlow = submitWaitThenPoll({ id: 'queueWaitThenPoll', credential, timeScale, datasetId: waitDataset, waitSeconds: WAIT_SECONDS });
		const extras = [...many, waitFlow];
		for (const workflow of [...[...copies.values()].map((c) => c.copy), ...extras]) {
			fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
		}
		const imported = await check(`the credential and ${copies.size + extras.length} workflows are imported into the shared database`, async () => {
			await main.importCredentials([{ ...credential, data: { apiKey: sim.apiKey, baseUrl: sim.url } }]);
			await main.importWorkflows(dir);
			return true;
		});
		if (!imported) return;

		// A free port can be taken by another program between choosing it and n8n binding it:
		// start again on fresh ports then.
		const startServer = async (instance, options, tries = 3) => {
			for (let attempt = 1; ; attempt++) {
				try {
					return await instance.startServer(options);
				} catch (error) {
					if (attempt >= tries || !/already in use|EADDRINUSE/.test(error.message)) throw error;
					say(`queue mode: ${instance.label}: a port was taken before n8n bound it; starting again`);
				}
			}
		};
		// The main process first (it owns the database's migrations), then both workers at once.
		const started = await check(`n8n start (EXECUTIONS_MODE=queue) and two \`n8n worker --concurrency=1\` are up`, async () => {
			const mainServer = await startServer(main);
			processes.push({ label: 'main', server: mainServer });
			const workerServers = await Promise.all(workers.map((w) => startServer(w, { args: ['worker', '--concurrency=1'] })));
			workerServers.forEach((server, i) => processes.push({ label: WORKERS[i], server }));
			return mainServer;
		});
		if (!started) return;
		say(`queue mode: main on ${started.url}, workers up after ${seconds(Date.now() - t0)}`);

		const rest = await check('the owner signs in and every copy is activated', async () => {
			const api = await signInAsOwner(started.url);
			for (const id of [...copies.keys(), ...extras.map((w) => w.id)]) {
				const { versionId } = await api('GET', `/rest/workflows/${id}`);
				const activated = await api('POST', `/rest/workflows/${id}/activate`, { versionId });
				assert.equal(activated.active, true, `${id} is active`);
			}
			return api;
		});
		if (!rest) return;

		const flatted = createRequire(path.join(target.dir, 'node_modules', 'n8n', 'package.json'))('flatted');
		/** Every `Worker started|finished execution` line so far: [{ worker, kind, executionId, workflowId }]. */
		const events = () =>
			processes
				.filter((p) => p.label !== 'main')
				.flatMap(({ label, server }) => workerEvents(server.output()).map((e) => ({ worker: label, ...e })))
				.sort((a, b) => a.at - b.at);
		async function waitForEvent(predicate, what, timeoutMs = 20 * 1000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const found = events().find(predicate);
				if (found) return found;
				if (Date.now() > deadline) throw new Error(`no worker logged ${what} within ${timeoutMs / 1000} s`);
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		}
		async function readExecution(executionId) {
			const execution = await rest('GET', `/rest/executions/${executionId}`);
			return { ...execution, data: typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data };
		}

		/** Calls the webhook, then finds the execution in a worker's log and reads it back. */
		async function runThroughQueue(workflowId, body = {}, known = new Set()) {
			const res = await request(started.url, 'POST', `/webhook/${workflowId}`, { body });
			assert.equal(res.status, 200, `POST /webhook/${workflowId}: ${res.status} ${res.text.slice(0, 300)}`);
			const done = await waitForEvent((e) => e.kind === 'finished' && e.workflowId === workflowId && !known.has(e.executionId), `the end of an execution of ${workflowId}`);
			known.add(done.executionId);
			return { worker: done.worker, executionId: done.executionId, execution: await readExecution(done.executionId) };
		}

		/**
		 * Where an execution ran: the workers that logged its start and end, job by job, and never
		 * the main process. Resolves to the worker of each job.
		 */
		function workersOf(executionId, jobs = 1) {
			const mine = events().filter((e) => e.executionId === executionId);
			assert.deepEqual(mine.map((e) => e.kind), Array.from({ length: jobs }, () => ['started', 'finished']).flat(), `execution ${executionId}: started and finished ${jobs} time(s) on the workers`);
			for (let i = 0; i < mine.length; i += 2) assert.equal(mine[i].worker, mine[i + 1].worker, `job ${i / 2 + 1} started and finished on one worker`);
			const mainOutput = processes.find((p) => p.label === 'main').server.output();
			assert.ok(!new RegExp(`Worker started execution ${executionId}\\b`).test(mainOutput), 'the main process did not run it');
			return mine.filter((e) => e.kind === 'started').map((e) => e.worker);
		}

		const ranOn = [];
		for (const [id, { scenario, copy }] of copies) {
			const label = `${scenario.example.replace(/\.json$/, '')}${scenario.label ? ` (${scenario.label})` : ''}:`;
			const t = { check: (name, fn) => check(`${label} ${name}`, fn) };
			if (scenario.setup) scenario.setup(sim);
			sim.clearLog();
			const t1 = Date.now();
			const done = await t.check(`the webhook call runs on a worker, not on the main process`, async () => {
				const result = await runThroughQueue(id);
				workersOf(result.executionId);
				const { execution } = result;
				const { resultData } = execution.data;
				if (resultData.error) throw new Error(`execution error: ${resultData.error.message}\n${resultData.error.description || ''}`);
				assert.equal(execution.status, 'success');
				assert.equal(execution.mode, 'webhook');
				ranOn.push(result.worker);
				say(`queue mode: ${id} ran on ${result.worker} as execution ${result.executionId} (${seconds(Date.now() - t1)})`);
				return result;
			});
			if (!done) continue;
			const requests = sim.requests.slice();
			await t.check('every request reached the simulator with the API key the worker decrypted', () => {
				assert.ok(requests.length > 0, 'no request reached the simulator');
				assert.deepEqual(requests.filter((r) => r.status === 401).map((r) => `${r.method} ${r.path}`), [], 'requests answered 401');
			});
			const { runData } = done.execution.data.resultData;
			await scenario.check({
				t,
				workflow: copy,
				sim,
				run: done.execution,
				requests,
				...runDataView(runData),
			});
		}

		// A long Wait: the execution is stored as waiting and its worker is free again. The
		// many-item trainings below need both workers while it waits.
		sim.addDataset({ id: waitDataset, name: waitDataset, rows: generateLeadRows({ count: 100, seed: 77 }), fields: LEAD_FIELDS });
		const paused = await check(`submit-then-poll with a ${WAIT_SECONDS} s Wait: the worker ends its job and the execution waits in the database`, async () => {
			const res = await request(started.url, 'POST', `/webhook/${waitFlow.id}`, { body: {} });
			assert.equal(res.status, 200, `POST /webhook/${waitFlow.id}: ${res.status} ${res.text.slice(0, 300)}`);
			const first = await waitForEvent((e) => e.kind === 'finished' && e.workflowId === waitFlow.id, `the first job of ${waitFlow.id}`);
			const execution = await readExecution(first.executionId);
			assert.equal(execution.status, 'waiting', `execution ${first.executionId} is ${execution.status}`);
			assert.ok(Date.parse(execution.waitTill) > Date.now(), `waits until ${execution.waitTill}`);
			say(`queue mode: ${waitFlow.id} (execution ${first.executionId}) paused on ${first.worker} until ${execution.waitTill}`);
			return { executionId: first.executionId, since: Date.now() };
		});

		// Two executions of a many-item training at once: one on each worker.
		for (const workflow of many) {
			const limit = limits[workflow.id];
			const batches = ['a', 'b'].map((batch) =>
				Array.from({ length: MANY }, (_, i) => ({ dataset_id: `${workflow.id}-${batch}-${String(i + 1).padStart(2, '0')}` })),
			);
			batches.flat().forEach(({ dataset_id: id }, i) => sim.addDataset({ id, name: id, rows: generateLeadRows({ count: 100, seed: 1000 + i }), fields: LEAD_FIELDS }));
			sim.clearLog();
			const name = `two executions of a ${MANY}-item training at once, Max Requests per Second ${limit} each:`;
			const t2 = Date.now();
			const known = new Set();
			const results = await check(`${name} both succeed, one on each worker`, async () => {
				const both = await Promise.all(batches.map((datasets) => runThroughQueue(workflow.id, { datasets }, known)));
				for (const r of both) {
					workersOf(r.executionId);
					assert.equal(r.execution.status, 'success', `execution ${r.executionId}: ${r.execution.status}`);
				}
				assert.deepEqual(both.map((r) => r.worker).sort(), [...WORKERS].sort(), 'the two executions ran on different workers');
				ranOn.push(...both.map((r) => r.worker));
				return both;
			});
			const requests = sim.requests.slice();
			const peak = sim.peakRequestsPerWindow(1000);
			const wall = seconds(Date.now() - t2);
			await check(`${name} every item has its summary, every task ended, none was trained twice`, () => {
				assert.ok(results, 'the executions did not run');
				const summaries = results.map((r) => itemsOf(r.execution.data.resultData.runData, 'Train every dataset'));
				for (const item of summaries.flat()) assert.equal(item.status, 'SUCCEEDED', `task ${item.task_id}: ${item.status}`);
				// Each execution outputs one summary per item of its own batch, in input order.
				const datasetOf = (item) => (sim.task(item.task_id) || {}).datasetId;
				assert.deepEqual(
					summaries.map((items) => items.map(datasetOf)).sort(),
					batches.map((b) => b.map((d) => d.dataset_id)).sort(),
				);
				const submits = requests.filter((r) => r.route === 'submit');
				assert.equal(submits.length, 2 * MANY, 'one submit per item');
				for (const { dataset_id: id } of batches.flat()) assert.equal(sim.trainingCount(id), 1, `${id} trained once`);
				const tasks = sim.trainings.filter((tr) => tr.datasetId.startsWith(workflow.id));
				assert.equal(tasks.length, 2 * MANY);
				const unfinished = tasks.filter((tr) => sim.taskDoneAt(tr.taskId) === null);
				assert.deepEqual(unfinished.map((tr) => tr.datasetId), [], 'tasks that never ended');
			});
			await check(`${name} their requests to Akkio overlapped in time`, () => {
				// A request belongs to the batch of its dataset (submit) or of its task (status, result).
				const batchOfDataset = (id) => String(id).slice(workflow.id.length + 1, workflow.id.length + 2);
				const batchOf = (entry) => {
					if (entry.route === 'submit') return batchOfDataset(entry.body && entry.body.dataset_id);
					const task = sim.trainings.find((tr) => entry.path.includes(`/${encodeURIComponent(tr.taskId)}/`));
					return task ? batchOfDataset(task.datasetId) : '?';
				};
				const spans = ['a', 'b'].map((batch) => {
					const times = requests.filter((entry) => batchOf(entry) === batch).map((entry) => entry.startedAt);
					return [Math.min(...times), Math.max(...times)];
				});
				const overlap = Math.min(spans[0][1], spans[1][1]) - Math.max(spans[0][0], spans[1][0]);
				assert.ok(overlap > 1000, `the two executions overlapped for ${Math.round(overlap)} ms`);
			});
			await check(`${name} Akkio saw at most ${2 * limit} requests in any second (${peak} at peak, ${requests.length} requests in ${wall})`, () => {
				// Each execution keeps its own budget: together they may reach twice the option.
				assert.ok(peak <= 2 * limit, `peak ${peak} in one second`);
				if (2 * limit <= AKKIO_LIMIT) assert.ok(peak <= AKKIO_LIMIT, `peak ${peak} within Akkio's ${AKKIO_LIMIT} per second`);
			});
			say(`queue mode: ${workflow.id}: peak ${peak} requests in one second (Max Requests per Second ${limit} per execution, 2 executions), ${requests.length} requests, ${wall}`);
		}

		await check(`submit-then-poll with a ${WAIT_SECONDS} s Wait: the main process resumes it on a worker; Get Status and Get Result see the one training`, async () => {
			assert.ok(paused, 'the execution did not pause');
			const { executionId } = paused;
			await waitForEvent((e) => e.kind === 'finished' && e.executionId === executionId && events().filter((x) => x.executionId === executionId && x.kind === 'finished').length >= 2, `the resumed job of execution ${executionId}`, (WAIT_SECONDS + 60) * 1000);
			const jobs = workersOf(executionId, 2);
			const execution = await readExecution(executionId);
			assert.equal(execution.status, 'success', `execution ${executionId}: ${execution.status}`);
			const { runData } = execution.data.resultData;
			const [submitted] = itemsOf(runData, 'Submit training');
			const [status] = itemsOf(runData, 'Get status');
			const [summary] = itemsOf(runData, 'Get result');
			assert.equal(status.task_id, submitted.task_id);
			assert.equal(status.done, true, `status ${status.status} after the wait`);
			assert.equal(summary.status, 'SUCCEEDED');
			assert.equal(summary.task_id, submitted.task_id);
			assert.equal(sim.trainingCount(waitDataset), 1, 'one training');
			ranOn.push(...jobs);
			say(`queue mode: ${waitFlow.id}: job 1 on ${jobs[0]}, resumed as job 2 on ${jobs[1]}, ${seconds(Date.now() - paused.since)} after the pause`);
		});
		await check(`both workers ran executions (${WORKERS.map((w) => `${w}: ${ranOn.filter((r) => r === w).length}`).join(', ')})`, () => {
			for (const w of WORKERS) assert.ok(ranOn.includes(w), `${w} ran nothing`);
		});
		await check('no process reached for anything outside 127.0.0.1', () => {
			const attempts = all.flatMap((n) => n.netAttempts().map((a) => `${n.label}: ${a.host}:${a.port} during \`n8n ${a.command}\``));
			assert.deepEqual(attempts, [], 'connections the network guard refused');
		});
	} finally {
		for (const p of processes.reverse()) await p.server.stop();
		if (redis) await redis.stop();
		say(`queue mode: ${seconds(Date.now() - t0)} in all`);
	}
}

module.exports = { runQueueMode };
