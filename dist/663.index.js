export const id = 663;
export const ids = [663];
export const modules = {

/***/ 3044:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   printTransferLogs: () => (/* binding */ printTransferLogs)
/* harmony export */ });
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8992);

async function printTransferLogs(results, log) {
    for (const result of results) {
        if (result.logs.length === 0)
            continue;
        const title = `Transfer log: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(result.file, 200)} (request ${result.requestId}, ${result.executionStatus ?? 'unknown'}${result.outcome ? `/${result.outcome}` : ''})`;
        await log.group(title, async () => {
            for (const entry of result.logs) {
                const level = (0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(entry.level ?? '', 20).toUpperCase();
                const line = `${entry.date ? `${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(entry.date, 40)} ` : ''}${level ? `[${level}] ` : ''}${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(entry.message, 2000)}`;
                log.info(line);
                const annotation = { title: `Transfer ${level.startsWith('WARN') ? 'warning' : 'error'}: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(result.file, 200)}` };
                if (level.startsWith('WARN'))
                    log.warning((0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(entry.message, 2000), annotation);
                else if (level.startsWith('ERR') || level === 'FATAL')
                    log.error((0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(entry.message, 2000), annotation);
            }
        });
    }
}


/***/ })

};
