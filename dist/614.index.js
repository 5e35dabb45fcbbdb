export const id = 614;
export const ids = [614];
export const modules = {

/***/ 6614:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runLogin: () => (/* binding */ runLogin)
});

// UNUSED EXPORTS: openLoginStore

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/http/retry.ts + 1 modules
var http_retry = __webpack_require__(521);
// EXTERNAL MODULE: ./src/http/client.ts + 4 modules
var client = __webpack_require__(5786);
// EXTERNAL MODULE: ./src/oidc/token.ts
var token = __webpack_require__(448);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/login/pkce.ts
/**
 * Proof Key for Code Exchange (S256) and the `state` of a sign-in: fresh random values for each.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1 (verifier), #section-4.2 (S256)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12 (state against forged callbacks)
 */

function createPkce() {
    const verifier = (0,external_node_crypto_.randomBytes)(32).toString('base64url');
    return { verifier, challenge: (0,external_node_crypto_.createHash)('sha256').update(verifier, 'ascii').digest('base64url'), method: 'S256' };
}
/** A state that a forged callback cannot guess. */
function createState() {
    return (0,external_node_crypto_.randomBytes)(24).toString('base64url');
}
/** Compares a callback's state with ours in constant time. */
function sameState(received, expected) {
    if (received === null)
        return false;
    const a = Buffer.from(received);
    const b = Buffer.from(expected);
    return a.length === b.length && (0,external_node_crypto_.timingSafeEqual)(a, b);
}

;// CONCATENATED MODULE: ./src/login/callback.ts
/**
 * The loopback redirect of a native app's sign-in (RFC 8252 §7.3): a listener on 127.0.0.1 only,
 * on a free port, that takes one answer at /callback and closes. It closes when the code arrives,
 * when an answer is refused (a wrong `state` may be a forged callback: the sign-in is abandoned,
 * not continued with a listener someone is probing), when the wait times out, or on cancel.
 *
 * The browser's page for a code is held until the caller has exchanged it (`conclude()`): the
 * person reads "Signed in" only once the tokens are really here, and "Sign-in failed" when the
 * exchange was refused (Keycloak checks some things, such as the offline_access role, only then).
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */




const CALLBACK_PATH = '/callback';
const page = (title, text) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const SIGNED_IN = ['Signed in', 'dotstat-action has the tokens. You can close this window and go back to the terminal.'];
const EXCHANGE_FAILED = [
    'Sign-in failed',
    'dotstat-action could not get the tokens for this sign-in, so nothing was signed in. The terminal says why and what to do; you can close this window.',
];
function reply(res, status, title, text) {
    // No caching, no referrer (the URL held the code), and nothing else this page may load.
    res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'content-security-policy': "default-src 'none'",
        connection: 'close',
    });
    res.end(page(title, text));
}
/** Opens the listener; `timeoutMs` bounds the whole wait for the browser. */
async function listenForCallback(state, options) {
    let settle;
    const answer = new Promise((resolve, reject) => (settle = { resolve, reject }));
    // A refusal may come while the caller is still busy (checking the authorization page, opening the
    // browser) and not yet awaiting: marked handled here, so it is no unhandled rejection that ends the
    // process with a stack trace. The caller still sees it when it awaits `answer`.
    answer.catch(() => undefined);
    const server = (0,external_node_http_.createServer)((req, res) => {
        // Anyone on this machine can send anything here: nothing they send may throw out of the handler.
        try {
            handle(req, res);
        }
        catch {
            if (!res.headersSent)
                reply(res, 400, 'Bad request', 'This is not a sign-in answer.');
            else
                res.destroy();
        }
    });
    /** The browser's request that brought the code, answered by conclude(). */
    let held;
    const conclude = (signedIn) => {
        const res = held;
        held = undefined;
        if (!res)
            return;
        const [title, text] = signedIn ? SIGNED_IN : EXCHANGE_FAILED;
        // Written at once (a page this small goes to the socket whole), so close() may close it right after.
        reply(res, signedIn ? 200 : 500, title, text);
    };
    let closed;
    const close = () => (closed ??= new Promise((resolve) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        conclude(false);
        server.close(() => resolve());
        server.closeAllConnections();
    }));
    const finish = (outcome) => {
        if (!settle)
            return;
        const s = settle;
        settle = undefined;
        // No new connection from now on; a page held for a code stays open until conclude() or close().
        if (held)
            server.close();
        else
            void close(); // after the page went out (the reply's connection: close lets it finish first)
        if ('answer' in outcome)
            s.resolve(outcome.answer);
        else
            s.reject(outcome.error);
    };
    function handle(req, res) {
        // A request target that is no URL (e.g. `GET http://[ HTTP/1.1`) would make new URL throw.
        const url = URL.parse(req.url ?? '/', 'http://127.0.0.1');
        if (!url)
            return reply(res, 400, 'Bad request', 'This is not a sign-in answer.');
        if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH || !settle)
            return reply(res, 404, 'Not found', 'Nothing here.');
        const params = url.searchParams;
        if (!sameState(params.get('state'), state)) {
            reply(res, 400, 'Sign-in refused', 'This answer does not belong to the sign-in that is waiting (its state does not match). Nothing was signed in.');
            return finish({
                error: new errors/* LoginError */.Qd('STATE_MISMATCH', 'A sign-in answer reached the loopback listener with a state that does not match this sign-in: it was refused, and the listener is closed.', 'It may be a forged or stale callback (another tab, an older login). Run dotstat-action login again, and finish the sign-in in the window it opens.'),
            });
        }
        const error = params.get('error');
        const code = params.get('code');
        if (error) {
            const description = (0,src_text/* sanitize */.aj)(params.get('error_description') ?? '', 300);
            reply(res, 400, 'Sign-in failed', `The identity provider answered ${escapeHtml((0,src_text/* sanitize */.aj)(error, 80))}. Go back to the terminal to see what to do; you can close this window.`);
            return finish({ answer: { error: (0,src_text/* sanitize */.aj)(error, 80), description } });
        }
        if (!code) {
            reply(res, 400, 'Sign-in failed', 'The answer holds neither a code nor an error.');
            return finish({ error: new errors/* LoginError */.Qd('CALLBACK_ERROR', 'The sign-in answer held neither a code nor an error.', 'Run dotstat-action login again.') });
        }
        held = res;
        finish({ answer: { code, iss: params.get('iss') ?? undefined } });
    }
    const seconds = Math.round(options.timeoutMs / 1000);
    const timer = setTimeout(() => finish({
        error: new errors/* LoginError */.Qd('LOGIN_TIMEOUT', `No sign-in came back within ${seconds} s: the browser window may have been closed, or the sign-in was not finished. The listener is closed.`, 'Run dotstat-action login again (with a longer --timeout SECONDS if signing in takes longer), or with --flow device to sign in on another device. Keycloak gives a login page its own limit too: the realm\'s "Login timeout" (Realm settings → Sessions, accessCodeLifespanLogin).'),
    }), options.timeoutMs);
    timer.unref?.();
    const onAbort = () => finish({ error: new errors/* LoginError */.Qd('LOGIN_TIMEOUT', 'The sign-in was cancelled; the listener is closed.') });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        // 127.0.0.1 only, not localhost (which may resolve to ::1 or to another host) and never 0.0.0.0.
        server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address();
    // The timer is unref'd: the open server keeps the process alive while it waits.
    return { redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, port, answer, conclude, close };
}

