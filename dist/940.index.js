export const id = 940;
export const ids = [940];
export const modules = {

/***/ 8940:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   durationSeconds: () => (/* binding */ durationSeconds),
/* harmony export */   observationsProcessed: () => (/* binding */ observationsProcessed),
/* harmony export */   transferOutputs: () => (/* binding */ transferOutputs),
/* harmony export */   worst: () => (/* binding */ worst)
/* harmony export */ });
/* harmony import */ var _transfer_outcome_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6943);
/**
 * What the Transfer results mean together: the worst verdict, the step outputs, and the numbers a
 * person looks for in the log (observations processed).
 */

const PROCESSED = /\sobservations? (?:have|has) been processed/i;
/** The number just before the phrase, read from a short tail: the phrase is found first. */
const COUNT_AT_END = /(\d(?:[\d,. ]{0,20}\d)?)\s*$/;
/**
 * "101 observations have been processed" → 101, from the Transfer log. Found in two linear steps:
 * a single pattern with the number before the phrase backtracked for minutes on a log message of
 * digits and spaces that never says "observations".
 */
function observationsProcessed(logs) {
    for (const log of logs) {
        const at = PROCESSED.exec(log.message)?.index;
        if (at === undefined)
            continue;
        const match = COUNT_AT_END.exec(log.message.slice(Math.max(0, at - 24), at + 1));
        if (match)
            return Number(match[1].replace(/[,. ]/g, ''));
    }
    return undefined;
}
/**
 * A duration in seconds, rounded to 0.1 s: the one rounding behind both the `results` output
 * (durationSeconds) and the job summary, so that the two never disagree.
 */
function durationSeconds(ms) {
    return Math.round(ms / 100) / 10;
}
function worst(results) {
    return [...results].sort((a, b) => _transfer_outcome_js__WEBPACK_IMPORTED_MODULE_0__/* .VERDICT_RANK */ .tG[b.verdict] - _transfer_outcome_js__WEBPACK_IMPORTED_MODULE_0__/* .VERDICT_RANK */ .tG[a.verdict])[0];
}
/** The step outputs of the Transfer part, as strings. */
function transferOutputs(results) {
    const bad = worst(results);
    const registered = results.filter((r) => r.requestId !== undefined);
    return {
        'request-id': registered.map((r) => String(r.requestId)).join('\n'),
        'execution-status': bad ? (bad.executionStatus ?? (bad.requestId === undefined ? 'NotRegistered' : '')) : '',
        outcome: bad ? (bad.outcome ?? (bad.verdict === 'failed' ? 'Error' : '')) : '',
        results: JSON.stringify(results.map(toJson)),
    };
}
function toJson(result) {
    return {
        file: result.file,
        size: result.size ?? null,
        sentSize: result.sentSize ?? result.size ?? null,
        requestId: result.requestId ?? null,
        executionStatus: result.executionStatus ?? null,
        outcome: result.outcome ?? null,
        verdict: result.verdict,
        executionStart: result.executionStart ?? null,
        executionEnd: result.executionEnd ?? null,
        durationSeconds: result.durationMs === undefined ? null : durationSeconds(result.durationMs),
        observationsProcessed: observationsProcessed(result.logs) ?? null,
        error: result.error ?? null,
        logs: result.logs.map((log) => ({ level: log.level ?? null, date: log.date ?? null, message: log.message })),
    };
}


/***/ }),

/***/ 6943:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SP: () => (/* binding */ explainFailure),
/* harmony export */   Vj: () => (/* binding */ verdictOf),
/* harmony export */   tG: () => (/* binding */ VERDICT_RANK)
/* harmony export */ });
const VERDICT_RANK = { success: 0, warning: 1, pending: 2, failed: 3 };
function verdictOf(status) {
    const execution = status.executionStatus.toLowerCase();
    const outcome = (status.outcome ?? '').toLowerCase();
    if (execution === 'queued' || execution === 'inprogress')
        return 'pending';
    if (outcome === 'error' || execution !== 'completed')
        return 'failed';
    if (outcome === 'success')
        return 'success';
    if (outcome === 'warning')
        return 'warning';
    return 'failed';
}
/** Why a request failed, in words, for the error message. */
function explainFailure(status) {
    const execution = status.executionStatus;
    const outcome = status.outcome ?? 'none';
    switch (execution.toLowerCase()) {
        case 'timedout':
            return 'the import timed out on the Transfer service (execution status TimedOut); large files may need the operator to raise its time limit';
        case 'canceled':
        case 'cancelled':
            return 'the import was cancelled on the Transfer service (execution status Canceled)';
        case 'failed':
            return 'the import failed on the Transfer service (execution status Failed)';
        case 'completed':
            return outcome.toLowerCase() === 'error' ? 'the import ended with outcome Error: see the Transfer log below' : `the import completed with an unexpected outcome '${outcome}'`;
        default:
            return `the request ended in an unknown state (execution status '${execution}', outcome '${outcome}')`;
    }
}


/***/ })

};
