'use strict';
// The three ways of waiting on Akkio trainings that the benchmark compares. Each takes a
// started simulator and a list of tasks ({ duration, field }) and resolves when every result
// has been downloaded. Times are in real milliseconds; `k` is the time scale (real ms per
// Akkio ms), so `seconds * 1000 * k` is a wait of `seconds` Akkio seconds.
const path = require('node:path');
const { runWorkflow, loadPackageNodes } = require('../test/harness/engine');

const { RequestBudget } = require(path.join(__dirname, '..', 'dist', 'nodes', 'shared', 'helpers', 'requestBudget'));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function payload(task) {
	return { dataset_id: 'leads-sample', predict_fields: [task.field], duration: task.duration };
}

/** Plain HTTP client for the hand-written pollers, optionally under a request budget. */
function client(sim, budget) {
	return async (method, urlPath, body) => {
		let slot;
		if (budget) {
			const ticket = budget.enqueue();
			for (;;) {
				const attempt = budget.tryStart(ticket, Date.now());
				if (attempt.ok) {
					slot = attempt.slot;
					break;
				}
				await sleep(attempt.retryInMs);
			}
		}
		try {
			const response = await fetch(`${sim.url}${urlPath}`, {
				method,
				headers: { 'X-API-Key': sim.apiKey, 'Content-Type': 'application/json' },
				body: body ? JSON.stringify(body) : undefined,
			});
			return await response.json();
		} finally {
			if (budget) budget.finish(slot, Date.now());
		}
	};
}

/** 1. This node, in n8n-core's engine: Train with Wait for Completion on every item. */
async function nodePoller(sim, tasks, { k, maxRequestsPerSecond = 5 }) {
	const workflow = {
		nodes: [
			{
				id: 'akkio',
				name: 'Akkio',
				type: 'n8n-nodes-akkio.akkioTrain',
				typeVersion: 1,
				position: [0, 0],
				credentials: { akkioApi: { id: 'bench', name: 'bench' } },
				parameters: {
					operation: 'train',
					datasetId: 'leads-sample',
					predictFields: '={{ $json.field }}',
					duration: '={{ $json.duration }}',
					waitForCompletion: true,
					output: 'summary',
					options: { maxRequestsPerSecond },
					timeScale: k,
				},
			},
		],
		connections: {},
	};
	const result = await runWorkflow(workflow, {
		...loadPackageNodes(),
		credentials: { akkioApi: { apiKey: sim.apiKey, baseUrl: sim.url } },
		inputItems: tasks.map((task) => ({ json: task })),
	});
	if (result.status !== 'success') throw new Error(`node run failed: ${result.error && result.error.message}`);
	return result.outputItems('Akkio').length;
}

/** Submit, check every `intervalMs` until done, download the result. */
async function submitAndPoll(request, task, intervalMs) {
	const { task_id: taskId } = await request('POST', '/api/v1/models/train/new', payload(task));
	for (;;) {
		await sleep(intervalMs);
		const status = await request('GET', `/api/v1/models/train/${taskId}/status`);
		if (status.status === 'SUCCEEDED') break;
		if (status.status === 'FAILED') throw new Error(status.metadata.error);
	}
	await request('GET', `/api/v1/models/train/${taskId}/result`);
}

/** 2. Fixed interval, all tasks concurrently, same budget: every task is checked every T seconds. */
async function fixedIntervalPoller(sim, tasks, { k, intervalSeconds, maxRequestsPerSecond = 5 }) {
	const request = client(sim, new RequestBudget(maxRequestsPerSecond, 1000 * k));
	await Promise.all(tasks.map(async (task) => await submitAndPoll(request, task, intervalSeconds * 1000 * k)));
	return tasks.length;
}

/**
 * 3. What people build by hand in n8n today: the items go through one at a time (a Loop Over
 * Items), an HTTP Request submits, a Wait node pauses 5 s, another HTTP Request checks the
 * status, an IF loops back until done, a last HTTP Request gets the result.
 */
async function handBuiltLoop(sim, tasks, { k, waitSeconds = 5 }) {
	const request = client(sim);
	for (const task of tasks) await submitAndPoll(request, task, waitSeconds * 1000 * k);
	return tasks.length;
}

/**
 * The interval at which a fixed poller spends about `requests` requests on these tasks:
 * per task one submit, one result, and one check per interval until the training ends.
 */
function intervalForRequests(tasks, requests) {
	const spent = (interval) =>
		tasks.reduce((sum, task) => sum + 2 + Math.ceil((task.duration * (1 + 1e-9)) / interval), 0);
	let low = 0.05;
	let high = 10000;
	for (let i = 0; i < 60; i++) {
		const mid = Math.sqrt(low * high);
		if (spent(mid) > requests) low = mid;
		else high = mid;
	}
	return high;
}

module.exports = { nodePoller, fixedIntervalPoller, handBuiltLoop, intervalForRequests };
