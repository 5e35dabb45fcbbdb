export const id = 186;
export const ids = [186];
export const modules = {

/***/ 2186:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fullLogPath: () => (/* binding */ fullLogPath),
/* harmony export */   fullLogs: () => (/* binding */ fullLogs),
/* harmony export */   redactedLine: () => (/* binding */ redactedLine)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/**
 * The full Transfer log of each request, kept as a file a workflow can upload as an artifact: one
 * JSON object a line (`{"line":1,"date":…,"level":…,"message":…}`), every text redacted. It is
 * written while the status answer is read, through a 64 KiB buffer, so a log of any length never
 * sits in memory. Each answer goes to a `.part` file that is renamed over the request's file once
 * the answer was read whole: the file always holds the last complete answer, never half of one.
 * A file that cannot be written costs a warning, never the verdict.
 */


const FLUSH_CHARS = 64 * 1024;
function fullLogPath(dir, requestId) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, `transfer-log-${requestId}.jsonl`);
}
/**
 * One line of the file. The only place its text is redacted: every field is server text, and is
 * redacted raw, before JSON escapes it (a secret with a quote in it would no longer match).
 */
function redactedLine(entry, redact) {
    const optional = (value) => (value === undefined ? null : redact(value));
    return JSON.stringify({ line: entry.line ?? null, date: optional(entry.date), level: optional(entry.level), message: redact(entry.message) });
}
/** A sink per status answer, writing the request's full-log file. */
function fullLogs(options) {
    return (requestId) => new FileSink(fullLogPath(options.dir, requestId), options);
}
class FileSink {
    path;
    options;
    #fd;
    #buffer = '';
    #failed = false;
    constructor(path, options) {
        this.path = path;
        this.options = options;
    }
    write(entry) {
        if (this.#failed)
            return;
        this.#buffer += `${redactedLine(entry, this.options.redact)}\n`;
        if (this.#buffer.length >= FLUSH_CHARS)
            this.#flush();
    }
    close() {
        this.#flush();
        if (this.#failed)
            return undefined;
        return this.#try(() => {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(this.#open());
            this.#fd = undefined;
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(`${this.path}.part`, this.path);
            return this.path;
        });
    }
    discard() {
        this.#buffer = '';
        try {
            if (this.#fd !== undefined)
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(this.#fd);
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(`${this.path}.part`, { force: true });
        }
        catch {
            // Nothing more can be done about a file that cannot even be removed; the warning was given.
        }
        this.#fd = undefined;
    }
    #open() {
        if (this.#fd === undefined) {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(this.options.dir, { recursive: true });
            this.#fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(`${this.path}.part`, 'w', 0o644);
        }
        return this.#fd;
    }
    #flush() {
        if (this.#failed)
            return;
        const text = this.#buffer;
        this.#buffer = '';
        this.#try(() => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(this.#open(), text));
    }
    #try(fn) {
        try {
            return fn();
        }
        catch (error) {
            this.#failed = true;
            this.discard();
            this.options.warn(`The full Transfer log could not be written to ${this.path} (${error.code ?? 'error'}); the reports still show its first lines.`);
            return undefined;
        }
    }
}


/***/ })

};
