'use strict';

// The package in n8n's editor, in Debian's headless Chromium driven by playwright-core, as a
// person uses it: find the nodes in the node panel, create the credential, pick a dataset and
// its fields, execute steps, stop a running wait, offer Akkio Train to the AI Agent. Every
// assertion is on what the page shows. One screenshot per step in <work>/browser/. Part of
// run.js for n8n 2.x, on the instance it has set up (`node test/e2e/run.js --n8n=2 --queue=no`).

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ed = require('./lib/editor');
const { leadRows } = require('./lib/workflows');
const { OWNER } = require('./lib/n8n');

// Two datasets of the same name (Akkio allows it): the pickers must tell them apart.
const TWINS = [
	{ id: 'e2e-twin-east', name: 'E2E Leads', seed: 7 },
	{ id: 'e2e-twin-west', name: 'E2E Leads', seed: 8 },
];
const TARGET = 'Positive Lead';
const entryOf = (item) => `${item.name} (${item.id})`;

/** Akkio's legacy API, as the simulator answers it: `GET /v1/<what>?api_key=…&…`. */
async function legacy(sim, what, query = {}) {
	const res = await fetch(`${sim.url}/v1/${what}?${new URLSearchParams({ api_key: sim.apiKey, ...query })}`);
	return await res.json();
}

/** What the package's codex promises a search finds: each node by its name and each alias. */
function searchExpectations(packageDir) {
	const byQuery = new Map([['Akkio', ['Akkio', 'Akkio Train']], ['Akkio Train', ['Akkio Train']]]);
	for (const [dir, name] of [['Akkio', 'Akkio'], ['AkkioTrain', 'Akkio Train']]) {
		const codex = JSON.parse(fs.readFileSync(path.join(packageDir, 'dist', 'nodes', dir, `${dir}.node.json`), 'utf8'));
		for (const alias of codex.alias || []) byQuery.set(alias, [...(byQuery.get(alias) || []), name]);
	}
	return [...byQuery.entries()];
}

