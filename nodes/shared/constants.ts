/** Training budgets Akkio accepts for `duration`, in seconds, with the names its app shows. */
export const TRAINING_DURATIONS = [{ seconds: 10, name: 'Fastest' }, { seconds: 60, name: 'High Quality' }, { seconds: 300, name: 'Higher Quality' }, { seconds: 1800, name: 'Production' }] as const;
export const ALLOWED_DURATIONS: readonly number[] = TRAINING_DURATIONS.map((d) => d.seconds);

/** Akkio's published limit: five requests per second per account. */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 5;
/** Per-request HTTP timeout unless the node's option says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
/**
 * Without `n8n-workflow`'s abortable sleep (n8n 1.x before 2.34), a long sleep would ignore a
 * cancelled execution. Sleeping in slices this long bounds how late a cancel is noticed.
 */
export const MAX_SLEEP_SLICE_MS = 250;