;// CONCATENATED MODULE: ./src/login/context.ts
/** The token context of the shared sender (../oidc/token.ts) for a sign-in's exchange. */
function tokenContext(ctx, grant, log = ctx.log) {
    return {
        idp: { authority: ctx.authority, clientId: ctx.clientId, grant, scope: ctx.scope },
        http: ctx.http,
        retry: ctx.retry,
        log,
        // The refresh token is stored by login itself once the answer is checked (nothing is spent yet).
        keep: { secret: ctx.secret, refreshToken: () => undefined },
    };
}

;// CONCATENATED MODULE: ./src/login/hints.ts
/**
 * What a person can do about each way a sign-in fails, naming the Keycloak setting to change (as
 * the admin console of Keycloak 26 labels it, with the client attribute or realm field beside it).
 * Matching is on the OAuth `error` code; the description only refines within one code.
 */

const hints_client = (id) => `Clients → ${id}`;
const SETTINGS = {
    redirectUris: (id) => `${hints_client(id)} → Settings → Access settings → Valid redirect URIs: add http://127.0.0.1/* (a loopback redirect on any port, RFC 8252)`,
    standardFlow: (id) => `${hints_client(id)} → Settings → Capability config → Standard flow`,
    deviceFlow: (id) => `${hints_client(id)} → Settings → Capability config → OAuth 2.0 Device Authorization Grant (attribute oauth2.device.authorization.grant.enabled)`,
    pkce: (id) => `the client's PKCE method: S256, or none (${hints_client(id)} → Advanced → Advanced settings → Proof Key for Code Exchange Code Challenge Method, attribute pkce.code.challenge.method)`,
    consent: (id) => `${hints_client(id)} → Settings → Login settings → Consent required`,
    deviceLifespan: (id) => `${hints_client(id)} → Advanced → OAuth 2.0 Device Code Lifespan (attribute oauth2.device.code.lifespan), or the realm's (Realm settings → Tokens → OAuth 2.0 Device Code Lifespan)`,
    offline: (id, realm) => `the client scope offline_access on the client (${hints_client(id)} → Client scopes → Add client scope → offline_access, as Optional) and the realm role offline_access for the user (in default-roles-${realm}: Realm settings → User registration → Default roles)`,
};
const quote = (error, description) => (description ? `${error}: ${description}` : error);
/** The error of a browser sign-in whose callback carried `error`. */
function callbackError(error, description, ctx) {
    const said = `The identity provider answered the browser sign-in with ${quote(error, description)}.`;
    const d = description.toLowerCase();
    switch (error) {
        case 'access_denied':
            return new errors/* LoginError */.Qd('ACCESS_DENIED', `The sign-in was declined (${quote(error, description)}): consent to give client ${ctx.clientId} access was not given.`, `Run dotstat-action login again and choose Yes on the consent page. If this client should not ask for consent, a Keycloak administrator can turn off ${SETTINGS.consent(ctx.clientId)}.`);
        case 'invalid_scope':
            return new errors/* LoginError */.Qd('OFFLINE_REFUSED', said, d.includes('offline') || !d
                ? `offline_access was refused: a Keycloak administrator must give ${SETTINGS.offline(ctx.clientId, ctx.realm)}. Or sign in without --offline (an ordinary refresh token ends with the SSO session).`
                : 'Check the scopes asked for: the client must allow each of them (Clients → Client scopes).');
        case 'invalid_request':
            if (d.includes('code challenge') || d.includes('pkce'))
                return new errors/* LoginError */.Qd('PKCE', said, `login always uses PKCE with S256: a Keycloak administrator must set ${SETTINGS.pkce(ctx.clientId)}.`);
            return new errors/* LoginError */.Qd('CALLBACK_ERROR', said, "See the identity provider's message; check the client's settings in Keycloak.");
        case 'unauthorized_client':
            return new errors/* LoginError */.Qd('BROWSER_FLOW_REFUSED', said, `A Keycloak administrator must turn on ${SETTINGS.standardFlow(ctx.clientId)}, or use --flow device.`);
        case 'temporarily_unavailable':
        case 'server_error':
            return new errors/* LoginError */.Qd('CALLBACK_ERROR', said, 'The identity provider failed; try again in a moment, or tell its operator.');
        default:
            return new errors/* LoginError */.Qd('CALLBACK_ERROR', said, "See the identity provider's message; check the client's settings in Keycloak.");
    }
}
/** The error of Keycloak's authorization page, checked before a browser is opened (it never redirects back then). */
function authorizationPageError(status, message, ctx) {
    const m = message.toLowerCase();
    const said = `The authorization page answered HTTP ${status}${message ? ` ("${message}")` : ''}, so no browser was opened.`;
    if (m.includes('redirect_uri'))
        return new errors/* LoginError */.Qd('REDIRECT_URI', `${said} The loopback redirect URI is not allowed for client ${ctx.clientId}.`, `A Keycloak administrator must allow it: ${SETTINGS.redirectUris(ctx.clientId)}.`);
    if (m.includes('standard flow') || m.includes('browser login'))
        return new errors/* LoginError */.Qd('BROWSER_FLOW_REFUSED', said, `A Keycloak administrator must turn on ${SETTINGS.standardFlow(ctx.clientId)}, or use --flow device.`);
    if (m.includes('client not found'))
        return new errors/* LoginError */.Qd('BROWSER_FLOW_REFUSED', said, `Check --client-id (${ctx.clientId}): the client must exist in realm ${ctx.realm} (Clients).`);
    return new errors/* LoginError */.Qd('BROWSER_FLOW_REFUSED', said, "Check --authority and --client-id, and the client's settings in Keycloak.");
}
/**
 * The error of a sign-in's request to the provider (the device request, a token poll, the code
 * exchange), or undefined to keep the provider's own.
 */