/** The editor checks against `n8n` (the package installed) and the running simulator. */
async function browserChecks({ n8n, sim, check, work, say }) {
	const shots = path.join(work, 'browser');
	fs.mkdirSync(shots, { recursive: true });
	for (const twin of TWINS) sim.addDataset({ id: twin.id, name: twin.name, rows: leadRows(twin.seed) });
	let server;
	let browser;
	try {
		server = await n8n.startServer();
		browser = await ed.launchBrowser({ profileDir: path.join(work, 'browser-profile'), baseUrl: server.url });
		const { page } = browser;
		let shot = 0;
		const shoot = async (name) => await page.screenshot({ path: path.join(shots, `${String(++shot).padStart(2, '0')}-${name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 70)}.png`) }).catch(() => undefined);
		/**
		 * One named check with its screenshot (where it calls snap(), else at its end; a failed
		 * step's shows the page at the failure). A step whose groundwork (`needs`) failed is skipped.
		 * Steps observe, tidy up, then assert, so that a wrong text leaves the page as the next expects.
		 */
		const step = async (name, needs, fn) => {
			if (!needs.every(Boolean)) return void console.log(`  skip  editor: ${name} (a step it builds on failed)`);
			let snapped = false;
			const passed = await check(`editor: ${name}`, async () => (await fn(async () => (snapped = true) && (await shoot(name)))) ?? true);
			if (!passed || !snapped) await shoot(passed ? name : `FAILED-${name}`);
			// A credential modal left open by a failure would cover the page for the steps after.
			if (!passed && (await ed.credentialModal(page).isVisible())) await ed.closeCredential(page).catch(() => undefined);
			return passed;
		};

		const signedIn = await step('the owner is set up through POST /rest/owner/setup; the editor opens signed in', [], async () => {
			const res = await page.request.post('/rest/owner/setup', { data: OWNER });
			assert.equal(res.status(), 200, (await res.text()).slice(0, 300));
			await ed.newWorkflow(page);
		});

		// ---------------------------------------------------------------- finding the nodes
		const expectations = searchExpectations(path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-akkio'));
		const searchAll = async () => {
			const missing = [];
			for (const [query, wanted] of expectations) {
				const found = await ed.searchNodePanel(page, query, wanted);
				missing.push(...wanted.filter((name) => !found.includes(name)).map((name) => `"${query}" does not list ${name} (it lists: ${found.slice(0, 6).join(', ')})`));
			}
			return missing;
		};
		await step(`the trigger panel of an empty canvas finds the nodes by ${expectations.map(([q]) => `"${q}"`).join(', ')}`, [signedIn], async () => {
			await ed.openTriggerPanel(page);
			assert.deepEqual(await searchAll(), []);
		});
		const plusSearch = await step('after a Manual Trigger, the "+" panel finds them by the same words', [signedIn], async () => {
			await page.keyboard.press('Escape');
			await ed.addManualTrigger(page);
			await ed.openPlusPanel(page);
			assert.deepEqual(await searchAll(), []);
		});
		const trainNode = await step('Akkio Train → "Train a model" opens the node', [plusSearch], async () => {
			await ed.addNodeAction(page, 'Akkio Train', 'Train a model');
			await ed.parameter(page, 'operation').waitFor();
		});

		// ---------------------------------------------------------------- credential and errors
		const credential = await step('a new Akkio credential with a wrong key: its test shows the credential\'s own message', [trainNode], async (snap) => {
			await ed.openNewCredential(page);
			await ed.fillCredential(page, { apiKey: 'not-the-key-e2e', baseUrl: sim.url });
			const outcome = await ed.saveCredential(page);
			const modal = ed.credentialModal(page);
			await modal.getByText('More details').click();
			const shown = await modal.getByText('Akkio rejected the API key. Copy it again from Team Settings → API Keys.').waitFor().then(() => true, () => false);
			await snap();
			await ed.closeCredential(page);
			assert.deepEqual([outcome, shown], ['failed', true], 'the test failed with the credential test rule\'s message');
		});
		// The picker's legacy route refuses a key with Akkio's documented 404.
		await step('with that key the Dataset picker says why, once: "404 - Akkio rejected the API key", then Akkio\'s words as a sentence', [credential], async (snap) => {
			await ed.parameter(page, 'datasetId').getByTestId('rlc-input').click();
			const error = page.getByTestId('rlc-error-container');
			await error.waitFor();
			await page.waitForTimeout(300);
			const text = (await error.innerText()).replace(/\s+/g, ' ');
			await snap();
			await ed.dismiss(page);
			await error.waitFor({ state: 'hidden' });
			assert.match(text, /404 - Akkio rejected the API key/);
			assert.doesNotMatch(text, /\(40[14]\)|rejected the API key \d/, 'the status code is not repeated');
			assert.match(text, /Akkio said: [^.]+\. Check the API Key/, 'the description reads as sentences');
		});
		const ready = await step('with the right key, saving tests it: "Connection tested successfully"', [credential], async (snap) => {
			await ed.ndv(page).getByTestId('credential-edit-button').click();
			// Opening it tests the stored (wrong) key again: let that finish first.
			await ed.credentialModal(page).getByText('Couldn’t connect with these settings').waitFor();
			await ed.fillCredential(page, { apiKey: sim.apiKey });
			assert.equal(await ed.saveCredential(page), 'passed');
			await snap();
			await ed.closeCredential(page);
		});

		// ---------------------------------------------------------------- Train Model and its pickers
		await step('Predict Fields before a dataset is chosen: an empty list and the hint, no "Error fetching options"', [trainNode], async (snap) => {
			const field = ed.ndv(page).getByTestId('parameter-item').filter({ has: page.getByTestId('parameter-input-predictFields') });
			await ed.openSelect(page, 'predictFields');
			const empty = await page.getByText('No data').filter({ visible: true }).first().waitFor({ timeout: 10 * 1000 }).then(() => true, () => false);
			await page.waitForTimeout(500);
			// The editor puts "Error fetching options from <node>" in the input's placeholder.
			const shown = `${await field.innerText()} ${await ed.parameter(page, 'predictFields').locator('input').first().getAttribute('placeholder')}`;
			await snap();
			await ed.dismiss(page);
			assert.doesNotMatch(shown, /Error fetching options/);
			assert.ok(empty, 'the list says "No data"');
			assert.match(shown, /listed once a dataset is chosen above/i);
		});
		const { datasets } = await legacy(sim, 'datasets');
		await step(`the Dataset picker lists the simulator's ${datasets.length} datasets; typing filters; same-named ones show their IDs`, [ready], async (snap) => {
			await ed.openResourceList(page, 'datasetId');
			const all = await ed.resourceListEntries(page, '', datasets.length);
			const twins = await ed.resourceListEntries(page, 'E2E', 2);
			await snap();
			await ed.dismiss(page);
			await ed.pickResourceById(page, 'datasetId', TWINS[0].id); // the steps below need it
			assert.equal(all.length, datasets.length, `entries: ${all.join(' | ')}`);
			for (const d of datasets) assert.ok(all.some((entry) => entry.startsWith(d.name)), `${d.name} is listed`);
			assert.deepEqual(twins, TWINS.map(entryOf), 'the filter keeps the two "E2E Leads", each with its ID');
		});
		await step('the chosen dataset\'s link opens its page in Akkio', [ready], async () => {
			const link = ed.parameter(page, 'datasetId').getByTestId('rlc-open-resource-link');
			const [popup] = await Promise.all([browser.context.waitForEvent('page'), link.click()]);
			await popup.close();
			assert.ok(browser.blocked.includes(`https://app.akkio.com/datasets/${TWINS[0].id}`), `opened (kept offline): ${browser.blocked.join(', ')}`);
		});
		await step('Predict Fields lists the dataset\'s columns, each with its type once', [ready], async (snap) => {
			const { fields } = await legacy(sim, 'datasets', { id: TWINS[0].id });
			await ed.openSelect(page, 'predictFields');
			const listed = ed.options(page).filter({ visible: true });
			await listed.filter({ hasText: TARGET }).first().waitFor();
			const texts = (await listed.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
			await snap();
			await listed.filter({ hasText: new RegExp(`^${TARGET}`) }).click();
			await ed.dismiss(page);
			assert.deepEqual(texts, fields.map((f) => `${f.name} Type: ${f.type}`));
		});
		await step('Options → Timeout (Minutes) shows its default in the field: 60', [trainNode], async () => {
			await ed.chooseOption(page, 'duration', 'Fastest');
			await ed.parameter(page, 'waitForCompletion').click();
			await ed.ndv(page).getByTestId('collection-parameter-add').click();
			await ed.options(page).filter({ hasText: /^Timeout \(Minutes\)$/ }).click();
			assert.equal(await ed.parameter(page, 'timeoutMinutes').locator('input').inputValue(), '60');
		});
		const trained = await step('"Execute step" with Wait for Completion shows the Summary item in the output panel', [ready], async () => {
			await ed.executeStep(page);
			const { count, text } = await ed.outputTable(page);
			assert.equal(count, 1, text);
			for (const shown of ['SUCCEEDED', 'task_id', 'model_id', 'accuracy']) assert.match(text, new RegExp(shown));
		});

		// ---------------------------------------------------------------- Stop
		// A Production training (30 minutes): the node's first status check is minutes away, so a
		// wait that ends before that was ended by Stop. The bound below is only how long to wait.
		await step('Stop ends a running Wait for Completion; the task ID stays in the browser console and n8n\'s log', [ready], async () => {
			await ed.chooseOption(page, 'duration', 'Production');
			const consoleBefore = browser.consoleLines.length;
			const lines = () => browser.consoleLines.slice(consoleBefore).join('\n');
			await ed.ndv(page).getByTestId('node-execute-button').click();
			const stop = ed.ndv(page).getByTestId('ndv-stop-execution-button');
			await stop.waitFor();
			let submitted;
			await ed.waitUntil(page, () => (submitted = /submitted .*task ID ([^\s.,;)]+)/.exec(lines())), 'the submit in the browser console');
			const taskId = submitted[1];
			await page.waitForTimeout(1000); // now waiting: the first status check is minutes away
			await stop.click();
			await stop.waitFor({ state: 'hidden', timeout: 60 * 1000 });
			await ed.waitUntil(page, () => lines().includes('stopped; Akkio goes on training task'), 'the stop in the browser console').catch(() => undefined);
			assert.match(lines(), new RegExp(`stopped; Akkio goes on training task.*${taskId}`), 'the console names the task left training');
			assert.match(server.output(), new RegExp(`task ID ${taskId}`), "n8n's log names the task");
			const status = await fetch(`${sim.url}/api/v1/models/train/${taskId}/status`, { headers: { 'x-api-key': sim.apiKey } });
			assert.equal(status.status, 200, 'Akkio knows the task');
		});
		await step('closing the node shows "Train Model" under Akkio Train on the canvas', [trainNode], async () => {
			await ed.closeNdv(page);
			assert.match(await ed.canvasNodeText(page, 'Akkio Train'), /Train Model/);
		});

		// ---------------------------------------------------------------- the Akkio node
		const rows = leadRows(99, 3);
		const rowsAdded = await step('Akkio → "Add rows to a dataset": Execute step adds the trigger\'s 3 items as rows', [ready], async () => {
			await ed.newWorkflowWithItems(page, rows);
			await ed.addNodeAction(page, 'Akkio', 'Add rows to a dataset');
			const before = (await legacy(sim, 'datasets', { id: TWINS[0].id })).rows;
			await ed.pickResourceById(page, 'datasetId', TWINS[0].id);
			await ed.executeStep(page);
			const { count, text } = await ed.outputTable(page);
			assert.equal(count, 1, text);
			assert.match(text, new RegExp(`${TWINS[0].id}\\s+3\\s+1`), 'dataset_id, rows_sent 3, batches 1');
			assert.equal((await legacy(sim, 'datasets', { id: TWINS[0].id })).rows, before + 3, 'Akkio got the rows');
		});
		await step('its Docs link is Akkio\'s datasets API page; on the canvas it reads "Add Rows: Dataset"', [rowsAdded], async () => {
			const href = await ed.ndv(page).getByRole('link', { name: /Docs/ }).getAttribute('href');
			await ed.closeNdv(page);
			assert.match(href, /^https:\/\/docs\.akkio\.com\/akkio-docs\/endpoints-and-schemas\/endpoints\/datasets/);
			assert.match(await ed.canvasNodeText(page, 'Add rows to a dataset'), /Add Rows: Dataset/);
		});
		await step('Akkio → "Predict with a model": the picker tells same-named models apart; Execute step scores 3 items', [ready, trained], async (snap) => {
			// Both trainings above (the stopped one ran on in Akkio) made an "E2E Leads" model.
			let mine;
			await ed.waitUntil(page, async () => (mine = (await legacy(sim, 'models')).models.filter((m) => m.name.startsWith('E2E Leads'))).length >= 2, 'two E2E Leads models');
			await ed.newWorkflowWithItems(page, rows.map(({ [TARGET]: _, ...row }) => row));
			await ed.addNodeAction(page, 'Akkio', 'Predict with a model');
			await ed.openResourceList(page, 'modelId');
			const listed = await ed.resourceListEntries(page, 'E2E', mine.length);
			await snap();
			await page.getByTestId('rlc-item').first().click();
			await ed.executeStep(page);
			const { count, text } = await ed.outputTable(page);
			await ed.closeNdv(page);
			assert.equal(new Set(listed).size, listed.length, `entries differ: ${listed.join(' | ')}`);
			for (const m of mine) assert.ok(listed.includes(entryOf(m)), `${m.id} is shown`);
			assert.equal(count, 3, text);
			assert.match(text, /prediction/);
			assert.match(await ed.canvasNodeText(page, 'Predict with a model'), /Predict: Model/);
		});

		// ---------------------------------------------------------------- the Akkio Trigger
		// n8n files a "<Name> Trigger" under its app: "Akkio" lists the trigger's events.
		const events = ['On dataset rows grew', 'On new dataset', 'On new model'];
		await step(`the trigger panel: "Akkio" lists ${events.join(', ')}; Fetch Test Event on leads-sample shows its row count as an item`, [ready], async () => {
			await ed.newWorkflow(page);
			await ed.openTriggerPanel(page);
			await ed.searchNodePanel(page, 'Akkio', ['Akkio']);
			await ed.clickPanelItem(page, 'Akkio');
			const names = page.getByTestId('node-creator-item-name');
			await names.filter({ hasText: events[2] }).waitFor();
			const listed = await names.allInnerTexts();
			await ed.clickPanelItem(page, events[0]);
			await ed.pickResourceById(page, 'datasetId', 'leads-sample');
			const button = await ed.ndv(page).getByTestId('node-execute-button').innerText();
			await ed.executeStep(page);
			const { count, text } = await ed.outputTable(page);
			const { name, rows } = await legacy(sim, 'datasets', { id: 'leads-sample' });
			await ed.closeNdv(page);
			assert.deepEqual(events.filter((e) => !listed.includes(e)), [], `listed: ${listed.join(', ')}`);
			assert.equal(button.trim(), 'Fetch Test Event');
			assert.equal(count, 1, text);
			assert.match(text, new RegExp(`dataset_id\\s+name\\s+rows_before\\s+rows_now[\\s\\S]*leads-sample\\s+${name}\\s+${rows}\\s+${rows}\\s`), 'the dataset, its name, its rows before and now');
		});

		// ---------------------------------------------------------------- AI Agent
		await step('the AI Agent\'s Tool "+" offers "Akkio Train Tool" and "Akkio Tool"', [signedIn], async (snap) => {
			await ed.newWorkflow(page);
			await ed.addManualTrigger(page);
			await ed.openPlusPanel(page);
			await ed.searchNodePanel(page, 'AI Agent');
			await ed.clickPanelItem(page, 'AI Agent');
			await ed.ndv(page).waitFor({ timeout: 15 * 1000 }).then(() => ed.closeNdv(page), () => undefined); // n8n opens it
			await page.locator('[data-test-id="canvas-node-input-handle"][data-connection-type="ai_tool"]').getByTestId('canvas-handle-plus').click();
			const found = await ed.searchNodePanel(page, 'Akkio', ['Akkio Train Tool', 'Akkio Tool']);
			await snap();
			assert.ok(found.includes('Akkio Train Tool') && found.includes('Akkio Tool'), `tools found: ${found.join(', ')}`);
			await ed.clickPanelItem(page, 'Akkio Train Tool');
			await ed.ndv(page).waitFor();
		});
		const hosts = [...new Set(browser.blocked.map((u) => new URL(u).host))];
		if (hosts.length) say(`editor: browser requests outside 127.0.0.1 were aborted before leaving: ${hosts.join(', ')}`);
	} catch (error) {
		await check('editor: the browser run', () => Promise.reject(error));
		if (browser) await browser.page.screenshot({ path: path.join(shots, 'FAILED-browser-run.png') }).catch(() => undefined);
	} finally {
		if (browser) await browser.context.close().catch(() => undefined);
		if (server) await server.stop();
		fs.rmSync(path.join(work, 'browser-profile'), { recursive: true, force: true });
	}
}

module.exports = { browserChecks };
