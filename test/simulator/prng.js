'use strict';

// A tiny seeded PRNG. Math.random() cannot be seeded, and the simulator must be
// reproducible: the same seed gives the same sample rows, the same train/holdout
// split, the same noisy estimates and the same random faults on every run.

/** FNV-1a 32-bit hash: turns a string (dataset id, field name) into a seed. */
function hashString(text) {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

/** mulberry32: small, fast, good enough for test data (not for cryptography). */
function createRng(seed) {
	let state = (typeof seed === 'string' ? hashString(seed) : Number(seed) || 0) >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		/** uniform float in [min, max) */
		uniform: (min, max) => min + (max - min) * next(),
		/** uniform integer in [min, max] */
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		/** standard normal via Box-Muller */
		normal: () => {
			const u = 1 - next();
			const v = next();
			return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
		},
		/** pick from [[value, weight], ...] */
		weighted: (pairs) => {
			const total = pairs.reduce((sum, [, weight]) => sum + weight, 0);
			let r = next() * total;
			for (const [value, weight] of pairs) {
				r -= weight;
				if (r < 0) return value;
			}
			return pairs[pairs.length - 1][0];
		},
		/** Fisher-Yates, returns a new array */
		shuffle: (items) => {
			const out = items.slice();
			for (let i = out.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1));
				[out[i], out[j]] = [out[j], out[i]];
			}
			return out;
		},
	};
}

module.exports = { createRng, hashString };
