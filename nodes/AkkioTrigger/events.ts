import type { IDataObject } from 'n8n-workflow';

/**
 * What the Akkio Trigger fires, decided by pure functions of (what it remembers, what Akkio
 * shows now). Nothing here reads the clock or sends a request; the node's poll() does both and
 * stores the returned state only once every request of the poll has succeeded.
 */

export const EVENTS = ['datasetRowsGrew', 'newModel', 'newDataset'] as const;
export const GROWTH_UNITS = ['percent', 'rows'] as const;

/**
 * How many IDs a New Model / New Dataset trigger remembers, newest first (the oldest are
 * forgotten past it), and how many of a listing it looks at: the first this many Akkio lists.
 */
export const MAX_REMEMBERED_IDS = 10000;

/** The node's static data: IDs and counts only. `watching` says what the state is about. */
export interface TriggerState extends IDataObject {
	watching?: string;
	rows?: number;
	seen?: string[];
}

type Growth = { datasetId: string; name: string | null; rowCount: number; unit: (typeof GROWTH_UNITS)[number]; threshold: number };

/** The row count last recorded for this dataset; undefined when the state is about something else. */
export function rememberedRows(state: TriggerState, datasetId: string): number | undefined {
	return state.watching === `datasetRowsGrew:${datasetId}` && typeof state.rows === 'number' ? state.rows : undefined;
}

/** The item a growth becomes: the dataset, its name, the row count before and now. */
export function growthItem({ datasetId, name, rowCount }: Growth, before: number): IDataObject {
	const added = rowCount - before;
	// From an empty dataset any growth is unbounded in percent: null, and it always counts.
	const percent = before > 0 ? Math.round((added / before) * 10000) / 100 : null;
	return { dataset_id: datasetId, name, rows_before: before, rows_now: rowCount, rows_added: added, growth_percent: percent };
}

/**
 * Dataset Rows Grew. The first poll (or the first after the dataset changed) records the count
 * and fires nothing. A growth of at least `threshold` rows (or percent of the count last fired
 * at; from 0 rows any growth) fires once and becomes the new baseline; a smaller growth is kept
 * counting from the same baseline; a dataset that shrank counts from its new, smaller size.
 */
export function datasetGrowth(state: TriggerState, growth: Growth): { items: IDataObject[]; state: TriggerState } {
	const before = rememberedRows(state, growth.datasetId);
	const baseline = { watching: `datasetRowsGrew:${growth.datasetId}`, rows: growth.rowCount };
	const added = growth.rowCount - (before ?? 0);
	if (before === undefined || added < 0) return { items: [], state: baseline };
	const grown = growth.unit === 'rows' ? added >= growth.threshold : added > 0 && (before === 0 || (added / before) * 100 >= growth.threshold);
	return grown ? { items: [growthItem(growth, before)], state: baseline } : { items: [], state };
}

/**
 * New Model / New Dataset: one item per listed ID not seen before. The first poll records the
 * IDs and fires nothing. `idKey` names the ID in the item (`model_id`, `dataset_id`).
 */
export function newEntries(state: TriggerState, event: string, listed: Array<{ id: string; name: string }>, idKey: string) {
	const watched = listed.slice(0, MAX_REMEMBERED_IDS);
	const baseline = state.watching !== event || !Array.isArray(state.seen);
	const seen = new Set(baseline ? [] : (state.seen as string[]));
	const fresh = baseline ? [] : watched.filter((entry) => !seen.has(entry.id));
	// New IDs first, then every ID seen before (a short or empty listing forgets nothing), the oldest dropped past the cap.
	const remembered = [...new Set([...(baseline ? watched : fresh).map((entry) => entry.id), ...seen])].slice(0, MAX_REMEMBERED_IDS);
	return { items: fresh.map((entry) => ({ [idKey]: entry.id, name: entry.name })), state: { watching: event, seen: remembered } };
}
