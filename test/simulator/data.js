'use strict';
// Sample rows and the one chart image. Nothing here models anything: the rows are seeded
// pseudo-random leads, shaped like the dataset of Akkio's training example (its fields, in its
// order, so that `stats[].field` is the column index as there).

const LEAD_FIELDS = [
	['Job Title', 'category'],
	['Years of Experience', 'number'],
	['Company Size', 'number'],
	['Industry', 'category'],
	['Location', 'category'],
	['Webinars Attended', 'number'],
	['Whitepapers Downloaded', 'number'],
	['Pages Visited', 'number'],
	['Days Since Last Visit', 'number'],
	['Email Open Rate', 'number'],
	['Email Click Rate', 'number'],
	['Responded to Survey', 'category'],
	['Positive Lead', 'category'],
	['Plan', 'category'],
	['Annual Contract Value', 'number'],
].map(([name, type]) => ({ name, type }));

const CHOICES = {
	'Job Title': ['Executive', 'Director', 'Manager', 'Engineer', 'Analyst', 'Assistant'],
	Industry: ['Software', 'Finance', 'Healthcare', 'Retail', 'Manufacturing', 'Education'],
	Location: ['North America', 'Europe', 'Asia Pacific', 'Latin America'],
	'Responded to Survey': ['Yes', 'No'],
	'Positive Lead': ['0', '1'],
	Plan: ['Free', 'Pro', 'Enterprise'],
};
const RANGES = {
	'Years of Experience': [0, 30],
	'Company Size': [5, 20000],
	'Webinars Attended': [0, 10],
	'Whitepapers Downloaded': [0, 12],
	'Pages Visited': [1, 80],
	'Days Since Last Visit': [0, 180],
	'Email Open Rate': [0, 1],
	'Email Click Rate': [0, 1],
	'Annual Contract Value': [600, 90000],
};

/** mulberry32: a seeded PRNG, so that the same seed gives the same rows on every run. */
function rng(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = Math.imul(state ^ (state >>> 15), state | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** `count` lead rows, the same for the same seed. */
function generateLeadRows({ count = 200, seed = 20240611 } = {}) {
	const next = rng(seed);
	return Array.from({ length: count }, () => {
		const row = {};
		for (const { name } of LEAD_FIELDS) {
			if (CHOICES[name]) row[name] = CHOICES[name][Math.floor(next() * CHOICES[name].length)];
			else {
				const [min, max] = RANGES[name];
				const value = min + next() * (max - min);
				row[name] = max <= 1 ? Math.round(value * 100) / 100 : Math.round(value);
			}
		}
		return row;
	});
}

/** Declared fields, then one per column the declaration misses: numbers when every value is one. */
function inferFields(rows, known = []) {
	const fields = known.map((field) => ({ ...field }));
	const names = new Set(fields.map((field) => field.name));
	for (const row of rows) {
		for (const [name, value] of Object.entries(row || {})) {
			if (names.has(name)) continue;
			names.add(name);
			const numeric = rows.every((r) => r[name] === undefined || typeof r[name] === 'number');
			fields.push({ name, type: numeric && typeof value === 'number' ? 'number' : 'category' });
		}
	}
	return fields;
}

/** A valid 1×1 PNG: every chart the stand-in sends (a chart's pixels are not what is tested). */
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64',
);

module.exports = { LEAD_FIELDS, generateLeadRows, inferFields, PNG };
