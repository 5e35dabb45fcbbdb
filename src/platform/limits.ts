/**
 * The platforms' limits. GitHub refuses a whole job summary larger
 * than 1024 KiB for a step ("$GITHUB_STEP_SUMMARY upload aborted"), drops a job's outputs past
 * 1 MB (counted in UTF-16), and shows ten annotations of each kind per step. Every report is built
 * to stay inside them whatever the log: a table first, then as many log lines as fit
 * (../report/budget.ts shares them fairly among files).
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */

/** GitHub's limit for one step's job summary. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** What this action's summary may use: the margin is for the adapter's redaction and other steps' habits. */
export const SUMMARY_BUDGET_BYTES = 900 * 1024;
/** The `results` output, in characters (UTF-16 code units, as GitHub counts): a fifth of the job's 1 MB. */
export const RESULTS_BUDGET_CHARS = 200_000;
/** Annotations of one kind GitHub shows for a step. */
export const ANNOTATIONS_PER_KIND = 10;
