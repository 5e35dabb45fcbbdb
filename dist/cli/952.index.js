export const id = 952;
export const ids = [952];
export const modules = {

/***/ 5952:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGithubPlatform: () => (/* binding */ createGithubPlatform)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(143);
/**
 * The GitHub Actions adapter: the only module that talks to @actions/core. Secrets are masked
 * with `::add-mask::` the moment they are known, and every line printed is redacted as well, so
 * nothing depends on the runner's masking alone.
 */

function createGithubPlatform(secrets) {
    const clean = (text) => secrets.redact(text);
    const props = (a) => ({ title: a?.title && clean(a.title), file: a?.file });
    return {
        name: 'github',
        addSecret(value) {
            if (!value || !secrets.add(value))
                return;
            // Each line too: the runner masks a multi-line value line by line only when told so.
            const lines = value.split(/\r?\n/).filter((line) => line.trim().length > 0);
            for (const form of new Set([value, ...lines]))
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(form);
        },
        info: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(clean(message)),
        warning: (message, a) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(clean(message), props(a)),
        error: (message, a) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(clean(message), props(a)),
        debug: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(clean(message)),
        group: (title, fn) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os(clean(title), fn),
        setOutput(name, value, { secret }) {
            // Without GITHUB_OUTPUT, @actions/core would print the value as a ::set-output command.
            if (secret && !process.env.GITHUB_OUTPUT)
                return _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Output ${name} not set: GITHUB_OUTPUT is missing.`);
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value);
        },
        exportVariable(name, value, { secret }) {
            if (secret && !process.env.GITHUB_ENV)
                return _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`${name} not exported: GITHUB_ENV is missing.`);
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .exportVariable */ .dN(name, value);
        },
        async appendSummary(markdown) {
            if (!process.env.GITHUB_STEP_SUMMARY)
                return;
            await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(clean(markdown), true).write();
        },
        setFailed: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(clean(message)),
    };
}


/***/ })

};
