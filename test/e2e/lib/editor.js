'use strict';

// What a person does in n8n's editor (2.41), one helper per gesture, for test/e2e/browser.js.
// Selectors are n8n's own data-test-id attributes, ARIA roles and visible texts, never CSS
// paths or generated class names, so that they survive n8n's restyling.

const fs = require('node:fs');

const playwright = require('playwright-core');

// n8n marks its elements with data-test-id (not Playwright's default data-testid).
playwright.selectors.setTestIdAttribute('data-test-id');
const CHROMIUM = process.env.AKKIO_E2E_CHROMIUM || '/usr/bin/chromium';

/**
 * Debian's headless Chromium with a fresh profile. Every request to a host other than
 * 127.0.0.1 is aborted before it leaves and listed in `blocked` (the editor asks the npm
 * registry about the community package; an Akkio link opens app.akkio.com).
 */
async function launchBrowser({ profileDir, baseUrl }) {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (as .ci/run does), or set AKKIO_E2E_CHROMIUM`);
	const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
	const context = await playwright.chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args, viewport: { width: 1440, height: 900 }, baseURL: baseUrl, timeout: 60 * 1000 });
	const blocked = [];
	await context.route('**/*', async (route) => {
		const url = new URL(route.request().url());
		if (url.hostname === '127.0.0.1') return await route.continue();
		blocked.push(url.href);
		return await route.abort('blockedbyclient');
	});
	const page = context.pages()[0] || (await context.newPage());
	page.setDefaultTimeout(30 * 1000);
	const consoleLines = [];
	page.on('console', (message) => consoleLines.push(message.text()));
	return { context, page, blocked, consoleLines };
}

/** Polls `probe` every 200 ms in the page until it is true; fails naming `what` after `timeoutMs`. */
async function waitUntil(page, probe, what, timeoutMs = 30 * 1000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await probe())) {
		if (Date.now() > deadline) throw new Error(`not seen within ${timeoutMs / 1000} s: ${what}`);
		await page.waitForTimeout(200);
	}
}

/** Reads `read()` until it has changed from `before` (or `quietMs` passed) and then stays the same. */
async function settled(page, read, before, quietMs) {
	const since = Date.now();
	let last = await read();
	for (;;) {
		await page.waitForTimeout(300);
		const now = await read();
		if (now === last && (now !== before || Date.now() - since > quietMs)) return JSON.parse(now);
		last = now;
	}
}

// ------------------------------------------------------------------ canvas and node panel

async function newWorkflow(page) {
	await page.goto('/workflow/new');
	await page.getByTestId('canvas-add-button').waitFor();
}

const searchBar = (page) => page.getByTestId('node-creator-search-bar');
const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/**
 * Types `query` over the open node panel's search; resolves to the names it lists once all of
 * `wanted` show (or 30 s pass) and the list holds still.
 */
async function searchNodePanel(page, query, wanted = []) {
	const read = async () => JSON.stringify(await page.getByTestId('node-creator-item-name').allInnerTexts());
	// The panel slides in and fills its list first; typing before that can be lost.
	const before = JSON.stringify(await settled(page, read, undefined, 0));
	await searchBar(page).press('ControlOrMeta+A');
	await searchBar(page).pressSequentially(query, { delay: 15 });
	const listed = async () => JSON.parse(await read());
	await waitUntil(page, async () => (await listed()).filter((name) => wanted.includes(name)).length === wanted.length, `"${query}" listing ${wanted}`).catch(() => undefined);
	return await settled(page, read, before, 1200);
}

async function clickPanelItem(page, name) {
	await page.getByTestId('node-creator-item-name').filter({ hasText: exactly(name) }).first().click();
}

/** Empty canvas → "Add first step" → the trigger panel. */
async function openTriggerPanel(page) {
	await page.getByTestId('canvas-add-button').click();
	await searchBar(page).waitFor();
}

async function addManualTrigger(page) {
	await openTriggerPanel(page);
	await searchNodePanel(page, 'Manual Trigger');
	await clickPanelItem(page, 'Manual Trigger');
	await page.getByTestId('canvas-trigger-node').waitFor();
}

/** The "+" at the end of the last node's main output: the panel for what comes next. */
async function openPlusPanel(page) {
	await page.getByTestId('canvas-node-output-handle').getByTestId('canvas-handle-plus').last().click();
	await searchBar(page).waitFor();
}

/** From the open node panel: a node, then one of its actions; its details view (NDV) opens. */
async function addNodeAction(page, nodeName, action) {
	await searchNodePanel(page, nodeName);
	await clickPanelItem(page, nodeName);
	await clickPanelItem(page, action);
	await ndv(page).waitFor();
}

/** The canvas node's text: name and subtitle. */
const canvasNodeText = async (page, name) => await page.getByTestId('canvas-node').filter({ hasText: name }).first().innerText();

/** A fresh workflow with a Manual Trigger whose output is pinned to `items`, then the "+" panel. */
async function newWorkflowWithItems(page, items) {
	await newWorkflow(page);
	await addManualTrigger(page);
	await page.keyboard.press('Escape');
	await page.getByTestId('canvas-trigger-node').dblclick();
	await ndv(page).getByTestId('ndv-edit-pinned-data').click();
	await ndv(page).locator('.cm-content').fill(JSON.stringify(items));
	await ndv(page).getByRole('button', { name: 'Save' }).click();
	await page.getByTestId('output-panel').getByText(new RegExp(`^${items.length} items?$`)).first().waitFor();
	await closeNdv(page);
	await openPlusPanel(page);
}

// ------------------------------------------------------------------ node details view (NDV)

const ndv = (page) => page.getByTestId('ndv');
const parameter = (page, name) => ndv(page).getByTestId(`parameter-input-${name}`);
const options = (page) => page.getByRole('option');

/** Closes an open dropdown with a click beside it (Escape would close the NDV when none is open). */
const dismiss = async (page) => await ndv(page).getByTestId('tab-params').click();

async function closeNdv(page) {
	await ndv(page).getByTestId('ndv-close-button').click();
	await ndv(page).waitFor({ state: 'hidden' });
}

/** Clicks a select parameter open once it is enabled (n8n disables it while its options load). */
async function openSelect(page, name) {
	const input = parameter(page, name).locator('input').first();
	await waitUntil(page, async () => await input.isEnabled(), `${name} has loaded its options`);
	await parameter(page, name).click();
}

/** Picks an option of a select parameter by the start of its label. */
async function chooseOption(page, name, label) {
	await openSelect(page, name);
	await options(page).filter({ visible: true }).filter({ hasText: new RegExp(`^${label}`) }).first().click();
}

/** Opens a resource locator's "From list" dropdown. */
async function openResourceList(page, name) {
	await parameter(page, name).getByTestId('rlc-input').click();
	await page.getByTestId('rlc-search').waitFor();
}

/**
 * Types `filter` into the open resource list's search; resolves to the entries it then lists,
 * at least `expectAtLeast` of them (the editor asks n8n again after a pause in typing).
 */
async function resourceListEntries(page, filter, expectAtLeast = 1) {
	const read = async () => JSON.stringify((await page.getByTestId('rlc-item').allInnerTexts()).map((t) => t.trim()));
	const before = await read();
	await page.getByTestId('rlc-search').fill(filter);
	let entries;
	await waitUntil(page, async () => (entries = await settled(page, read, before, 2500)).length >= expectAtLeast, `${expectAtLeast} entries for "${filter}"`);
	return entries;
}

/** Chooses a resource locator's entry (nothing chosen yet) by typing its ID: the list search matches IDs. */
async function pickResourceById(page, name, id) {
	await openResourceList(page, name);
	const items = page.getByTestId('rlc-item');
	await waitUntil(page, async () => (await items.count()) >= 2, `the list of ${name}`);
	await page.getByTestId('rlc-search').fill(id);
	await waitUntil(page, async () => (await items.count()) === 1, `only ${id} in the list of ${name}`);
	await items.first().click();
	await page.getByTestId('rlc-search').waitFor({ state: 'hidden' });
}

/** "Execute step"; resolves once the run has ended (its Stop button came and went). */
async function executeStep(page) {
	const stop = ndv(page).getByTestId('ndv-stop-execution-button');
	await ndv(page).getByTestId('node-execute-button').click();
	await stop.waitFor({ timeout: 15 * 1000 }).catch(() => undefined); // a quick run may end unseen
	await stop.waitFor({ state: 'hidden', timeout: 2 * 60 * 1000 });
}

/** The output panel as a table: its item count and the text of its cells. */
async function outputTable(page) {
	const panel = page.getByTestId('output-panel');
	await panel.getByTestId('radio-button-table').click({ timeout: 2 * 60 * 1000 });
	await panel.getByText(/^\d+ items?$/).first().waitFor();
	const text = await panel.innerText();
	return { count: Number(/(\d+) items?/.exec(text)[1]), text };
}

// ------------------------------------------------------------------ credentials

const credentialModal = (page) => page.getByTestId('editCredential-modal');

/** A new credential for the node in the NDV: from its empty state, or "Create new credential". */
async function openNewCredential(page) {
	const empty = ndv(page).getByTestId('node-credentials-empty-state');
	const select = ndv(page).getByTestId('node-credentials-select');
	// n8n names a new credential with GET /rest/credentials/new; a save before that answer has
	// no name and fails ("String must contain at least 1 character(s)").
	const named = page.waitForResponse((res) => res.url().includes('/rest/credentials/new'), { timeout: 60 * 1000 });
	await empty.or(select).first().waitFor();
	if (await empty.isVisible()) {
		await empty.click();
	} else {
		await select.click();
		await page.getByTestId('node-credentials-select-item-new').click();
	}
	await credentialModal(page).waitFor();
	await named;
}

async function fillCredential(page, values) {
	for (const [name, value] of Object.entries(values)) await credentialModal(page).getByTestId(`parameter-input-${name}`).locator('input').fill(value);
}

/**
 * Saves the credential, which n8n then tests (POST /rest/credentials/test; it also tests when
 * the modal opens: the test that counts follows the save). Resolves to 'passed' or 'failed'.
 */
async function saveCredential(page) {
	const seen = [];
	const onResponse = (res) => {
		const { pathname } = new URL(res.url());
		if (pathname.endsWith('/rest/credentials/test')) seen.push(res);
		else if (/\/rest\/credentials(\/[^/]+)?$/.test(pathname) && ['POST', 'PATCH'].includes(res.request().method())) seen.push('save');
	};
	page.on('response', onResponse);
	try {
		await credentialModal(page).getByTestId('credential-save-button').click();
		await waitUntil(page, async () => seen.includes('save') && seen.length > seen.indexOf('save') + 1, 'the test after saving the credential');
	} finally {
		page.off('response', onResponse);
	}
	const answer = await seen[seen.indexOf('save') + 1].json().catch(() => ({}));
	const modal = credentialModal(page);
	if (!(answer && answer.data && answer.data.status === 'OK')) return await modal.getByText('Couldn’t connect with these settings').waitFor().then(() => 'failed');
	// A new credential's modal closes; an edited one says so.
	await Promise.race([modal.getByText('Connection tested successfully').waitFor(), modal.waitFor({ state: 'hidden' })]);
	return 'passed';
}

async function closeCredential(page) {
	// Its close button, not Escape: Escape would close the node's details view behind it too.
	await credentialModal(page).getByRole('button', { name: /close/i }).first().click();
	await credentialModal(page).waitFor({ state: 'hidden' });
}

module.exports = {
	...{ launchBrowser, waitUntil, newWorkflow, searchNodePanel, clickPanelItem, openTriggerPanel, addManualTrigger, openPlusPanel, addNodeAction, canvasNodeText },
	...{ newWorkflowWithItems, ndv, parameter, options, dismiss, closeNdv, openSelect, chooseOption, openResourceList, resourceListEntries, pickResourceById, executeStep },
	...{ outputTable, credentialModal, openNewCredential, fillCredential, saveCredential, closeCredential },
};
