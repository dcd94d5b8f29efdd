'use strict';

// Sample data for the simulator. The rows are generated from a seeded PRNG with a
// real (noisy) relationship between the features and the outcomes, so the model in
// model.js has something honest to learn and its metrics are not canned numbers.

const { createRng } = require('./prng');

const SAMPLE_SEED = 20240611;
const SAMPLE_DATASET_ID = 'leads-sample';
const SAMPLE_DATASET_NAME = 'B2B Leads';
const OTHER_TEAM_DATASET_ID = 'other-team-data';

// Field order matters: stats[].field is the column index, as in Akkio's example.
const LEAD_FIELDS = [
	{ name: 'Job Title', type: 'category' },
	{ name: 'Years of Experience', type: 'number' },
	{ name: 'Company Size', type: 'number' },
	{ name: 'Industry', type: 'category' },
	{ name: 'Location', type: 'category' },
	{ name: 'Webinars Attended', type: 'number' },
	{ name: 'Whitepapers Downloaded', type: 'number' },
	{ name: 'Pages Visited', type: 'number' },
	{ name: 'Days Since Last Visit', type: 'number' },
	{ name: 'Email Open Rate', type: 'number' },
	{ name: 'Email Click Rate', type: 'number' },
	{ name: 'Responded to Survey', type: 'category' },
	{ name: 'Positive Lead', type: 'category' },
	{ name: 'Plan', type: 'category' },
	{ name: 'Annual Contract Value', type: 'number' },
];

// [title, weight, mean years of experience, lead effect, plan effect]
const JOB_TITLES = [
	['Executive', 0.12, 16, 0.9, 0.45],
	['Director', 0.14, 12, 0.6, 0.3],
	['Manager', 0.24, 8, 0.3, 0.1],
	['Engineer', 0.2, 6, 0, 0],
	['Analyst', 0.18, 4, -0.2, -0.1],
	['Assistant', 0.12, 3, -0.9, -0.2],
];
// [industry, weight, lead effect]
const INDUSTRIES = [
	['Software', 0.26, 0.5],
	['Finance', 0.18, 0.3],
	['Healthcare', 0.16, 0],
	['Retail', 0.14, -0.2],
	['Manufacturing', 0.14, -0.1],
	['Education', 0.12, -0.5],
];
// Location is deliberately pure noise: its importance should come out low.
const LOCATIONS = [
	['North America', 0.4],
	['Europe', 0.3],
	['Asia Pacific', 0.2],
	['Latin America', 0.1],
];
const PLAN_BASE_VALUE = { Free: 600, Pro: 6000, Enterprise: 40000 };

const clamp = (value, min, max) => Math.min(max, Math.max(min, value));
const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const round2 = (x) => Math.round(x * 100) / 100;

/**
 * Deterministic B2B lead rows. Outcomes:
 * - "Positive Lead" ("0"/"1", ~1/3 positive) driven by engagement, job title, industry;
 * - "Plan" (Free/Pro/Enterprise) driven by company size and seniority;
 * - "Annual Contract Value" (number) driven by plan and company size.
 */
