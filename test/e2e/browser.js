'use strict';

// The package in n8n's editor, driven in Debian's headless Chromium with playwright-core, as a
// person uses it: find the nodes in the node panel, create the credential, pick a dataset and
// its fields, execute steps, stop a running wait, offer Akkio Train to the AI Agent. Every
// assertion is on what the page shows. One screenshot per step in <work>/browser/.
//
// Part of `npm run test:e2e` for n8n 2.x (test/e2e/run.js calls browserChecks on the instance
// it has set up). On its own, for n8n 2.41.1 only: `npm run build && node test/e2e/browser.js`.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ed = require('./lib/editor');

const ROOT = path.resolve(__dirname, '..', '..');
const { generateLeadRows, LEAD_FIELDS } = require(path.join(ROOT, 'test', 'simulator'));

// Two datasets of the same name (Akkio allows it): the pickers must tell them apart.
const TWINS = [
	{ id: 'e2e-twin-east', name: 'E2E Leads', seed: 7 },
	{ id: 'e2e-twin-west', name: 'E2E Leads', seed: 8 },
];
const TARGET = 'Positive Lead';
/**
 * The node's first status check of a Production training (30 min) comes 270 s after the submit:
 * a wait that ends within this bound was ended by Stop, not by the training. The time it took
 * is logged, not asserted.
 */
const STOP_DEADLINE_MS = 20 * 1000;

function codexOf(nodeDir) {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'nodes', nodeDir, `${nodeDir}.node.json`), 'utf8'));
}

/** What the package's codex promises a search finds: each node by name and by each alias. */
function searchExpectations() {
	const nodes = [
		{ name: 'Akkio', codex: codexOf('Akkio') },
		{ name: 'Akkio Train', codex: codexOf('AkkioTrain') },
	];
	const byQuery = new Map([['Akkio', ['Akkio', 'Akkio Train']], ['Akkio Train', ['Akkio Train']]]);
	for (const { name, codex } of nodes) {
		for (const alias of codex.alias || []) byQuery.set(alias, [...(byQuery.get(alias) || []), name]);
	}
	return [...byQuery.entries()];
}

async function legacyList(sim, what) {
	const res = await fetch(`${sim.url}/v1/${what}?api_key=${encodeURIComponent(sim.apiKey)}`);
	return (await res.json())[what];
}

/**
 * Runs the editor checks against `n8n` (an N8n of lib/n8n.js with the package installed) and
 * the running simulator. Each step is one named check of `report`; a step whose groundwork
 * (an earlier step) failed is listed as skipped.
 */