function deviceError(error, ctx, what = 'the device sign-in') {
    const d = error.errorDescription.toLowerCase();
    const said = `The identity provider refused ${what} (HTTP ${error.status}, ${quote(error.error, error.errorDescription)}).`;
    switch (error.error) {
        case 'unauthorized_client':
            return new errors/* LoginError */.Qd('DEVICE_FLOW_REFUSED', said, `Client ${ctx.clientId} does not allow the device flow: a Keycloak administrator must turn on ${SETTINGS.deviceFlow(ctx.clientId)}, or use --flow browser.`);
        case 'access_denied':
            return new errors/* LoginError */.Qd('ACCESS_DENIED', `${said} The person declined on the consent page.`, `Run dotstat-action login again and choose Yes. The device flow always asks for consent in Keycloak; the browser flow asks only where ${SETTINGS.consent(ctx.clientId)} is on.`);
        case 'expired_token':
            return new errors/* LoginError */.Qd('DEVICE_CODE_EXPIRED', `${said} The code was not entered and approved in time.`, `Run dotstat-action login again and enter the code sooner. To give more time, a Keycloak administrator can raise ${SETTINGS.deviceLifespan(ctx.clientId)}.`);
        case 'not_allowed':
        case 'invalid_scope':
            if (d.includes('offline') || error.error === 'invalid_scope')
                return new errors/* LoginError */.Qd('OFFLINE_REFUSED', said, `offline_access was refused: a Keycloak administrator must give ${SETTINGS.offline(ctx.clientId, ctx.realm)}. Or sign in without --offline.`);
            return undefined;
        case 'invalid_request':
            if (d.includes('code_challenge') || d.includes('code challenge') || d.includes('pkce'))
                return new errors/* LoginError */.Qd('PKCE', said, `login uses PKCE with S256: a Keycloak administrator must set ${SETTINGS.pkce(ctx.clientId)}.`);
            return undefined;
        default:
            return undefined;
    }
}
/** offline_access asked for and not granted: Keycloak's device flow drops the scope without a word. */
function offlineDropped(ctx, kind) {
    return new errors/* LoginError */.Qd('OFFLINE_REFUSED', `--offline asked for an offline token, but the identity provider gave ${kind}: offline_access was not granted (Keycloak's device flow drops a scope the client does not have, without an error). Nothing was stored.`, `A Keycloak administrator must give ${SETTINGS.offline(ctx.clientId, ctx.realm)}. Or sign in without --offline (an ordinary refresh token ends with the SSO session).`);
}

;// CONCATENATED MODULE: ./src/login/browser.ts
/**
 * The browser flow: authorization code with PKCE (S256) and a loopback redirect (RFC 8252). The
 * authorization URL is checked before a browser opens it: Keycloak answers a redirect URI it does
 * not allow, or a client without the flow, with its own error page and never comes back, so a
 * person would be left looking at "We are sorry..." while the command waits.
 * @see https://www.rfc-editor.org/rfc/rfc8252 and https://www.rfc-editor.org/rfc/rfc7636
 */








function authorizationUrl(endpoint, ctx, redirectUri, pkce, state) {
    const url = new URL(endpoint);
    url.search = new URLSearchParams({
        response_type: 'code',
        client_id: ctx.clientId,
        redirect_uri: redirectUri,
        scope: ctx.scope,
        state,
        code_challenge: pkce.challenge,
        code_challenge_method: pkce.method,
    }).toString();
    return url;
}
/** The text of Keycloak's error page (`kc-error-message`), else its title: for the message, never trusted. */
function errorPageText(html) {
    const block = /id="kc-error-message"[\s\S]*?<p[^>]*>([\s\S]*?)<\/p>/i.exec(html)?.[1] ?? /<title>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '';
    const text = block
        .replace(/<[^>]*>/g, ' ')
        .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
    return (0,src_text/* sanitize */.aj)(text.replace(/\s+/g, ' ').trim(), 200);
}
/** GETs the authorization URL once, without following it: a page to sign in on is fine; an error page or an error redirect is not. */
async function checkAuthorizationPage(url, redirectUri, ctx) {
    const response = await (0,client/* send */.tN)({ method: 'GET', url, credentials: false, redirect: 'manual', headers: { accept: 'text/html' }, signal: ctx.signal }, ctx.http);
    if (response.status >= 300 && response.status < 400) {
        const location = (0,client/* headerValue */.Z)(response.headers, 'location') ?? '';
        if (!location.startsWith(`${redirectUri}?`))
            return; // on to a sign-in page elsewhere (a federated provider)
        const params = new URL(location).searchParams;
        const error = params.get('error');
        if (error)
            throw callbackError((0,src_text/* sanitize */.aj)(error, 80), (0,src_text/* sanitize */.aj)(params.get('error_description') ?? '', 300), ctx);
        return;
    }
    if (response.status >= 400)
        throw authorizationPageError(response.status, errorPageText(response.body), ctx);
}
const bare = (url) => url.replace(/\/+$/, '');
/**
 * RFC 9207 against mix-up: a callback's `iss` must be the authority (the issuer discovery checked);
 * where the provider says it sends `iss` (Keycloak does), a callback without one is refused too.
 * A code from another issuer is never sent to this one's token endpoint.
 */
function checkIssuer(iss, ctx) {
    if (iss === undefined ? !ctx.endpoints.issInResponse : bare(iss) === bare(ctx.authority.href))
        return;
    throw new errors/* LoginError */.Qd('CALLBACK_ERROR', iss === undefined
        ? `The sign-in answer carries no iss, though ${bare(ctx.authority.href)} says it sends one (authorization_response_iss_parameter_supported): it was refused, its code not used.`
        : `The sign-in answer names the issuer ${(0,src_text/* sanitize */.aj)(iss, 200)}, not ${bare(ctx.authority.href)}: it was refused, its code not used (RFC 9207, a mix-up of identity providers).`, 'It may be a forged callback, or an answer from another sign-in in the same browser. Run dotstat-action login again, and finish the sign-in in the window it opens.');
}
/** Signs a person in through a browser; resolves with the checked tokens. */
async function browserSignIn(ctx, options) {
    const endpoint = ctx.endpoints.authorization;
    if (!endpoint)
        throw new errors/* LoginError */.Qd('NO_FLOW', 'The discovery document names no authorization_endpoint: the browser flow cannot be used.', 'Use --flow device.');
    if (ctx.endpoints.pkceMethods && !ctx.endpoints.pkceMethods.includes('S256'))
        ctx.log.warning(`The provider does not list PKCE S256 (code_challenge_methods_supported: ${ctx.endpoints.pkceMethods.join(', ') || 'none'}); sending it anyway.`);
    const pkce = createPkce();
    const state = createState();
    const listener = await listenForCallback(state, { timeoutMs: options.timeoutMs, signal: ctx.signal });
    try {
        const url = authorizationUrl(endpoint, ctx, listener.redirectUri, pkce, state);
        await checkAuthorizationPage(url, listener.redirectUri, ctx);
        ctx.log.debug(`Waiting for the sign-in on ${listener.redirectUri} (127.0.0.1 only) for ${Math.round(options.timeoutMs / 1000)} s.`);
        const opened = options.open ? await options.open(url.href) : false;
        ctx.log.info(opened ? 'A browser window was opened to sign in. If none appeared, open this URL:' : 'Open this URL in a browser on this machine to sign in:');
        ctx.log.info(url.href);
        const answer = await listener.answer;
        if ('error' in answer)
            throw callbackError(answer.error, answer.description, ctx);
        ctx.secret(answer.code);
        checkIssuer(answer.iss, ctx);
        const form = new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: ctx.clientId,
            code: answer.code,
            redirect_uri: listener.redirectUri,
            code_verifier: pkce.verifier,
        });
        try {
            const tokens = await (0,token/* requestToken */.Fr)(ctx.endpoints.token, { grant: 'authorization_code', form }, tokenContext(ctx, 'authorization_code'));
            // Only now does the browser's page say "Signed in"; any failure before this leaves it to close(), which says it failed.
            options.accept?.(tokens);
            listener.conclude(true);
            return tokens;
        }
        catch (error) {
            // Keycloak checks the user's offline_access role only here, at the exchange.
            const offline = error instanceof errors/* IdpError */.sW && (error.error === 'not_allowed' || error.error === 'invalid_scope');
            throw (offline && deviceError(error, ctx, 'the code exchange of the browser sign-in')) || error;
        }
    }
    finally {
        await listener.close();
    }
}

