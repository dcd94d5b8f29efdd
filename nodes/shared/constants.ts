/** Training budgets Akkio accepts for `duration`, in seconds, with the names its app shows. */
export const TRAINING_DURATIONS = [{ seconds: 10, name: 'Fastest' }, { seconds: 60, name: 'High Quality' }, { seconds: 300, name: 'Higher Quality' }, { seconds: 1800, name: 'Production' }] as const;
export const ALLOWED_DURATIONS: readonly number[] = TRAINING_DURATIONS.map((d) => d.seconds);

/** Akkio's published limit: five requests per second per account. */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 5;
/** The `Wait` operation does not know the training budget; assume High Quality. */
export const WAIT_ASSUMED_DURATION_SECONDS = 60;
/** Per-request HTTP timeout unless the node's option says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
/**
 * Without `n8n-workflow`'s abortable sleep (n8n 1.x before 2.34), a long sleep would ignore a
 * cancelled execution. Sleeping in slices this long bounds how late a cancel is noticed.
 */
export const MAX_SLEEP_SLICE_MS = 250;
/** Rows per request when adding rows to a dataset or asking for predictions. */
export const DEFAULT_ROWS_BATCH_SIZE = 500;
export const DEFAULT_PREDICT_BATCH_SIZE = 100;
/**
 * How long a Chat Explore question is expected to take, in seconds: it times the status checks
 * (the first after 3 s, then every 2 s at most unless Akkio estimates the end) and sets the
 * default Timeout (six times this plus 10 minutes: 12 minutes).
 */
export const CHAT_EXPLORE_EXPECTED_SECONDS = 20;
/** Table rows an AI agent gets from Ask at most: enough to answer from, small enough for a model. */
export const TOOL_TABLE_ROWS = 50;
