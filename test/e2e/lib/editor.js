'use strict';

// What a person does in n8n's editor (2.41), one helper per gesture, for test/e2e/browser.js.
// Selectors are n8n's own data-test-id attributes, ARIA roles and visible texts, never CSS
// paths or generated class names, so that they survive n8n's restyling.

const fs = require('node:fs');
const path = require('node:path');

const playwright = require('playwright-core');

// n8n marks its elements with data-test-id (not Playwright's default data-testid).
playwright.selectors.setTestIdAttribute('data-test-id');

const CHROMIUM = process.env.AKKIO_E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Owner of the fresh instance, created through n8n's own REST call (it works offline). */
const OWNER = { email: 'owner@akkio-e2e.test', firstName: 'E2E', lastName: 'Owner', password: 'E2e-owner-Passw0rd' };

/**
 * Debian's headless Chromium with a fresh profile. Every request to a host other than
 * 127.0.0.1 is aborted before it leaves and recorded in `blocked` (the editor asks the npm
 * registry about the community package; an Akkio link opens app.akkio.com).
 */
async function launchBrowser({ profileDir, baseUrl }) {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium), or set AKKIO_E2E_CHROMIUM`);
	}
	const context = await playwright.chromium.launchPersistentContext(profileDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: { width: 1440, height: 900 },
		baseURL: baseUrl,
		timeout: 60 * 1000,
	});
	const blocked = [];
	await context.route('**/*', async (route) => {
		const url = new URL(route.request().url());
		if (url.hostname === '127.0.0.1') return await route.continue();
		blocked.push(url.href);
		return await route.abort('blockedbyclient');
	});
	const page = context.pages()[0] || (await context.newPage());
	page.setDefaultTimeout(20 * 1000);
	const consoleLines = [];
	page.on('console', (message) => consoleLines.push(message.text()));
	return { context, page, blocked, consoleLines };
}

/** POST /rest/owner/setup; the answer's cookie signs the browser in. */
async function setUpOwner(page) {
	const res = await page.request.post('/rest/owner/setup', { data: OWNER });
	if (res.status() !== 200) throw new Error(`POST /rest/owner/setup answered ${res.status()}: ${(await res.text()).slice(0, 300)}`);
}

// ------------------------------------------------------------------ canvas and node panel

async function newWorkflow(page) {
	await page.goto('/workflow/new');
	await page.getByTestId('canvas-add-button').waitFor();
}

const searchBar = (page) => page.getByTestId('node-creator-search-bar');

/**
 * Types into the open node panel's search and returns the names it lists, once the list has
 * changed from what it showed before and stopped changing (or, for a query whose results equal
 * the previous one's, after a second).
 */
async function searchNodePanel(page, query) {
	const results = page.getByTestId('node-creator-item-name');
	const read = async () => JSON.stringify(await results.allInnerTexts());
	const settled = async (changedFrom) => {
		const since = Date.now();
		let last = await read();
		for (;;) {
			await page.waitForTimeout(250);
			const now = await read();
			if (now === last && (now !== changedFrom || Date.now() - since > 1200)) return now;
			last = now;
		}
	};
	// The panel slides in and fills its list first; typing before that can be lost.
	const before = await settled(undefined);
	const bar = searchBar(page);
	// Typed over the previous query (cleared, the panel would show its full list in between).
	await bar.press('ControlOrMeta+A');
	await bar.pressSequentially(query, { delay: 15 });
	await page.waitForTimeout(300);
	return JSON.parse(await settled(before));
}

const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

async function clickPanelItem(page, name) {
	await page.getByTestId('node-creator-item-name').filter({ hasText: exactly(name) }).first().click();
}

/** Empty canvas → "Add first step" → the trigger panel. */
async function openTriggerPanel(page) {
	await page.getByTestId('canvas-add-button').click();
	await searchBar(page).waitFor();
}

/** Adds n8n's Manual Trigger from the trigger panel. */
async function addManualTrigger(page) {
	await openTriggerPanel(page);
	await searchNodePanel(page, 'Manual Trigger');
	await clickPanelItem(page, 'Manual Trigger');
	await page.getByTestId('canvas-trigger-node').waitFor();
}

/** The "+" at the end of a node's main output: the node panel for what comes next. */
async function openPlusPanel(page) {
	await page.getByTestId('canvas-node-output-handle').getByTestId('canvas-handle-plus').last().click();
	await searchBar(page).waitFor();
}

/** From the open node panel: a node, then one of its actions; the node's details view opens. */
async function addNodeAction(page, node, action) {
	await searchNodePanel(page, node);
	await clickPanelItem(page, node);
	await clickPanelItem(page, action);
	await ndv(page).waitFor();
}

// ------------------------------------------------------------------ node details view (NDV)

const ndv = (page) => page.getByTestId('ndv');
const parameter = (page, name) => ndv(page).getByTestId(`parameter-input-${name}`);

/** Closes an open dropdown of the NDV with a click beside it (Escape would close the NDV itself when none is open). */
async function dismiss(page) {
	await ndv(page).getByTestId('tab-params').click();
}

async function closeNdv(page) {
	await ndv(page).getByTestId('ndv-close-button').click();
	await ndv(page).waitFor({ state: 'hidden' });
}

/** The open dropdown's options (n8n's selects render them as ARIA options). */
const options = (page) => page.getByRole('option');

/** Picks an option of a select parameter by the start of its label. */
async function chooseOption(page, name, label) {
	await parameter(page, name).click();
	await options(page).filter({ visible: true }).filter({ hasText: new RegExp(`^${label}`) }).first().click();
}

/** Opens a resource locator's "From list" dropdown; resolves to its search box. */
async function openResourceList(page, name) {
	await parameter(page, name).getByTestId('rlc-input').click();
	const search = page.getByTestId('rlc-search');
	await search.waitFor();
	return search;
}

/**
 * Types `filter` into an open resource locator's search and returns the entries it then lists:
 * once the list has changed from before (or a second has passed) and stopped changing, with at
 * least `expectAtLeast` entries unless 15 s pass.
 */
async function resourceListEntries(page, filter, expectAtLeast = 1) {
	const items = page.getByTestId('rlc-item');
	const read = async () => JSON.stringify((await items.allInnerTexts()).map((t) => t.trim()));
	const before = await read();
	await page.getByTestId('rlc-search').fill(filter);
	const typed = Date.now();
	let last = await read();
	for (;;) {
		await page.waitForTimeout(300);
		const now = await read();
		const count = JSON.parse(now).length;
		// The editor asks n8n again after a pause in typing: an unchanged list may be the old one.
		const settled = now === last && (now !== before || Date.now() - typed > 2500) && count >= expectAtLeast;
		if (settled || Date.now() - typed > 15 * 1000) return JSON.parse(now);
		last = now;
	}
}

/**
 * Chooses an entry of a resource locator's list (nothing chosen yet) by typing its ID: the list
 * search matches IDs. (Once something is chosen, the editor keeps it atop every filtered list.)
 */
async function pickResourceById(page, name, id) {
	await openResourceList(page, name);
	const items = page.getByTestId('rlc-item');
	await waitUntil(page, async () => (await items.count()) >= 2, `the list of ${name}`);
	const whole = await items.count();
	await page.getByTestId('rlc-search').fill(id);
	await waitUntil(page, async () => (await items.count()) === 1 && whole > 1, `only ${id} in the list of ${name}`);
	await items.first().click();
	await page.getByTestId('rlc-search').waitFor({ state: 'hidden' });
}

async function waitUntil(page, probe, what, timeoutMs = 15 * 1000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await probe())) {
		if (Date.now() > deadline) throw new Error(`not seen within ${timeoutMs / 1000} s: ${what}`);
		await page.waitForTimeout(200);
	}
}

/** Adds an entry of an "Options" collection; resolves to that option's input. */
async function addCollectionOption(page, label) {
	await ndv(page).getByTestId('collection-parameter-add').click();
	await options(page).filter({ hasText: exactly(label) }).click();
}

/** "Execute step" in the NDV; resolves once the run has ended (or `timeoutMs` passed). */
async function executeStep(page, { timeoutMs = 60 * 1000 } = {}) {
	await ndv(page).getByTestId('node-execute-button').click();
	await ndv(page).getByTestId('ndv-stop-execution-button').waitFor({ state: 'hidden', timeout: timeoutMs });
}

const outputPanel = (page) => page.getByTestId('output-panel');

/** The output panel as a table: "<n> item(s)" and the text of its cells. */
async function outputTable(page) {
	const panel = outputPanel(page);
	await panel.getByTestId('radio-button-table').click();
	await panel.getByText(/^\d+ items?$/).first().waitFor();
	const text = await panel.innerText();
	const count = Number(/(\d+) items?/.exec(text)[1]);
	return { count, text };
}

// ------------------------------------------------------------------ credentials

const credentialModal = (page) => page.getByTestId('editCredential-modal');

/** Opens a new credential for the node in the NDV: its empty state, or "Create new credential". */
async function openNewCredential(page) {
	const empty = ndv(page).getByTestId('node-credentials-empty-state');
	const select = ndv(page).getByTestId('node-credentials-select');
	await empty.or(select).first().waitFor();
	if (await empty.isVisible()) {
		await empty.click();
	} else {
		await select.click();
		await page.getByTestId('node-credentials-select-item-new').click();
	}
	await credentialModal(page).waitFor();
}

async function fillCredential(page, values) {
	for (const [name, value] of Object.entries(values)) {
		await credentialModal(page).getByTestId(`parameter-input-${name}`).locator('input').fill(value);
	}
}

/**
 * Saves the credential; n8n tests it right away (POST /rest/credentials/test). Resolves, from
 * what the modal then shows, to 'passed' (a new credential's modal closes, an edited one says
 * "Connection tested successfully") or 'failed' ("Couldn’t connect with these settings").
 */
async function saveCredential(page) {
	const modal = credentialModal(page);
	// n8n also tests a credential when its modal opens; the test that counts follows the save.
	const seen = [];
	const onResponse = (res) => {
		const { pathname } = new URL(res.url());
		if (pathname.endsWith('/rest/credentials/test')) seen.push({ kind: 'test', res });
		else if (/\/rest\/credentials(\/[^/]+)?$/.test(pathname) && ['POST', 'PATCH'].includes(res.request().method())) seen.push({ kind: 'save' });
	};
	page.on('response', onResponse);
	let test;
	try {
		await modal.getByTestId('credential-save-button').click();
		const deadline = Date.now() + 30 * 1000;
		while (!(test = seen.slice(seen.findIndex((e) => e.kind === 'save') + 1 || seen.length).find((e) => e.kind === 'test'))) {
			if (Date.now() > deadline) throw new Error('saving the credential was not followed by its test');
			await page.waitForTimeout(100);
		}
	} finally {
		page.off('response', onResponse);
	}
	const answer = await test.res.json().catch(() => ({}));
	if (answer && answer.data && answer.data.status === 'OK') {
		await Promise.race([modal.getByText('Connection tested successfully').waitFor(), modal.waitFor({ state: 'hidden' })]);
		return 'passed';
	}
	await modal.getByText('Couldn’t connect with these settings').waitFor();
	return 'failed';
}

async function closeCredential(page) {
	// Its close button, not Escape: Escape would close the node's details view behind it too.
	await credentialModal(page).getByRole('button', { name: /close/i }).first().click();
	await credentialModal(page).waitFor({ state: 'hidden' });
}

// ------------------------------------------------------------------ pinned data

/** Gives the trigger in the canvas fixed output items ("set mock data"), as a user does. */
async function pinTriggerData(page, items) {
	await page.getByTestId('canvas-trigger-node').dblclick();
	await ndv(page).waitFor();
	await ndv(page).getByTestId('ndv-edit-pinned-data').click();
	await ndv(page).locator('.cm-content').fill(JSON.stringify(items));
	await ndv(page).getByRole('button', { name: 'Save' }).click();
	await outputPanel(page).getByText(new RegExp(`^${items.length} items?$`)).first().waitFor();
	await closeNdv(page);
}

/** The canvas node's text: name and subtitle. */
async function canvasNodeText(page, name) {
	return await page.getByTestId('canvas-node').filter({ hasText: name }).first().innerText();
}

/** A screenshot file in `dir`, numbered in the order taken. */
function screenshotter(dir) {
	fs.mkdirSync(dir, { recursive: true });
	let n = 0;
	return async (page, name) => {
		n++;
		const file = path.join(dir, `${String(n).padStart(2, '0')}-${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 70)}.png`);
		await page.screenshot({ path: file }).catch(() => undefined);
		return file;
	};
}

module.exports = {
	launchBrowser,
	setUpOwner,
	newWorkflow,
	openTriggerPanel,
	searchNodePanel,
	clickPanelItem,
	addManualTrigger,
	openPlusPanel,
	addNodeAction,
	ndv,
	parameter,
	closeNdv,
	dismiss,
	options,
	chooseOption,
	openResourceList,
	resourceListEntries,
	pickResourceById,
	addCollectionOption,
	executeStep,
	outputPanel,
	outputTable,
	credentialModal,
	openNewCredential,
	fillCredential,
	saveCredential,
	closeCredential,
	pinTriggerData,
	canvasNodeText,
	screenshotter,
	exactly,
	OWNER,
};