;// CONCATENATED MODULE: ./src/login/choose.ts
/**
 * Which flow `login` uses when --flow is auto, and why (said to the person): the device flow where
 * no browser can be opened here (an SSH session, no display, a CI job), the browser flow otherwise;
 * each with the other as the fallback for a client that refuses it.
 */

/**
 * A CI job, on any system: CI set to anything but false/0 (most set CI=true, some CI=1 or True),
 * or a system's own variable where it sets no CI (Azure Pipelines: TF_BUILD, Jenkins: JENKINS_URL).
 * There no browser is opened and no token printed (the log is kept with the run).
 */
function onCi(env) {
    const ci = env.CI?.trim().toLowerCase();
    if (ci && ci !== 'false' && ci !== '0')
        return true;
    return ['GITHUB_ACTIONS', 'GITLAB_CI', 'TF_BUILD', 'JENKINS_URL', 'BUILDKITE', 'TEAMCITY_VERSION', 'BITBUCKET_BUILD_NUMBER'].some((name) => Boolean(env[name]?.trim()));
}
/** Why no browser can be opened on this machine, or undefined when one can. */
function noBrowserHere(env, platform = process.platform) {
    if (onCi(env))
        return 'this is a CI job';
    if (env.SSH_CONNECTION || env.SSH_TTY)
        return 'this is an SSH session (a browser would open on the remote machine, if at all)';
    if (platform !== 'darwin' && platform !== 'win32' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
        return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
    return undefined;
}
function chooseFlow(requested, endpoints, env, platform) {
    const has = { browser: Boolean(endpoints.authorization), device: Boolean(endpoints.device) };
    if (requested !== 'auto')
        return { flow: requested, why: 'as --flow asked' };
    const headless = noBrowserHere(env, platform);
    if (!has.browser && !has.device)
        throw new errors/* LoginError */.Qd('NO_FLOW', 'The discovery document names neither an authorization_endpoint nor a device_authorization_endpoint: no sign-in flow is possible.', 'Check --authority: it must be the realm URL, e.g. https://keycloak.example.org/realms/OECD.');
    if (headless && has.device)
        return { flow: 'device', why: `no browser can be opened here: ${headless}`, fallback: has.browser ? 'browser' : undefined };
    if (headless)
        return {
            flow: 'browser',
            why: `${headless}, but the provider has no device flow: open the printed URL in a browser on this machine (over SSH, forward the port the URL names)`,
        };
    if (!has.browser)
        return { flow: 'device', why: 'the provider has no authorization endpoint' };
    return { flow: 'browser', why: 'a browser can be opened here', fallback: has.device ? 'device' : undefined };
}

// EXTERNAL MODULE: ./src/http/json.ts
var http_json = __webpack_require__(2868);
// EXTERNAL MODULE: ./src/http/form.ts
var http_form = __webpack_require__(7932);
// EXTERNAL MODULE: ./src/oidc/idp-errors.ts
var idp_errors = __webpack_require__(3172);
;// CONCATENATED MODULE: ./src/login/device.ts
/**
 * The device flow (RFC 8628) for a machine without a browser: ask for a code, show where to enter
 * it, then poll the token endpoint every `interval` seconds (5 more after each `slow_down`), until
 * the person approved, declined, or the code expired at `expires_in`. A client that enforces PKCE
 * refuses the request without a challenge (Keycloak: "Missing parameter: code_challenge_method"):
 * it is asked again with S256, once.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1 (request), #section-3.4-3.5 (polling)
 */










const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const idp = (ctx) => ({ authority: ctx.authority, clientId: ctx.clientId, grant: 'device_code', scope: ctx.scope });
function bad(status, problem) {
    return new errors/* ResponseError */.o3(status, `The device authorization endpoint answered HTTP ${status} but ${problem}.`, 'The provider does not answer as RFC 8628 says; use --flow browser.', 'BAD_RESPONSE');
}
/** Asks for a device code (with a PKCE challenge when given one). */
async function requestDeviceCode(ctx, endpoint, pkce) {
    const form = new URLSearchParams({ client_id: ctx.clientId, scope: ctx.scope });
    if (pkce) {
        form.set('code_challenge', pkce.challenge);
        form.set('code_challenge_method', pkce.method);
    }
    ctx.log.info(`Requesting a device code from ${endpoint.origin}${endpoint.pathname} (client ${ctx.clientId}).`);
    const response = await (0,http_form/* postForm */.j)('token', endpoint, form.toString(), ctx.http, ctx.retry, ctx.signal);
    if (response.status !== 200)
        throw (0,idp_errors/* tokenErrorFrom */.I)(response, 'device_code', idp(ctx));
    const json = (0,http_json/* tryJsonObject */.L8)(response.body);
    if (!json)
        throw bad(response.status, `its body is not a JSON object (${(0,http_json/* where */._M)(response)})`);
    const text = (key) => (typeof json[key] === 'string' && json[key] !== '' ? json[key] : undefined);
    const seconds = (key) => typeof json[key] === 'number' && Number.isFinite(json[key]) && json[key] >= 0 ? json[key] : undefined;
    const deviceCode = text('device_code');
    if (deviceCode)
        ctx.secret(deviceCode);
    // verification_url: Google's older name for it.
    const verificationUri = text('verification_uri') ?? text('verification_url');
    const userCode = text('user_code');
    const expiresIn = seconds('expires_in');
    if (!deviceCode || !userCode || !verificationUri || expiresIn === undefined)
        throw bad(response.status, 'it lacks one of device_code, user_code, verification_uri, expires_in');
    return {
        deviceCode,
        userCode: (0,src_text/* sanitize */.aj)(userCode, 40),
        verificationUri: (0,src_text/* sanitize */.aj)(verificationUri, 500),
        verificationUriComplete: text('verification_uri_complete') && (0,src_text/* sanitize */.aj)(text('verification_uri_complete') ?? '', 600),
        expiresIn,
        // RFC 8628 §3.2: 5 s where not said. At least 1 s: an interval of 0 would poll the token endpoint in a busy loop.
        interval: Math.max(1, seconds('interval') ?? 5),
    };
}
/** Signs a person in with a code entered on another device; resolves with the checked tokens. */
async function deviceSignIn(ctx, options = {}) {
    const endpoint = ctx.endpoints.device;
    if (!endpoint)
        throw new errors/* LoginError */.Qd('NO_FLOW', 'The discovery document names no device_authorization_endpoint: the device flow cannot be used.', 'Use --flow browser (Keycloak has the device flow since version 13; the client must have it turned on).');
    let pkce;
    let authorization;
    try {
        try {
            authorization = await requestDeviceCode(ctx, endpoint, undefined);
        }
        catch (error) {
            if (!(error instanceof errors/* IdpError */.sW) || error.error !== 'invalid_request' || !/code_challenge/i.test(error.errorDescription))
                throw error;
            ctx.log.info(`Client ${ctx.clientId} requires PKCE for the device flow (${error.errorDescription}): asking again with S256.`);
            pkce = createPkce();
            authorization = await requestDeviceCode(ctx, endpoint, pkce);
        }
    }
    catch (error) {
        throw (error instanceof errors/* IdpError */.sW && deviceError(error, ctx)) || error;
    }
    const received = Date.now();
    const minutes = authorization.expiresIn >= 120 ? `${Math.round(authorization.expiresIn / 60)} minutes` : `${authorization.expiresIn} s`;
    ctx.log.info(`To sign in, open ${authorization.verificationUri} on any device and enter the code ${authorization.userCode}`);
    if (authorization.verificationUriComplete)
        ctx.log.info(`(or open ${authorization.verificationUriComplete}, which holds the code)`);
    ctx.log.info(`The code expires in ${minutes}. Waiting for the sign-in...`);
    return poll(ctx, authorization, pkce, received, options.slowDownMs ?? 5000);
}
async function poll(ctx, authorization, pkce, received, slowDownMs) {
    const form = new URLSearchParams({ grant_type: DEVICE_CODE_GRANT, client_id: ctx.clientId, device_code: authorization.deviceCode });
    if (pkce)
        form.set('code_verifier', pkce.verifier);
    const deadline = received + authorization.expiresIn * 1000;
    let intervalMs = authorization.interval * 1000;
    // Past expires_in, polling goes on for one more interval (2 s at least) until the server itself
    // says expired_token: it counts whole seconds, so its code may still be pending at our deadline,
    // and an approval given in the last second is not lost.
    const giveUp = () => deadline + Math.max(intervalMs, 2000);
    // Each poll is a debug line: a person waits minutes, and a line every 5 seconds says nothing.
    const quiet = { ...ctx.log, info: (message) => ctx.log.debug(message) };
    const tokenCtx = tokenContext(ctx, 'device_code', quiet);
    for (;;) {
        await (0,http_retry/* sleep */.yy)(Math.min(intervalMs, Math.max(0, giveUp() - Date.now())), ctx.signal);
        try {
            return await (0,token/* requestToken */.Fr)(ctx.endpoints.token, { grant: 'device_code', form }, tokenCtx);
        }
        catch (error) {
            if (!(error instanceof errors/* IdpError */.sW))
                throw error;
            if (error.error === 'slow_down') {
                intervalMs += slowDownMs;
                ctx.log.debug(`The provider asked to slow down: polling every ${intervalMs / 1000} s.`);
            }
            else if (error.error !== 'authorization_pending')
                throw deviceError(error, ctx) ?? error;
            if (Date.now() >= giveUp())
                throw expired(ctx, authorization.expiresIn);
        }
    }
}
function expired(ctx, expiresIn) {
    return (deviceError(new errors/* IdpError */.sW(400, 'expired_token', `no sign-in within expires_in (${expiresIn} s)`, '', ''), ctx) ??
        new errors/* LoginError */.Qd('DEVICE_CODE_EXPIRED', `The device code expired after ${expiresIn} s.`));
}

// EXTERNAL MODULE: ./src/oidc/discovery.ts
var discovery = __webpack_require__(9167);
;// CONCATENATED MODULE: ./src/login/endpoints.ts
/**
 * What a sign-in needs from the provider's discovery document: the token endpoint (checked as for
 * every grant: the authority's own origin), the authorization endpoint the browser opens, the
 * device authorization endpoint (RFC 8628 §4), and the PKCE methods it lists.
 */



/**
 * An endpoint the document names, under the token endpoint's rule: on the authority's own origin.
 * The browser is sent to the authorization endpoint and a person signs in on the page it serves;
 * the device endpoint tells them where to enter their code: a document that a proxy, a redirect or
 * a compromised path served must not send either elsewhere. Absent: undefined (that flow is not offered).
 */
function endpointOf(document, field, authority) {
    const value = document[field];
    if (value === undefined || value === null || value === '')
        return undefined;
    const where = (0,discovery/* discoveryUrl */.cu)(authority).href;
    const url = typeof value === 'string' && /^https?:\/\//i.test(value) ? URL.parse(value) : null;
    if (!url)
        throw new errors/* ResponseError */.o3(200, `The discovery document at ${where} has an invalid ${field} (not an http(s) URL); no browser is sent there.`, 'Check --authority: it must be the realm URL, e.g. https://keycloak.example.org/realms/OECD.', 'DISCOVERY_FAILED');
    if (url.origin !== authority.origin)
        throw new errors/* ResponseError */.o3(200, `The discovery document at ${where} names a ${field} on another origin (${(0,src_text/* sanitize */.aj)(url.origin, 200)}) than the authority (${authority.origin}); nobody is sent to sign in there.`, "Set --authority to the realm URL on the host that serves Keycloak's own sign-in pages (Keycloak names them under the realm URL; a federated provider is reached from there by redirect). Where a proxy rewrites the host, set the realm's Frontend URL (Realm settings → General) to the public one.", 'TOKEN_ENDPOINT_ORIGIN');
    return url;
}
async function discoverSignIn(authority, http, retry) {
    const { tokenEndpoint, document } = await (0,discovery/* discoverProvider */.X4)(authority, http, retry);
    const methods = document.code_challenge_methods_supported;
    return {
        token: tokenEndpoint,
        authorization: endpointOf(document, 'authorization_endpoint', authority),
        device: endpointOf(document, 'device_authorization_endpoint', authority),
        pkceMethods: Array.isArray(methods) ? methods.filter((m) => typeof m === 'string') : undefined,
        issInResponse: document.authorization_response_iss_parameter_supported === true,
    };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/login/open.ts
/**
 * Opens a URL in the system browser: $BROWSER where set (as Python's webbrowser reads it), else
 * `open` (macOS), `rundll32 url.dll,FileProtocolHandler` (Windows: no shell, so no & in the URL is
 * read as a command separator), `xdg-open` (elsewhere). Never on CI; the URL is printed anyway.
 */

function browserCommand(env, platform = process.platform) {
    const chosen = env.BROWSER?.split(':')[0]?.trim();
    if (chosen)
        return [chosen];
    if (platform === 'darwin')
        return ['open'];
    if (platform === 'win32')
        return ['rundll32', 'url.dll,FileProtocolHandler'];
    return ['xdg-open'];
}
/** Starts the browser without waiting for it; false when it could not be started. */
function openBrowser(command, url) {
    const [program = '', ...args] = command;
    return new Promise((resolve) => {
        try {
            const child = (0,external_node_child_process_.spawn)(program, [...args, url], { stdio: 'ignore', detached: true });
            child.once('error', () => resolve(false));
            child.once('spawn', () => {
                child.unref();
                resolve(true);
            });
        }
        catch {
            resolve(false);
        }
    });
}

;// CONCATENATED MODULE: ./src/login/result.ts
/**
 * What `login` does with the tokens: checks that they are what was asked for (a refresh token; an
 * offline one with --offline), says what kind of token it is and what bounds it, stores it, and
 * prints it only when asked (--print, --json), with one warning that the output holds a secret.
 */


/** A JWT's claims, unverified (the token came straight from the token endpoint): for typ and the user's name only. */
function claimsOf(token) {
    try {
        const payload = JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString('utf8'));
        return payload && typeof payload === 'object' ? payload : {};
    }
    catch {
        return {};
    }
}
/** Checks the answer against what was asked for; the refresh token is not stored otherwise. */
function checkTokens(tokens, offline, ctx, now = Date.now()) {
    if (!tokens.refreshToken)
        throw new errors/* LoginError */.Qd('NO_REFRESH_TOKEN', 'The sign-in succeeded but the answer holds no refresh token: there is nothing to store for later runs.', `The client must issue refresh tokens: in Keycloak, Clients → ${ctx.clientId} → Advanced → OpenID Connect Compatibility Modes → Use refresh tokens (on by default).`);
    const typ = claimsOf(tokens.refreshToken).typ;
    const scopes = (tokens.scope ?? '').split(/\s+/);
    const isOffline = typ === 'Offline' || (typ === undefined && scopes.includes('offline_access'));
    if (offline && !isOffline)
        throw offlineDropped(ctx, typeof typ === 'string' ? `a refresh token of type ${typ}` : 'a refresh token without offline_access in its scope');
    const preferred = claimsOf(tokens.accessToken).preferred_username;
    return {
        refreshToken: tokens.refreshToken,
        offline: isOffline,
        refreshExpiresIn: tokens.refreshExpiresAt ? Math.max(0, Math.round((tokens.refreshExpiresAt.getTime() - now) / 1000)) : 0,
        user: typeof preferred === 'string' ? preferred : undefined,
    };
}
const duration = (s) => s >= 2 * 86400 ? `${Math.round(s / 86400)} days` : s >= 7200 ? `${Math.round(s / 3600)} hours` : `${Math.round(s / 60)} minutes`;
/** What the person is told about the token they now have (never the token). */
function explain(outcome) {
    if (outcome.offline) {
        return [
            'This is an offline token: it survives signing out and browser sessions ending, and its refresh_expires_in of 0 means it has no fixed end.',
            "It does expire if unused for the realm's Offline Session Idle (30 days by default), and at Offline Session Max where that is on (Realm settings → Sessions).",
            'Each refresh returns a new one (with Revoke Refresh Token on, the old one stops working): store the newest, and refresh well within the idle time (the keep-alive templates do).',
        ];
    }
    const lasts = outcome.refreshExpiresIn
        ? `expires if unused for ${duration(outcome.refreshExpiresIn)} (refresh_expires_in ${outcome.refreshExpiresIn})`
        : 'has no end the answer states';
    return [
        `This refresh token belongs to the sign-in session: it ${lasts}, the realm's SSO Session Idle, and ends at SSO Session Max or when the session is signed out (Realm settings → Sessions).`,
        'For scheduled jobs that run less often than that, sign in with --offline.',
    ];
}
/** Stores the refresh token (where asked), prints the tokens (where asked), and says what was done. */
async function deliver(tokens, outcome, delivery, log, signal) {
    let storeFailure;
    if (delivery.store) {
        try {
            const receipt = await delivery.store.write(outcome.refreshToken, { signal });
            log.info(`Stored the refresh token in ${receipt.where} (${receipt.confirmed}).`);
            if (receipt.warning)
                log.warning(receipt.warning);
        }
        catch (error) {
            // Printed below all the same where --print or --json asked: then that is the only copy.
            storeFailure = error;
        }
    }
    if (delivery.print === 'json') {
        const json = {
            access_token: tokens.accessToken,
            expires_in: tokens.expiresIn,
            refresh_token: outcome.refreshToken,
            refresh_expires_in: outcome.refreshExpiresIn,
            token_type: tokens.tokenType,
            id_token: tokens.idToken,
            scope: tokens.scope,
        };
        delivery.stdout(`${JSON.stringify(json, null, 2)}\n`);
    }
    else if (delivery.print === 'text') {
        delivery.stdout(`refresh_token: ${outcome.refreshToken}\naccess_token: ${tokens.accessToken}\n`);
    }
    if (delivery.print)
        log.warning('The output holds secrets (the tokens): do not paste it into a log, a ticket or a chat; put the refresh token only into a masked CI/CD secret.', {
            title: 'Secret output',
        });
    if (storeFailure !== undefined)
        throw notStored(storeFailure, delivery, outcome);
}
/** The sign-in succeeded and its refresh token exists nowhere else: say so, and what to do. */
function notStored(error, delivery, outcome) {
    const reason = error instanceof errors/* DotstatError */.sh ? error.describe() : error instanceof Error ? error.message : String(error);
    const where = delivery.store?.where ?? 'the store';
    const kept = delivery.print
        ? 'It was printed above (--print/--json): that is the only copy; put it into the secret yourself, or fix the cause and sign in again.'
        : 'It is not kept anywhere and was not shown (no --print).';
    const session = outcome.offline
        ? 'The offline session it belongs to stays in Keycloak until its Offline Session Idle ends; revoke it in the Account Console (Applications) or in the Admin Console (Users → the user → Consents / Sessions) if you want it gone now.'
        : "The session it belongs to ends on its own at the realm's SSO Session Idle.";
    return new errors/* LoginError */.Qd('STORE_FAILED', `The sign-in succeeded, but the refresh token was not stored in ${where}: ${reason}\n${kept}`, `Fix the cause above, then run dotstat-action login again. ${session}`, { cause: error });
}

// EXTERNAL MODULE: ./src/platform/startup.ts
var startup = __webpack_require__(2414);
// EXTERNAL MODULE: ./src/platform/terminal.ts
var terminal = __webpack_require__(9747);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/store/open.ts + 6 modules
var store_open = __webpack_require__(9349);
// EXTERNAL MODULE: ./src/files.ts
var files = __webpack_require__(9148);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/parse.ts
var parse = __webpack_require__(2828);
// EXTERNAL MODULE: ./src/store/target.ts
var target = __webpack_require__(1988);
;// CONCATENATED MODULE: ./src/cli/login-args.ts
/**
 * The options of `dotstat-action login`: the realm and client as the action's inputs name them
 * (--authority, --client-id; or DOTSTAT_AUTHORITY, DOTSTAT_CLIENT_ID), where the token goes, and
 * how to sign in. Nothing here is a secret: the token is the command's result, never its input.
 */



const LOGIN_OPTIONS = [
    { name: 'authority', env: 'DOTSTAT_AUTHORITY', value: 'URL', description: 'The realm URL, e.g. https://keycloak.example.org/realms/OECD.' },
    { name: 'client-id', env: 'DOTSTAT_CLIENT_ID', value: 'ID', description: 'The public client people sign in with [default: app].' },
    {
        name: 'store',
        env: 'DOTSTAT_STORE',
        value: 'TARGET',
        description: 'Where the refresh token goes: file:PATH, github-secret:[OWNER/REPO/[env/ENV/]]NAME, github-secret:org/ORG/NAME, gitlab-variable:[PROJECT/]NAME.',
    },
    {
        name: 'offline',
        env: 'DOTSTAT_OFFLINE',
        value: '',
        description: 'Ask for an offline token (scope offline_access): it outlives the browser session, for jobs that run less often than the session idle time.',
    },
    {
        name: 'flow',
        env: 'DOTSTAT_FLOW',
        value: 'auto|browser|device',
        description: 'browser: sign in in a browser on this machine; device: enter a code on any device; auto: device where no browser can be opened here (SSH, no display, CI), else browser [default: auto].',
    },
    { name: 'scope', env: 'DOTSTAT_SCOPE', value: 'SCOPES', description: 'More scopes to ask for, beside openid (and offline_access with --offline).' },
    { name: 'print', env: '', value: '', description: 'Also print the tokens (they are secrets: only where nobody else reads the screen).' },
    { name: 'json', env: '', value: '', description: 'Print the token answer as JSON on stdout, for scripts (it holds secrets); messages go to stderr.' },
    { name: 'no-open', env: '', value: '', description: 'Do not open a browser: print the URL only.' },
    { name: 'timeout', env: 'DOTSTAT_LOGIN_TIMEOUT', value: 'SECONDS', description: 'How long the browser flow waits for the sign-in [default: 300].' },
    { name: 'allow-insecure-http', env: 'DOTSTAT_ALLOW_INSECURE_HTTP', value: '', description: 'Permit plain http:// to a host other than this machine.' },
    { name: 'debug', env: 'DOTSTAT_DEBUG', value: '', description: 'Print debug lines (never secrets).' },
];
const FLAGS = new Map(LOGIN_OPTIONS.map((o) => [o.name, o]));
const SWITCHES = new Set(['offline', 'print', 'json', 'no-open', 'allow-insecure-http', 'debug', 'help']);
const TRUE = /^(true|1|yes|on)$/i;
function loginHelp() {
    const lines = [
        'Usage: dotstat-action login [options]',
        '',
        'Signs a person in (browser with PKCE and a loopback redirect, or the device flow) and stores the',
        'refresh token where the pipeline reads it, without showing it. Needs --store, or --print / --json.',
        '',
    ];
    for (const o of LOGIN_OPTIONS)
        lines.push(`  --${o.name}${o.value ? ` ${o.value}` : ''}`.padEnd(36) + (o.env ? o.env : ''), `      ${o.description}`);
    lines.push('  --help');
    return lines.join('\n');
}
function parseFlags(argv) {
    const flags = new Map();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? '';
        if (arg === '-h') {
            flags.set('help', 'true');
            continue;
        }
        // Never quoted: a stray argument may be a pasted token.
        if (!arg.startsWith('--'))
            throw new errors/* InputError */.dz(`argument ${i + 2}`, 'is not an option of login (it is not shown, in case it is a secret).', 'See dotstat-action login --help.');
        const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
        if (!FLAGS.has(name) && name !== 'help')
            throw new errors/* InputError */.dz(`argument ${i + 2}`, 'is not an option of login (it is not shown, in case it is a secret).', 'See dotstat-action login --help.');
        if (SWITCHES.has(name))
            flags.set(name, inline ?? 'true');
        else if (inline !== undefined)
            flags.set(name, inline);
        else if (argv[i + 1] === undefined || argv[i + 1]?.startsWith('--'))
            throw new errors/* InputError */.dz(`--${name}`, 'needs a value.', `Write --${name} VALUE.`);
        else
            flags.set(name, argv[++i] ?? '');
    }
    return flags;
}
function storeTarget(text) {
    try {
        return (0,target/* parseStoreTarget */.o)(text, 'store');
    }
    catch (error) {
        throw new errors/* InputError */.dz('store', String(error.message).replace(/^store: /, ''), 'See dotstat-action login --help.');
    }
}
/** Parses `login`'s arguments (those after the word login) and the DOTSTAT_* variables it reads. */
function parseLogin(argv, env) {
    const flags = parseFlags(argv);
    const value = (name) => {
        const env_ = FLAGS.get(name)?.env;
        const given = flags.get(name) ?? (env_ ? env[env_] : undefined);
        return given?.trim() ? given.trim() : undefined;
    };
    const on = (name) => TRUE.test(value(name) ?? '');
    const help = on('help');
    const allowInsecureHttp = on('allow-insecure-http');
    const raw = (name) => value(name);
    const authority = (0,parse/* parseUrl */.Dl)(raw, 'authority', allowInsecureHttp);
    if (!authority && !help)
        throw new errors/* InputError */.dz('authority', 'is required for login.', 'Set --authority to the realm URL, e.g. https://keycloak.example.org/realms/OECD.');
    if (authority)
        authority.pathname = authority.pathname.replace(/\/\.well-known\/openid-configuration$/, '');
    const clientId = value('client-id') ?? 'app';
    if (/\s/.test(clientId))
        throw new errors/* InputError */.dz('client-id', 'must not contain spaces.', 'Write the client id as Keycloak shows it under Clients, e.g. app.');
    const flow = (value('flow') ?? 'auto').toLowerCase();
    if (flow !== 'auto' && flow !== 'browser' && flow !== 'device')
        throw new errors/* InputError */.dz('flow', `expected auto, browser or device.`, 'Write --flow browser, --flow device, or leave it out (auto).');
    const timeout = value('timeout') ?? '300';
    if (!/^\d+$/.test(timeout) || Number(timeout) < 1 || Number(timeout) > 3600)
        throw new errors/* InputError */.dz('timeout', 'expected a number of seconds from 1 to 3600.', 'Write e.g. --timeout 600.');
    const store = value('store');
    const print = on('json') ? 'json' : on('print') ? 'text' : undefined;
    if (!store && !print && !help)
        throw new errors/* InputError */.dz('store', 'is required: login must put the refresh token somewhere.', 'Give --store file:PATH, github-secret:NAME or gitlab-variable:NAME (see --help); or --print / --json to show the tokens (they are secrets).');
    const offline = on('offline');
    const scope = ['openid', ...(offline ? ['offline_access'] : []), ...(value('scope')?.split(/\s+/) ?? [])];
    return {
        authority: authority ?? new URL('https://unset.invalid'),
        clientId,
        scope: [...new Set(scope)].join(' '),
        offline,
        flow,
        store: store ? storeTarget(store) : undefined,
        print,
        open: !on('no-open'),
        timeoutMs: Number(timeout) * 1000,
        allowInsecureHttp,
        debug: on('debug') || env.RUNNER_DEBUG === '1',
        help,
    };
}

