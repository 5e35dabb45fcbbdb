export const id = 44;
export const ids = [44];
export const modules = {

/***/ 8351:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rw: () => (/* binding */ RESULTS_BUDGET_CHARS),
/* harmony export */   UD: () => (/* binding */ ANNOTATIONS_PER_KIND),
/* harmony export */   Xb: () => (/* binding */ SUMMARY_BUDGET_BYTES)
/* harmony export */ });
/* unused harmony export SUMMARY_LIMIT_BYTES */
/**
 * The platforms' limits. GitHub refuses a whole job summary larger
 * than 1024 KiB for a step ("$GITHUB_STEP_SUMMARY upload aborted"), drops a job's outputs past
 * 1 MB (counted in UTF-16), and shows ten annotations of each kind per step. Every report is built
 * to stay inside them whatever the log: a table first, then as many log lines as fit
 * (../report/budget.ts shares them fairly among files).
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
/** GitHub's limit for one step's job summary. */
const SUMMARY_LIMIT_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
/** What this action's summary may use: the margin is for the adapter's redaction and other steps' habits. */
const SUMMARY_BUDGET_BYTES = 900 * 1024;
/** The `results` output, in characters (UTF-16 code units, as GitHub counts): a fifth of the job's 1 MB. */
const RESULTS_BUDGET_CHARS = 200_000;
/** Annotations of one kind GitHub shows for a step. */
const ANNOTATIONS_PER_KIND = 10;


/***/ }),

/***/ 2585:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ fairShares)
/* harmony export */ });
/** A fair way to share a platform's limit (../platform/limits.ts) among files. */
/**
 * Splits `total` among claimants wanting `wants[i]` each: nobody gets more than it wants, and what
 * the small ones leave is shared equally by the others (max-min fairness). Whole units only.
 */
function fairShares(wants, total) {
    const shares = wants.map(() => 0);
    let left = Math.max(0, Math.floor(total));
    let open = wants.map((_, i) => i).filter((i) => wants[i] > 0);
    while (left > 0 && open.length > 0) {
        const each = Math.max(1, Math.floor(left / open.length));
        for (const i of open) {
            const give = Math.min(each, wants[i] - shares[i], left);
            shares[i] += give;
            left -= give;
        }
        open = open.filter((i) => shares[i] < wants[i]);
    }
    return shares;
}


/***/ }),

/***/ 6559:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B4: () => (/* binding */ n),
/* harmony export */   C6: () => (/* binding */ gapBefore),
/* harmony export */   LZ: () => (/* binding */ statsOf),
/* harmony export */   UZ: () => (/* binding */ leftOutNote)
/* harmony export */ });
/* unused harmony exports levelCounts, fullLogWhere */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/**
 * What every report says about a log it shows only part of: how many lines the log has, of which
 * levels, how many are left out, whether the service's answer was cut, and where the whole log is.
 * One wording for the summary, the log groups, the `results` output and the error message.
 */

const n = (count) => count.toLocaleString('en-US');
/** The counts of a result's log; a result built without them (nothing was cut) counts its lines. */
function statsOf(result) {
    if (result.logStats)
        return result.logStats;
    const levels = {};
    for (const log of result.logs)
        levels[(log.level ?? '').toUpperCase()] = (levels[(log.level ?? '').toUpperCase()] ?? 0) + 1;
    return { total: result.logs.length, levels, omitted: 0 };
}
/** "ERROR 5,000, NOTICE 2" (most frequent first; lines without a level as "no level"). */
function levelCounts(stats) {
    return Object.entries(stats.levels)
        .sort((a, b) => b[1] - a[1])
        .map(([level, count]) => `${level || 'no level'} ${n(count)}`)
        .join(', ');
}
/**
 * The note under a partial log, or undefined when all of it was shown. `shown` is the number of
 * lines the report printed; `where` says how the reader finds the full log.
 */
function leftOutNote(result, shown, where = fullLogWhere(result)) {
    const stats = statsOf(result);
    const left = stats.total - shown;
    if (left <= 0 && !stats.cut)
        return undefined;
    const parts = [`${n(shown)} of ${n(stats.total)} log lines shown (${levelCounts(stats)}); ${n(Math.max(0, left))} left out.`];
    if (stats.cut)
        parts.push(`The service's answer was cut (${stats.cut}): lines after that point were not read.`);
    if (where)
        parts.push(where);
    return parts.join(' ');
}
/** Where the whole log is, for a note. */
function fullLogWhere(result) {
    return result.logFile ? `The full log is in ${(0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(result.logFile)} (output transfer-log).` : undefined;
}
/** The lines between two kept lines that are not kept: 0 when they follow each other. */
function gapBefore(log, previous) {
    if (log.line === undefined || previous?.line === undefined)
        return 0;
    return Math.max(0, log.line - previous.line - 1);
}