async function browserChecks({ n8n, sim, report, prefix, work, say = console.log }) {
	const shotsDir = path.join(work, 'browser');
	const shoot = ed.screenshotter(shotsDir);
	for (const twin of TWINS) {
		sim.addDataset({ id: twin.id, name: twin.name, rows: generateLeadRows({ count: 60, seed: twin.seed }), fields: LEAD_FIELDS });
	}
	const started = Date.now();
	let server;
	let browser;
	try {
		server = await n8n.startServer();
		browser = await ed.launchBrowser({ profileDir: path.join(work, 'browser-profile'), baseUrl: server.url });
		const { page } = browser;
		say(`editor: n8n on ${server.url} (ready in ${(server.startupMs / 1000).toFixed(1)} s), Chromium, screenshots in ${shotsDir}`);

		/**
		 * One named check with its screenshot. `needs`: values earlier steps returned; when one is
		 * missing (that step failed) this step is listed as skipped. Steps observe, tidy up, then
		 * assert, so that a wrong text leaves the page as the next step expects it.
		 */
		const step = async (name, needs, fn) => {
			const label = `${prefix} editor: ${name}`;
			if (!needs.every(Boolean)) {
				console.log(`  skip  ${label} (a step it builds on failed)`);
				return undefined;
			}
			// The step's screenshot: where the step calls snap() (what it checked, before it
			// tidies up), else when it ends; a failed step's shows the page at the failure.
			let snapped = false;
			const snap = async () => {
				snapped = true;
				await shoot(page, name);
			};
			let value;
			const passed = await report.check(label, async () => {
				value = await fn(snap);
				return true;
			});
			if (!passed) console.log(`        screenshot: ${await shoot(page, `FAILED-${name}`)}`);
			else if (!snapped) await snap();
			return passed ? (value ?? true) : undefined;
		};
		const entryOf = (twin) => `${twin.name} (${twin.id})`;

		const signedIn = await step('owner set up through POST /rest/owner/setup; the editor opens signed in', [], async () => {
			await ed.setUpOwner(page);
			await ed.newWorkflow(page);
		});

		// ---------------------------------------------------------------- finding the nodes
		const expectations = searchExpectations();
		const searchAll = async () => {
			const missing = [];
			for (const [query, wanted] of expectations) {
				const found = await ed.searchNodePanel(page, query);
				for (const name of wanted) if (!found.includes(name)) missing.push(`"${query}" does not list ${name} (it lists: ${found.slice(0, 6).join(', ') || 'nothing'})`);
			}
			return missing;
		};
		await step(`the trigger panel of an empty canvas finds the nodes by ${expectations.map(([q]) => `"${q}"`).join(', ')}`, [signedIn], async () => {
			await ed.openTriggerPanel(page);
			assert.deepEqual(await searchAll(), [], 'searches that miss a node');
		});
		const plusSearch = await step('after a Manual Trigger, the "+" panel finds them by the same words', [signedIn], async () => {
			await page.keyboard.press('Escape');
			await ed.addManualTrigger(page);
			await ed.openPlusPanel(page);
			assert.deepEqual(await searchAll(), [], 'searches that miss a node');
		});
		const trainNode = await step('Akkio Train → "Train a model" opens the node', [plusSearch], async () => {
			await ed.addNodeAction(page, 'Akkio Train', 'Train a model');
			await ed.parameter(page, 'operation').waitFor();
		});

		// ---------------------------------------------------------------- credential
		const credentialCreated = await step('a new Akkio credential with a wrong key: its test shows the credential\'s own message', [trainNode], async (snap) => {
			await ed.openNewCredential(page);
			await ed.fillCredential(page, { apiKey: 'not-the-key-e2e', baseUrl: sim.url });
			const outcome = await ed.saveCredential(page);
			const modal = ed.credentialModal(page);
			await modal.getByText('More details').click();
			const shown = await modal
				.getByText('Akkio rejected the API key. Copy it again from Team Settings → API Keys.')
				.waitFor()
				.then(() => true, () => false);
			await snap();
			await ed.closeCredential(page);
			assert.equal(outcome, 'failed', 'the connection test failed');
			assert.ok(shown, 'the credential test rule\'s message is shown');
		});
		// The picker's legacy route refuses a key with Akkio's documented 404 (docs/akkio-answers.md).
		await step('with that key the Dataset picker says why, once: "404 - Akkio rejected the API key", then Akkio\'s words as a sentence', [credentialCreated], async (snap) => {
			await ed.parameter(page, 'datasetId').getByTestId('rlc-input').click();
			const error = page.getByTestId('rlc-error-container');
			await error.waitFor();
			await page.waitForTimeout(300);
			const text = (await error.innerText()).replace(/\s+/g, ' ');
			await snap();
			await ed.dismiss(page);
			await error.waitFor({ state: 'hidden' });
			assert.match(text, /404 - Akkio rejected the API key/, text);
			assert.doesNotMatch(text, /\(40[14]\)|rejected the API key \d/, `the status code is not repeated: ${text}`);
			assert.match(text, /Akkio said: [^.]+\. Check the API Key/, `the description reads as sentences: ${text}`);
		});
		const credentialReady = await step('with the right key, saving tests it: "Connection tested successfully"', [credentialCreated], async (snap) => {
			await ed.ndv(page).getByTestId('credential-edit-button').click();
			// Opening it tests the stored (wrong) key again: let that finish first.
			await ed.credentialModal(page).getByText('Couldn’t connect with these settings').waitFor();
			await ed.fillCredential(page, { apiKey: sim.apiKey });
			assert.equal(await ed.saveCredential(page), 'passed');
			await ed.credentialModal(page).getByText('Connection tested successfully').waitFor();
			await snap();
			await ed.closeCredential(page);
		});

		// ---------------------------------------------------------------- Train Model
		await step('Predict Fields before a dataset is chosen: an empty list and the hint, no "Error fetching options"', [trainNode], async (snap) => {
			const field = ed.ndv(page).getByTestId('parameter-item').filter({ has: page.getByTestId('parameter-input-predictFields') });
			await ed.parameter(page, 'predictFields').click();
			const empty = await page
				.getByText('No data')
				.filter({ visible: true })
				.first()
				.waitFor({ timeout: 5000 })
				.then(() => true, () => false);
			await page.waitForTimeout(500);
			// The editor puts "Error fetching options from <node>" in the input's placeholder.
			const shown = `${await field.innerText()} ${await ed.parameter(page, 'predictFields').locator('input').first().getAttribute('placeholder')}`;
			const fieldText = await field.innerText();
			await snap();
			await ed.dismiss(page);
			assert.doesNotMatch(shown, /Error fetching options/);
			assert.ok(empty, 'the list says "No data"');
			assert.match(fieldText, /listed once a dataset is chosen above/);
		});
		const datasets = await legacyList(sim, 'datasets');
		await step(`the Dataset picker lists the simulator's ${datasets.length} datasets; typing filters; same-named ones show their IDs`, [credentialReady], async (snap) => {
			await ed.openResourceList(page, 'datasetId');
			const all = await ed.resourceListEntries(page, '', datasets.length);
			const twins = await ed.resourceListEntries(page, 'E2E', 2);
			await snap();
			await ed.dismiss(page);
			// Chosen by its ID (the list search matches IDs too), as the steps below need it.
			await ed.pickResourceById(page, 'datasetId', TWINS[0].id);
			assert.equal(all.length, datasets.length, `entries: ${all.join(' | ')}`);
			for (const d of datasets) assert.ok(all.some((entry) => entry.startsWith(d.name)), `${d.name} is listed`);
			assert.deepEqual(twins, TWINS.map(entryOf), 'the filter keeps the two "E2E Leads", each with its ID');
		});
		await step('the chosen dataset\'s link opens its page in Akkio', [credentialReady], async () => {
			const link = ed.parameter(page, 'datasetId').getByTestId('rlc-open-resource-link');
			const [popup] = await Promise.all([browser.context.waitForEvent('page', { timeout: 5000 }), link.click({ timeout: 5000 })]);
			await popup.close();
			const wanted = `https://app.akkio.com/datasets/${TWINS[0].id}`;
			assert.ok(browser.blocked.includes(wanted), `opened ${wanted} (kept offline): ${browser.blocked.join(', ')}`);
		});
		await step('Predict Fields lists the dataset\'s columns, each with its type once', [credentialReady], async (snap) => {
			await ed.parameter(page, 'predictFields').click();
			const listed = ed.options(page).filter({ visible: true });
			await listed.filter({ hasText: TARGET }).first().waitFor();
			const texts = (await listed.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
			await snap();
			await listed.filter({ hasText: new RegExp(`^${TARGET}`) }).click();
			await ed.dismiss(page);
			assert.deepEqual(texts, LEAD_FIELDS.map((f) => `${f.name} Type: ${f.type}`));
		});
		await step('Options → Timeout (Minutes) shows its default in the field: 60', [trainNode], async () => {
			await ed.chooseOption(page, 'duration', 'Fastest');
			await ed.parameter(page, 'waitForCompletion').click();
			await ed.addCollectionOption(page, 'Timeout (Minutes)');
			assert.equal(await ed.parameter(page, 'timeoutMinutes').locator('input').inputValue(), '60');
		});
		const trained = await step('"Execute step" with Wait for Completion shows the Summary item in the output panel', [credentialReady], async () => {
			await ed.executeStep(page);
			const { count, text } = await ed.outputTable(page);
			assert.equal(count, 1, text);
			assert.match(text, /SUCCEEDED/);
			for (const column of ['task_id', 'model_id', 'accuracy']) assert.match(text, new RegExp(column), `the Summary has ${column}`);
		});

		// ---------------------------------------------------------------- Stop
		await step('Stop ends a running Wait for Completion at once; the task ID stays in the browser console and n8n\'s log', [credentialReady], async () => {
			// The same dataset again, for 30 minutes: the node's first status check is 270 s away.
			await ed.chooseOption(page, 'duration', 'Production');
			const consoleBefore = browser.consoleLines.length;
			const tasksBefore = new Set(sim.training.tasks.keys());
			await ed.ndv(page).getByTestId('node-execute-button').click();
			const stop = ed.ndv(page).getByTestId('ndv-stop-execution-button');
			await stop.waitFor();
			const task = await waitFor(() => [...sim.training.tasks.values()].find((t) => !tasksBefore.has(t.id)));
			await page.waitForTimeout(1000); // now waiting: the first status check is minutes away
			const clicked = Date.now();
			await stop.click();
			await stop.waitFor({ state: 'hidden', timeout: STOP_DEADLINE_MS });
			const stoppedMs = Date.now() - clicked;
			say(`editor: Stop ended the wait ${stoppedMs} ms after the click`);
			const lines = await waitFor(() => {
				const mine = browser.consoleLines.slice(consoleBefore).filter((l) => l.includes(task.id));
				return mine.length >= 2 ? mine : undefined;
			}, 5000).catch(() => browser.consoleLines.slice(consoleBefore));
			assert.match(lines.join('\n'), new RegExp(`submitted .*task ID ${task.id}`), 'the console names the task as soon as it is submitted');
			assert.match(lines.join('\n'), /stopped; Akkio goes on training task/, 'and again on the stop');
			assert.match(server.output(), new RegExp(`task ID ${task.id}`), "n8n's log names the task");
		});
		await step('closing the node shows "Train Model" under Akkio Train on the canvas', [trainNode], async () => {
			await ed.closeNdv(page);
			assert.match(await ed.canvasNodeText(page, 'Akkio Train'), /Train Model/);
		});

		// ---------------------------------------------------------------- the Akkio node
		const rows = generateLeadRows({ count: 3, seed: 99 });
		const rowsAdded = await step('Akkio → "Add rows to a dataset": Execute step adds the trigger\'s 3 items as rows', [credentialReady], async () => {
			await ed.newWorkflow(page);
			await ed.addManualTrigger(page);
			await page.keyboard.press('Escape');
			await ed.pinTriggerData(page, rows);
			await ed.openPlusPanel(page);
			await ed.addNodeAction(page, 'Akkio', 'Add rows to a dataset');
			const before = sim.getDataset(TWINS[0].id).rows.length;
			await ed.pickResourceById(page, 'datasetId', TWINS[0].id);
			await ed.executeStep(page);
			const { count, text } = await ed.outputTable(page);
			assert.equal(count, 1, text);
			assert.match(text, new RegExp(`${TWINS[0].id}\\s+3\\s+1`), `dataset_id, rows_sent 3, batches 1: ${text}`);
			assert.equal(sim.getDataset(TWINS[0].id).rows.length, before + 3, 'the simulator got the rows');
		});
		await step('its Docs link is Akkio\'s datasets API page; on the canvas it reads "Add Rows: Dataset"', [rowsAdded], async () => {
			const href = await ed.ndv(page).getByRole('link', { name: /Docs/ }).getAttribute('href');
			await ed.closeNdv(page);
			const subtitle = await ed.canvasNodeText(page, 'Add rows to a dataset');
			assert.match(href, /^https:\/\/docs\.akkio\.com\/akkio-docs\/endpoints-and-schemas\/endpoints\/datasets/);
			assert.match(subtitle, /Add Rows: Dataset/);
		});
		await step('Akkio → "Predict with a model": the picker tells same-named models apart; Execute step scores 3 items', [credentialReady, trained], async (snap) => {
			// Both trainings above (the stopped one ran on in Akkio) made an "E2E Leads – Positive Lead".
			const mine = await waitFor(async () => {
				const named = (await legacyList(sim, 'models')).filter((m) => m.name.startsWith('E2E Leads'));
				return named.length >= 2 ? named : undefined;
			});
			await ed.newWorkflow(page);
			await ed.addManualTrigger(page);
			await page.keyboard.press('Escape');
			await ed.pinTriggerData(page, rows.map(({ [TARGET]: _, ...row }) => row));
			await ed.openPlusPanel(page);
			await ed.addNodeAction(page, 'Akkio', 'Predict with a model');
			await ed.openResourceList(page, 'modelId');
			const listed = await ed.resourceListEntries(page, 'E2E', mine.length);
			await snap();
			await page.getByTestId('rlc-item').first().click();
			await ed.executeStep(page);
			const { count, text } = await ed.outputTable(page);
			await ed.closeNdv(page);
			const subtitle = await ed.canvasNodeText(page, 'Predict with a model');
			assert.equal(new Set(listed).size, listed.length, `entries differ: ${listed.join(' | ')}`);
			for (const m of mine) assert.ok(listed.includes(`${m.name} (${m.id})`), `${m.id} is shown`);
			assert.equal(count, 3, text);
			assert.match(text, /prediction/);
			assert.match(subtitle, /Predict: Model/);
		});

		// ---------------------------------------------------------------- AI Agent
		await step('the AI Agent\'s Tool "+" offers "Akkio Train Tool" (and "Akkio Tool")', [signedIn], async (snap) => {
			await ed.newWorkflow(page);
			await ed.addManualTrigger(page);
			await ed.openPlusPanel(page);
			await ed.searchNodePanel(page, 'AI Agent');
			await ed.clickPanelItem(page, 'AI Agent');
			if (await ed.ndv(page).isVisible()) await ed.closeNdv(page);
			await page.locator('[data-test-id="canvas-node-input-handle"][data-connection-type="ai_tool"]').getByTestId('canvas-handle-plus').click();
			const found = await ed.searchNodePanel(page, 'Akkio');
			await snap();
			assert.ok(found.includes('Akkio Train Tool'), `tools found: ${found.join(', ')}`);
			assert.ok(found.includes('Akkio Tool'), `tools found: ${found.join(', ')}`);
			await ed.clickPanelItem(page, 'Akkio Train Tool');
			await ed.ndv(page).waitFor();
			await ed.closeNdv(page);
		});

		if (browser.blocked.length) {
			const hosts = [...new Set(browser.blocked.map((u) => new URL(u).host))];
			say(`editor: ${browser.blocked.length} browser request(s) outside 127.0.0.1 were aborted before leaving: ${hosts.join(', ')}`);
		}
	} catch (error) {
		report.fail(`${prefix} editor: the browser run`, error && error.stack ? error.stack : String(error));
		if (browser) await shoot(browser.page, 'FAILED-browser-run');
	} finally {
		if (browser) await browser.context.close().catch(() => undefined);
		if (server) await server.stop();
		fs.rmSync(path.join(work, 'browser-profile'), { recursive: true, force: true });
		say(`editor: ${((Date.now() - started) / 1000).toFixed(1)} s in the browser checks`);
	}
}

async function waitFor(probe, timeoutMs = 15 * 1000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`not seen within ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * On its own: pack, n8n 2.41.1 from the e2e cache (installed there if missing), the tarball
 * installed as the Community Nodes screen does, the simulator, then browserChecks.
 * `--keep` keeps the work folder (it is kept anyway when a check fails).
 */
async function main() {
	const crypto = require('node:crypto');
	const os = require('node:os');
	const { Report } = require('./lib/report');
	const { run } = require('./lib/proc');
	const { N8n } = require('./lib/n8n');
	const { cacheRoot, ensureNode24, ensureN8n } = require('./lib/toolchain');
	const { startSimulator } = require(path.join(ROOT, 'test', 'simulator'));
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first');
	const t0 = Date.now();
	const say = (message) => console.log(`[editor ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${message}`);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'akkio-e2e-browser-'));
	const log = path.join(work, 'commands.log');
	const report = new Report();
	const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, log });
	const tarball = path.join(work, JSON.parse(stdout)[0].filename);
	const cache = cacheRoot();
	const version = process.env.AKKIO_E2E_N8N2 || '2.41.1';
	const binDir = await ensureNode24({ cache, log, say });
	const installDir = await ensureN8n({ version, binDir, cache, log, say });
	const sim = await startSimulator({ timeScale: 0.002, apiKey: `sim-e2e-${crypto.randomBytes(12).toString('hex')}`, host: '127.0.0.1' });
	try {
		const n8n = new N8n({ label: 'v2', version, installDir, binDir, workDir: work, log });
		await n8n.installCommunityPackage(tarball);
		await browserChecks({ n8n, sim, report, prefix: `[n8n ${version}]`, work, say });
	} finally {
		await sim.close();
	}
	const failed = report.failed > 0;
	if (failed || process.argv.includes('--keep')) console.log(`work folder kept: ${work} (screenshots in ${path.join(work, 'browser')})`);
	else fs.rmSync(work, { recursive: true, force: true });
	console.log(`\n${report.summaryLine()} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
	process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error && error.stack ? error.stack : error);
		console.log('\n0 passed, 1 failed');
		process.exitCode = 1;
	});
}

module.exports = { browserChecks };