;// CONCATENATED MODULE: ./src/cli/login.ts
/**
 * `dotstat-action login`: a person signs in once (browser or device flow, ../login/), and the
 * refresh token goes straight where the pipeline reads it (--store), never through the screen
 * unless --print or --json asks. Messages go to stderr; stdout carries only what --print/--json ask.
 */
















/**
 * The store a target names, opened to create the secret or variable when it does not exist yet
 * (the first token). Its API token is read from DOTSTAT_STORE_TOKEN, else the one its CLI uses
 * (GH_TOKEN or GITHUB_TOKEN for GitHub, GITLAB_TOKEN for GitLab); the API from GITHUB_API_URL or
 * CI_API_V4_URL where set (a GitHub Enterprise server, a self-managed GitLab).
 */
function openLoginStore(target, env, http, secret) {
    const names = target.kind === 'github-secret' ? ['DOTSTAT_STORE_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN'] : ['DOTSTAT_STORE_TOKEN', 'GITLAB_TOKEN'];
    const tokenInput = target.kind === 'file' ? undefined : names.find((name) => env[name]?.trim());
    const token = tokenInput ? env[tokenInput]?.trim() : undefined;
    if (token)
        secret(token);
    if (target.kind === 'file') {
        const not = (0,files/* notAPlainFile */.F)((0,external_node_path_.resolve)(target.path));
        if (not)
            throw new errors/* InputError */.dz('store', `${(0,external_node_path_.resolve)(target.path)} is ${not}.`, 'Name a plain file, or a path that does not exist yet; a link is never followed.');
        if (!isFolder((0,external_node_path_.dirname)((0,external_node_path_.resolve)(target.path))))
            throw new errors/* InputError */.dz('store', `the folder ${(0,external_node_path_.dirname)((0,external_node_path_.resolve)(target.path))} does not exist.`, 'Create it first, or name a file in a folder that exists.');
    }
    return (0,store_open/* openStore */.C)(target, {
        token,
        http,
        env: { GITHUB_API_URL: env.GITHUB_API_URL, GITHUB_REPOSITORY: env.GITHUB_REPOSITORY, CI_API_V4_URL: env.CI_API_V4_URL, CI_PROJECT_ID: env.CI_PROJECT_ID },
        create: true,
        targetInput: 'store',
        tokenInput: tokenInput ?? names.join(' or '),
    });
}
function isFolder(path) {
    try {
        return (0,external_node_fs_.statSync)(path).isDirectory();
    }
    catch {
        return false;
    }
}
function realmOf(authority) {
    return /\/realms\/([^/]+)/.exec(authority.pathname)?.[1] ?? 'REALM';
}
async function signIn(flow, ctx, options, env) {
    if (flow === 'device')
        return deviceSignIn(ctx);
    const canOpen = options.open && !noBrowserHere(env);
    return browserSignIn(ctx, {
        timeoutMs: options.timeoutMs,
        open: canOpen ? (url) => openBrowser(browserCommand(env), url) : undefined,
        accept: (tokens) => void checkTokens(tokens, options.offline, ctx),
    });
}
const REFUSED = { browser: 'BROWSER_FLOW_REFUSED', device: 'DEVICE_FLOW_REFUSED' };
async function login(options, platform, env, signal) {
    if (options.print && onCi(env))
        throw new errors/* InputError */.dz(options.print === 'json' ? 'json' : 'print', 'would print the tokens into a CI log, which is kept with the run.', 'Use --store to put the refresh token into a secret or variable.');
    const http = { timeoutMs: 30_000, allowInsecureHttp: options.allowInsecureHttp };
    // Opened before anyone signs in: a target that lacks its token is found before a sign-in is spent on it.
    const store = options.store ? openLoginStore(options.store, env, http, (value) => platform.addSecret(value)) : undefined;
    const retry = { signal, timing: http_retry/* DEFAULT_TIMING */.ft, debug: (m) => platform.debug(m) };
    // Read too (a secret or variable that may not exist yet is fine): a store token the API refuses,
    // a repository it cannot see, a GitLab token without the api scope are found before a person
    // signs in, not after, when the new refresh token could only be lost.
    if (store?.check) {
        platform.info(`Checking ${store.where} before the sign-in.`);
        await store.check({ signal });
    }
    const endpoints = await discoverSignIn(options.authority, http, retry);
    const ctx = {
        authority: options.authority,
        clientId: options.clientId,
        realm: realmOf(options.authority),
        scope: options.scope,
        endpoints,
        http,
        retry,
        log: platform,
        secret: (value) => platform.addSecret(value),
        signal,
    };
    const choice = chooseFlow(options.flow, endpoints, env);
    platform.info(`Signing in to ${options.authority.href} as client ${options.clientId} with the ${choice.flow} flow: ${choice.why}.`);
    let tokens;
    try {
        tokens = await signIn(choice.flow, ctx, options, env);
    }
    catch (error) {
        if (!choice.fallback || !(error instanceof errors/* LoginError */.Qd) || error.code !== REFUSED[choice.flow])
            throw error;
        platform.warning(`${error.describe()}\nTrying the ${choice.fallback} flow instead.`);
        tokens = await signIn(choice.fallback, ctx, options, env);
    }
    const outcome = checkTokens(tokens, options.offline, ctx);
    platform.info(`Signed in${outcome.user ? ` as ${outcome.user}` : ''}.`);
    for (const line of explain(outcome))
        platform.info(line);
    await deliver(tokens, outcome, { store, print: options.print, stdout: (text) => void process.stdout.write(text) }, platform, signal);
    if (!store)
        platform.info('The refresh token was not stored (no --store): put it into a masked secret yourself.');
}
/** Runs `dotstat-action login ARGS`; the exit status is set on process.exitCode. */
async function runLogin(argv, env = process.env) {
    let options;
    let parseError;
    try {
        options = parseLogin(argv, env);
    }
    catch (error) {
        parseError = error;
    }
    // stderr: stdout is kept for what --print / --json ask for.
    const platform = (0,terminal/* createTerminalPlatform */.K)(secrets/* SECRETS */.cW, { debug: options?.debug ?? false, write: (line) => void process.stderr.write(`${line}\n`) });
    if (parseError || !options)
        return platform.setFailed((0,errors/* asDotstatError */.oH)(parseError).describe());
    if (options.help)
        return void process.stdout.write(`${loginHelp()}\n`);
    const cancellation = (0,startup/* listenForCancellation */.ci)();
    try {
        await login(options, platform, env, cancellation.signal);
    }
    catch (error) {
        platform.setFailed((0,errors/* asDotstatError */.oH)(error).describe());
    }
    finally {
        cancellation.release();
    }
}


/***/ })

};
