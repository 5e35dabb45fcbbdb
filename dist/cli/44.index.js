export const id = 44;
export const ids = [44];
export const modules = {

/***/ 3044:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_ANNOTATIONS: () => (/* binding */ MAX_ANNOTATIONS),
/* harmony export */   printTransferLogs: () => (/* binding */ printTransferLogs)
/* harmony export */ });
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8992);

/**
 * Annotations of one kind per request. GitHub shows at most ten of each kind per step; a log of
 * thousands of ERROR lines would otherwise bury the step's own failure under them.
 */
const MAX_ANNOTATIONS = 10;
async function printTransferLogs(results, log) {
    for (const result of results) {
        if (result.logs.length === 0)
            continue;
        const title = `Transfer log: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(result.file, 200)} (request ${result.requestId}, ${result.executionStatus ?? 'unknown'}${result.outcome ? `/${result.outcome}` : ''})`;
        await log.group(title, async () => {
            const count = { warning: 0, error: 0 };
            for (const entry of result.logs) {
                const level = (0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(entry.level ?? '', 20).toUpperCase();
                const message = (0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(entry.message, 2000);
                log.info(`${entry.date ? `${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(entry.date, 40)} ` : ''}${level ? `[${level}] ` : ''}${message}`);
                const kind = level.startsWith('WARN') ? 'warning' : level.startsWith('ERR') || level === 'FATAL' ? 'error' : undefined;
                if (!kind || ++count[kind] > MAX_ANNOTATIONS)
                    continue;
                log[kind](message, { title: `Transfer ${kind}: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(result.file, 200)}` });
            }
            for (const kind of ['warning', 'error']) {
                const more = count[kind] - MAX_ANNOTATIONS;
                if (more > 0)
                    log.info(`(${more} more ${kind === 'warning' ? 'WARN' : 'ERROR'} lines of this log are not repeated as annotations.)`);
            }
        });
    }
}


/***/ })

};
