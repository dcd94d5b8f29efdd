import type { IDataObject } from 'n8n-workflow';

/**
 * What the Akkio Trigger fires, decided by pure functions of (what it remembers, what Akkio
 * shows now, whether the poll is manual). Nothing here reads the clock or sends a request; the
 * node's poll() does both and stores the returned state only once every request of the poll has
 * succeeded, and never in manual mode ("Fetch Test Event": the current state as an example).
 *
 * The state is the node's static data, IDs and counts only: `watching` says what it is about
 * ("datasetRowsGrew:<dataset ID>", or the event), `rows` is the row count last recorded, `seen`
 * the IDs seen, newest first.
 */

/**
 * How many IDs a New Model / New Dataset trigger remembers, newest first (the oldest are
 * forgotten past it), and how many of a listing it looks at: the first this many Akkio lists.
 */
export const MAX_REMEMBERED_IDS = 10000;

type Entry = { id: string; name: string };
type Growth = { datasetId: string; name: string | null; rowCount: number; unit: string; threshold: number };

/**
 * Dataset Rows Grew. The first poll (or the first after the dataset changed) records the count
 * and fires nothing. A growth of at least `threshold` rows (or percent of the count last fired
 * at; from 0 rows any growth) fires once and becomes the new baseline; a smaller growth is kept
 * counting from the same baseline; a dataset that shrank counts from its new, smaller size.
 * The item: the dataset, its name, the row count before (in manual mode with nothing recorded,
 * the count now) and now.
 */
export function datasetGrowth(state: IDataObject, growth: Growth, manual = false) {
	const { datasetId, name, rowCount, threshold } = growth;
	const watching = `datasetRowsGrew:${datasetId}`;
	const recorded = state.watching === watching && typeof state.rows === 'number' ? state.rows : undefined;
	const before = recorded ?? rowCount;
	const added = rowCount - before;
	// From an empty dataset any growth is unbounded in percent: null, and it always counts.
	const percent = before > 0 ? Math.round((added / before) * 10000) / 100 : null;
	const items = [{ dataset_id: datasetId, name, rows_before: before, rows_now: rowCount, rows_added: added, growth_percent: percent }];
	if (manual) return { items, state };
	const baseline = { items: [], state: { watching, rows: rowCount } };
	if (recorded === undefined || added < 0) return baseline;
	const grown = growth.unit === 'rows' ? added >= threshold : added > 0 && (before === 0 || (added / before) * 100 >= threshold);
	return grown ? { ...baseline, items } : { items: [], state };
}

/**
 * New Model / New Dataset: one item per listed ID not seen before (in manual mode, the first
 * listed). The first poll records the IDs and fires nothing. `idKey` names the ID in the item
 * (`model_id`, `dataset_id`).
 */
export function newEntries(state: IDataObject, event: string, listed: Entry[], idKey: string, manual = false) {
	const toItem = ({ id, name }: Entry) => ({ [idKey]: id, name });
	if (manual) return { items: listed.slice(0, 1).map(toItem), state };
	const watched = listed.slice(0, MAX_REMEMBERED_IDS);
	const baseline = state.watching !== event || !Array.isArray(state.seen);
	const seen = new Set(baseline ? [] : (state.seen as string[]));
	const fresh = baseline ? [] : watched.filter(({ id }) => !seen.has(id));
	// New IDs first, then every ID seen before (a short or empty listing forgets nothing), the oldest dropped past the cap.
	const remembered = [...new Set([...(baseline ? watched : fresh).map(({ id }) => id), ...seen])].slice(0, MAX_REMEMBERED_IDS);
	return { items: fresh.map(toItem), state: { watching: event, seen: remembered } };
}
