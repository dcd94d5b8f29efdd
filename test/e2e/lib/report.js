'use strict';

// Named checks, each counted once: `ok` or `FAIL` with the reason, and the closing line
// "N passed, N failed" that CI reads.

class Report {
	constructor() {
		this.passed = 0;
		this.failed = 0;
		this.failures = [];
	}

	/** Runs `fn` (sync or async); a throw fails the check. Resolves to fn's value (true for none), or undefined. */
	async check(name, fn) {
		try {
			const value = await fn();
			this.passed++;
			console.log(`  ok    ${name}`);
			return value === undefined ? true : value;
		} catch (error) {
			this.fail(name, error && error.message ? error.message : String(error));
			return undefined;
		}
	}

	fail(name, reason) {
		this.failed++;
		this.failures.push({ name, reason });
		console.log(`  FAIL  ${name}\n${String(reason).split('\n').slice(0, 60).map((line) => `        ${line}`).join('\n')}`);
	}

	summaryLine() {
		return `${this.passed} passed, ${this.failed} failed`;
	}
}

module.exports = { Report };