/***/ }),

/***/ 3044:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_ANNOTATIONS: () => (/* binding */ MAX_ANNOTATIONS),
/* harmony export */   MAX_PRINTED_LINES: () => (/* binding */ MAX_PRINTED_LINES),
/* harmony export */   printTransferLogs: () => (/* binding */ printTransferLogs)
/* harmony export */ });
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8992);
/* harmony import */ var _platform_limits_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8351);
/* harmony import */ var _budget_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2585);
/* harmony import */ var _log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6559);




/** Annotations of one kind per step (GitHub shows no more): the logs share what the step's own leave. */
const MAX_ANNOTATIONS = _platform_limits_js__WEBPACK_IMPORTED_MODULE_2__/* .ANNOTATIONS_PER_KIND */ .UD;
/** Lines of one request's log printed in its group, at most. */
const MAX_PRINTED_LINES = 100;
function kindOf(log) {
    const level = (0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(log.level ?? '', 20).toUpperCase();
    if (level.startsWith('WARN'))
        return 'warning';
    return level.startsWith('ERR') || level === 'FATAL' ? 'error' : undefined;
}
/**
 * What the step itself annotates besides the logs: one error when it fails, one for each file
 * whose upload or status failed (said as it happened), and one warning per import that warned.
 */
function reserved(results) {
    const failed = results.filter((r) => r.verdict === 'failed');
    const announced = failed.filter((r) => r.requestId === undefined || r.error?.includes('its status could not be read'));
    return { error: (failed.length > 0 ? 1 : 0) + announced.length, warning: Math.min(MAX_ANNOTATIONS, results.filter((r) => r.verdict === 'warning').length) };
}
/** Annotations each result may raise from its log, per kind: the step's budget shared fairly. */
function allowances(results) {
    const taken = reserved(results);
    const share = (kind) => (0,_budget_js__WEBPACK_IMPORTED_MODULE_3__/* .fairShares */ .j)(results.map((r) => r.logs.filter((log) => kindOf(log) === kind).length), MAX_ANNOTATIONS - taken[kind]);
    return { warning: share('warning'), error: share('error') };
}
async function printTransferLogs(results, log) {
    const allowed = allowances(results);
    for (const [i, result] of results.entries()) {
        const stats = (0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .statsOf */ .LZ)(result);
        if (stats.total === 0 && !stats.cut)
            continue;
        const title = `Transfer log: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(result.file, 200)} (request ${result.requestId}, ${result.executionStatus ?? 'unknown'}${result.outcome ? `/${result.outcome}` : ''})`;
        await log.group(title, async () => printOne(result, log, { warning: allowed.warning[i] ?? 0, error: allowed.error[i] ?? 0 }));
    }
}
function printOne(result, log, allowed) {
    const annotated = { warning: 0, error: 0 };
    const printed = result.logs.slice(0, MAX_PRINTED_LINES);
    printed.forEach((entry, i) => {
        const gap = (0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .gapBefore */ .C6)(entry, printed[i - 1]);
        if (gap > 0)
            log.info(`… ${(0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .formatCount */ .B4)(gap)} lines not printed …`);
        const level = (0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(entry.level ?? '', 20).toUpperCase();
        const message = (0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(entry.message, 2000);
        log.info(`${entry.date ? `${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(entry.date, 40)} ` : ''}${level ? `[${level}] ` : ''}${message}`);
        const kind = kindOf(entry);
        if (!kind || annotated[kind] >= allowed[kind])
            return;
        annotated[kind] += 1;
        log[kind](message, { title: `Transfer ${kind}: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(result.file, 200)}` });
    });
    const note = (0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .leftOutNote */ .UZ)(result, printed.length);
    if (note)
        log.info(`(${note})`);
    const stats = (0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .statsOf */ .LZ)(result);
    for (const kind of ['warning', 'error']) {
        const label = kind === 'warning' ? 'WARN' : 'ERROR';
        const lines = Object.entries(stats.levels).reduce((sum, [level, count]) => sum + (kindOf({ level, message: '' }) === kind ? count : 0), 0);
        const more = lines - annotated[kind];
        if (more > 0)
            log.info(`(${(0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .formatCount */ .B4)(more)} ${label} lines of this log are not repeated as annotations: GitHub shows ${MAX_ANNOTATIONS} of each kind per step.)`);
    }
}


/***/ })

};