function generateLeadRows({ count = 200, seed = SAMPLE_SEED } = {}) {
	const rng = createRng(seed);
	const rows = [];
	for (let i = 0; i < count; i++) {
		const [title, , meanYears, titleLeadEffect, titlePlanEffect] = rng.weighted(
			JOB_TITLES.map((entry) => [entry, entry[1]]),
		);
		const [industry, , industryEffect] = rng.weighted(INDUSTRIES.map((entry) => [entry, entry[1]]));
		const location = rng.weighted(LOCATIONS);
		const years = clamp(Math.round(meanYears + rng.normal() * 3), 0, 40);
		const companySize = clamp(Math.round(Math.exp(5 + 1.3 * rng.normal())), 5, 20000);

		// A hidden "interest" drives all engagement signals, so they correlate.
		const interest = rng.normal();
		const webinars = clamp(Math.round(1.5 + 1.2 * interest + rng.normal()), 0, 10);
		const whitepapers = clamp(Math.round(2 + 1.2 * interest + 1.2 * rng.normal()), 0, 12);
		const pages = clamp(Math.round(Math.exp(2.2 + 0.5 * interest + 0.4 * rng.normal())), 1, 80);
		const daysSinceVisit = clamp(Math.round(Math.exp(3 - 0.6 * interest + 0.6 * rng.normal())), 0, 180);
		const openRate = round2(sigmoid(-0.5 + 0.8 * interest + 0.5 * rng.normal()));
		const clickRate = round2(openRate * sigmoid(-1.5 + 0.6 * interest + 0.5 * rng.normal()));
		const survey = rng.next() < sigmoid(-1 + 0.7 * interest) ? 'Yes' : 'No';

		const leadLogit =
			-3.4 +
			0.55 * webinars +
			0.03 * pages +
			2.2 * openRate -
			0.012 * daysSinceVisit +
			(survey === 'Yes' ? 0.5 : 0) +
			titleLeadEffect +
			industryEffect +
			0.5 * rng.normal();
		const positive = rng.next() < sigmoid(leadLogit) ? '1' : '0';

		const planScore = Math.log10(companySize) + titlePlanEffect + 0.35 * rng.normal();
		const plan = planScore < 2 ? 'Free' : planScore < 2.8 ? 'Pro' : 'Enterprise';
		const contractValue = Math.round(
			PLAN_BASE_VALUE[plan] * (1 + 0.3 * Math.log10(companySize)) * Math.exp(0.25 * rng.normal()),
		);

		rows.push({
			'Job Title': title,
			'Years of Experience': years,
			'Company Size': companySize,
			Industry: industry,
			Location: location,
			'Webinars Attended': webinars,
			'Whitepapers Downloaded': whitepapers,
			'Pages Visited': pages,
			'Days Since Last Visit': daysSinceVisit,
			'Email Open Rate': openRate,
			'Email Click Rate': clickRate,
			'Responded to Survey': survey,
			'Positive Lead': positive,
			Plan: plan,
			'Annual Contract Value': contractValue,
		});
	}
	return rows;
}

/** A small dataset for the "other team" (403) case. Its contents never matter. */
function generateOtherTeamRows() {
	return generateLeadRows({ count: 40, seed: SAMPLE_SEED + 1 });
}

const isMissing = (value) => value === null || value === undefined || value === '';
const isNumeric = (value) =>
	(typeof value === 'number' && Number.isFinite(value)) ||
	(typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));

/**
 * Field types from the rows, for datasets added without an explicit `fields` list
 * (e.g. through the legacy /v1/datasets route). A column is a number when every
 * value is numeric and it has more than two distinct values: a 0/1 column is a
 * binary category, like "Positive Lead" in Akkio's example.
 */
function inferFields(rows, knownFields = []) {
	const fields = knownFields.map((field) => ({ ...field }));
	const known = new Set(fields.map((field) => field.name));
	const order = [];
	for (const row of rows) {
		for (const key of Object.keys(row || {})) {
			if (!known.has(key)) {
				known.add(key);
				order.push(key);
			}
		}
	}
	for (const name of order) {
		const values = rows.map((row) => row[name]).filter((value) => !isMissing(value));
		const numeric = values.length > 0 && values.every(isNumeric);
		const distinct = new Set(values.map(String)).size;
		fields.push({ name, type: numeric && distinct > 2 ? 'number' : 'category' });
	}
	return fields;
}

module.exports = {
	SAMPLE_SEED,
	SAMPLE_DATASET_ID,
	SAMPLE_DATASET_NAME,
	OTHER_TEAM_DATASET_ID,
	LEAD_FIELDS,
	generateLeadRows,
	generateOtherTeamRows,
	inferFields,
	isMissing,
	isNumeric,
};
