export const id = 867;
export const ids = [867];
export const modules = {

/***/ 7867:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lifecycleCommand: () => (/* binding */ lifecycleCommand)
});

// UNUSED EXPORTS: statePathOf

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/lifecycle/finish.ts + 1 modules
var finish = __webpack_require__(6849);
// EXTERNAL MODULE: ./src/oidc/session.ts + 3 modules
var oidc_session = __webpack_require__(9086);
// EXTERNAL MODULE: ./src/oidc/token-response.ts
var token_response = __webpack_require__(1490);
// EXTERNAL MODULE: ./src/lifecycle/state.ts
var lifecycle_state = __webpack_require__(5725);
;// CONCATENATED MODULE: ./src/lifecycle/resume.ts
/**
 * A later step of the job continues the sign-in kept in the job's state (./state.ts):
 * `dotstat-action token` prints a valid access token, renewing it first when it is due (as
 * `gh auth token` and `gcloud auth print-access-token` print theirs), by the same rule and the same
 * session code as the job itself (../oidc/session.ts). Every renewal is written back to the state
 * at once, the rotated refresh token before the rest of the answer is checked.
 */




const NO_STATE_HINT = 'Sign in first in this job: the action, or dotstat-action, which keeps the sign-in for the job in CI (elsewhere with --state-file PATH, the same for both commands).';
/** The identity-provider settings a renewal from the state needs: never a password (it is not kept). */
function idpOf(state) {
    if (state.grant === 'keyless')
        throw new errors/* DotstatError */.sh('STATE', "A keyless sign-in cannot be renewed from the job's state: it needs a new ID token of the job.", 'Run the action or dotstat-action again in this step to sign in anew.');
    return {
        authority: state.authority ? new URL(state.authority) : undefined,
        tokenUrl: state.tokenUrl ? new URL(state.tokenUrl) : undefined,
        clientId: state.clientId,
        clientSecret: state.clientSecret,
        refreshToken: state.refreshToken,
        // A password sign-in renews with its refresh token only: the password was never kept.
        grant: state.grant === 'client_credentials' ? 'client_credentials' : 'refresh_token',
        scope: state.scope,
    };
}
/** The kept sign-in as a session whose every new token set is masked and written to the state. */
function resumeSession(path, platform, retry = {}) {
    const state = (0,lifecycle_state/* readState */.un)(path);
    if (!state)
        throw new errors/* DotstatError */.sh('STATE', `No sign-in was kept for this job (${path}).`, NO_STATE_HINT);
    for (const secret of [state.accessToken, state.refreshToken, state.clientSecret])
        platform.addSecret(secret);
    let kept = state;
    const keep = (tokens) => {
        for (const secret of (0,token_response/* tokenSecrets */.RD)(tokens))
            platform.addSecret(secret);
        kept = {
            ...(0,lifecycle_state/* stateOf */.L4)({ idp: idpOf(kept), revoke: kept.revoke, http: kept.http }, tokens, kept),
            grant: kept.grant,
            scope: kept.scope,
            handedOff: kept.handedOff,
        };
        (0,lifecycle_state/* writeState */.Jq)(path, kept);
    };
    const session = new oidc_session/* TokenSession */.Q({
        idp: idpOf(state),
        http: state.http,
        retry: { debug: (m) => platform.debug(m), ...retry },
        log: platform,
        keep: {
            secret: (value) => platform.addSecret(value),
            refreshToken(token) {
                platform.addSecret(token);
                // Kept before the rest of the answer is checked: the one used is spent from now on.
                kept = { ...kept, refreshToken: token };
                (0,lifecycle_state/* writeState */.Jq)(path, kept);
                return `the job's state (${path})`;
            },
        },
    }, keep);
    session.adopt((0,lifecycle_state/* tokensOf */.k8)(state));
    return session;
}
/** `dotstat-action token`: a valid access token, renewed first when it is due. */
async function validToken(path, platform) {
    const session = resumeSession(path, platform);
    if (session.needsRenewal())
        await session.renew();
    return session.current.accessToken;
}

// EXTERNAL MODULE: ./src/parse.ts
var parse = __webpack_require__(2828);
// EXTERNAL MODULE: ./src/platform/terminal.ts
var terminal = __webpack_require__(9747);
;// CONCATENATED MODULE: ./src/cli/lifecycle.ts






/** The state the commands work on: --state-file, else this job's default (in CI). */
function statePathOf(options, env) {
    return options.stateFile ?? (0,lifecycle_state/* defaultStatePath */.K0)(env);
}
/** Where `token` prints its messages: stderr, never a secret; on GitHub each new secret masked there. */
function stderrPlatform(secrets, env, debug) {
    const write = (line) => void process.stderr.write(`${line}\n`);
    const plain = (0,terminal/* createTerminalPlatform */.K)(secrets, { debug, write });
    if (env.GITHUB_ACTIONS !== 'true')
        return plain;
    const escape = (value) => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    return {
        ...plain,
        addSecret(value) {
            if (!value || !secrets.add(value))
                return;
            write(`::add-mask::${escape(value)}`);
        },
    };
}
async function lifecycleCommand(which, options, platform, secrets, env) {
    if (which === 'revoke') {
        // The policy kept at sign-in, unless this command is given one (--revoke always ends a stored token's session too).
        const policy = options.explicit.has('revoke')
            ? (0,parse/* parseEnum */.nL)(options.settings, 'revoke', ['auto', 'always', 'never'])
            : undefined;
        return (0,finish/* finishJob */.x)(statePathOf(options, env), platform, { policy });
    }
    const quiet = stderrPlatform(secrets, env, options.debug);
    try {
        const token = await validToken(statePathOf(options, env), quiet);
        process.stdout.write(`${token}\n`);
    }
    catch (error) {
        quiet.setFailed(error instanceof errors/* DotstatError */.sh ? error.describe() : String(error));
    }
}


/***/ })

};
