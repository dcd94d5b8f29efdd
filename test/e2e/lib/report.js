'use strict';

// Named checks, each counted once: `ok` or `FAIL` with the reason, and a closing line
// "N passed, N failed" that CI reads.

class Report {
	constructor() {
		this.passed = 0;
		this.failed = 0;
		this.failures = [];
	}

	/** Runs `fn` (sync or async); a throw fails the check. Resolves to fn's value or undefined. */
	async check(name, fn) {
		try {
			const value = await fn();
			this.passed++;
			console.log(`  ok    ${name}`);
			return value;
		} catch (error) {
			this.failed++;
			const reason = error && error.message ? error.message : String(error);
			this.failures.push({ name, reason });
			console.log(`  FAIL  ${name}\n${indent(reason, '        ')}`);
			return undefined;
		}
	}

	fail(name, reason) {
		this.failed++;
		this.failures.push({ name, reason });
		console.log(`  FAIL  ${name}\n${indent(reason, '        ')}`);
	}

	summaryLine() {
		return `${this.passed} passed, ${this.failed} failed`;
	}
}

function indent(text, prefix) {
	return String(text)
		.split('\n')
		.slice(0, 60)
		.map((line) => prefix + line)
		.join('\n');
}

module.exports = { Report };
