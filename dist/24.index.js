export const id = 24;
export const ids = [24];
export const modules = {

/***/ 5024:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   keylessSetup: () => (/* binding */ keylessSetup)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _oidc_keyless_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6375);
/* harmony import */ var _oidc_keyless_setup_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7875);
/**
 * `dotstat-action keyless-setup`: gets this job's ID token as a sign-in would and prints the
 * Keycloak setup that trusts it (../oidc/keyless-setup.ts).
 */



/** Runs the command: gets this job's ID token as a sign-in would, and prints the setup. */
async function keylessSetup(settings, platform) {
    const authority = settings('authority')?.trim().replace(/\/$/, '');
    if (!authority)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('authority', 'is required for keyless-setup.', 'Set it to the realm URL, e.g. https://keycloak.example.org/realms/OECD.');
    const audience = settings('audience')?.trim() || authority;
    const given = settings('id-token')?.trim();
    let token = given;
    if (!token && platform.mintIdToken)
        token = await platform.mintIdToken(audience);
    if (!token) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('id-token', "is needed: keyless-setup reads this job's ID token.", 'On GitLab declare id_tokens: { DOTSTAT_ID_TOKEN: { aud: <the realm URL> } } in the job; on GitHub give the job permissions: { id-token: write }.');
    }
    platform.addSecret(token);
    const claims = (0,_oidc_keyless_js__WEBPACK_IMPORTED_MODULE_1__/* .assertionClaims */ .OV)(token);
    for (const line of (0,_oidc_keyless_setup_js__WEBPACK_IMPORTED_MODULE_2__/* .setupLines */ .$Z)(claims, new URL(authority), settings('client-id')?.trim()))
        platform.info(line);
}


/***/ })

};
