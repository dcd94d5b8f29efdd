'use strict';

// What Akkio's pages leave unsaid, as simulator options. Each option lists every answer the
// simulator can play for one silent point; the first value is the default. Tests of the node
// run the affected operations against every value (describe.each over UNDOCUMENTED[name]).
// CONTRACT.md (this folder) says which page is silent and what each value answers.

const UNDOCUMENTED = {
	/** GET /api/v1/models/train/{id}/status for a task ID Akkio does not know. */
	unknownTask: ['pending', '404'],
	/** GET /api/v1/models/train/{id}/result before the task has SUCCEEDED (or after it FAILED). */
	earlyResult: ['400', '404', '422', 'status200'],
	/**
	 * A legacy /v1 request Akkio refuses for any reason but the key (unknown dataset or model,
	 * another team's, a bad body): the HTTP code and the body.
	 * 'status': 4xx {"status": "<message>"}, the shape of the one documented legacy error;
	 * 'status200': HTTP 200 {"status": "<message>"}; 'error': 4xx {"error": "<message>"}.
	 */
	legacyErrors: ['status', 'status200', 'error'],
	/** POST /v1/models (predict) given columns the model does not know. */
	predictExtraFields: ['ignore', 'reject'],
};

const UNDOCUMENTED_DEFAULTS = Object.fromEntries(Object.entries(UNDOCUMENTED).map(([name, values]) => [name, values[0]]));

function checkUndocumented(options) {
	for (const [name, values] of Object.entries(UNDOCUMENTED)) {
		if (!values.includes(options[name])) {
			throw new TypeError(`startSimulator: ${name} must be one of ${values.join(', ')} (got ${options[name]})`);
		}
	}
}

module.exports = { UNDOCUMENTED, UNDOCUMENTED_DEFAULTS, checkUndocumented };
