/** Splits `items` into consecutive batches of at most `size` (size ≥ 1). Pure. */
export function batchesOf<T>(items: T[], size: number): T[][] {
	const whole = Math.max(1, Math.floor(size));
	const result: T[][] = [];
	for (let start = 0; start < items.length; start += whole) result.push(items.slice(start, start + whole));
	return result;
}

/** Groups entries by a key, keeping first-seen order of keys and input order inside a group. */
export function groupBy<T>(entries: T[], keyOf: (entry: T) => string): Array<{ key: string; entries: T[] }> {
	const groups = new Map<string, T[]>();
	for (const entry of entries) {
		const key = keyOf(entry);
		const group = groups.get(key);
		if (group) group.push(entry);
		else groups.set(key, [entry]);
	}
	return [...groups].map(([key, grouped]) => ({ key, entries: grouped }));
}
