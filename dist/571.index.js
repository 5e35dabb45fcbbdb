export const id = 571;
export const ids = [571];
export const modules = {

/***/ 5952:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGithubPlatform: () => (/* binding */ createGithubPlatform)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1889);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _oidc_settings_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7656);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8992);
/**
 * The GitHub Actions adapter: the only module that talks to @actions/core. Secrets are masked
 * with `::add-mask::` the moment they are known, and every line printed is redacted as well, so
 * nothing depends on the runner's masking alone. Every line is also sanitised: `core.info()` writes
 * its text as it is, so a line of server text starting with `::` (or holding `##[`) would be run
 * by the runner as a workflow command. Outputs, exports and the summary are reports: one that
 * cannot be written is a warning naming its file, never the step's verdict.
 */




const FILES = { GITHUB_OUTPUT: 'Step outputs', GITHUB_ENV: 'Variables for later steps', GITHUB_STEP_SUMMARY: 'The job summary' };
function createGithubPlatform(secrets) {
    // Redacted whole (a secret may span lines), then line by line after sanitising, in case removing
    // a control character joined the halves of a secret.
    const clean = (text) => secrets
        .redact(text)
        .split('\n')
        .map((line) => secrets.redact((0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .sanitize */ .aj)(line, 10_000)))
        .join('\n');
    const props = (a) => ({ title: a?.title && clean(a.title), file: a?.file && clean(a.file) });
    const warned = new Set();
    const notWritten = (file, error) => {
        if (warned.has(file))
            return;
        warned.add(file);
        const reason = error === undefined
            ? `${file} is not set, and the value is secret`
            : `${file} (${process.env[file]}) could not be written: ${error.code ?? error.message}`;
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(clean(`${FILES[file]} not written: ${reason}. The step's result does not depend on it.`));
    };
    /**
     * One write to a runner file. Without the variable, @actions/core falls back to printing the
     * value as a workflow command (`::set-output`), which a runner that does not mask shows in
     * clear (so does @github/local-action's table): a secret is then not written at all.
     */
    const fileCommand = (file, secret, write) => {
        if (secret && !process.env[file]) {
            notWritten(file);
            return false;
        }
        try {
            write();
            return true;
        }
        catch (error) {
            notWritten(file, error);
            return false;
        }
    };
    const addSecret = (value) => {
        if (!value || !secrets.add(value))
            return;
        // Each line too: the runner masks a multi-line value line by line only when told so.
        const lines = value.split(/\r?\n/).filter((line) => line.trim().length > 0);
        for (const form of new Set([value, ...lines]))
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(form);
    };
    return {
        name: 'github',
        addSecret,
        info: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(clean(message)),
        warning: (message, a) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(clean(message), props(a)),
        error: (message, a) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(clean(message), props(a)),
        debug: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(clean(message)),
        group: (title, fn) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os(clean(title), fn),
        setOutput(name, value, { secret }) {
            // A report of what happened (results, statuses) may quote a server that echoed a secret.
            return fileCommand('GITHUB_OUTPUT', secret, () => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, secret ? value : secrets.redact(value)));
        },
        exportVariable(name, value, { secret }) {
            void fileCommand('GITHUB_ENV', secret, () => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .exportVariable */ .dN(name, secret ? value : secrets.redact(value)));
        },
        async appendSummary(markdown) {
            if (!process.env.GITHUB_STEP_SUMMARY)
                return;
            // Markdown keeps its lines; server text in it was sanitised cell by cell (../report/summary.ts).
            try {
                await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(secrets.redact(markdown), true).write();
            }
            catch (error) {
                notWritten('GITHUB_STEP_SUMMARY', error);
            }
        },
        redact: (text) => secrets.redact(text),
        async mintIdToken(audience) {
            // The runner sets these two only for a job with permissions: id-token: write.
            if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL || !process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DotstatError */ .sh('KEYLESS_NO_PERMISSION', 'Keyless sign-in needs an ID token of this job, and the job may not mint one: it lacks the permission id-token: write.', `Add to the job (or the workflow):\n${_oidc_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .PERMISSION_YAML */ ._2}`);
            }
            let token;
            try {
                token = await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getIDToken */ .V9(audience);
            }
            catch (error) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DotstatError */ .sh('KEYLESS_NO_ID_TOKEN', `The runner did not give an ID token for audience ${audience}: ${error.message.replace(/\s+/g, ' ').trim()}`, 'Check that the job has permissions: id-token: write, and try again.');
            }
            addSecret(token);
            return token;
        },
        saveState: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(name, secrets.redact(value)),
        getState: (name) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(name),
        setFailed: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(clean(message)),
    };
}


/***/ }),

/***/ 8462:
/***/ ((module) => {

// In the bundle, this module stands in for 'undici' (tsconfig.json "paths", which ncc follows).
// @actions/http-client imports ProxyAgent from undici when it loads, and @actions/core loads
// @actions/http-client; but ProxyAgent is only used by its getAgentDispatcher(), for fetch(),
// which nothing in this action calls: requests go through node:http (src/http/client.ts) and
// proxies through its own tunnel (src/http/proxy.ts). So undici is not bundled at all (it was a
// 1 MB chunk, WebAssembly parser included, that never ran); a call that ever reached it would
// fail here, saying so, rather than load code nobody tested.

class ProxyAgent {
  constructor() {
    throw new Error("dotstat-action does not bundle undici: @actions/http-client's ProxyAgent (for fetch()) is not available.");
  }
}
module.exports = { ProxyAgent };


/***/ })

};
