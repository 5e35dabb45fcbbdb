import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 9576:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  a: () => (/* binding */ runCli)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __nccwpck_require__(8422);
;// CONCATENATED MODULE: ./src/cli/args.ts
/**
 * The command line's settings: flags named like the action's inputs (`--client-id app`), or
 * environment variables `DOTSTAT_<INPUT>` (`DOTSTAT_CLIENT_ID`). A flag wins over the
 * environment, the environment over the default. Secrets come only from the environment (masked
 * CI/CD variables): on a command line they would show in the process list, shell history and logs.
 */


/** Options of the command line itself, beside the action's inputs. */
const CLI_OPTIONS = [
    {
        name: 'dotenv',
        env: 'DOTSTAT_DOTENV',
        description: 'Write non-secret results (grant type, expiry, request ids, status, outcome) as DOTSTAT_* variables to this dotenv file, for artifacts:reports:dotenv. Default on GitLab: dotstat.env; elsewhere none.',
    },
    { name: 'token-file', env: 'DOTSTAT_TOKEN_FILE', description: 'Write the access token to this file, created with mode 0600, for use within the job.' },
    {
        name: 'state-file',
        env: 'DOTSTAT_STATE_FILE',
        description: "Where the job's sign-in is kept (mode 0600) for the token and revoke commands. Default in CI: a file for this job in RUNNER_TEMP, or in a folder of this user's own under the temporary folder; elsewhere only when set.",
    },
    { name: 'debug', env: 'DOTSTAT_DEBUG', description: 'Print debug lines (never secrets).' },
];
const BOOLEAN_INPUTS = new Set(inputs/* INPUTS */.m.filter((i) => i.default === 'true' || i.default === 'false').map((i) => i.name));
const SECRET = new Set(inputs/* INPUTS */.m.filter((i) => i.secret).map((i) => i.name));
const NAMES = new Set(inputs/* INPUTS */.m.map((i) => i.name));
function envName(input) {
    return `DOTSTAT_${input.toUpperCase().replace(/-/g, '_')}`;
}
function refuseSecretFlag(name) {
    throw new errors/* InputError */.dz(`--${name}`, 'a secret is never taken from the command line: it would show in the process list, in shell history and in CI logs.', `Set the environment variable ${envName(name)} instead (in GitLab: a masked CI/CD variable).`);
}
/** The known name nearest to a mistyped one (edit distance, a third of its length at most). */
function closest(name, known) {
    let best;
    for (const candidate of known) {
        const d = distance(name, candidate);
        if (d <= Math.max(2, Math.floor(candidate.length / 3)) && (!best || d < best.distance))
            best = { name: candidate, distance: d };
    }
    return best?.name ?? known.find((n) => name.length > 3 && (n.startsWith(name) || name.startsWith(n)));
}
function distance(a, b) {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++)
            next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
        row = next;
    }
    return row[b.length] ?? 0;
}
function unknownFlag(flag, position) {
    // Named without its =value: a mistyped `--pasword=...` must not print the password. And named
    // at all only when it is close to a known flag (a typo): anything else may be a pasted secret
    // that happens to start with --.
    const given = flag.split('=')[0] ?? '';
    const name = given.replace(/^--(no-)?/, '');
    const close = closest(name, [...NAMES, ...CLI_OPTIONS.map((o) => o.name)]);
    if (!close)
        throw new errors/* InputError */.dz(`argument ${position}`, 'is not a known option (it is not shown, in case it is a secret).', 'See --help for every setting.');
    // A secret has no flag: point at its variable rather than at a flag that would be refused.
    const hint = SECRET.has(close)
        ? `Did you mean ${envName(close)}? Secrets are read only from the environment.`
        : `Did you mean --${close}? See --help.`;
    throw new errors/* InputError */.dz(given, 'is not a known option.', hint);
}
function parseArgv(argv) {
    const flags = new Map();
    let command;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? '';
        if (arg === 'exec') {
            const rest = argv.slice(i + 1);
            command = rest[0] === '--' ? rest.slice(1) : rest;
            if (command.length === 0)
                throw new errors/* InputError */.dz('exec', 'needs a command to run.', 'Write it after --, e.g. dotstat-action exec -- python publish.py');
            break;
        }
        if (arg === 'keyless-setup' || arg === 'token' || arg === 'revoke') {
            // Apart from the flags: `revoke` is also an input (--revoke always revoke).
            flags.set(`command:${arg}`, 'true');
            continue;
        }
        if (arg === '-h' || arg === '--help' || arg === '--version' || arg === '-v') {
            flags.set(arg.replace(/^-+/, '').replace(/^h$/, 'help').replace(/^v$/, 'version'), 'true');
            continue;
        }
        if (!arg.startsWith('--')) {
            // Never quoted, not even a word: a stray argument may be a pasted secret, and a password
            // can look like a mistyped command. Named by its position, with the command it resembles.
            const hint = distance(arg, 'exec') <= 2 ? 'Did you mean exec? ' : '';
            throw new errors/* InputError */.dz(`argument ${i + 1}`, 'is not an option or a command (it is not shown, in case it is a secret).', `${hint}Options start with --; the commands are exec, token, revoke and keyless-setup. See --help.`);
        }
        const [flag = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
        const negated = flag.startsWith('no-') && (BOOLEAN_INPUTS.has(flag.slice(3)) || flag === 'no-debug');
        const name = negated ? flag.slice(3) : flag;
        if (SECRET.has(name))
            refuseSecretFlag(name);
        const isBoolean = BOOLEAN_INPUTS.has(name) || name === 'debug';
        if (!NAMES.has(name) && !CLI_OPTIONS.some((o) => o.name === name))
            unknownFlag(arg, i + 1);
        let value;
        if (negated)
            value = 'false';
        else if (inline !== undefined)
            value = inline;
        else if (isBoolean && (argv[i + 1] === undefined || !/^(true|false|yes|no|on|off|1|0)$/i.test(argv[i + 1] ?? '')))
            value = 'true';
        // `--client-id --wait` forgot the value; a value starting with -- is still possible as --flag=--x.
        else if (argv[i + 1] === undefined || argv[i + 1]?.startsWith('--'))
            throw new errors/* InputError */.dz(`--${name}`, 'needs a value.', `Write --${name} VALUE, or --${name}=VALUE.`);
        else
            value = argv[++i] ?? '';
        // --file may be repeated: each adds a line, as in the action's multi-line input.
        flags.set(name, name === 'file' && flags.has(name) ? `${flags.get(name)}\n${value}` : value);
    }
    return { flags, command };
}
function parseCli(argv, env) {
    const { flags, command } = parseArgv(argv);
    const fromEnv = (input) => {
        const value = env[envName(input)];
        return value === undefined || value.trim() === '' ? undefined : value;
    };
    const explicit = new Set();
    for (const input of inputs/* INPUTS */.m)
        if (flags.has(input.name) || fromEnv(input.name) !== undefined)
            explicit.add(input.name);
    const settings = (name) => (SECRET.has(name) ? env[envName(name)] : (flags.get(name) ?? fromEnv(name)));
    const option = (name) => flags.get(name) ?? fromEnv(name);
    const onGitlab = env.GITLAB_CI === 'true';
    return {
        settings,
        explicit,
        dotenv: option('dotenv') ?? (onGitlab ? 'dotstat.env' : undefined),
        tokenFile: option('token-file'),
        debug: /^(true|1|yes|on)$/i.test(option('debug') ?? '') || env.RUNNER_DEBUG === '1' || env.CI_DEBUG_TRACE === 'true',
        help: flags.has('help'),
        keylessSetup: flags.has('command:keyless-setup'),
        lifecycle: flags.has('command:token') ? 'token' : flags.has('command:revoke') ? 'revoke' : undefined,
        stateFile: option('state-file'),
        version: flags.has('version'),
        command,
    };
}

;// CONCATENATED MODULE: ./src/cli/help.ts
/** `dotstat-action --help`: every setting, its flag, its environment variable and its default. */


const VERSION = '0.1.0';
function wrap(text, indent, width = 96) {
    const lines = [];
    let line = '';
    for (const word of text.split(' ')) {
        if (line && indent.length + line.length + word.length + 1 > width) {
            lines.push(line);
            line = word;
        }
        else
            line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines.map((l) => `${indent}${l}`).join('\n');
}
function helpText() {
    const out = [
        `dotstat-action ${VERSION}: get a .Stat Suite access token, optionally upload SDMX data to the`,
        'Transfer service and wait for the outcome. The same job as the GitHub Action, for GitLab CI and',
        'terminals.',
        '',
        'Usage:',
        '  dotstat-action [options]                 get a token (and upload, when --file or --file-url is set)',
        "  dotstat-action [options] keyless-setup  print this job's ID token claims and the Keycloak setup for keyless sign-in",
        '  dotstat-action login [options]           sign a person in (browser or device flow) and store the refresh token;',
        '                                           see dotstat-action login --help',
        '  dotstat-action [options] exec -- CMD...  then run CMD with DOTSTAT_ACCESS_TOKEN (and',
        '                                           DOTSTAT_REFRESH_TOKEN) in its environment, the token kept fresh',
        '                                           in the file DOTSTAT_ACCESS_TOKEN_FILE; exits with its code',
        "  dotstat-action token                     print a valid access token of this job's sign-in, renewed if due",
        '  dotstat-action [--revoke R] revoke       end the job: revoke what it signed in (revoke), remove its state',
        '',
        'Each setting is a flag or an environment variable (the flag wins). Secrets are read only from',
        'the environment (masked CI/CD variables), never from flags.',
        '',
        'Settings:',
    ];
    for (const input of inputs/* INPUTS */.m) {
        const flag = input.secret ? `(secret: environment only)` : `--${input.name}`;
        const def = input.default ? ` [default: ${input.default}]` : '';
        out.push(`  ${flag.padEnd(34)}${envName(input.name)}${def}`, wrap(input.description, '      '));
    }
    out.push('', 'Command-line options:');
    for (const option of CLI_OPTIONS)
        out.push(`  ${`--${option.name}`.padEnd(34)}${option.env}`, wrap(option.description, '      '));
    out.push(`  ${'--help, --version'.padEnd(34)}`, '', "Exit status: 0 on success, 1 on failure; with exec, the command's own status.");
    return out.join('\n');
}

// EXTERNAL MODULE: ./src/lifecycle/finish.ts + 1 modules
var finish = __nccwpck_require__(6849);
// EXTERNAL MODULE: ./src/oidc/session.ts
var oidc_session = __nccwpck_require__(4425);
// EXTERNAL MODULE: ./src/oidc/token-response.ts
var token_response = __nccwpck_require__(1490);
// EXTERNAL MODULE: ./src/store/open.ts + 6 modules
var store_open = __nccwpck_require__(9349);
// EXTERNAL MODULE: ./src/store/write-back.ts
var write_back = __nccwpck_require__(5280);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: ./src/files.ts
var files = __nccwpck_require__(9148);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
;// CONCATENATED MODULE: ./src/lifecycle/process.ts
/**
 * Whether the command that left a file behind has ended: its pid is gone. A pid means something
 * only in its own process namespace (a container that shares the folder, `docker run -v
 * $RUNNER_TEMP:…`, has pids of its own, and another's live command would read as gone), so each
 * file also holds the tag of the namespace it was made in, and only a file of this namespace is
 * judged by its pid.
 */



/** This process's namespace: Linux's pid namespace (/proc/self/ns/pid) and the host name (a container's own), hashed to 8 hex digits. */
const NAMESPACE_TAG = namespaceTag();
function namespaceTag() {
    let pidNamespace = '';
    try {
        pidNamespace = (0,external_node_fs_.readlinkSync)('/proc/self/ns/pid');
    }
    catch {
        // Not Linux: the host name alone.
    }
    return (0,external_node_crypto_.createHash)('sha256').update(`${pidNamespace}\n${(0,external_node_os_.hostname)()}`).digest('hex').slice(0, 8);
}
/** Whether the process runs (one of another user's too: EPERM is an answer that it does). */
function processAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code !== 'ESRCH';
    }
}
/** Whether the command with this pid, in the namespace of this tag, has ended; never said of another namespace's. */
function hasEnded(pid, tag) {
    return tag === NAMESPACE_TAG && Number.isSafeInteger(pid) && pid > 0 && !processAlive(pid);
}

;// CONCATENATED MODULE: ./src/lifecycle/lock.ts
/**
 * The lock that serialises renewals of the job's state (./resume.ts): a file beside the state,
 * created exclusively (O_EXCL, never through a link), holding its command's pid, the tag of its
 * process namespace (./process.ts) and a random value of its own. Its holder touches it every 5 s
 * while it works (a renewal may take minutes: four tries of up to request-timeout each, and a
 * Retry-After), so a lock is taken over only when its command has ended (its pid gone, in this
 * namespace) or has stopped touching it for 30 s (stopped, or in a namespace whose pids mean
 * nothing here), never because a slow renewal outlasts a fixed wait.
 *
 * Two commands that find a lock left at once must not both take it, or both would spend the one
 * refresh token (a second use of a spent one ends the session in Keycloak). So every removal of a
 * lock, a takeover's or its holder's release, is done under a second file, `.takeover`, where the
 * lock is judged again; never on an earlier look, by when another command may have taken it.
 *
 * What is left: a command killed in the microseconds it holds `.takeover` leaves it behind; it is
 * cleared once its command has ended or it is 10 s old, and two commands clearing it at the same
 * moment could still both go on.
 */





/** How often a holder touches its lock, and how long one untouched is taken to be stuck. */
const HEARTBEAT_MS = 5_000;
const STALE_MS = 30_000;
/** A `.takeover` older than this was left by a killed command (it is held for microseconds). */
const TAKEOVER_STALE_MS = 10_000;
const POLL_MS = 50;
/** Takes the lock at `lock`, waiting for its holder; resolves with the release. */
async function acquireLock(lock, options = {}) {
    const staleMs = options.staleMs ?? STALE_MS;
    const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
    // The lock as this command last saw it change (its inode and times), on this command's monotonic
    // clock: the wall clock jumps (a suspend, an NTP step) and would make a live holder's touch look
    // old before its next one is due; the monotonic clock stands still while the machine sleeps.
    let seen;
    for (;;) {
        const held = create(lock);
        if (held) {
            // Through the descriptor: the file this command made, whatever is at the path by then.
            const heartbeat = setInterval(() => touch(held.fd), heartbeatMs);
            heartbeat.unref();
            return async () => {
                clearInterval(heartbeat);
                (0,external_node_fs_.closeSync)(held.fd);
                // Never an error of the command that renewed (its token, or its own error, would be lost):
                // a lock left behind is taken over once this command has ended, or untouched.
                await release(lock, held.content).catch((error) => options.debug?.(`Left the lock ${lock}: ${error.message}`));
            };
        }
        const key = keyOf(lock);
        if (key !== seen?.key)
            seen = key === undefined ? undefined : { key, since: performance.now() };
        const watched = seen;
        // Stuck: seen unchanged by this command for the stale time, or for three touches when its mtime is that old too.
        const stuck = () => {
            if (!watched || keyOf(lock) !== watched.key)
                return false;
            const unchanged = performance.now() - watched.since;
            return unchanged > staleMs || (unchanged > Math.min(staleMs, 3 * heartbeatMs) && ageMs(lock) > staleMs);
        };
        // Judged only under .takeover: judged before, the lock may have changed hands by the time it is removed.
        if (takeOver(lock, () => isLeft(lock) || stuck())) {
            options.debug?.(`Took over the lock ${lock}: its command had ended or stopped for ${Math.round(staleMs / 1000)} s.`);
            seen = undefined;
            continue;
        }
        await sleep(POLL_MS);
    }
}
/**
 * Removes the lock if `stillLeft()` says so under `.takeover`; false when another command is at
 * it (or the lock was taken meanwhile).
 */
function takeOver(lock, stillLeft) {
    const guard = `${lock}.takeover`;
    const held = create(guard);
    if (!held) {
        clearStale(guard);
        return false;
    }
    (0,external_node_fs_.closeSync)(held.fd);
    try {
        if (!stillLeft())
            return false;
        remove(lock);
        return true;
    }
    finally {
        removeIfMine(guard, held.content);
    }
}
/**
 * Removes the lock while it is still this command's (one that took it over as stuck holds it now),
 * under `.takeover` as a takeover does. A command that cannot get `.takeover` for 11 s leaves the
 * lock: it ends, and the next command finds it gone.
 */
async function release(lock, content) {
    const guard = `${lock}.takeover`;
    const until = Date.now() + TAKEOVER_STALE_MS + 1000;
    for (;;) {
        const held = create(guard);
        if (held) {
            (0,external_node_fs_.closeSync)(held.fd);
            try {
                removeIfMine(lock, content);
            }
            finally {
                removeIfMine(guard, held.content);
            }
            return;
        }
        clearStale(guard);
        if (Date.now() > until)
            return;
        await sleep(5);
    }
}
/** Creates the file exclusively with this command's pid, namespace and a value of its own; undefined when one exists. */
function create(path) {
    let fd;
    try {
        // Exclusive, never through a link: a lock planted as a link to another file is never written.
        fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | external_node_fs_.constants.O_NOFOLLOW, 0o600);
    }
    catch (error) {
        if (error.code === 'EEXIST')
            return undefined;
        throw lockError(path, error);
    }
    const content = `${process.pid} ${NAMESPACE_TAG} ${(0,external_node_crypto_.randomBytes)(8).toString('hex')}`;
    try {
        (0,external_node_fs_.writeSync)(fd, content);
    }
    catch (error) {
        // A disk that is full: an empty file would read as a lock being made, and stay.
        (0,external_node_fs_.closeSync)(fd);
        (0,external_node_fs_.rmSync)(path, { force: true });
        throw lockError(path, error);
    }
    return { content, fd };
}
function touch(fd) {
    try {
        const now = new Date();
        (0,external_node_fs_.futimesSync)(fd, now, now);
    }
    catch {
        // In a timer, so never thrown: a touch that fails (a file system gone read-only) only lets the lock look stuck sooner.
    }
}
function removeIfMine(path, content) {
    if (contentOf(path) === content)
        remove(path);
}
function clearStale(guard) {
    if (isLeft(guard) || ageMs(guard) > TAKEOVER_STALE_MS)
        remove(guard);
}
/** A lock whose command has ended (its pid gone, in this namespace), or one no command of ours made. */
function isLeft(path) {
    // A link, a pipe or a folder is no lock a command made: never read through it (a pipe would block).
    if ((0,files/* notAPlainFile */.F)(path))
        return true;
    const [pid, tag] = (contentOf(path) ?? '').split(' ');
    // Empty (pid 0, never ended) while its command is between creating it and writing; a lock of an older version holds the pid alone.
    return hasEnded(Number(pid), tag ?? NAMESPACE_TAG);
}
function contentOf(path) {
    if ((0,files/* notAPlainFile */.F)(path))
        return undefined;
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch {
        return undefined;
    }
}
/** Which file is at the path, and when it was last touched: changes with every touch, whatever the clock says. */
function keyOf(path) {
    try {
        const stats = (0,external_node_fs_.lstatSync)(path);
        return `${stats.ino}:${stats.mtimeMs}:${stats.ctimeMs}`;
    }
    catch {
        return undefined;
    }
}
function ageMs(path) {
    try {
        return Date.now() - (0,external_node_fs_.lstatSync)(path).mtimeMs;
    }
    catch {
        return 0;
    }
}
function remove(path) {
    try {
        (0,external_node_fs_.rmSync)(path, { force: true });
    }
    catch (error) {
        throw lockError(path, error);
    }
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function lockError(lock, error) {
    return new errors/* DotstatError */.sh('STATE', `Cannot lock the job's state (${lock}): ${error.code ?? 'error'}.`, 'Check that the folder of the state is writable; remove a link or folder at that path.');
}

// EXTERNAL MODULE: ./src/lifecycle/state.ts + 1 modules
var lifecycle_state = __nccwpck_require__(4849);
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
    for (const secret of [state.accessToken, state.refreshToken, state.clientSecret, state.store?.token])
        platform.addSecret(secret);
    const store = state.store &&
        (0,store_open/* openStore */.C)(state.store.target, {
            token: state.store.token,
            http: state.http,
            env: process.env,
            targetInput: 'refresh-token-store',
            tokenInput: 'store-token',
        });
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
                const given = kept.refreshToken;
                kept = { ...kept, refreshToken: token };
                (0,lifecycle_state/* writeState */.Jq)(path, kept);
                const inState = `the job's state (${path})`;
                // Written back where the run wrote it (refresh-token-store), or the next run would find a spent one.
                return store ? (0,write_back/* keepInStore */.k5)(platform, store, token, { given, output: inState }) : inState;
            },
        },
    }, keep);
    session.adopt((0,lifecycle_state/* tokensOf */.k8)(state));
    return session;
}
/**
 * `dotstat-action token`: a valid access token, renewed first when it is due. Commands run at
 * once (a script's parallel calls) renew one at a time, under a lock file beside the state: each
 * reads the state again once it holds the lock, so only the first spends the refresh token (a
 * second use of a spent one ends the session in Keycloak) and the others print the token it got.
 */
async function validToken(path, platform, env = process.env) {
    const first = resumeSession(path, platform);
    if (!first.needsRenewal())
        return first.current.accessToken;
    if (renewedByExec(path, env))
        return awaitExecRenewal(path, platform);
    const release = await acquireLock(`${path}.lock`, { debug: (message) => platform.debug(message) });
    try {
        const session = resumeSession(path, platform);
        if (session.needsRenewal())
            await session.renew();
        return session.current.accessToken;
    }
    finally {
        await release();
    }
}
/**
 * exec's renewal of its own session, when the sign-in is kept in the state: under the same lock as
 * `token`, and from the state when another command of the job (not exec's child) renewed it
 * meanwhile, whose refresh token replaced the one in memory (a second use of which would end the
 * session). A lock that cannot be made (a folder at its path) is said in the debug log, and the renewal
 * goes on without it: the child's token must stay fresh.
 */
async function renewShared(path, session, platform) {
    const debug = (message) => platform.debug(message);
    const release = await acquireLock(`${path}.lock`, { debug }).catch((error) => void debug(`Renewing without the lock: ${error.message}`));
    try {
        let kept;
        try {
            const state = (0,lifecycle_state/* readState */.un)(path);
            kept = state && (0,lifecycle_state/* tokensOf */.k8)(state);
        }
        catch {
            kept = undefined;
        }
        if (kept?.refreshToken && kept.refreshToken !== session.current.refreshToken) {
            for (const secret of (0,token_response/* tokenSecrets */.RD)(kept))
                platform.addSecret(secret);
            session.takeKept(kept);
            if (!session.needsRenewal())
                return;
        }
        await session.renew();
    }
    finally {
        await release?.();
    }
}
/**
 * The name under which `exec` tells its child that it renews the state itself (its pid and the
 * state's path): its session is in memory, so a renewal by the child's `token` would spend the
 * refresh token that exec then uses again.
 */
const EXEC_RENEWER = 'DOTSTAT_STATE_RENEWED_BY';
function execRenewer(path) {
    return `${process.pid}:${(0,external_node_path_.resolve)(path)}`;
}
function renewedByExec(path, env) {
    const match = /^(\d+):(.+)$/.exec(env[EXEC_RENEWER] ?? '');
    if (!match || (0,external_node_path_.resolve)(path) !== match[2])
        return false;
    return processAlive(Number(match[1]));
}
/** How long a `token` run by exec's child waits for exec's renewal before printing the token there is. */
const EXEC_RENEWAL_WAIT_MS = 30_000;
/** Waits (a while at most) for exec's renewal to reach the state; its token then, else the one there is. */
async function awaitExecRenewal(path, platform) {
    const until = Date.now() + EXEC_RENEWAL_WAIT_MS;
    for (;;) {
        const session = resumeSession(path, platform);
        if (!session.needsRenewal() || Date.now() > until)
            return session.current.accessToken;
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

// EXTERNAL MODULE: ./src/parse.ts
var parse = __nccwpck_require__(2828);
// EXTERNAL MODULE: ./src/platform/terminal.ts
var terminal = __nccwpck_require__(9747);
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
/** Runs `token` (with the stderr platform, ../cli.ts) or `revoke` (with the job's platform). */
async function lifecycleCommand(which, options, platform, env) {
    if (which === 'revoke') {
        // The policy kept at sign-in, unless this command is given one (--revoke always ends a stored token's session too).
        const policy = options.explicit.has('revoke')
            ? (0,parse/* parseEnum */.nL)(options.settings, 'revoke', ['auto', 'always', 'never'])
            : undefined;
        return (0,finish/* finishJob */.x)(statePathOf(options, env), platform, { policy });
    }
    const token = await validToken(statePathOf(options, env), platform);
    process.stdout.write(`${token}\n`);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(1421);
;// CONCATENATED MODULE: ./src/cli/token-use.ts
/**
 * Using the token within the job, since nothing that leaves the job can be masked on GitLab: a
 * file only this user can read, or a child process's environment. The token is never printed.
 */







/** exec's own token files: `dotstat-access-token-TAG-PID-RANDOM`, TAG and PID those of the exec that writes it. */
const EXEC_TOKEN_FILE = /^dotstat-access-token-([0-9a-f]{8})-(\d+)-[0-9a-f]{12}$/;
/**
 * exec's own token file, when --token-file names none, in the job's private folder (mode 0700, or
 * RUNNER_TEMP); exec removes it when it ends. One that a killed exec (SIGKILL, a runner that
 * stopped) could not remove is removed here, by the next exec of this user: its pid is gone.
 */
function execTokenPath(folder) {
    removeLeftTokenFiles(folder);
    return (0,external_node_path_.join)(folder, `dotstat-access-token-${NAMESPACE_TAG}-${process.pid}-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
}
/** Removes the token files of execs that have ended (in this namespace: ../lifecycle/process.ts); their names. Never fails. */
function removeLeftTokenFiles(folder) {
    let names;
    try {
        names = (0,external_node_fs_.readdirSync)(folder);
    }
    catch {
        return [];
    }
    return names.filter((name) => {
        const [, tag = '', pid = ''] = EXEC_TOKEN_FILE.exec(name) ?? [];
        if (!hasEnded(Number(pid), tag))
            return false;
        try {
            // A link is removed as the link, never followed; a folder is refused by rmSync (no recursive) and left, and never breaks exec.
            (0,external_node_fs_.rmSync)((0,external_node_path_.join)(folder, name), { force: true });
            return true;
        }
        catch {
            return false;
        }
    });
}
/**
 * Writes (or rewrites, after a renewal) the access token to a file with mode 0600, never through
 * a link or into a pipe (../files.ts).
 */
function writeTokenFile(path, token) {
    checkTokenFile(path);
    try {
        (0,files/* replaceFile */.f)(path, token, 0o600);
    }
    catch (error) {
        throw new errors/* DotstatError */.sh('TOKEN_FILE', `Cannot write the token file '${path}': ${error.code ?? 'error'}.`, 'Check that its folder exists and is writable.', { cause: error });
    }
}
/** Refuses a path that is there but is no regular file; run before any request, and before each write. */
function checkTokenFile(path) {
    const kind = (0,files/* notAPlainFile */.F)(path);
    if (kind)
        throw new errors/* DotstatError */.sh('TOKEN_FILE', `Cannot write the token file '${path}': it is ${kind}, not a regular file.`, 'Give the path of a regular file, or of one that does not exist yet.');
}
/** Runs the command with extra environment variables; resolves with its exit status. */
function execWith(command, extraEnv) {
    const [file, ...args] = command;
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(file, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
        const forward = (signal) => () => child.kill(signal);
        const onTerm = forward('SIGTERM');
        const onInt = forward('SIGINT');
        process.on('SIGTERM', onTerm).on('SIGINT', onInt);
        child.on('error', (error) => {
            process.off('SIGTERM', onTerm).off('SIGINT', onInt);
            reject(new errors/* DotstatError */.sh('EXEC_FAILED', `Cannot run '${file}': ${error.code === 'ENOENT' ? 'command not found' : (error.code ?? error.message)}.`, 'Check the command after exec --, and that it is on PATH.'));
        });
        child.on('close', (code, signal) => {
            process.off('SIGTERM', onTerm).off('SIGINT', onInt);
            resolve(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 1));
        });
    });
}
function signalNumber(signal) {
    return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal];
}

// EXTERNAL MODULE: ./src/config.ts + 3 modules
var src_config = __nccwpck_require__(388);
;// CONCATENATED MODULE: ./src/platform/dotenv.ts
/**
 * A dotenv file for GitLab's `artifacts:reports:dotenv`: later jobs receive its variables. GitLab
 * never masks them, so only non-secret results go in (grant type, expiry, request ids, status,
 * outcome), and a value holding a registered secret is refused even if some caller got it wrong.
 */


/** Outputs that may be handed to later jobs; everything else stays in this job. */
const PUBLIC_OUTPUTS = new Set([
    'grant-type',
    'token-type',
    'expires-in',
    'expires-at',
    'refresh-expires-at',
    'request-id',
    'execution-status',
    'outcome',
    // The sealed access token (../oidc/handoff.ts): ciphertext, not a secret; a later job opens it with the key.
    'handoff',
]);
/** A value that is never cut to fit: half a ciphertext opens nothing. */
const WHOLE = 'DOTSTAT_HANDOFF';
/**
 * DOTSTAT_<OUTPUT>, except where that is also a setting's variable: a dotenv variable overrides a
 * later job's own `variables:`, so DOTSTAT_GRANT_TYPE=password would force the password grant on
 * every later dotstat job. The grant used is therefore DOTSTAT_GRANT_USED.
 */
const RENAMED = { 'grant-type': 'DOTSTAT_GRANT_USED' };
/**
 * GitLab refuses a dotenv report of 5 KiB or more (plan limit `dotenv_size`, 5120 bytes on every
 * plan), and the job's artifacts with it. Eight variables are far under its count limit (20 at least).
 * @see https://docs.gitlab.com/administration/instance_limits/#limit-dotenv-file-size
 */
const MAX_DOTENV_BYTES = 5120;
/** The report's text, under MAX_DOTENV_BYTES: when too long, the longest value (the request ids) is cut. */
function fitted(values) {
    const lines = [...values].map(([name, value]) => ({ name, value }));
    const size = () => lines.reduce((sum, l) => sum + l.name.length + l.value.length + 2, 0);
    const cuttable = lines.filter((l) => l.name !== WHOLE);
    if (size() >= MAX_DOTENV_BYTES && cuttable.length > 0) {
        const longest = cuttable.reduce((a, b) => (b.value.length > a.value.length ? b : a));
        longest.value = fitValue(longest.value, longest.value.length - (size() - MAX_DOTENV_BYTES + 1));
    }
    return lines.map((l) => `${l.name}=${l.value}`).join('\n');
}
/**
 * A value cut to `room` characters: a list (request ids of many files) is cut between items and
 * says how many were left out, so that no id is ever shown half.
 */
function fitValue(value, room) {
    if (value.length <= room)
        return value;
    const items = value.split(',');
    if (items.length === 1)
        return value.slice(0, Math.max(0, room));
    const kept = [];
    for (const item of items) {
        const next = [...kept, item].join(',');
        if (next.length + `,+${items.length - kept.length - 1} more`.length > room)
            break;
        kept.push(item);
    }
    return `${kept.join(',')}${kept.length ? ',' : ''}+${items.length - kept.length} more`;
}
function dotenvName(output) {
    return RENAMED[output] ?? `DOTSTAT_${output.toUpperCase().replace(/-/g, '_')}`;
}
class DotenvReport {
    path;
    secrets;
    #values = new Map();
    constructor(path, secrets) {
        this.path = path;
        this.secrets = secrets;
    }
    /** Records an output (if it may be published) and rewrites the file, so nothing is lost on a later failure. */
    set(output, value) {
        if (!PUBLIC_OUTPUTS.has(output) || this.secrets.redact(value) !== value)
            return;
        // One line per variable: GitLab's dotenv takes no multi-line values.
        this.#values.set(dotenvName(output), value.replace(/\r?\n/g, ',').replace(/[^\x20-\x7e]/g, ''));
        const text = fitted(this.#values);
        // The default path (dotstat.env) is in the working folder, which the repository fills: never
        // written through a link it committed, nor into a pipe.
        const kind = (0,files/* notAPlainFile */.F)(this.path);
        if (kind)
            throw new errors/* DotstatError */.sh('DOTENV', `Cannot write the dotenv report '${this.path}': it is ${kind}, not a regular file.`, 'Remove it, or set --dotenv (DOTSTAT_DOTENV) to another path.');
        try {
            (0,files/* replaceFile */.f)(this.path, `${text}\n`, 0o644);
        }
        catch (error) {
            throw new errors/* DotstatError */.sh('DOTENV', `Cannot write the dotenv report '${this.path}': ${error.code ?? 'error'}.`, 'Check that its folder exists and is writable, or set --dotenv (DOTSTAT_DOTENV) to another path.', { cause: error });
        }
    }
}

;// CONCATENATED MODULE: ./src/platform/gitlab.ts

const ESC = '\u001b';
let sections = 0;
async function section(title, fn, print) {
    const name = `dotstat_${++sections}`;
    const now = () => Math.floor(Date.now() / 1000);
    print(`${ESC}[0Ksection_start:${now()}:${name}[collapsed=true]\r${ESC}[0K${title}`);
    try {
        return await fn();
    }
    finally {
        print(`${ESC}[0Ksection_end:${now()}:${name}\r${ESC}[0K`);
    }
}
function createGitlabPlatform(secrets, options) {
    return (0,terminal/* createTerminalPlatform */.K)(secrets, { ...options, section, name: 'gitlab' });
}

// EXTERNAL MODULE: ./src/platform/startup.ts
var startup = __nccwpck_require__(2414);
// EXTERNAL MODULE: ./src/run.ts + 2 modules
var run = __nccwpck_require__(5341);
;// CONCATENATED MODULE: ./src/lifecycle/refresher.ts
/**
 * Keeps a child's token fresh while `dotstat-action exec` runs it: renews on the session's own
 * clock (../oidc/session.ts `renewalDueAt()`), so the token file (rewritten in place, atomically,
 * mode 0600, by the session's onTokens) always holds a token that is valid for a while yet, the
 * way Kubernetes refreshes a projected service-account token. A failed renewal is a warning and
 * is tried again, sooner as the end nears; the child is never stopped for it.
 */

/** A failed renewal is tried again after this long at most (and at least a second later). */
const RETRY_MS = 30_000;
/** `renewOnce`: exec's, under the state's lock (../lifecycle/resume.ts `renewShared()`), when the sign-in is kept in a state. */
function keepFresh(session, log, renewOnce = () => session.renew()) {
    let timer;
    let stopped = false;
    let failures = 0;
    let expiredSaid = false;
    const schedule = (delayMs) => {
        if (stopped)
            return;
        timer = setTimeout(() => void renew(), Math.max(0, delayMs));
        // The child's exit, not this timer, decides when the command line ends.
        timer.unref();
    };
    const next = () => {
        const due = session.renewalDueAt();
        if (due !== undefined)
            schedule(due - Date.now());
    };
    const renew = async () => {
        try {
            await renewOnce();
            if (failures > 0)
                log.info('The access token was renewed again; the token file is current.');
            failures = 0;
            expiredSaid = false;
            log.debug(`Renewed the access token for the command; the next renewal is due at ${new Date(session.renewalDueAt() ?? 0).toISOString()}.`);
            next();
        }
        catch (error) {
            failures += 1;
            if (failures === 1)
                log.warning(`Could not renew the access token for the command (trying again): ${(0,errors/* asDotstatError */.oH)(error).describe()}`, { title: 'Token renewal failed' });
            const end = session.current.expiresAt?.getTime() ?? Date.now() + RETRY_MS;
            if (!expiredSaid && end <= Date.now()) {
                expiredSaid = true;
                log.warning(`The access token in DOTSTAT_ACCESS_TOKEN_FILE expired at ${new Date(end).toISOString()}, and renewing it still fails (${failures} tries): the command's calls are refused from now on. Still trying: ${(0,errors/* asDotstatError */.oH)(error).describe()}`, { title: 'Token expired' });
            }
            schedule(Math.min(RETRY_MS, Math.max(1000, (end - Date.now()) / 4)));
        }
    };
    next();
    return {
        stop() {
            stopped = true;
            if (timer)
                clearTimeout(timer);
        },
    };
}
/**
 * A command given a hand-off's token (nothing can renew it: no refresh token, no credentials, by
 * design) is told when it ends, so that the 401s after it are explained in the log.
 */
function warnAtEnd(tokens, log) {
    const end = tokens.expiresAt;
    if (!end)
        return { stop() { } };
    const timer = setTimeout(() => log.warning(`The handed-off access token expired at ${end.toISOString()}; the command's token file still holds it: a hand-off cannot be renewed. Hand off from a job that runs closer to this one, or let this job sign in itself for a long command.`, { title: 'Token expired' }), Math.max(0, end.getTime() - Date.now()));
    timer.unref();
    return { stop: () => clearTimeout(timer) };
}

// EXTERNAL MODULE: ./src/secrets.ts
var src_secrets = __nccwpck_require__(7194);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __nccwpck_require__(8992);
;// CONCATENATED MODULE: ./src/report/progress-bar.ts
/**
 * The command line's progress bar: one line on stderr, redrawn in place with a carriage return
 * and an erase-to-end-of-line, for a person at a terminal. Drawn only where it can be: stderr is
 * a terminal, not in CI (a CI log keeps every redraw as text), and not on a dumb terminal (no
 * erase). NO_COLOR takes its colour away, as that convention asks, not the bar. About 60 lines,
 * not a library: the bar shows what ./progress.ts sums up for every file in flight, one line
 * whatever their number, and must redact like every other sink; the libraries draw one bar per
 * task and bring their own formatting and timers (README, "Why these packages").
 */

const CLEAR_LINE = '\r\u001b[K';
const CYAN = '\u001b[36m';
const DEFAULT_COLOUR = '\u001b[39m';
/** Whether the bar may be drawn on `stream` in this environment. */
function barWanted(stream, env) {
    const ci = env.CI !== undefined && env.CI !== '' && !/^(false|0)$/i.test(env.CI);
    return stream.isTTY === true && !ci && env.TERM !== 'dumb';
}
function createBar(stream, env, redact) {
    const colour = !env.NO_COLOR;
    let drawn = false;
    const clear = () => {
        if (drawn)
            stream.write(CLEAR_LINE);
        drawn = false;
    };
    return {
        draw({ fraction, label, figures }) {
            // A terminal that gives no size (0) is taken as the usual 80 columns.
            const columns = Math.max(40, stream.columns || 80);
            const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
            const text = redact((0,src_text/* sanitize */.aj)(redact(`${label} ${figures}`), columns));
            const width = columns >= 110 ? 30 : 15;
            const full = Math.round(fraction * width);
            const filled = '█'.repeat(full);
            const bar = colour ? `${CYAN}${filled}${DEFAULT_COLOUR}` : filled;
            const line = `${percent} ${bar}${'░'.repeat(width - full)} ${text}`;
            // Cut to the terminal's width (the colour codes take no column), so that it never wraps.
            const room = columns - 1 - (percent.length + 2 + width);
            stream.write(`${CLEAR_LINE}${line.slice(0, line.length - text.length)}${text.slice(0, Math.max(0, room))}`);
            drawn = true;
        },
        clear,
        above(write) {
            clear();
            write();
        },
    };
}

;// CONCATENATED MODULE: ./src/cli.ts
/**
 * The command line (dist/cli.js, the package's `dotstat-action` bin, runs it through ./index.ts):
 * the same job as the action, for GitLab CI and terminals. Wiring only: settings from flags and DOTSTAT_*
 * variables, the platform adapter, the job (whose every new token set is written to --token-file
 * and kept for `exec`), then `exec`.
 */



















async function platformFor(env, secrets, options, bar) {
    const debug = options?.debug ?? false;
    // `token` prints the token alone on stdout, for $(dotstat-action token): everything else, the masks too, on stderr.
    if (options?.lifecycle === 'token')
        return stderrPlatform(secrets, env, debug);
    if (env.GITHUB_ACTIONS === 'true') {
        // Loaded only on GitHub: @actions/core prints secrets in clear anywhere else.
        const { createGithubPlatform } = await Promise.all(/* import() */[__nccwpck_require__.e(889), __nccwpck_require__.e(571)]).then(__nccwpck_require__.bind(__nccwpck_require__, 5952));
        return createGithubPlatform(secrets);
    }
    const dotenv = options?.dotenv ? new DotenvReport(options.dotenv, secrets) : undefined;
    if (env.GITLAB_CI === 'true')
        return createGitlabPlatform(secrets, { debug, dotenv });
    // A line printed while the bar is drawn takes it away first; the bar comes back at its next drawing.
    const write = bar && ((line) => bar.above(() => process.stdout.write(`${line}\n`)));
    return (0,terminal/* createTerminalPlatform */.K)(secrets, { debug, dotenv, write });
}
/** Runs the command line once, with process.argv; the exit status is set on process.exitCode. */
async function runCli() {
    const env = process.env;
    // `login` is its own command with its own options (a person signs in; nothing secret is read).
    if (process.argv[2] === 'login') {
        const { runLogin } = await __nccwpck_require__.e(/* import() */ 614).then(__nccwpck_require__.bind(__nccwpck_require__, 6614));
        return runLogin(process.argv.slice(3), env);
    }
    let options;
    let parseError;
    try {
        options = parseCli(process.argv.slice(2), env);
    }
    catch (error) {
        parseError = error;
    }
    const secrets = src_secrets/* SECRETS */.cW;
    // The progress bar: a person at a terminal, never a CI log (./report/progress-bar.ts).
    const onCi = env.GITHUB_ACTIONS === 'true' || env.GITLAB_CI === 'true';
    const bar = !onCi && barWanted(process.stderr, env) ? createBar(process.stderr, env, (text) => secrets.redact(text)) : undefined;
    const platform = await platformFor(env, secrets, options, bar);
    // Masking first: every secret setting, before anything else can print.
    (0,startup/* maskFirst */.rz)(platform, inputs/* SECRET_INPUTS */.p.map((name) => env[envName(name)]), env, options?.settings('file-url') ?? env[envName('file-url')]);
    if (parseError || !options)
        return platform.setFailed((0,errors/* asDotstatError */.oH)(parseError).describe());
    if (options.help)
        return void process.stdout.write(`${helpText()}\n`);
    if (options.version)
        return void process.stdout.write(`${VERSION}\n`);
    if (options.keylessSetup) {
        const { keylessSetup } = await __nccwpck_require__.e(/* import() */ 24).then(__nccwpck_require__.bind(__nccwpck_require__, 5024));
        return keylessSetup(options.settings, platform).catch((error) => platform.setFailed((0,errors/* asDotstatError */.oH)(error).describe()));
    }
    if (options.lifecycle) {
        return lifecycleCommand(options.lifecycle, options, platform, env).catch((error) => platform.setFailed((0,errors/* asDotstatError */.oH)(error).describe()));
    }
    const cancellation = (0,startup/* listenForCancellation */.ci)();
    // exec's child reads the newest token from a file each time (DOTSTAT_ACCESS_TOKEN_FILE): --token-file, or one of its own (set in the try below).
    let tokenFile = options.tokenFile;
    // The newest tokens, for exec; a renewal that brings no refresh token keeps the one before.
    const tokens = {};
    // The token set as it came (a hand-off's is never renewed: exec says when it ends).
    let received;
    const onTokens = (set) => {
        received = set;
        tokens.access = set.accessToken;
        tokens.refresh = set.refreshToken ?? tokens.refresh;
        if (tokenFile)
            writeTokenFile(tokenFile, set.accessToken);
    };
    let exitCode;
    try {
        // In the try: a private folder that is not the user's own is an error to explain, not a crash.
        if (!tokenFile && options.command)
            tokenFile = execTokenPath((0,lifecycle_state/* privateFolder */.qm)(env));
        // Only a name asks for an export: `--export-env=` (none) is what this refusal recommends.
        const exportAsked = options.explicit.has('export-env') && Boolean(options.settings('export-env')?.trim());
        if (platform.name !== 'github' && exportAsked && !options.command && !options.tokenFile) {
            throw new errors/* InputError */.dz('export-env', 'cannot hand the token to later jobs here: a dotenv report or job variable is never masked, so the token would be readable in the pipeline.', 'Use the token within this job: dotstat-action exec -- YOUR COMMAND, or --token-file PATH; or get a token in each job that needs one (it takes a moment).');
        }
        const config = (0,src_config/* parseConfig */.o)(options.settings, { canMintIdToken: (0,startup/* canMint */.dm)(platform, env), env });
        // A path that cannot take the token is refused before a token is spent on it.
        if (options.tokenFile)
            checkTokenFile(options.tokenFile);
        // In CI the sign-in is kept for the job's later commands (token) and its end (revoke); elsewhere when asked.
        const stateFile = config.idp && (options.stateFile ?? (env.CI === 'true' || platform.name !== 'terminal' ? (0,lifecycle_state/* defaultStatePath */.K0)(env) : undefined));
        const session = await (0,run/* run */.eF)(config, platform, { signal: cancellation.signal, onTokens, folders: (0,startup/* jobFolders */.$1)(env), stateFile, progressBar: bar });
        if (options.command) {
            cancellation.release();
            const extra = { [config.exportEnv ?? 'DOTSTAT_ACCESS_TOKEN']: tokens.access ?? '' };
            if (tokens.refresh)
                extra.DOTSTAT_REFRESH_TOKEN = tokens.refresh;
            platform.info(`Running ${options.command[0]} with the access token in ${Object.keys(extra).join(' and ')}, and kept fresh in the file DOTSTAT_ACCESS_TOKEN_FILE${session ? '' : ' (a hand-off: not renewed)'}.`);
            const fresh = session
                ? keepFresh(session, platform, stateFile ? () => renewShared(stateFile, session, platform) : undefined)
                : received && warnAtEnd(received, platform);
            try {
                // The child's `dotstat-action token` leaves renewing to this process, whose session is in memory.
                const renewer = session && stateFile ? { [EXEC_RENEWER]: execRenewer(stateFile) } : {};
                exitCode = await execWith(options.command, { ...extra, ...renewer, DOTSTAT_ACCESS_TOKEN_FILE: (0,external_node_path_.resolve)(tokenFile) });
            }
            finally {
                fresh?.stop();
            }
        }
    }
    catch (error) {
        platform.setFailed((0,errors/* asDotstatError */.oH)(error).describe());
    }
    finally {
        cancellation.release();
        if (tokenFile && !options.tokenFile)
            (0,external_node_fs_.rmSync)(tokenFile, { force: true });
    }
    if (exitCode !== undefined)
        process.exitCode = exitCode;
}


/***/ }),

/***/ 388:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  o: () => (/* binding */ parseConfig)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
;// CONCATENATED MODULE: ./src/oidc/handoff-key.ts
/**
 * The hand-off key (./handoff.ts), read with the other settings: apart from the sealing code, so
 * that a run without a hand-off never loads the JOSE library.
 */

/** The key is 256 bits: what A256GCM takes. */
const HANDOFF_KEY_BYTES = 32;
const MAKE_ONE = 'Make one with: openssl rand -base64 32, and keep it in a CI secret given to both jobs (GitHub: secrets.DOTSTAT_HANDOFF_KEY; GitLab: a masked variable DOTSTAT_HANDOFF_KEY).';
/**
 * The hand-off key: 32 bytes, written in base64 (standard or URL-safe, padded or not) or as 64 hex
 * digits. Its value is never quoted in the error, only its length.
 */
function parseHandoffKey(value) {
    const text = value?.trim();
    if (!text)
        return undefined;
    let bytes;
    if (/^[0-9a-fA-F]{64}$/.test(text))
        bytes = Buffer.from(text, 'hex');
    else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text))
        bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    else
        throw new errors/* InputError */.dz('handoff-key', 'is not base64 (nor 64 hex digits); it is not shown, as it is a secret.', MAKE_ONE);
    if (bytes.length !== HANDOFF_KEY_BYTES) {
        throw new errors/* InputError */.dz('handoff-key', `must be ${HANDOFF_KEY_BYTES} bytes (256 bits); this one is ${bytes.length} bytes.`, MAKE_ONE);
    }
    return new Uint8Array(bytes);
}

// EXTERNAL MODULE: ./src/oidc/settings.ts
var settings = __nccwpck_require__(7656);
// EXTERNAL MODULE: ./src/parse.ts
var parse = __nccwpck_require__(2828);
;// CONCATENATED MODULE: ./src/transfer/settings.ts
/**
 * The Transfer inputs, parsed and checked before any request (see ../parse.ts for the rules
 * every input follows). File patterns are only checked here for shape; ./files.ts expands them.
 */


const VERSION_SEGMENT = /\/\d+(\.\d+)?$/;
const ISO_WITH_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;
/** Undefined when no file and no file-url are given: the job then only gets a token. */
function parseTransfer(raw, allowInsecureHttp) {
    const patterns = (0,parse/* readLines */.Se)(raw, 'file');
    const fileUrl = (0,parse/* read */.LF)(raw, 'file-url');
    const transferUrl = (0,parse/* parseUrl */.Dl)(raw, 'transfer-url', allowInsecureHttp);
    if (patterns.length === 0 && !fileUrl) {
        if (transferUrl || (0,parse/* read */.LF)(raw, 'dataspace')) {
            throw new errors/* InputError */.dz('file', 'is required when transfer-url or dataspace is set (or give file-url).', 'List the files to upload, one path or glob pattern per line.');
        }
        return undefined;
    }
    if (patterns.length > 0 && fileUrl) {
        throw new errors/* InputError */.dz('file-url', 'conflicts with file: give one of them.', 'Use file for files in the workspace (uploaded), or file-url alone for a file the Transfer service fetches itself.');
    }
    if (!transferUrl)
        throw new errors/* InputError */.dz('transfer-url', 'is required to upload.', 'Set it to the Transfer service base URL with its API version, e.g. https://transfer.example.org/3.');
    const dataspace = (0,parse/* read */.LF)(raw, 'dataspace');
    if (!dataspace)
        throw new errors/* InputError */.dz('dataspace', 'is required to upload.', 'Set it to the target data space id, e.g. design.');
    if (!/^[A-Za-z0-9_.-]+$/.test(dataspace)) {
        throw new errors/* InputError */.dz('dataspace', `${(0,parse/* shown */.SP)(dataspace)} is not a data space id (letters, digits, _ . -).`, 'Write the data space id as the .Stat configuration names it, e.g. design.');
    }
    if (fileUrl)
        checkFileUrl(fileUrl);
    const targetVersion = (0,parse/* parseEnum */.nL)(raw, 'target-version', ['live', 'pit']);
    const pollIntervalMs = (0,parse/* parseSeconds */.fL)(raw, 'poll-interval', 0.1, 600);
    return {
        baseUrl: withVersion(transferUrl),
        dataspace,
        patterns,
        fileUrl,
        validateOnly: (0,parse/* parseBoolean */.yG)(raw, 'validate-only'),
        validationType: (0,parse/* parseEnum */.nL)(raw, 'validation-type', ['basic', 'advanced']),
        targetVersion,
        pitReleaseDate: parsePitDate(raw, targetVersion),
        restorationOptionRequired: (0,parse/* parseBoolean */.yG)(raw, 'restoration-option-required'),
        compress: (0,parse/* parseEnum */.nL)(raw, 'compress', ['auto', 'zip', 'none']),
        compressThresholdBytes: (0,parse/* parseSize */.DB)(raw, 'compress-threshold'),
        uploadConcurrency: (0,parse/* parseCount */.zq)(raw, 'upload-concurrency', 1, 16),
        wait: (0,parse/* parseBoolean */.yG)(raw, 'wait'),
        waitTimeoutMs: (0,parse/* parseSeconds */.fL)(raw, 'wait-timeout', 1, 86_400),
        pollIntervalMs,
        failOnWarning: (0,parse/* parseBoolean */.yG)(raw, 'fail-on-warning'),
    };
}
function withVersion(url) {
    if (url.search)
        throw new errors/* InputError */.dz('transfer-url', 'must not contain a ?query.', 'Remove the ? and what follows it: transfer-url is the base URL with its API version, e.g. https://transfer.example.org/3.');
    const base = new URL(url.href);
    const path = base.pathname.replace(/\/+$/, '');
    if (!VERSION_SEGMENT.test(path))
        base.pathname = `${path}/3`;
    return base;
}
function checkFileUrl(value) {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
        return; // a path on the server's side
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new errors/* InputError */.dz('file-url', 'is not a valid URL.', 'Write the full address (https://host/path/file.csv, spaces written as %20), or a path on the Transfer server.');
    }
    if (url.username || url.password) {
        throw new errors/* InputError */.dz('file-url', 'must not contain a user name or password: it is sent to the Transfer service and may appear in its logs.', 'Remove the user:password@ part: publish the file where the Transfer service can read it without credentials, or upload it with file.');
    }
}
function parsePitDate(raw, targetVersion) {
    const value = (0,parse/* read */.LF)(raw, 'pit-release-date');
    if (!value)
        return undefined;
    if (targetVersion !== 'pit')
        throw new errors/* InputError */.dz('pit-release-date', 'is only used with target-version: pit.', 'Set target-version: pit for a point-in-time release, or remove pit-release-date.');
    if (!ISO_WITH_ZONE.test(value) || Number.isNaN(Date.parse(value)) || !isCalendarDate(value.slice(0, 10))) {
        throw new errors/* InputError */.dz('pit-release-date', `${(0,parse/* shown */.SP)(value)} is not an ISO 8601 date-time with a time zone.`, 'Write it like 2026-06-04T08:00:00Z or 2026-06-04T10:00:00+02:00.');
    }
    return new Date(value).toISOString().replace(/\.000Z$/, 'Z');
}
/** Date.parse rolls 2026-02-30 over to March 2 instead of refusing it. */
function isCalendarDate(ymd) {
    const [year, month, day] = ymd.split('-').map(Number);
    return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

// EXTERNAL MODULE: ./src/files.ts
var files = __nccwpck_require__(9148);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./src/store/open.ts + 6 modules
var store_open = __nccwpck_require__(9349);
// EXTERNAL MODULE: ./src/store/target.ts
var store_target = __nccwpck_require__(1988);
;// CONCATENATED MODULE: ./src/store/settings.ts
/**
 * The write-back settings: refresh-token-store (where the rotated refresh token goes) and
 * store-token (what may write it there), checked with the rest of the settings, before any request:
 * a target that cannot be parsed, or a store that needs a token it was not given, fails here.
 */







function parseRefreshTokenStore(raw, http, env = {}) {
    const text = (0,parse/* read */.LF)(raw, 'refresh-token-store');
    const token = (0,parse/* read */.LF)(raw, 'store-token');
    if (!text) {
        if (token)
            throw new errors/* InputError */.dz('store-token', 'is set, but refresh-token-store is not: it writes nothing.', 'Set refresh-token-store too, or remove store-token.');
        return undefined;
    }
    let target;
    try {
        target = (0,store_target/* parseStoreTarget */.o)(text, 'refresh-token-store');
    }
    catch (error) {
        const [, why = error.message] = /^refresh-token-store: (.*)$/s.exec(error.message) ?? [];
        throw new errors/* InputError */.dz('refresh-token-store', why, 'For example github-secret:DOTSTAT_REFRESH_TOKEN, gitlab-variable:DOTSTAT_REFRESH_TOKEN or file:.dotstat-refresh-token.');
    }
    // A path that cannot take the token is refused before a refresh spends the one given.
    if (target.kind === 'file') {
        if (/^~(?:[/\\]|$)/.test(target.path))
            throw new errors/* InputError */.dz('refresh-token-store', `file:${target.path} starts with ~, which is not expanded here.`, 'Write the folder out: file:$HOME/… in a shell, or an absolute path.');
        const path = (0,external_node_path_.resolve)(target.path);
        const not = (0,files/* notAPlainFile */.F)(path);
        if (not)
            throw new errors/* InputError */.dz('refresh-token-store', `${path} is ${not}.`, 'Name a plain file, or a path that does not exist yet; a link is never followed.');
        if (!isFolder((0,external_node_path_.dirname)(path)))
            throw new errors/* InputError */.dz('refresh-token-store', `the folder ${(0,external_node_path_.dirname)(path)} does not exist.`, 'Create it first, or name a file in a folder that exists.');
    }
    return (0,store_open/* openStore */.C)(target, { token, http, env, targetInput: 'refresh-token-store', tokenInput: 'store-token' });
}
function isFolder(path) {
    try {
        return (0,external_node_fs_.statSync)(path).isDirectory();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/config.ts
/**
 * Raw settings in, a typed and validated Config out: the identity provider's settings
 * (./oidc/settings.ts), the Transfer settings (./transfer/settings.ts) and the few that belong to
 * the job as a whole. Everything that can be known to be wrong before a request is sent fails
 * there, naming the input, what was expected, and a fix (./parse.ts). Nothing else in the program
 * reads settings.
 */






function parseConfig(raw, platform = {}) {
    const allowInsecureHttp = (0,parse/* parseBoolean */.yG)(raw, 'allow-insecure-http');
    const timeoutMs = (0,parse/* parseSeconds */.fL)(raw, 'request-timeout', 1, 600);
    const key = parseHandoffKey(raw('handoff-key'));
    const received = (0,parse/* read */.LF)(raw, 'handoff');
    if (received && !key)
        throw new errors/* InputError */.dz('handoff-key', 'is required with handoff: the hand-off is opened with the key it was sealed with.', 'Give this job the same handoff-key secret as the job that made the hand-off.');
    return {
        idp: received ? undefined : (0,settings/* parseIdp */.HS)(raw, allowInsecureHttp, platform),
        handoff: key ? { key, received } : undefined,
        revoke: (0,parse/* parseEnum */.nL)(raw, 'revoke', ['auto', 'always', 'never']),
        transfer: parseTransfer(raw, allowInsecureHttp),
        exportEnv: (0,parse/* parseEnvName */.gh)(raw, 'export-env'),
        http: { timeoutMs, allowInsecureHttp },
        refreshTokenStore: parseRefreshTokenStore(raw, { timeoutMs, allowInsecureHttp }, platform.env),
        storeToken: (0,parse/* read */.LF)(raw, 'store-token'),
        reports: { summaryFile: (0,parse/* read */.LF)(raw, 'summary-file'), junitFile: (0,parse/* read */.LF)(raw, 'junit-file') },
    };
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   AD: () => (/* binding */ StoreError),
/* harmony export */   Dr: () => (/* binding */ NetworkError),
/* harmony export */   Qd: () => (/* binding */ LoginError),
/* harmony export */   aG: () => (/* binding */ TransferError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   o3: () => (/* binding */ ResponseError),
/* harmony export */   oH: () => (/* binding */ asDotstatError),
/* harmony export */   sW: () => (/* binding */ IdpError),
/* harmony export */   sh: () => (/* binding */ DotstatError)
/* harmony export */ });
/* unused harmony exports NETWORK_CODES, RESPONSE_CODES, TRANSFER_CODES, STORE_CODES, JOB_CODES, LOGIN_CODES */
/**
 * One error class per kind of failure. Each has a stable `code`, a message that says what failed
 * and where, and a `hint` that says what a person should do next. Messages never carry a secret,
 * a request body or an Authorization header; server-provided text is quoted only after
 * `sanitize()` (see ./text.ts), which redacts first.
 *
 * The codes are constants with a union type per error class (as oauth4webapi's are), so that a
 * comparison with a mistyped code does not compile: `error.code === 'TIMOUT'` is a type error.
 */
/** The request never got an HTTP answer. */
const NETWORK_CODES = ['NETWORK', 'TIMEOUT', 'DNS', 'TLS', 'PROXY', 'ABORTED'];
/** An answer that is not what the protocol promises. */
const RESPONSE_CODES = (/* unused pure expression or super */ null && ([
    'BAD_RESPONSE',
    'NOT_JSON',
    'RESPONSE_TOO_LARGE',
    'REDIRECT',
    'DISCOVERY_FAILED',
    'ISSUER_MISMATCH',
    'TOKEN_ENDPOINT_ORIGIN',
    'BAD_TOKEN_RESPONSE',
    'TOKEN_HTTP_ERROR',
    'BAD_STATUS',
]));
/** The Transfer service refused a request, or an import ended badly; an upload's network failure keeps its network code. */
const TRANSFER_CODES = [
    'REJECTED',
    'UNAUTHORIZED',
    'FORBIDDEN',
    'NOT_FOUND',
    'TOO_LARGE',
    'TRANSFER_HTTP_ERROR',
    'NO_REQUEST_ID',
    'CANCELLED',
    'WAIT_TIMEOUT',
    'IMPORT_FAILED',
    ...NETWORK_CODES,
];
/** A store of the refresh token (../store/: a GitHub secret, a GitLab variable) refused or failed a write; its network failures keep their network code. */
const STORE_CODES = [
    'STORE_UNAUTHORIZED',
    'STORE_FORBIDDEN',
    'STORE_NOT_FOUND',
    'STORE_CONFLICT',
    'STORE_REJECTED',
    'STORE_HTTP_ERROR',
    'STORE_NOT_CONFIRMED',
    'STORE_WRITE_FAILED',
    ...NETWORK_CODES,
];
/** Failures of the job itself: its files, its settings, its own limits. */
const JOB_CODES = (/* unused pure expression or super */ null && ([
    'INTERNAL',
    'INPUT_INVALID',
    'UNSUPPORTED_URL',
    'INSECURE_HTTP',
    'TOKEN_EXPIRED',
    'KEYLESS_NO_ID_TOKEN',
    'KEYLESS_NO_PERMISSION',
    'TOKEN_FILE',
    'EXEC_FAILED',
    'DOTENV',
    'ZIP_FAILED',
    'FILE_CHANGED',
    'STATE',
]));
/** `dotstat-action login`: a person's sign-in that did not end with a token. */
const LOGIN_CODES = (/* unused pure expression or super */ null && ([
    'LOGIN_TIMEOUT',
    'STATE_MISMATCH',
    'CALLBACK_ERROR',
    'REDIRECT_URI',
    'BROWSER_FLOW_REFUSED',
    'DEVICE_FLOW_REFUSED',
    'NO_FLOW',
    'PKCE',
    'ACCESS_DENIED',
    'DEVICE_CODE_EXPIRED',
    'OFFLINE_REFUSED',
    'NO_REFRESH_TOKEN',
    'STORE_FAILED',
]));
class DotstatError extends Error {
    code;
    hint;
    name = 'DotstatError';
    constructor(code, message, hint, options) {
        super(message, options);
        this.code = code;
        this.hint = hint;
    }
    /** The message with its hint, as a person reads it in the log. */
    describe() {
        return this.hint ? `${this.message}\n${this.hint}` : this.message;
    }
}
/** A setting is missing, malformed or conflicts with another. Raised before any request. */
class InputError extends DotstatError {
    input;
    name = 'InputError';
    constructor(input, message, hint) {
        super('INPUT_INVALID', `Input '${input}': ${message}`, hint);
        this.input = input;
    }
}
/** The request never got an HTTP answer: DNS, refused, reset, TLS, timeout. */
class NetworkError extends DotstatError {
    name = 'NetworkError';
    constructor(code, message, hint, options) {
        super(code, message, hint, options);
        this.syscallCode = options?.syscallCode;
    }
    syscallCode;
}
/** An HTTP answer that is not what the protocol promises: wrong status, not JSON, missing fields. */
class ResponseError extends DotstatError {
    status;
    name = 'ResponseError';
    constructor(status, message, hint, code = 'BAD_RESPONSE') {
        super(code, message, hint);
        this.status = status;
    }
}
/** The identity provider answered with an OAuth error body (`error`, `error_description`). */
class IdpError extends DotstatError {
    status;
    error;
    errorDescription;
    name = 'IdpError';
    constructor(status, error, errorDescription, message, hint) {
        super(`IDP_${error.toUpperCase()}`, message, hint);
        this.status = status;
        this.error = error;
        this.errorDescription = errorDescription;
    }
}
/** The Transfer service rejected a request or an import ended badly. */
class TransferError extends DotstatError {
    name = 'TransferError';
    constructor(code, message, hint, options) {
        super(code, message, hint, options);
    }
}
/** A sign-in (`login`) that ended without a token; the hint names the Keycloak setting to change. */
class LoginError extends DotstatError {
    name = 'LoginError';
    constructor(code, message, hint, options) {
        super(code, message, hint, options);
    }
}
/** A store refused or failed to keep a value: the message names the store, the hint the permission or fix. */
class StoreError extends DotstatError {
    name = 'StoreError';
    constructor(code, message, hint, options) {
        super(code, message, hint, options);
    }
}
/** Narrow `unknown` to the project's errors; anything else is a bug and is wrapped. */
function asDotstatError(error) {
    if (error instanceof DotstatError)
        return error;
    const detail = error instanceof Error ? error.message : String(error);
    return new DotstatError('INTERNAL', `Unexpected internal error: ${detail}`, 'This is a bug in dotstat-action; please report it with the log above (it holds no secret).', { cause: error });
}


/***/ }),

/***/ 9148:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ notAPlainFile),
/* harmony export */   f: () => (/* binding */ replaceFile)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Writing a file the user named (--token-file, the dotenv report) in a folder that a repository's
 * content may have prepared: the content goes into a new file beside it, created exclusively and
 * without following a link, and is renamed into place. A reader never sees half a file; a symbolic
 * link planted at the path is never followed (its target is neither written nor re-moded); a named
 * pipe is refused, never opened (opening one blocks until a reader comes, and the event loop with
 * it, and then no signal can end the process).
 */



/** Why a path cannot take the file ('a symbolic link', …), or undefined when it is a regular file or absent. */
function notAPlainFile(path) {
    let stats;
    try {
        stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.lstatSync)(path);
    }
    catch {
        return undefined;
    }
    if (stats.isFile())
        return undefined;
    if (stats.isSymbolicLink())
        return 'a symbolic link';
    if (stats.isFIFO())
        return 'a named pipe';
    if (stats.isDirectory())
        return 'a directory';
    if (stats.isSocket())
        return 'a socket';
    return 'a device';
}
/** Replaces the file at `path` with `content` and exactly `mode`; throws the system error (its code says why). */
function replaceFile(path, content, mode) {
    const temporary = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), `.${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(path)}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`);
    try {
        const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(temporary, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_EXCL | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NOFOLLOW, mode);
        try {
            // The umask may have taken bits away, never added them; set the mode exactly all the same.
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.fchmodSync)(fd, mode);
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(fd, content);
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
        }
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.renameSync)(temporary, path);
    }
    catch (error) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(temporary, { force: true });
        throw error;
    }
}


/***/ }),

/***/ 5786:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Z: () => (/* binding */ headerValue),
  tN: () => (/* binding */ send)
});

// UNUSED EXPORTS: DEFAULT_MAX_RESPONSE_BYTES, USER_AGENT, assertTransportAllowed

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __nccwpck_require__(8992);
// EXTERNAL MODULE: ./src/http/loopback.ts
var loopback = __nccwpck_require__(507);
// EXTERNAL MODULE: ./src/http/network-errors.ts
var network_errors = __nccwpck_require__(8360);
;// CONCATENATED MODULE: external "node:net"
const external_node_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");
;// CONCATENATED MODULE: external "node:tls"
const external_node_tls_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/proxy.js
var proxy = __nccwpck_require__(9783);
;// CONCATENATED MODULE: ./src/http/proxy.ts
/**
 * Proxies. Which proxy a URL goes through (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, loopback never
 * proxied) is @actions/http-client's resolution, the same as every other action's. Getting there
 * is a CONNECT tunnel opened here, inside the request's own time limit and cancellation, so a
 * proxy that hangs or refuses is reported as such rather than as a cut connection.
 */




// The resolution alone: the package's main module would also load undici, which nothing here uses.


/**
 * The proxy for this URL, or undefined to connect directly. A loopback address (./loopback.ts) is
 * never proxied: a proxy would see what is sent there in clear (test/unit/client.test.ts).
 */
function proxyFor(url) {
    return (0,proxy/* getProxyUrl */.s)(url);
}
function defaultPort(url) {
    return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}
/** The address a person can check: host and port, never the credentials in the proxy URL. */
function proxyName(proxy) {
    return `${proxy.hostname}:${defaultPort(proxy)}`;
}
/**
 * Asks the proxy for a tunnel to `target` and returns the socket to speak HTTP on (TLS to the
 * target for https://, checked against the target's name as for a direct connection).
 */
async function openTunnel(proxy, target, signal) {
    const authority = `${target.hostname}:${defaultPort(target)}`;
    const headers = { host: authority };
    if (proxy.username || proxy.password) {
        // getProxyUrl() has decoded them already (a password may hold a literal %).
        const credentials = `${proxy.username}:${proxy.password}`;
        headers['proxy-authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    const request = (proxy.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default())).request({
        host: proxy.hostname.replace(/^\[|\]$/g, ''),
        port: defaultPort(proxy),
        method: 'CONNECT',
        path: authority,
        headers,
        agent: false,
        signal,
    });
    const socket = await new Promise((resolve, reject) => {
        request.once('connect', (response, tunnel, head) => {
            const status = response.statusCode ?? 0;
            if (status === 200 && head.length === 0)
                return resolve(tunnel);
            tunnel.destroy();
            reject(refusal(proxy, authority, status));
        });
        request.once('error', (error) => reject(unreachable(proxy, error)));
        request.end();
    });
    if (target.protocol !== 'https:')
        return socket;
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const secure = (0,external_node_tls_namespaceObject.connect)({ socket, host, servername: (0,external_node_net_namespaceObject.isIP)(host) ? undefined : host });
    // Returned once the handshake is done, so that a handshake that hangs is still a connect
    // timeout (the request cannot have been sent) and a certificate error is reported as such.
    await new Promise((resolve, reject) => {
        const abort = () => {
            secure.destroy();
            reject(signal.reason);
        };
        if (signal.aborted)
            return abort();
        signal.addEventListener('abort', abort, { once: true });
        secure.once('secureConnect', () => {
            signal.removeEventListener('abort', abort);
            resolve();
        });
        // Kept after the handshake: an error before node:http takes the socket over must not be unhandled.
        secure.on('error', (error) => {
            signal.removeEventListener('abort', abort);
            reject(error);
        });
    });
    return secure;
}
function refusal(proxy, authority, status) {
    const where = `The proxy ${proxyName(proxy)} refused to open a tunnel to ${authority} (HTTP ${status || 'answer without a status'}).`;
    const hint = status === 407
        ? 'The proxy wants credentials: put them in the proxy URL, as in HTTPS_PROXY=http://user:password@proxy:port (the password is masked in the log).'
        : status >= 500
            ? 'The proxy could not reach the server: check the host and port in the URL, and that the proxy can reach them.'
            : 'Ask for the proxy to allow tunnels (CONNECT) to this host and port, or, if the runner can reach the server directly, add the host to NO_PROXY.';
    return new errors/* NetworkError */.Dr('PROXY', where, hint, { syscallCode: `PROXY_${status}` });
}
function unreachable(proxy, error) {
    // A timeout or cancellation is the request's own: the caller says what it was.
    if (signalAbort(error))
        return error;
    const code = error.code;
    const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : 'unknown error';
    return new errors/* NetworkError */.Dr('PROXY', `Cannot reach the proxy ${proxyName(proxy)} (${detail}).`, 'Check HTTPS_PROXY / HTTP_PROXY on the runner; if the server can be reached directly, add its host to NO_PROXY.', { cause: error, syscallCode: typeof code === 'string' ? code : 'PROXY_UNREACHABLE' });
}
function signalAbort(error) {
    return error.code === 'ABORT_ERR' || error.name === 'AbortError';
}

;// CONCATENATED MODULE: ./src/http/client.ts
/**
 * The one HTTP client. Every request of the job goes through `send()`, which owns what all of
 * them need: the HTTPS rule, the proxy (HTTPS_PROXY / NO_PROXY, resolved by @actions/http-client),
 * a per-attempt timeout, a cap on response bodies read into memory, and redirects (followed only
 * for plain GETs that carry no credentials; a POST is never replayed to another address).
 * Retries are not done here: see ./retry.ts.
 */







const USER_AGENT = 'dotstat-action (+https://github.com/sis-cc/dotstat-action)';
/** JSON answers are small; anything larger is a wrong URL or a hostile server. */
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_GET_REDIRECTS = 5;
/** An idle kept-alive connection is dropped after this long (or sooner if the server says so). */
const KEEP_ALIVE_MS = 4_000;
/** How long a body waits for `100 Continue` before it is sent anyway (curl's default too). */
const EXPECT_WAIT_MS = 1_000;
/**
 * Node's own HTTP client, on purpose: its parser is native code. undici's is WebAssembly, and V8
 * compiling that with its optimising tier cost tens of MiB of the action's memory (`npm run bench`).
 * GETs (discovery, status polls) reuse connections; a POST (a token grant, an upload) always gets
 * a fresh one, so a connection reset can never be a stale kept-alive socket closed by the server,
 * and always means what the retry policy assumes it means.
 */
const agents = {
    reuse: { 'http:': new (external_node_http_default()).Agent({ keepAlive: true, timeout: KEEP_ALIVE_MS }), 'https:': new (external_node_https_default()).Agent({ keepAlive: true, timeout: KEEP_ALIVE_MS }) },
    fresh: { 'http:': new (external_node_http_default()).Agent({ keepAlive: false }), 'https:': new (external_node_https_default()).Agent({ keepAlive: false }) },
};
/** Refuses plain http:// to another machine, where a password or token could be read on the way. */
function assertTransportAllowed(url, settings) {
    if (url.protocol === 'https:')
        return;
    if (url.protocol !== 'http:') {
        throw new errors/* DotstatError */.sh('UNSUPPORTED_URL', `Cannot send a request to ${url.origin}: only https:// URLs are supported.`);
    }
    if ((0,loopback/* isLoopback */.U)(url) || settings.allowInsecureHttp)
        return;
    throw new errors/* DotstatError */.sh('INSECURE_HTTP', `Refusing to send credentials or tokens over plain http:// to ${url.host}.`, 'Use the https:// address of the server. Only if the network between the runner and the server is trusted, set allow-insecure-http: true.');
}
/** Sends one request (one attempt) and reads the answer, up to `maxResponseBytes`. */
async function send(request, settings) {
    let req = request;
    let url = req.url;
    for (let hop = 0;; hop++) {
        assertTransportAllowed(url, settings);
        const { bodyStarted, ...response } = await attempt({ ...req, url }, settings);
        // RFC 9110 §10.1.1: a server that does not do expectations says 417; send it again without.
        if (response.status === 417 && req.expectContinue && !bodyStarted) {
            req = { ...req, expectContinue: false };
            continue;
        }
        const location = headerValue(response.headers, 'location');
        if (response.status < 300 || response.status >= 400 || response.status === 304 || !location || req.redirect === 'manual')
            return response;
        const target = safeUrl(location, url);
        if (req.method !== 'GET' || req.credentials || hop >= MAX_GET_REDIRECTS || !target) {
            throw redirectError(req, url, response.status, target);
        }
        url = target;
    }
}
async function attempt(req, settings) {
    const watchdog = new Watchdog(settings.timeoutMs, req.signal);
    const exchange = new Exchange(req, watchdog);
    try {
        const response = await exchange.response();
        // The answer's body gets one whole limit: a body dripping a byte at a time must not keep an
        // idle limit (uploads of large files) alive for ever.
        if (req.idleTimeout)
            watchdog.kick();
        const status = response.statusCode ?? 0;
        const consumer = req.streamBody?.({ status, headers: response.headers, url: req.url });
        if (consumer) {
            await consumer(response);
            return { status, headers: response.headers, body: '', url: req.url, bodyStarted: exchange.bodyStarted, streamed: true };
        }
        const body = await readCapped(response, req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, req.url, status);
        return { status, headers: response.headers, body, url: req.url, bodyStarted: exchange.bodyStarted };
    }
    catch (error) {
        // A timeout or cancellation surfaces as whatever the socket or stream threw at that moment:
        // the watchdog knows which it was. Errors of our own (a file that changed under the upload,
        // a refusing proxy) pass through as they are.
        const abort = watchdog.reason();
        if (error instanceof errors/* DotstatError */.sh && abort === undefined)
            throw error;
        throw (0,network_errors/* toNetworkError */.U)(error, req.url, abort === 'timeout' && !exchange.connected ? 'connect-timeout' : abort, settings.timeoutMs);
    }
    finally {
        watchdog.stop();
        exchange.close();
    }
}
/** One request on the wire: connect (directly or through a proxy), send the body, await the answer. */
class Exchange {
    req;
    watchdog;
    /** The connection to the server (or the tunnel to it) was made: the request may have been sent. */
    connected = false;
    /** The first byte of a streamed body was asked for: the body cannot be sent again. */
    bodyStarted = false;
    #request;
    #answered = false;
    #bodySent = false;
    constructor(req, watchdog) {
        this.req = req;
        this.watchdog = watchdog;
    }
    async response() {
        const { req, watchdog } = this;
        const secure = req.url.protocol === 'https:';
        const proxy = proxyFor(req.url);
        const tunnel = proxy ? await openTunnel(proxy, req.url, watchdog.signal) : undefined;
        const options = {
            method: req.method,
            ...(req.url.hostname.toLowerCase() === 'localhost' ? { lookup: loopback/* lookupLocalhost */.s } : {}),
            headers: { 'user-agent': USER_AGENT, ...req.headers, ...(req.expectContinue ? { expect: '100-continue' } : {}) },
            signal: watchdog.signal,
            ...(tunnel ? { createConnection: () => tunnel } : { agent: (req.method === 'GET' ? agents.reuse : agents.fresh)[secure ? 'https:' : 'http:'] }),
        };
        return new Promise((resolve, reject) => {
            let request;
            try {
                request = (secure ? (external_node_https_default()) : (external_node_http_default())).request(req.url, options);
            }
            catch (error) {
                tunnel?.destroy();
                throw error;
            }
            this.#request = request;
            // Kept for the whole exchange: an error after the answer (the body cut off) must not be
            // an unhandled 'error' event; reading the body reports it.
            request.on('error', reject);
            request.once('socket', (socket) => this.#watchConnection(socket, secure));
            request.once('response', (response) => {
                this.#answered = true;
                resolve(response);
            });
            this.#send(request).catch((error) => {
                // Once answered, the answer is what counts: a server that answers early (413) may well
                // close the connection on the rest of the body.
                if (!this.#answered)
                    request.destroy(error instanceof Error ? error : new Error(String(error)));
            });
        });
    }
    /** Ends the exchange; a request whose body was not all sent (the server answered early) cannot be reused. */
    close() {
        if (this.#request && !this.#bodySent)
            this.#request.destroy();
    }
    #watchConnection(socket, secure) {
        // A kept-alive socket (or a tunnel) is connected already; a new one is once TCP (and TLS) is up.
        if (!socket.connecting)
            this.connected = true;
        else
            socket.once(secure ? 'secureConnect' : 'connect', () => (this.connected = true));
    }
    /**
     * Writes the body. The next chunk is asked for (read from disk) while the current one is being
     * sent, and never further ahead: a chunk is written only once the socket has taken the one
     * before. A body that reuses its buffers (src/transfer/multipart.ts) therefore needs two of
     * them at least; more than two is what keeps a read from waiting on a buffer still in flight.
     */
    async #send(request) {
        const { body } = this.req;
        if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) {
            request.end(body);
            this.#bodySent = true;
            return;
        }
        if (this.req.expectContinue) {
            request.flushHeaders();
            await agreed(request);
            if (this.#answered || request.destroyed)
                return;
        }
        this.bodyStarted = true;
        const chunks = body[Symbol.asyncIterator]();
        try {
            let next = chunks.next();
            for (;;) {
                const item = await next;
                if (item.done)
                    break;
                if (this.#answered || request.destroyed)
                    return;
                const written = write(request, item.value);
                next = chunks.next();
                // A read that fails while the write is awaited is handled when its turn comes: marked
                // handled now, so that it is never an unhandled rejection meanwhile.
                next.catch(() => undefined);
                await written;
                if (this.req.idleTimeout)
                    this.watchdog.kick();
            }
            request.end();
            this.#bodySent = true;
        }
        finally {
            if (!this.#bodySent)
                await chunks.return?.().catch(() => undefined);
        }
    }
}
/** Resolves on `100 Continue`, on a final answer, when the request fails, or after EXPECT_WAIT_MS. */
function agreed(request) {
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            for (const event of ['continue', 'response', 'close'])
                request.removeListener(event, done);
            resolve();
        };
        const timer = setTimeout(done, EXPECT_WAIT_MS);
        for (const event of ['continue', 'response', 'close'])
            request.once(event, done);
    });
}
/** Resolves once the socket has taken `chunk`, or rejects when the request fails first. */
function write(request, chunk) {
    return new Promise((resolve, reject) => {
        const onClose = () => reject(new Error('the connection closed while the request body was being sent'));
        request.once('close', onClose);
        request.write(chunk, (error) => {
            request.removeListener('close', onClose);
            if (error)
                reject(error);
            else
                resolve();
        });
    });
}
async function readCapped(body, max, url, status) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > max) {
            body.destroy();
            throw new errors/* ResponseError */.o3(status, `The answer from ${url.origin}${url.pathname} (HTTP ${status}) is larger than ${max} bytes; stopped reading it.`, 'Check that the URL points at the service itself and not at a page or a file.', 'RESPONSE_TOO_LARGE');
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}
function redirectError(req, from, status, target) {
    const where = target ? `${target.origin}${target.pathname}` : 'an unreadable address';
    return new errors/* ResponseError */.o3(status, `${from.origin}${from.pathname} answered HTTP ${status}, redirecting to ${(0,src_text/* sanitize */.aj)(where, 200)}.`, req.credentials
        ? 'A request carrying credentials or a token is never re-sent to a redirect target. Set the URL to the final address (check https:// and a missing or extra path segment such as /auth).'
        : 'Too many redirects; set the URL to the final address.', 'REDIRECT');
}
function safeUrl(location, base) {
    try {
        return new URL(location, base);
    }
    catch {
        return undefined;
    }
}
function headerValue(headers, name) {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}
/** An AbortSignal that fires after `ms` of no progress (or when the outer signal aborts). */
class Watchdog {
    ms;
    outer;
    #controller = new AbortController();
    #timer;
    #timedOut = false;
    #stopped = false;
    #onOuterAbort = () => this.#controller.abort(new errors/* DotstatError */.sh('ABORTED', 'The request was cancelled.'));
    constructor(ms, outer) {
        this.ms = ms;
        this.outer = outer;
        if (outer?.aborted)
            this.#onOuterAbort();
        outer?.addEventListener('abort', this.#onOuterAbort, { once: true });
        this.kick();
    }
    get signal() {
        return this.#controller.signal;
    }
    kick() {
        // After stop(), the HTTP client may still pull the rest of a request body (the server answered
        // early, e.g. 413): a new timer then would keep the process alive for nothing.
        if (this.#stopped)
            return;
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => {
            this.#timedOut = true;
            this.#controller.abort(new errors/* DotstatError */.sh('TIMEOUT', 'timed out'));
        }, this.ms);
    }
    reason() {
        if (this.#timedOut)
            return 'timeout';
        return this.#controller.signal.aborted ? 'aborted' : undefined;
    }
    stop() {
        this.#stopped = true;
        clearTimeout(this.#timer);
        this.outer?.removeEventListener('abort', this.#onOuterAbort);
    }
}


/***/ }),

/***/ 7932:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ postForm)
/* harmony export */ });
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5786);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(521);
/**
 * An OAuth form POST (the token, device-authorization and revocation endpoints): credentials on
 * board, so never redirected (./client.ts), and retried by the policy of its operation (./retry.ts).
 */


function postForm(operation, url, body, http, retry, signal = retry.signal) {
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .withRetry */ .bD)(operation, () => (0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .send */ .tN)({
        method: 'POST',
        url,
        credentials: true,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal,
    }, http), retry);
}


/***/ }),

/***/ 2868:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bu: () => (/* binding */ expectJsonObject),
/* harmony export */   L8: () => (/* binding */ tryJsonObject),
/* harmony export */   MP: () => (/* binding */ describeBody),
/* harmony export */   _M: () => (/* binding */ where)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5786);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8992);
/** Reading JSON answers that may not be JSON at all (an HTML 404, a proxy's 502 page). */



/** What a non-JSON body looks like, for an error message: its content type and a short excerpt. */
function describeBody(response) {
    // A header is server text too.
    const type = (0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .sanitize */ .aj)((0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .headerValue */ .Z)(response.headers, 'content-type')?.split(';')[0] ?? 'no content type', 60);
    const text = (0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .excerpt */ .Kb)(response.body, 160);
    return text ? `${type}: "${text}"` : `${type}, empty body`;
}
function where(response) {
    return `${response.url.origin}${response.url.pathname}`;
}
/** Parses a JSON object body, or undefined when the body is not a JSON object. */
function tryJsonObject(body) {
    try {
        const value = JSON.parse(body);
        return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** The body as a JSON object, or a ResponseError naming the status, the URL and what came back. */
function expectJsonObject(response, what, hint) {
    const json = tryJsonObject(response.body);
    if (json)
        return json;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(response.status, `${what} at ${where(response)} answered HTTP ${response.status} with something that is not a JSON object (${describeBody(response)}).`, hint, 'NOT_JSON');
}


/***/ }),

/***/ 507:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ isLoopback),
/* harmony export */   s: () => (/* binding */ lookupLocalhost)
/* harmony export */ });
function isLoopback(url) {
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
/** `localhost` without DNS, as RFC 6761 asks: 127.0.0.1 and ::1 (both, for a server on either). */
const lookupLocalhost = (_hostname, options, callback) => {
    const addresses = [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
    ].filter((a) => !options.family || options.family === a.family || options.family === `IPv${a.family}`);
    const done = callback;
    if (options.all)
        process.nextTick(done, null, addresses);
    else
        process.nextTick(done, null, addresses[0]?.address ?? '127.0.0.1', addresses[0]?.family ?? 4);
};


/***/ }),

/***/ 8360:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ toNetworkError),
/* harmony export */   a: () => (/* binding */ neverReachedServer)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/** Turns what Node's HTTP client throws into a NetworkError that says what happened and what to do. */

const TLS_CODES = new Set([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'CERT_UNTRUSTED',
]);
/** Failures where the request cannot have reached the server's application. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CONNECT_TIMEOUT']);
function codeOf(error) {
    for (let e = error, depth = 0; e && depth < 5; depth++) {
        const code = e.code;
        if (typeof code === 'string' && code !== 'ABORT_ERR')
            return code;
        e = e.cause;
    }
    return error?.code;
}
/** True when the failed request cannot have been processed, so even a non-idempotent call may be re-sent. */
function neverReachedServer(error) {
    // A proxy that refused the tunnel, or could not be reached, never passed the request on.
    if (error.code === 'PROXY')
        return true;
    return error.syscallCode !== undefined && NEVER_SENT.has(error.syscallCode);
}
/** A TLS client that met something else than TLS: OpenSSL says "wrong version number" (Node 20: EPROTO). */
function notTls(code, error) {
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG')
        return true;
    return code === 'EPROTO' && /wrong version number|packet length too long/i.test(error instanceof Error ? error.message : '');
}
function toNetworkError(error, url, abort, timeoutMs) {
    const where = `${url.origin}${url.pathname}`;
    if (abort === 'connect-timeout') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr('TIMEOUT', `Could not connect to ${url.host} within ${timeoutMs / 1000} s (for ${where}).`, 'Nothing answered: check the host and port, and whether the runner needs a proxy (HTTPS_PROXY) or a firewall opening to reach it.', { cause: error, syscallCode: 'CONNECT_TIMEOUT' });
    }
    if (abort === 'timeout') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr('TIMEOUT', `No answer from ${where} within ${timeoutMs / 1000} s.`, 'The server is slow or unreachable. Raise request-timeout if it is known to be slow, or check the URL.', { cause: error, syscallCode: 'TIMEOUT' });
    }
    if (abort === 'aborted')
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr('ABORTED', `The request to ${where} was cancelled.`, undefined, { cause: error });
    const code = codeOf(error);
    if (notTls(code, error)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr('TLS', `TLS connection to ${where} failed: the server did not answer in TLS (${code}).`, 'Check the scheme and port in the URL: https:// sent to a plain-HTTP port does this, and so does a proxy or firewall that intercepts the connection.', { cause: error, syscallCode: code });
    }
    if (code && TLS_CODES.has(code)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr('TLS', `TLS connection to ${where} failed: the certificate is not trusted (${code}).`, "If the server uses a certificate from your organisation's own authority, give the runner that CA: set NODE_EXTRA_CA_CERTS to the path of a PEM file holding it (on Node 24 runners, NODE_USE_SYSTEM_CA=1 uses the system store). Never turn certificate checks off.", { cause: error, syscallCode: code });
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr('DNS', `Cannot resolve the host name ${url.hostname} (${code}) for ${where}.`, 'Check the host name in the URL, and that the runner can reach it (a self-hosted runner may need HTTPS_PROXY).', { cause: error, syscallCode: code });
    }
    const detail = code ?? (error instanceof Error ? error.message : 'unknown error');
    const hints = {
        ECONNREFUSED: 'Nothing is listening there: check the host and port, and that the service is up.',
        ECONNRESET: 'The connection was cut before a complete answer came (a proxy, load balancer or the server closed it).',
        EPIPE: 'The connection was cut while the request was being sent (a proxy, load balancer or the server closed it).',
    };
    const malformed = code?.startsWith('HPE_')
        ? "The answer was not valid HTTP/1.1: check the URL's scheme and port (http:// to a TLS port, say), or a proxy in between."
        : undefined;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr('NETWORK', `Connection to ${where} failed (${detail}).`, hints[code ?? ''] ?? malformed ?? 'Check that the URL is right and the service is reachable from the runner (proxy: HTTPS_PROXY / NO_PROXY).', { cause: error, syscallCode: code });
}


/***/ }),

/***/ 521:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  ft: () => (/* binding */ DEFAULT_TIMING),
  yy: () => (/* binding */ sleep),
  bD: () => (/* binding */ withRetry)
});

// UNUSED EXPORTS: RETRY_POLICY, backoffMs, retryAfterMs

;// CONCATENATED MODULE: external "node:timers/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/http/client.ts + 4 modules
var client = __nccwpck_require__(5786);
// EXTERNAL MODULE: ./src/http/network-errors.ts
var network_errors = __nccwpck_require__(8360);
;// CONCATENATED MODULE: ./src/http/retry.ts
/**
 * The retry policy, in one table. A retry is only safe when a repeat cannot do harm:
 * - discovery is a GET: always safe;
 * - a password or client-credentials request that ran twice only mints a second token: safe;
 * - a refresh request that the server processed has spent the stored refresh token (Keycloak
 *   rotates it, and reusing the old one ends the session), so it is re-sent only when the server
 *   cannot have processed it: the connection was refused or never made, or a 429/503 came back;
 * - a keyless request spends its ID token once the server has seen it (each is accepted once),
 *   so, like a refresh, it is re-sent only when the server cannot have processed it; so are an
 *   authorization code and a device code (`login`), each exchanged once;
 * - an upload that was registered must not be registered twice (two imports of the same data),
 *   so it is re-sent only on the same condition; never after a 502/504 or a reset mid-request;
 * - a status query is a read: always safe;
 * - a store's API call (../store/) is a read, or a PUT of the same whole value: a repeat writes
 *   the same again, so it is safe.
 * - a revocation repeated does no harm (RFC 7009 §2.2).
 * Backoff is exponential with jitter and a cap; `Retry-After` is honoured up to a limit.
 */




const RETRY_POLICY = {
    discovery: { attempts: 4, statuses: [429, 502, 503, 504], network: 'any' },
    token: { attempts: 4, statuses: [429, 502, 503, 504], network: 'any' },
    refresh: { attempts: 4, statuses: [429, 503], network: 'unsent' },
    assertion: { attempts: 4, statuses: [429, 503], network: 'unsent' },
    upload: { attempts: 3, statuses: [429, 503], network: 'unsent' },
    status: { attempts: 5, statuses: [429, 500, 502, 503, 504], network: 'any' },
    store: { attempts: 4, statuses: [429, 502, 503, 504], network: 'any' },
    // Revoking twice is harmless (RFC 7009 §2.2: an invalid token is answered 200); few tries: the job is over.
    revoke: { attempts: 2, statuses: [429, 502, 503, 504], network: 'any' },
};
const DEFAULT_TIMING = { baseMs: 1000, capMs: 16_000, maxRetryAfterMs: 60_000 };
/** Delay before attempt `attempt + 1` (attempt counts from 1): exponential, capped, with jitter. */
function backoffMs(attempt, timing, random = Math.random) {
    const ceiling = Math.min(timing.capMs, timing.baseMs * 2 ** (attempt - 1));
    return Math.round(ceiling * (0.5 + random() / 2));
}
/** `Retry-After` as milliseconds (delta-seconds or an HTTP date), or undefined when absent/invalid. */
function retryAfterMs(value, now = Date.now()) {
    if (!value)
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    // An HTTP-date starts with a day name; without this, Date.parse reads '1.5' or '-1' as a year.
    const date = /^[a-z]+,? /i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** Sleeps, but wakes at once (throwing ABORTED) when the signal aborts. */
async function sleep(ms, signal) {
    try {
        await (0,promises_namespaceObject.setTimeout)(ms, undefined, { signal });
    }
    catch {
        throw new errors/* DotstatError */.sh('ABORTED', 'Cancelled while waiting.');
    }
}
/**
 * Runs `attempt` under the policy of `operation`. Returns the first response that is not retryable,
 * or the last response when the attempts run out; rethrows the last network error likewise.
 */
async function withRetry(operation, attempt, context = {}) {
    const policy = RETRY_POLICY[operation];
    const timing = context.timing ?? DEFAULT_TIMING;
    for (let n = 1;; n++) {
        let wait;
        try {
            const response = await attempt();
            if (!policy.statuses.includes(response.status) || n >= policy.attempts)
                return response;
            const after = retryAfterMs((0,client/* headerValue */.Z)(response.headers, 'retry-after'));
            wait = after === undefined ? backoffMs(n, timing, context.random) : Math.min(after, timing.maxRetryAfterMs);
            context.debug?.(`${operation}: HTTP ${response.status}, attempt ${n} of ${policy.attempts}; retrying in ${wait} ms`);
        }
        catch (error) {
            if (!(error instanceof errors/* NetworkError */.Dr) || n >= policy.attempts || !retryable(policy, error))
                throw error;
            wait = backoffMs(n, timing, context.random);
            context.debug?.(`${operation}: ${error.message} attempt ${n} of ${policy.attempts}; retrying in ${wait} ms`);
        }
        await sleep(wait, context.signal);
    }
}
function retryable(policy, error) {
    if (error.code === 'ABORTED' || error.code === 'TLS' || error.syscallCode === 'ENOTFOUND')
        return false;
    // A proxy that wants credentials or forbids the tunnel says the same thing every time.
    if (error.code === 'PROXY' && /^PROXY_[1-4]\d\d$/.test(error.syscallCode ?? ''))
        return false;
    return policy.network === 'any' || (0,network_errors/* neverReachedServer */.a)(error);
}


/***/ }),

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9576);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1730);
/* harmony import */ var _post_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6661);
/**
 * The one bundle's entry (dist/index.js). The action and the command line share every module, so
 * they are bundled once: action.yml runs dist/index.js, which is the action; the package's bin,
 * dist/cli.js, is a few lines written by scripts/build.mjs that mark the run as the command
 * line's and load this file; dist/post.js (the action's post step) does the same with its own mark. Neither role's code starts anything when it is imported.
 */



/** Set by dist/cli.js before it imports this bundle. */
const COMMAND_LINE = Symbol.for('dotstat-action.command-line');
/** Set by dist/post.js, the action's post step (action.yml runs.post). */
const POST = Symbol.for('dotstat-action.post');
const marks = globalThis;
await (marks[COMMAND_LINE] === true ? (0,_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .runCli */ .a)() : marks[POST] === true ? (0,_post_js__WEBPACK_IMPORTED_MODULE_2__/* .post */ .b)() : (0,_main_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .e)());

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 8422:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ INPUTS),
/* harmony export */   p: () => (/* binding */ SECRET_INPUTS)
/* harmony export */ });
const spec = (name, defaultValue, description, secret = false) => ({
    name,
    default: defaultValue,
    secret,
    description,
});
const INPUTS = [
    spec('authority', '', 'Realm (issuer) URL, e.g. https://keycloak.example.org/realms/OECD (legacy: .../auth/realms/OECD). The token endpoint is found by OpenID Connect discovery.'),
    spec('token-url', '', 'Explicit token endpoint, used instead of discovery. One of authority or token-url is required.'),
    spec('client-id', 'app', 'OAuth client id; app is the .Stat Suite default client.'),
    spec('client-secret', '', 'Client secret, for confidential clients and service accounts.', true),
    spec('username', '', 'User name for the password grant (Keycloak "Direct Access Grants").', true),
    spec('password', '', 'Password for the password grant.', true),
    spec('refresh-token', '', 'A stored refresh token.', true),
    spec('id-token', '', 'Keyless: an OpenID Connect ID token of this job (GitLab: from id_tokens:). On GitHub the action mints one itself, with permissions: id-token: write.', true),
    spec('audience', '', "Keyless: the aud of the job's ID token; default: the realm URL (authority), which is what Keycloak requires."),
    spec('grant-type', 'auto', 'auto, password, refresh_token, client_credentials or keyless. auto picks refresh_token when refresh-token is set, else password, else client_credentials (client-secret), else keyless (the job can mint an ID token, or id-token is set).'),
    spec('scope', '', 'Space-separated scopes, sent only when set: openid for an id token, offline_access for an offline refresh token.'),
    spec('export-env', 'DOTSTAT_ACCESS_TOKEN', 'Environment variable in which later steps receive the access token; empty: none.'),
    spec('refresh-token-store', '', 'Where to write the rotated refresh token back, confirmed before anything else in the run: github-secret:NAME (this repository), github-secret:OWNER/REPO/NAME, github-secret:OWNER/REPO/env/ENVIRONMENT/NAME, github-secret:org/ORG/NAME, gitlab-variable:NAME (this project), gitlab-variable:PROJECT/NAME, or file:PATH (mode 0600). Empty: only the refresh-token output.'),
    spec('store-token', '', "A token allowed to write refresh-token-store, from a secret. GitHub: a fine-grained personal access token with Secrets: Read and write (Environments for an environment secret, the organization's Secrets for an organisation one), or a classic one with repo (admin:org). GitLab: a project access token with the Maintainer role and the api scope. GITHUB_TOKEN and CI_JOB_TOKEN cannot write secrets or variables.", true),
    spec('request-timeout', '30', 'Seconds allowed for one HTTP attempt.'),
    spec('allow-insecure-http', 'false', 'Permit plain http:// to a host other than this machine (credentials would travel unencrypted).'),
    spec('transfer-url', '', 'Transfer service base URL with its API version, e.g. https://transfer.example.org/3; without a version segment /3 is used.'),
    spec('dataspace', '', 'Target data space, e.g. design (required when uploading).'),
    spec('file', '', 'Files to upload: paths or glob patterns, one per line; each file is one request. No file and no file-url: token only.'),
    spec('file-url', '', 'A URL (or server path) the Transfer service fetches itself, instead of file.'),
    spec('validate-only', 'false', 'Only validate (/validate/sdmxFile): all checks, nothing stored.'),
    spec('validation-type', 'basic', 'basic or advanced.'),
    spec('target-version', 'live', 'live or pit (point in time).'),
    spec('pit-release-date', '', 'ISO 8601 date-time with a time zone, for target-version pit, e.g. 2026-06-04T08:00:00Z.'),
    spec('restoration-option-required', 'false', 'Keep the current Live data restorable.'),
    spec('compress', 'auto', 'auto, zip or none: zip wraps each CSV/XML file in a zip (deflate) before sending; auto does so for files larger than compress-threshold.'),
    spec('compress-threshold', '10MB', 'Size above which compress: auto zips a file, e.g. 10MB, 500KB, 1GB (decimal units) or a number of bytes.'),
    spec('upload-concurrency', '4', 'Files uploaded at once (1 to 16), each its own request, and status requests at once while waiting; results and reports keep the order of the files. 1 does one after another.'),
    spec('wait', 'true', 'Poll until every request has finished, and fail the step when an import failed.'),
    spec('wait-timeout', '3600', 'Seconds allowed for all polling together.'),
    spec('poll-interval', '5', 'First polling interval in seconds; it backs off to six times this (at most 60 s).'),
    spec('fail-on-warning', 'false', 'Fail the step when an import ends with outcome Warning.'),
    spec('summary-file', '', "Also write the job summary's Markdown (tables, timeline, first log lines) to this file, e.g. for GitLab's artifacts:expose_as; empty: none."),
    spec('junit-file', '', "Write a JUnit XML report to this file: one test case per file, failed when its import failed, with its Transfer log; for GitLab's artifacts:reports:junit. Empty: none."),
    spec('handoff-key', '', 'Hand-off: a 256-bit key kept in a CI secret (make one with openssl rand -base64 32). A job that signs in with it outputs the access token sealed with it as handoff; a job given handoff opens it with the same key.', true),
    spec('handoff', '', 'Hand-off: the handoff output of an earlier job (GitHub: needs.JOB.outputs.handoff; GitLab: DOTSTAT_HANDOFF from its dotenv report). This job then uses the access token in it, with no sign-in.'),
    spec('revoke', 'auto', 'At the end of the job (the post step; GitLab after_script; dotstat-action revoke), revoke what this job signed in: auto: the session of a password or client_credentials sign-in (not a stored refresh token, not an offline token); always: also the session of a stored refresh token; never: nothing.'),
];
const SECRET_INPUTS = INPUTS.filter((input) => input.secret).map((input) => input.name);


/***/ }),

/***/ 6849:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  x: () => (/* binding */ finishJob)
});

// UNUSED EXPORTS: whatToRevoke

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/http/form.ts
var http_form = __nccwpck_require__(7932);
// EXTERNAL MODULE: ./src/http/json.ts
var http_json = __nccwpck_require__(2868);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __nccwpck_require__(8992);
// EXTERNAL MODULE: ./src/oidc/discovery.ts
var discovery = __nccwpck_require__(9167);
;// CONCATENATED MODULE: ./src/oidc/revoke.ts
/**
 * Token revocation (RFC 7009): ends the session a refresh token belongs to (Keycloak ends the whole
 * user session), or an access token where there is no refresh token. Which endpoint: the
 * authority's discovery document names it, under the same-origin rule as the token endpoint
 * (./discovery.ts); with token-url, Keycloak's own path beside it.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */





/** The revocation endpoint, or undefined when none is known (the caller says so and revokes nothing). */
async function revocationEndpoint(target, http, retry) {
    if (target.authority)
        return (0,discovery/* discoverRevocationEndpoint */.rg)(new URL(target.authority), http, retry);
    if (!target.tokenUrl)
        return undefined;
    // Keycloak's endpoints sit side by side; another provider's token-url tells nothing about its revocation endpoint.
    const url = new URL(target.tokenUrl);
    if (!/\/protocol\/openid-connect\/token$/.test(url.pathname))
        return undefined;
    url.pathname = url.pathname.replace(/\/token$/, '/revoke');
    return url;
}
/** Revokes one token; throws a ResponseError (never holding the token) when the server refuses. */
async function revokeToken(endpoint, token, hint, target, http, retry) {
    const form = new URLSearchParams({ token, token_type_hint: hint, client_id: target.clientId });
    if (target.clientSecret)
        form.set('client_secret', target.clientSecret);
    const response = await (0,http_form/* postForm */.j)('revoke', endpoint, form.toString(), http, retry);
    // Keycloak answers a token it does not know with 200 and an error body: read the body too.
    const json = (0,http_json/* tryJsonObject */.L8)(response.body);
    const error = typeof json?.error === 'string' ? json.error : undefined;
    if (response.status === 200 && !error)
        return;
    const description = typeof json?.error_description === 'string' ? `: ${json.error_description}` : '';
    const what = error ? `${error}${description}` : `HTTP ${response.status}`;
    throw new errors/* ResponseError */.o3(response.status, `The identity provider did not revoke the token at ${(0,http_json/* where */._M)(response)} (HTTP ${response.status}, ${(0,src_text/* sanitize */.aj)(what, 300)}).`, error === 'invalid_client' || error === 'unauthorized_client'
        ? 'The client could not authenticate for revocation: check client-id and client-secret.'
        : 'The session ends on its own when it expires; set revoke: never to skip this.', 'BAD_RESPONSE');
}

// EXTERNAL MODULE: ./src/lifecycle/state.ts + 1 modules
var lifecycle_state = __nccwpck_require__(4849);
;// CONCATENATED MODULE: ./src/lifecycle/finish.ts



/** What the end of the job revokes under `policy`, and why not when it does not. */
function whatToRevoke(state, policy) {
    if (policy === 'never')
        return { skip: 'revoke is never: the session stays open until it expires.' };
    if (state.openedWith === 'keyless')
        return { skip: 'Keyless sign-in opened no session to revoke; its access token ends on its own within minutes.' };
    if (policy === 'auto' && state.openedWith === 'refresh_token')
        return { skip: "The stored refresh token's session is left open for the next run (revoke: always would end it)." };
    if (policy === 'auto' && state.store && state.refreshToken)
        return {
            skip: 'The session is left open: its refresh token is kept in refresh-token-store for the next run (revoke: always would end it, and the kept token with it).',
        };
    if (policy === 'auto' && state.handedOff)
        return {
            skip: 'The session is left open: its access token was handed off to later jobs (handoff-key), and ends on its own (revoke: always would end it).',
        };
    if (policy === 'auto' && /(^|\s)offline_access(\s|$)/.test(state.scope ?? ''))
        return { skip: 'An offline token was asked for (scope offline_access), so it is kept (revoke: always would end it).' };
    const how = `${state.openedWith} sign-in`;
    if (state.refreshToken)
        return { token: state.refreshToken, hint: 'refresh_token', what: `the session of this job's ${how}` };
    return { token: state.accessToken, hint: 'access_token', what: `the access token of this job's ${how}` };
}
/**
 * Revokes by the state at `path` and removes it. Never throws: every failure is a warning. The
 * state's secrets are masked before anything is printed.
 */
async function finishJob(path, platform, options = {}) {
    let state;
    try {
        state = (0,lifecycle_state/* readState */.un)(path);
    }
    catch (error) {
        platform.warning(`Nothing was revoked: ${(0,errors/* asDotstatError */.oH)(error).describe()}`, { title: 'Revocation skipped' });
        // Removed all the same: a state readable by others, or one not understood, may still hold tokens.
        removeQuietly(path, platform);
        return;
    }
    if (!state) {
        platform.debug(`No sign-in was kept for this job (${path}): nothing to revoke.`);
        return;
    }
    for (const secret of [state.accessToken, state.refreshToken, state.clientSecret, state.store?.token])
        platform.addSecret(secret);
    try {
        const decision = whatToRevoke(state, options.policy ?? state.revoke);
        if ('skip' in decision)
            return platform.info(decision.skip);
        const retry = options.retry ?? { debug: (m) => platform.debug(m) };
        const endpoint = await revocationEndpoint(state, state.http, retry);
        if (!endpoint) {
            platform.warning(`Nothing was revoked: the identity provider names no revocation endpoint${state.tokenUrl ? ' (token-url is not Keycloak-shaped, and there is no discovery)' : ''}. The session ends on its own when it expires.`, { title: 'Revocation skipped' });
            return;
        }
        await revokeToken(endpoint, decision.token, decision.hint, state, state.http, retry);
        platform.info(`Revoked ${decision.what} at ${endpoint.origin}${endpoint.pathname}.`);
    }
    catch (error) {
        platform.warning(`The session was not revoked: ${(0,errors/* asDotstatError */.oH)(error).describe()}`, { title: 'Revocation failed' });
    }
    finally {
        removeQuietly(path, platform);
    }
}
/** Removes the state (a link or pipe planted there too, never what a link points to); a failure is a warning. */
function removeQuietly(path, platform) {
    try {
        (0,lifecycle_state/* removeState */.aF)(path);
    }
    catch (error) {
        platform.warning(`The job's state ${path} could not be removed (${error.code ?? 'error'}); remove it by hand.`, {
            title: 'State not removed',
        });
    }
}


/***/ }),

/***/ 4849:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  oN: () => (/* binding */ StateKeeper),
  K0: () => (/* binding */ defaultStatePath),
  bZ: () => (/* binding */ newStatePath),
  qm: () => (/* binding */ privateFolder),
  un: () => (/* binding */ readState),
  aF: () => (/* binding */ removeState),
  L4: () => (/* binding */ stateOf),
  k8: () => (/* binding */ tokensOf),
  Jq: () => (/* binding */ writeState)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
// EXTERNAL MODULE: ./src/store/target.ts
var store_target = __nccwpck_require__(1988);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/files.ts
var files = __nccwpck_require__(9148);
// EXTERNAL MODULE: ./src/parse.ts
var parse = __nccwpck_require__(2828);
;// CONCATENATED MODULE: ./src/lifecycle/state.ts
/**
 * What the job keeps for its later steps and its end: the newest tokens, and what renewing and
 * revoking them needs (the endpoints, the client, its secret). These are secrets, so the state is
 * a file of mode 0600, replaced atomically on every renewal and never through a link
 * (../files.ts), in the runner's temporary folder (RUNNER_TEMP, which the runner empties after the
 * job) or, elsewhere, in a folder of this user's own (mode 0700) under the system's temporary
 * folder; the end of the job (the post step, `dotstat-action revoke`) removes it. Never in
 * GITHUB_STATE, which is a runner file of the step's metadata: that holds only the path.
 */









function stateOf(config, tokens, before) {
    const idp = config.idp;
    if (!idp)
        return undefined;
    return {
        version: 1,
        authority: idp.authority?.href,
        tokenUrl: idp.tokenUrl?.href,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        scope: idp.scope,
        grant: idp.grant,
        openedWith: before?.openedWith ?? tokens.grant,
        revoke: config.revoke,
        http: config.http,
        accessToken: tokens.accessToken,
        tokenType: tokens.tokenType,
        expiresAt: tokens.expiresAt?.toISOString(),
        expiresIn: tokens.expiresIn,
        refreshToken: tokens.refreshToken ?? before?.refreshToken,
        tokenGrant: tokens.grant,
        handedOff: Boolean(config.handoff),
        store: config.refreshTokenStore ? { target: config.refreshTokenStore.target, token: config.storeToken } : before?.store,
    };
}
/** The state's tokens as a TokenSet again. */
function tokensOf(state) {
    return {
        accessToken: state.accessToken,
        tokenType: state.tokenType,
        expiresAt: state.expiresAt ? new Date(state.expiresAt) : undefined,
        expiresIn: state.expiresIn,
        refreshToken: state.refreshToken,
        scope: state.scope,
        grant: state.tokenGrant,
    };
}
/**
 * A folder only this user can enter: RUNNER_TEMP on a runner (the job's own), else
 * <tmp>/dotstat-action-<uid>, created 0700 and refused when it is a link, another user's, or open
 * to others (a shared /tmp on a shell runner).
 */
function privateFolder(env) {
    if (env.RUNNER_TEMP)
        return env.RUNNER_TEMP;
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const dir = (0,external_node_path_.join)((0,external_node_os_.tmpdir)(), `dotstat-action-${uid ?? (0,external_node_os_.userInfo)().username}`);
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    const stats = (0,external_node_fs_.lstatSync)(dir);
    if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid) || (stats.mode & 0o077) !== 0) {
        throw new errors/* DotstatError */.sh('STATE', `The folder ${dir} for the job's state is not this user's own (a link, another user's, or open to others).`, 'Remove it, or set DOTSTAT_STATE_FILE to a path in a folder only you can read.');
    }
    return dir;
}
/** A new state path for one use of the action (GitHub: several steps of one job may each sign in). */
function newStatePath(env) {
    return (0,external_node_path_.join)(privateFolder(env), `dotstat-state-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.json`);
}
/** The command line's default: one path per CI job, so that a later command of the same job finds it. */
function defaultStatePath(env) {
    const job = env.CI_JOB_ID ?? (env.GITHUB_RUN_ID ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? 1}-${env.GITHUB_JOB ?? ''}` : 'local');
    return (0,external_node_path_.join)(privateFolder(env), `dotstat-state-${job.replace(/[^\w.-]/g, '_')}.json`);
}
function writeState(path, state) {
    const kind = (0,files/* notAPlainFile */.F)(path);
    if (kind)
        throw new errors/* DotstatError */.sh('STATE', `Cannot keep the job's state in ${path}: it is ${kind}.`, 'Remove it, or set DOTSTAT_STATE_FILE to another path.');
    try {
        (0,files/* replaceFile */.f)(path, `${JSON.stringify(state)}\n`, 0o600);
    }
    catch (error) {
        throw new errors/* DotstatError */.sh('STATE', `Cannot keep the job's state in ${path}: ${error.code ?? 'error'}.`, 'Check that its folder exists and is writable, or set DOTSTAT_STATE_FILE to another path.', { cause: error });
    }
}
/** The state kept at `path`, or undefined when there is none; a file that is not ours is refused. */
function readState(path) {
    const kind = (0,files/* notAPlainFile */.F)(path);
    if (kind)
        throw new errors/* DotstatError */.sh('STATE', `The job's state ${path} is ${kind}, not a file this job wrote.`, 'Remove it; sign in again.');
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw new errors/* DotstatError */.sh('STATE', `Cannot read the job's state ${path}: ${error.code ?? 'error'}.`, 'Sign in again in this job.');
    }
    const mode = (0,external_node_fs_.lstatSync)(path).mode & 0o777;
    if ((mode & 0o077) !== 0)
        throw new errors/* DotstatError */.sh('STATE', `The job's state ${path} is readable by others (mode ${mode.toString(8)}).`, 'Remove it; sign in again.');
    let state;
    try {
        state = JSON.parse(text);
    }
    catch {
        // Reported below, without the text: it holds secrets.
    }
    const wrong = state === undefined ? 'not JSON' : flawOf(state);
    if (!wrong)
        return state;
    throw new errors/* DotstatError */.sh('STATE', `The job's state ${path} is not one this version wrote (${wrong}).`, 'Remove it; sign in again.');
}
/**
 * What is wrong with a state read back (a field's name, never its value), or undefined. It is
 * checked as a sign-in checks its settings: another step of the job may have written the file, and
 * its endpoints receive the client secret and the refresh token.
 */
function flawOf(value) {
    if (typeof value !== 'object' || value === null)
        return 'not an object';
    const state = value;
    // A field that must be a string when there (non-empty where required), by name, or undefined.
    const string = (name, required = false) => (state[name] === undefined && !required) || (typeof state[name] === 'string' && (!required || state[name] !== '')) ? undefined : name;
    if (state.version !== 1)
        return 'version';
    const http = state.http;
    if (typeof http !== 'object' || http === null || typeof http.allowInsecureHttp !== 'boolean' || !(Number(http.timeoutMs) > 0))
        return 'http';
    for (const name of ['authority', 'tokenUrl']) {
        const input = name === 'authority' ? 'authority' : 'token-url';
        if (string(name))
            return input;
        try {
            (0,parse/* parseUrl */.Dl)((n) => (n === input ? state[name] : undefined), input, http.allowInsecureHttp);
        }
        catch {
            return input;
        }
    }
    if (state.authority === undefined && state.tokenUrl === undefined)
        return 'no authority nor token-url';
    const flaw = ['clientSecret', 'scope', 'refreshToken', 'expiresAt'].find((name) => string(name)) ??
        (typeof state.tokenType === 'string' ? undefined : 'tokenType') ??
        ['accessToken', 'clientId', 'grant', 'openedWith', 'tokenGrant'].find((name) => string(name, true));
    if (flaw)
        return flaw;
    if (state.expiresAt !== undefined && Number.isNaN(Date.parse(state.expiresAt)))
        return 'expiresAt';
    if (state.expiresIn !== undefined && !(Number.isFinite(state.expiresIn) && state.expiresIn >= 0))
        return 'expiresIn';
    if (!['auto', 'always', 'never'].includes(state.revoke))
        return 'revoke';
    if (typeof state.handedOff !== 'boolean')
        return 'handedOff';
    if (state.store !== undefined) {
        const store = state.store;
        if (typeof store !== 'object' || store === null || (store.token !== undefined && typeof store.token !== 'string'))
            return 'store';
        if (!sameTarget(store.target))
            return 'store';
    }
    return undefined;
}
/** Whether `target` is one that the store grammar (../store/target.ts) gives back for its own text: no dot segment, no other kind. */
function sameTarget(target) {
    const t = target;
    if (typeof t !== 'object' || t === null)
        return false;
    let text;
    if (t.kind === 'file')
        text = `file:${t.path}`;
    else if (t.kind === 'github-secret')
        text = `github-secret:${t.scope === 'organization' ? `org/${t.organization}/` : t.repository ? `${t.repository}/${t.scope === 'environment' ? `env/${t.environment}/` : ''}` : ''}${t.name}`;
    else if (t.kind === 'gitlab-variable')
        text = `gitlab-variable:${t.project ? `${t.project}/` : ''}${t.name}`;
    else
        return false;
    try {
        return (0,external_node_util_namespaceObject.isDeepStrictEqual)(JSON.parse(JSON.stringify((0,store_target/* parseStoreTarget */.o)(text, 'refresh-token-store'))), t);
    }
    catch {
        return false;
    }
}
function removeState(path) {
    (0,external_node_fs_.rmSync)(path, { force: true });
}
/**
 * Keeps each new token set of the job's sign-in in the state file, the newest refresh token always.
 * A state that cannot be written is a warning, once: it serves later steps and the end of the job,
 * never the job's own work.
 */
class StateKeeper {
    path;
    config;
    warn;
    #state;
    #warned = false;
    constructor(path, config, warn) {
        this.path = path;
        this.config = config;
        this.warn = warn;
    }
    keep(tokens) {
        this.#state = stateOf(this.config, tokens, this.#state);
        if (!this.#state)
            return;
        try {
            writeState(this.path, this.#state);
        }
        catch (error) {
            if (!this.#warned)
                this.warn(`${error.describe?.() ?? String(error)}\nThe job goes on; dotstat-action token and the revocation at its end will not find this sign-in.`);
            this.#warned = true;
        }
    }
}


/***/ }),

/***/ 1730:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(388);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3916);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(8422);
/* harmony import */ var _platform_action_inputs_js__WEBPACK_IMPORTED_MODULE_11__ = __nccwpck_require__(7995);
/* harmony import */ var _platform_startup_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(2414);
/* harmony import */ var _platform_terminal_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(9747);
/* harmony import */ var _lifecycle_state_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(4849);
/* harmony import */ var _post_js__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(6661);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_9__ = __nccwpck_require__(5341);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_10__ = __nccwpck_require__(7194);
/**
 * The action: wiring only. On GitHub the GitHub adapter is used; anywhere else the plain one,
 * which prints no workflow command and no secret. ./index.ts runs it (dist/index.js, what
 * action.yml runs); `@github/local-action` imports this file and calls `run()` itself.
 */












async function platformFor(env, secrets, debug) {
    if (env.GITHUB_ACTIONS !== 'true')
        return (0,_platform_terminal_js__WEBPACK_IMPORTED_MODULE_6__/* .createTerminalPlatform */ .K)(secrets, { debug });
    // Loaded as the command line loads it (src/cli.ts), so that both bundles share one chunk of it
    // and of @actions/core (scripts/build.mjs); never loaded off GitHub, where it would print secrets.
    const { createGithubPlatform } = await Promise.all(/* import() */[__nccwpck_require__.e(889), __nccwpck_require__.e(571)]).then(__nccwpck_require__.bind(__nccwpck_require__, 5952));
    return createGithubPlatform(secrets);
}
/**
 * Where this step keeps its sign-in for later steps (`dotstat-action token`, through
 * DOTSTAT_STATE_FILE) and for its post step (the path in GITHUB_STATE; the file, mode 0600, in
 * RUNNER_TEMP: ./lifecycle/state.ts).
 */
function keepStateFor(platform, env) {
    // Only on a runner, which runs the post step (GITHUB_STATE) and empties RUNNER_TEMP after the job:
    // elsewhere (@github/local-action) nothing would remove the file.
    if (!platform.saveState || !env.GITHUB_STATE || !env.RUNNER_TEMP)
        return undefined;
    const path = (0,_lifecycle_state_js__WEBPACK_IMPORTED_MODULE_7__/* .newStatePath */ .bZ)(env);
    platform.saveState(_post_js__WEBPACK_IMPORTED_MODULE_8__/* .STATE_NAME */ .s, path);
    platform.exportVariable('DOTSTAT_STATE_FILE', path, { secret: false });
    // This action's own command line, for `node "$DOTSTAT_CLI_JS" token` in later steps (no download).
    const cli = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(process.argv[1] ?? ''), 'cli.js');
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(cli))
        platform.exportVariable('DOTSTAT_CLI_JS', cli, { secret: false });
    return path;
}
/** Runs the action once; a failure of the job is reported through the platform, as the step's failure. */
async function run() {
    const env = process.env;
    const secrets = _secrets_js__WEBPACK_IMPORTED_MODULE_10__/* .SECRETS */ .cW;
    const debug = env.RUNNER_DEBUG === '1' || env.ACTIONS_STEP_DEBUG === 'true';
    const platform = await platformFor(env, secrets, debug);
    const raw = (0,_platform_action_inputs_js__WEBPACK_IMPORTED_MODULE_11__/* .actionInputs */ .e)(env);
    // Masking first: every secret input, raw and trimmed, before anything else can print.
    (0,_platform_startup_js__WEBPACK_IMPORTED_MODULE_5__/* .maskFirst */ .rz)(platform, _inputs_js__WEBPACK_IMPORTED_MODULE_4__/* .SECRET_INPUTS */ .p.map((name) => raw(name)), env, raw('file-url'));
    const cancellation = (0,_platform_startup_js__WEBPACK_IMPORTED_MODULE_5__/* .listenForCancellation */ .ci)();
    try {
        const config = (0,_config_js__WEBPACK_IMPORTED_MODULE_2__/* .parseConfig */ .o)(raw, { canMintIdToken: (0,_platform_startup_js__WEBPACK_IMPORTED_MODULE_5__/* .canMint */ .dm)(platform, env), env });
        await (0,_run_js__WEBPACK_IMPORTED_MODULE_9__/* .run */ .eF)(config, platform, { signal: cancellation.signal, folders: (0,_platform_startup_js__WEBPACK_IMPORTED_MODULE_5__/* .jobFolders */ .$1)(env), stateFile: config.idp && keepStateFor(platform, env) });
    }
    catch (error) {
        platform.setFailed((0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .asDotstatError */ .oH)(error).describe());
    }
    finally {
        cancellation.release();
    }
}


/***/ }),

/***/ 9167:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   U6: () => (/* binding */ discoverTokenEndpoint),
/* harmony export */   X4: () => (/* binding */ discoverProvider),
/* harmony export */   cu: () => (/* binding */ discoveryUrl),
/* harmony export */   rg: () => (/* binding */ discoverRevocationEndpoint)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _http_client_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5786);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8992);
/* harmony import */ var _http_retry_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(521);
/* harmony import */ var _http_json_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(2868);
/**
 * OpenID Connect discovery: the realm URL's `.well-known/openid-configuration` names the token
 * endpoint, so users give the realm URL they already know (with or without Keycloak's legacy
 * `/auth` prefix) and the action finds the rest.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */





function discoveryUrl(authority) {
    return new URL(`${authority.pathname.replace(/\/+$/, '')}/.well-known/openid-configuration`, authority);
}
/** Fetches the discovery document, checks that it is the authority's own, and returns its token endpoint. */
async function discoverTokenEndpoint(authority, http, retry) {
    const { document, response } = await discover(authority, http, retry);
    return tokenEndpointOf(document.token_endpoint, authority, response);
}
/** The discovery document (the authority's own, checked) and its token endpoint (on the authority's origin): for `login`. */
async function discoverProvider(authority, http, retry) {
    const { document, response } = await discover(authority, http, retry);
    return { tokenEndpoint: tokenEndpointOf(document.token_endpoint, authority, response), document };
}
/**
 * The revocation endpoint (RFC 7009) of the authority's own discovery document, under the same
 * rule as the token endpoint: on the authority's origin, or it is not trusted with a token.
 * Undefined when the document names none.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2 (revocation_endpoint)
 */
async function discoverRevocationEndpoint(authority, http, retry) {
    const { document, response } = await discover(authority, http, retry);
    if (document.revocation_endpoint === undefined)
        return undefined;
    return endpointOf(document.revocation_endpoint, 'revocation_endpoint', authority, response);
}
async function discover(authority, http, retry) {
    const url = discoveryUrl(authority);
    const response = await (0,_http_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .withRetry */ .bD)('discovery', () => (0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .send */ .tN)({ method: 'GET', url, credentials: false, headers: { accept: 'application/json' }, signal: retry.signal }, http), retry);
    const hint = realmUrlHint(authority);
    if (response.status !== 200) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(response.status, `OpenID Connect discovery failed: ${(0,_http_json_js__WEBPACK_IMPORTED_MODULE_4__/* .where */ ._M)(response)} answered HTTP ${response.status} (${(0,_http_json_js__WEBPACK_IMPORTED_MODULE_4__/* .describeBody */ .MP)(response)}).`, hint, 'DISCOVERY_FAILED');
    }
    const document = (0,_http_json_js__WEBPACK_IMPORTED_MODULE_4__/* .expectJsonObject */ .Bu)(response, 'OpenID Connect discovery', hint);
    checkIssuer(document.issuer, authority, response);
    return { document, response };
}
/** The realm URL without a trailing slash: Keycloak's `issuer`, for a realm URL given as it is. */
const bare = (url) => String(url).replace(/\/+$/, '');
/**
 * OpenID Connect Discovery §4.3: the issuer in the document must be the one it was fetched for.
 * Without this check, a document that a redirect or a compromised path served could name any
 * issuer, and with it any token endpoint.
 */
function checkIssuer(issuer, authority, response) {
    if (typeof issuer === 'string' && bare(issuer) === bare(authority))
        return;
    const named = typeof issuer === 'string' && issuer ? `names the issuer '${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .sanitize */ .aj)(issuer, 200)}'` : 'names no issuer';
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(200, `The discovery document at ${(0,_http_json_js__WEBPACK_IMPORTED_MODULE_4__/* .where */ ._M)(response)} ${named}, not the authority given (${bare(authority)}); its endpoints are not trusted.`, 'Set authority to the realm URL exactly as the identity provider names it (its issuer, the iss claim of its tokens). If it is reached here under another name on purpose (a proxy, an internal host), set token-url to its token endpoint instead.', 'ISSUER_MISMATCH');
}
/**
 * Credentials go only to the authority's own origin: a token endpoint on another host, port or
 * scheme is refused (set token-url explicitly to send them there on purpose).
 */
function tokenEndpointOf(endpoint, authority, response) {
    return endpointOf(endpoint, 'token_endpoint', authority, response);
}
function endpointOf(endpoint, field, authority, response) {
    const token = field === 'token_endpoint';
    const fix = token ? 'Set token-url to the token endpoint explicitly.' : 'Set revoke: never, or have the identity provider fix its discovery document.';
    if (typeof endpoint !== 'string' || endpoint === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(200, `The discovery document at ${(0,_http_json_js__WEBPACK_IMPORTED_MODULE_4__/* .where */ ._M)(response)} has no ${field}.`, fix, 'DISCOVERY_FAILED');
    }
    let url;
    try {
        url = new URL(endpoint);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(200, `The discovery document at ${(0,_http_json_js__WEBPACK_IMPORTED_MODULE_4__/* .where */ ._M)(response)} has an invalid ${field}.`, fix, 'DISCOVERY_FAILED');
    }
    if (url.origin !== authority.origin) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(200, `The discovery document at ${(0,_http_json_js__WEBPACK_IMPORTED_MODULE_4__/* .where */ ._M)(response)} names a ${token ? 'token' : 'revocation'} endpoint on another origin (${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .sanitize */ .aj)(url.origin, 200)}) than the authority (${authority.origin}); no ${token ? 'credentials are' : 'token is'} sent there.`, token
            ? 'If the identity provider really issues tokens there, set token-url to that address explicitly (instead of authority).'
            : 'Nothing was revoked; the session ends on its own when it expires. Set revoke: never to skip this.', 'TOKEN_ENDPOINT_ORIGIN');
    }
    return url;
}
/** What authority must look like, for a discovery that failed. */
function realmUrlHint(authority) {
    const path = authority.pathname;
    const base = 'authority must be the realm URL, e.g. https://keycloak.example.org/realms/OECD';
    if (!/\/realms\/[^/]+$/.test(path))
        return `${base}; this one does not end in /realms/<realm>.`;
    if (path.includes('/auth/realms/'))
        return `${base}. Keycloak 17 and later serve realms without the /auth prefix: try ${authority.origin}${path.replace('/auth/realms/', '/realms/')}.`;
    return `${base}. Check the realm name (it is case-sensitive); Keycloak 16 and older, or servers that kept the prefix, need /auth: try ${authority.origin}${path.replace('/realms/', '/auth/realms/')}.`;
}


/***/ }),

/***/ 5178:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   e$: () => (/* binding */ grantRequest)
/* harmony export */ });
/* unused harmony exports passwordRequest, refreshRequest, clientCredentialsRequest, keylessRequest */
/* harmony import */ var _keyless_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6375);

function base(grant, idp) {
    const form = new URLSearchParams({ grant_type: grant, client_id: idp.clientId });
    if (idp.clientSecret)
        form.set('client_secret', idp.clientSecret);
    if (idp.scope)
        form.set('scope', idp.scope);
    return form;
}
function passwordRequest(idp) {
    const form = base('password', idp);
    form.set('username', idp.username ?? '');
    form.set('password', idp.password ?? '');
    return { grant: 'password', form };
}
function refreshRequest(idp, refreshToken) {
    const form = base('refresh_token', idp);
    form.set('refresh_token', refreshToken);
    return { grant: 'refresh_token', form };
}
function clientCredentialsRequest(idp) {
    return { grant: 'client_credentials', form: base('client_credentials', idp) };
}
function grantRequest(grant, idp, refreshToken = idp.refreshToken) {
    if (grant === 'refresh_token')
        return refreshRequest(idp, refreshToken ?? '');
    if (grant === 'keyless')
        return keylessRequest(idp);
    return grant === 'password' ? passwordRequest(idp) : clientCredentialsRequest(idp);
}
/** The form of a keyless request, without its assertion: that is added by `withAssertion()` just before sending. */
function keylessRequest(idp) {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: idp.clientId, client_assertion_type: _keyless_js__WEBPACK_IMPORTED_MODULE_0__/* .JWT_BEARER */ .eh });
    if (idp.scope)
        form.set('scope', idp.scope);
    return { grant: 'keyless', form };
}


/***/ }),

/***/ 3172:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ tokenErrorFrom)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8992);
/* harmony import */ var _http_json_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(2868);



const REFRESH_DEAD = "The stored refresh token can no longer be used: a person must sign in again and store a new refresh token in the secret (or give username/password, or a service account's client-secret, so the action does not depend on it).";
const ROTATION = 'Always store the newest refresh-token output, and never refresh the same token from two jobs at once.';
const CHECK_CLIENT = (client) => `Check client-id (${client}) and client-secret: the client must exist in this realm, and a confidential client needs its current secret; a public client must not be sent one.`;
/** Hints keyed on the OAuth `error` code; each refines on the description only within its code. */
const byError = {
    unauthorized_client(d, _grant, client) {
        if (d.includes('direct access')) {
            return `The password grant is disabled for client ${client}: a Keycloak administrator must turn on "Direct Access Grants" for it, or use a service account (client-id and client-secret of a confidential client with service accounts enabled).`;
        }
        if (d.includes('public client'))
            return `Client ${client} is public and has no service account: use a confidential client with "Service accounts" enabled, and its client-secret.`;
        if (d.includes('service account'))
            return `Client ${client} does not have service accounts enabled: a Keycloak administrator must enable "Service accounts roles" on it (client authentication on).`;
        return CHECK_CLIENT(client);
    },
    invalid_client(d, _grant, client) {
        if (d.includes('consent')) {
            return `Client ${client} requires user consent, which only a browser sign-in can give: a Keycloak administrator must turn off "Consent required" on it, or use another client.`;
        }
        if (d.includes('bearer-only')) {
            return `Client ${client} is bearer-only (it only accepts tokens, it cannot get any): set client-id to the client people sign in with (often 'app'), or to a confidential client with service accounts.`;
        }
        return CHECK_CLIENT(client);
    },
    invalid_request(d, grant, client) {
        if (grant === 'client_credentials' && d.includes('service account')) {
            return `The service account of client ${client} does not exist: a Keycloak administrator must create the client with "Service accounts roles" on (a partial import does not create its user).`;
        }
        if (grant === 'client_credentials' && d.includes('disabled')) {
            return `The service account of client ${client} is disabled: a Keycloak administrator must enable its user (service-account-…) under Users.`;
        }
        return "See the identity provider's message above.";
    },
    invalid_grant: invalidGrantHint,
    not_allowed(d) {
        if (!d.includes('offline'))
            return "See the identity provider's message above.";
        return "Offline tokens are not allowed here: the user needs the offline_access role (part of the realm's default roles) and the client the offline_access client scope. Ask a Keycloak administrator, or remove offline_access from scope.";
    },
    invalid_scope: () => 'Check scope: the client must allow each requested scope (offline_access needs the offline_access role).',
    unsupported_grant_type: (_d, grant) => `The provider does not support grant-type ${grant} for this client.`,
    'realm does not exist': () => 'The realm named in authority (or token-url) does not exist on this server: check its spelling and case.',
};
function invalidGrantHint(d, grant, client) {
    // Before the refresh rules: signing in again cannot help a disabled account.
    if (d.includes('disabled'))
        return 'The user account is disabled: ask a Keycloak administrator to enable it.';
    if (d.includes('not fully set up')) {
        return 'The account has pending required actions (e.g. update password, verify e-mail, configure OTP, or a missing e-mail or name): sign in once in a browser to complete them, or ask an administrator to clear them.';
    }
    if (grant === 'refresh_token')
        return refreshHint(d, client);
    // Keycloak answers a brute-force lockout, and parallel sign-ins of one user, exactly like a wrong password.
    return 'Check the stored username and password secrets (are they for this realm?). If they are right, the account may be locked for a while by brute-force detection after repeated failures, or several jobs signed in as this user at the same moment: wait or ask a Keycloak administrator to unlock it, and do not retry blindly (each try counts towards a lockout).';
}
function refreshHint(d, client) {
    if (d.includes('reuse'))
        return `This refresh token was already used once (Keycloak rotates it on every refresh), and reusing it ended the session. ${ROTATION} ${REFRESH_DEAD}`;
    if (d.includes('stale token')) {
        return `This refresh token was replaced by a newer one (Keycloak rotates it on every refresh), and using it ended the session; or an administrator revoked the tokens issued before now. ${ROTATION} ${REFRESH_DEAD}`;
    }
    if (d.includes("doesn't have required client")) {
        return `The session no longer includes this client, usually because an older (rotated) refresh token was used again, which ends it for every holder. ${ROTATION} ${REFRESH_DEAD}`;
    }
    if (d.includes("don't match"))
        return `The refresh token was issued to another client than ${client}: set client-id to the client that issued it. ${REFRESH_DEAD}`;
    if (d.includes('session not active') || d.includes('session not found')) {
        return `The session ended (signed out, ended by an administrator, or idle or past its maximum lifespan). ${REFRESH_DEAD}`;
    }
    return REFRESH_DEAD;
}
function hintFor(error, description, grant, idp) {
    const hint = Object.hasOwn(byError, error.toLowerCase()) ? byError[error.toLowerCase()] : undefined;
    return hint ? hint(description.toLowerCase(), grant, `'${idp.clientId}'`) : "See the identity provider's message above.";
}
/** The error for a token endpoint answer other than 200. */
function tokenErrorFrom(response, grant, idp) {
    const json = (0,_http_json_js__WEBPACK_IMPORTED_MODULE_2__/* .tryJsonObject */ .L8)(response.body);
    const error = typeof json?.error === 'string' ? (0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .sanitize */ .aj)(json.error, 80) : undefined;
    if (error) {
        const description = typeof json?.error_description === 'string' ? (0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .sanitize */ .aj)(json.error_description, 300) : '';
        const quoted = description ? `${error}: ${description}` : error;
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .IdpError */ .sW(response.status, error, description, `The identity provider refused the ${grant} grant (HTTP ${response.status}, ${quoted}).`, hintFor(error, description, grant, idp));
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(response.status, `The token endpoint ${(0,_http_json_js__WEBPACK_IMPORTED_MODULE_2__/* .where */ ._M)(response)} answered HTTP ${response.status} (${(0,_http_json_js__WEBPACK_IMPORTED_MODULE_2__/* .describeBody */ .MP)(response)}).`, statusHint(response.status), 'TOKEN_HTTP_ERROR');
}
function statusHint(status) {
    if (status === 404)
        return 'Wrong URL: check authority (realm URL, with or without /auth) or token-url.';
    if (status === 405)
        return 'The URL does not accept POST: it is not a token endpoint. Check token-url.';
    if (status >= 500)
        return 'The identity provider or a proxy in front of it is failing; retried without success. Try again later or tell its operator.';
    return 'Check authority / token-url and the client settings.';
}


/***/ }),

/***/ 7875:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $Z: () => (/* binding */ setupLines)
/* harmony export */ });
/* unused harmony exports setupFor, namesOnlyWarning, setupText */
const isGitlab = (c) => c.ids.project_id !== undefined || c.sub?.startsWith('project_path:') === true;
/** The Keycloak resources that trust this token's issuer and exactly its sub. */
function setupFor(claims, realmUrl, clientId) {
    const gitlab = isGitlab(claims);
    const alias = gitlab ? 'gitlab-ci' : 'github-actions';
    const issuer = claims.iss ?? '';
    const config = {
        issuer,
        useJwksUrl: 'true',
        jwksUrl: gitlab ? `${issuer}/oauth/discovery/keys` : `${issuer}/.well-known/jwks`,
        validateSignature: 'true',
        supportsClientAssertions: 'true',
    };
    // A GitLab token is minted at job start and used again for every renewal, until the job's timeout.
    if (gitlab)
        Object.assign(config, { supportsClientAssertionReuse: 'true', fedClientAssertionMaxExp: '3600' });
    return {
        realmUrl,
        alias,
        clientId,
        identityProvider: { alias, providerId: 'oidc', enabled: true, config },
        client: {
            clientId,
            enabled: true,
            publicClient: false,
            clientAuthenticatorType: 'federated-jwt',
            serviceAccountsEnabled: true,
            standardFlowEnabled: false,
            directAccessGrantsEnabled: false,
            attributes: { 'jwt.credential.issuer': alias, 'jwt.credential.sub': claims.sub ?? '' },
        },
    };
}
/** The warning for a sub that names the repository or project only by name (reusable after a rename). */
function namesOnlyWarning(claims) {
    const sub = claims.sub ?? '';
    if (isGitlab(claims)) {
        return `The sub names the project by path only (${sub}): a project created later at this path (after a rename or deletion) would match. GitLab's sub cannot hold project_id (${claims.ids.project_id ?? '?'}); keep this path from being re-created, and bind to a protected branch or tag (ref_protected is ${claims.ids.ref_protected ?? '?'}).`;
    }
    if (/@\d+/.test(sub) || (claims.ids.repository_id !== undefined && sub.includes(claims.ids.repository_id)))
        return undefined;
    return `The sub names the repository by name only (${sub}): a repository created later with this name (after a rename or deletion) would match. Use a sub holding the immutable ids (repository_id ${claims.ids.repository_id ?? '?'}, repository_owner_id ${claims.ids.repository_owner_id ?? '?'}): set the repository's OIDC sub template to include repository_id (PUT /repos/OWNER/REPO/actions/oidc/customization/sub), run this command again, and bind to a protected branch or an environment.`;
}
/** The text printed: claims, warning, realm JSON, kcadm.sh commands and admin REST calls. */
function setupText(claims, setup) {
    const server = setup.realmUrl.href.replace(/\/realms\/[^/]+\/?$/, '');
    const realm = /\/realms\/([^/]+)/.exec(setup.realmUrl.pathname)?.[1] ?? 'REALM';
    // One line each: printed lines are whitespace-collapsed, and one line is easy to copy whole.
    const json = (value) => JSON.stringify(value);
    const lines = [
        "Claims of this job's ID token that Keycloak matches (the token itself is not shown):",
        `iss: ${claims.iss ?? '(none)'}`,
        `sub: ${claims.sub ?? '(none)'}`,
        `aud: ${claims.aud ?? '(none)'} (Keycloak requires exactly ${setup.realmUrl.href.replace(/\/$/, '')})`,
        ...Object.entries(claims.ids).map(([name, value]) => `${name}: ${value}`),
    ];
    const warning = namesOnlyWarning(claims);
    if (warning)
        lines.push('', `Warning: ${warning}`);
    lines.push('', `Keycloak identity provider (realm ${realm}), as JSON:`, '--- identity-provider.json', json(setup.identityProvider), '---', `Keycloak client, as JSON (sign in with client-id ${setup.clientId}):`, '--- client.json', json(setup.client), '---', '', 'With kcadm.sh (after kcadm.sh config credentials --server ' + server + ' --realm master --user ADMIN):', `kcadm.sh create identity-provider/instances -r ${realm} -f identity-provider.json`, `kcadm.sh create clients -r ${realm} -f client.json`, '', 'Or with the admin REST API (a bearer token of an administrator of the realm in $ADMIN_TOKEN):', `curl -fsS -X POST -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' --data @identity-provider.json ${server}/admin/realms/${realm}/identity-provider/instances`, `curl -fsS -X POST -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' --data @client.json ${server}/admin/realms/${realm}/clients`, '(Use these per-resource endpoints, not partialImport: a client imported that way gets no service-account user.)');
    return lines;
}
/** The whole text for this token, realm and client-id ('app', the default, gets a name from the sub). */
function setupLines(claims, authority, clientId) {
    const name = (claims.sub ?? 'ci')
        .replace(/^(repo|project_path):/, '')
        .split(':')[0]
        ?.replace(/[^A-Za-z0-9-]+/g, '-') ?? 'ci';
    return setupText(claims, setupFor(claims, authority, clientId && clientId !== 'app' ? clientId : `keyless-${name}`));
}


/***/ }),

/***/ 6375:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   OV: () => (/* binding */ assertionClaims),
/* harmony export */   eh: () => (/* binding */ JWT_BEARER),
/* harmony export */   ui: () => (/* binding */ obtainAssertion),
/* harmony export */   xN: () => (/* binding */ withAssertion),
/* harmony export */   zp: () => (/* binding */ keylessError)
/* harmony export */ });
/* unused harmony export keylessHint */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/**
 * Keyless sign-in: the CI job's own OpenID Connect ID token is the client's credential (Keycloak's
 * "Signed JWT – Federated" client authenticator, 26.6+). The request is `client_credentials` with
 * the ID token as `client_assertion`; no secret is stored anywhere.
 *
 * The ID token is a secret: it is registered (masked) the moment it is obtained, before anything
 * else is done with it, and only its claims, never the token, appear in a message.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2 (JWT client authentication)
 */

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ID_CLAIMS = ['repository_id', 'repository_owner_id', 'project_id', 'namespace_id', 'ref_protected', 'environment'];
/** A JWT's payload, not verified (Keycloak verifies it): for messages and the setup text only. */
function assertionClaims(jwt) {
    let payload = {};
    try {
        payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    }
    catch {
        // Not a JWT: every claim reads as absent, and Keycloak's refusal says the rest.
    }
    const str = (v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
    const num = (v) => (typeof v === 'number' ? v : undefined);
    const aud = Array.isArray(payload.aud) ? payload.aud.map(String).join(' ') : str(payload.aud);
    const ids = {};
    for (const name of ID_CLAIMS) {
        const value = str(payload[name]);
        if (value !== undefined)
            ids[name] = value;
    }
    return { iss: str(payload.iss), sub: str(payload.sub), aud, iat: num(payload.iat), exp: num(payload.exp), jti: str(payload.jti), ids };
}
/**
 * The ID token for one exchange: the given one (GitLab's `id_tokens:`, the same for the whole
 * job), or a fresh one minted for the audience (GitHub, before each exchange). Masked at once.
 */
async function obtainAssertion(idp, mint, secret) {
    if (idp.idToken)
        return idp.idToken;
    if (!mint) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DotstatError */ .sh('KEYLESS_NO_ID_TOKEN', 'Keyless sign-in needs an OpenID Connect ID token of this job, and none was given.', 'On GitLab, declare it in the job (id_tokens: DOTSTAT_ID_TOKEN: aud: <the realm URL>); elsewhere set DOTSTAT_ID_TOKEN (the id-token input).');
    }
    const token = await mint(idp.audience ?? '');
    secret(token);
    return token;
}
/** The request with its assertion; the claims are kept for the error message, the token is not. */
function withAssertion(request, assertion) {
    const form = new URLSearchParams(request.form);
    form.set('client_assertion', assertion);
    return { ...request, form };
}
const SAME_401 = 'Keycloak answers this one refusal for three causes it does not tell apart: (1) no client has jwt.credential.sub equal to this token\'s sub, or its jwt.credential.issuer is not the identity provider of this iss; (2) no identity provider trusts this iss (it needs "Supports client assertions" on, and issuer set to exactly this iss); (3) the signature does not verify with that provider\'s JWKS (check its JWKS URL and "Validate signatures").';
/** What to check for each refusal of a keyless exchange; the token's claims, never the token, are quoted. */
function keylessHint(error, claims, idp) {
    const d = error.errorDescription.toLowerCase();
    const seen = `This job's token: iss ${claims.iss ?? '(none)'}, sub ${claims.sub ?? '(none)'}, aud ${claims.aud ?? '(none)'}.`;
    if (d.includes('reuse')) {
        return `${seen} This ID token was already used once, and the identity provider accepts each token once. A GitLab token is minted at job start and used again for each renewal: turn on "Supports client assertion reuse" (supportsClientAssertionReuse) on the Keycloak identity provider of ${claims.iss ?? 'this issuer'}, or get a new token per job.`;
    }
    if (d.includes('audience')) {
        return `${seen} Keycloak expects aud to be exactly its realm URL as seen from the request (${idp.authority?.href.replace(/\/$/, '') ?? 'the realm URL'}): set audience to it (on GitLab: id_tokens: … aud:), with the same host name as authority.`;
    }
    if (d.includes('too far in the past')) {
        const age = claims.iat === undefined ? '' : ` It was issued ${Math.round(Date.now() / 1000 - claims.iat)} s ago.`;
        return `${seen}${age} The identity provider refuses assertions older than its maximum assertion age (300 s by default). A GitLab token is minted at job start: raise "Max assertion expiration" (fedClientAssertionMaxExp, seconds) on the Keycloak identity provider of ${claims.iss ?? 'this issuer'} to the job's timeout.`;
    }
    if (d.includes('not active')) {
        const when = claims.exp === undefined ? '' : ` It expired at ${new Date(claims.exp * 1000).toISOString()}.`;
        return `${seen}${when} The ID token has expired: get a fresh one (on GitLab the token lives as long as the job's timeout).`;
    }
    if (d.includes('does not match authenticated client')) {
        return `${seen} The client whose jwt.credential.sub is this sub is not client-id '${idp.clientId}': set client-id to that client.`;
    }
    if (d.includes('jti'))
        return `${seen} The token has no jti claim, which Keycloak requires: this issuer's tokens cannot be used for keyless sign-in.`;
    if (error.error === 'unauthorized_client')
        return `${seen} Client '${idp.clientId}' does not use the "Signed JWT - Federated" authenticator (federated-jwt): set client-id to the keyless client.`;
    if (error.error === 'invalid_client')
        return `${seen} ${SAME_401}`;
    return `${seen} See the identity provider's message above.`;
}
/** The refusal of a keyless exchange, with its hint; other errors pass unchanged. */
function keylessError(error, claims, idp) {
    if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .IdpError */ .sW))
        return error;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .IdpError */ .sW(error.status, error.error, error.errorDescription, error.message, keylessHint(error, claims, idp));
}


/***/ }),

/***/ 4425:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ TokenSession)
/* harmony export */ });
/* harmony import */ var _token_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(448);
/* harmony import */ var _grants_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5178);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3916);



/** The longest margin before expiry at which a token is renewed ahead of a call. */
const RENEW_MARGIN_MS = 60_000;
class TokenSession {
    ctx;
    onTokens;
    #endpoint;
    #current;
    /** The renewal in flight: concurrent callers (uploads in parallel, polls, exec's timer) share it. */
    #renewing;
    constructor(ctx, onTokens) {
        this.ctx = ctx;
        this.onTokens = onTokens;
    }
    get current() {
        if (!this.#current)
            throw new Error('TokenSession.start() has not run');
        return this.#current;
    }
    async withToken(what, call, refused) {
        if (this.#expiresSoon()) {
            this.ctx.log.debug(`The access token is about to expire; renewing it first (${what}).`);
            await this.renew();
        }
        const used = this.current.accessToken;
        try {
            const result = await call(used);
            if (!refused(result))
                return result;
        }
        catch (error) {
            if (!refused(error))
                throw error;
        }
        this.ctx.log.info(`The access token was refused ${what}; getting a new one and trying once more.`);
        // Renewed already by a concurrent call: that one is tried; else one renewal (joined, if in flight).
        if (this.current.accessToken === used)
            await this.renew();
        return call(this.current.accessToken);
    }
    #expiresSoon(now = Date.now()) {
        const due = this.renewalDueAt();
        return due !== undefined && now >= due;
    }
    /**
     * When the current token is due for renewal (epoch ms): a minute before its end, or a quarter of
     * its lifetime before, if shorter; undefined for a token without an end. The one rule, for the
     * calls above and for `dotstat-action exec`, which renews on this clock for its child.
     */
    renewalDueAt() {
        const { expiresAt, expiresIn } = this.current;
        if (!expiresAt || expiresIn === undefined)
            return undefined;
        // A short-lived token (a minute, say) would otherwise be renewed before every call.
        return expiresAt.getTime() - Math.min(RENEW_MARGIN_MS, (expiresIn * 1000) / 4);
    }
    /** Whether the current token is due for renewal (`dotstat-action token` renews only then). */
    needsRenewal(now = Date.now()) {
        return this.#expiresSoon(now);
    }
    /** Continues from tokens another command got meanwhile (the job's state), as if renewed: its keepers are told. */
    takeKept(tokens) {
        this.#accept(tokens);
    }
    /** Continues from tokens kept earlier in the job (its state), without a sign-in. */
    adopt(tokens) {
        this.#current = tokens;
    }
    async start() {
        this.#endpoint = await (0,_token_js__WEBPACK_IMPORTED_MODULE_0__/* .resolveTokenEndpoint */ .VM)(this.ctx);
        return this.#accept(await (0,_token_js__WEBPACK_IMPORTED_MODULE_0__/* .obtainToken */ .BM)(this.#endpoint, this.ctx));
    }
    /**
     * A new token set. One renewal at a time: a refresh token is spent by its first use (Keycloak
     * rotates it, and with "Revoke Refresh Token" a second use of it ends the session), so callers
     * that ask while one is in flight get its result.
     */
    renew() {
        this.#renewing ??= this.#renew().finally(() => {
            this.#renewing = undefined;
        });
        return this.#renewing;
    }
    async #renew() {
        const endpoint = this.#endpoint ?? (await (0,_token_js__WEBPACK_IMPORTED_MODULE_0__/* .resolveTokenEndpoint */ .VM)(this.ctx));
        const refreshToken = this.#current?.refreshToken;
        const fallback = this.#credentialsGrant();
        if (!refreshToken && !fallback) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .DotstatError */ .sh('TOKEN_EXPIRED', 'The access token expired, and the identity provider gave no new refresh token to renew it with.', "Give username/password or a service account's client-secret as well, so that a new token can be requested.");
        }
        if (!refreshToken)
            return this.#accept(await (0,_token_js__WEBPACK_IMPORTED_MODULE_0__/* .requestToken */ .Fr)(endpoint, (0,_grants_js__WEBPACK_IMPORTED_MODULE_1__/* .grantRequest */ .e$)(fallback, this.ctx.idp), this.ctx));
        try {
            return this.#accept(await (0,_token_js__WEBPACK_IMPORTED_MODULE_0__/* .requestToken */ .Fr)(endpoint, (0,_grants_js__WEBPACK_IMPORTED_MODULE_1__/* .grantRequest */ .e$)('refresh_token', this.ctx.idp, refreshToken), this.ctx));
        }
        catch (error) {
            // The session may have ended (idle or max lifespan) during a long import; credentials still work.
            if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .IdpError */ .sW) || !fallback)
                throw error;
            this.ctx.log.debug(`Refresh refused (${error.error}); requesting a new token with the ${fallback} grant.`);
            return this.#accept(await (0,_token_js__WEBPACK_IMPORTED_MODULE_0__/* .requestToken */ .Fr)(endpoint, (0,_grants_js__WEBPACK_IMPORTED_MODULE_1__/* .grantRequest */ .e$)(fallback, this.ctx.idp), this.ctx));
        }
    }
    /** A grant that needs no refresh token: the configured one, or the password grant when credentials are given. */
    #credentialsGrant() {
        if (this.ctx.idp.grant !== 'refresh_token')
            return this.ctx.idp.grant;
        return this.ctx.idp.username && this.ctx.idp.password ? 'password' : undefined;
    }
    #accept(tokens) {
        // Current first: the refresh token it replaces is spent, so a keeper that fails (exec's token
        // file, the state) must not leave the session to renew with that one (Keycloak's reuse check
        // would end the session).
        this.#current = tokens;
        this.onTokens(tokens);
        return tokens;
    }
}


/***/ }),

/***/ 7656:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   HS: () => (/* binding */ parseIdp),
/* harmony export */   _2: () => (/* binding */ PERMISSION_YAML)
/* harmony export */ });
/* unused harmony exports PERMISSION_YAML_INLINE, chooseGrant */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _parse_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2828);
/**
 * The identity-provider settings: where tokens come from, the client, the credentials, and the
 * grant they allow (`grant-type: auto` resolved here, before any request).
 */


/** The permission a GitHub job needs to mint an ID token (keyless). */
const PERMISSION_YAML = 'permissions:\n  id-token: write\n  contents: read';
/** The same, on one line (an input error's hint is one line). */
const PERMISSION_YAML_INLINE = 'permissions: { id-token: write, contents: read }';
function parseIdp(raw, allowInsecureHttp, platform = {}) {
    const authority = normaliseAuthority((0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .parseUrl */ .Dl)(raw, 'authority', allowInsecureHttp));
    const tokenUrl = (0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .parseUrl */ .Dl)(raw, 'token-url', allowInsecureHttp);
    if (authority && tokenUrl) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('token-url', 'conflicts with authority: set one of them, not both.', 'Use authority (discovery finds the token endpoint), or token-url alone for a provider without discovery.');
    }
    if (!authority && !tokenUrl) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('authority', 'is required (or token-url).', 'Set authority to the realm URL, e.g. https://keycloak.example.org/realms/OECD.');
    }
    const clientId = (0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .read */ .LF)(raw, 'client-id');
    if (!clientId)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('client-id', 'is required.', 'Write the client id as Keycloak shows it under Clients, e.g. app.');
    if (/\s/.test(clientId))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('client-id', 'must not contain spaces.', 'Write the client id as Keycloak shows it under Clients, e.g. app.');
    const credentials = {
        clientSecret: (0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .read */ .LF)(raw, 'client-secret'),
        username: (0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .read */ .LF)(raw, 'username'),
        password: (0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .read */ .LF)(raw, 'password'),
        refreshToken: (0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .read */ .LF)(raw, 'refresh-token'),
        idToken: (0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .read */ .LF)(raw, 'id-token')?.trim(),
        canMintIdToken: platform.canMintIdToken ?? false,
    };
    const emptySecret = 'A secret that does not exist (or is not available to this workflow, e.g. from a fork) reads as empty: check its name and where it is defined.';
    if (credentials.username && !credentials.password)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('password', 'is required with username.', `Pass the password from a masked secret. ${emptySecret}`);
    if (credentials.password && !credentials.username)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('username', 'is required with password.', `Pass the user name from a secret. ${emptySecret}`);
    const grant = chooseGrant((0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .parseEnum */ .nL)(raw, 'grant-type', ['auto', 'password', 'refresh_token', 'client_credentials', 'keyless']), credentials);
    const scope = (0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .read */ .LF)(raw, 'scope')?.split(/\s+/).join(' ');
    const { canMintIdToken: _, ...given } = credentials;
    if (grant !== 'keyless')
        return { authority, tokenUrl, clientId, ...given, idToken: undefined, grant, scope };
    const audience = (0,_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .read */ .LF)(raw, 'audience')?.trim() || authority?.href.replace(/\/$/, '');
    if (!audience)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('audience', 'is required for keyless sign-in with token-url.', 'Set audience to the realm URL (https://keycloak.example.org/realms/OECD): Keycloak accepts only ID tokens whose aud is exactly that.');
    return { authority, tokenUrl, clientId, ...given, grant, scope, audience };
}
/** Accepts the discovery document's URL too, and points at token-url when given a token endpoint. */
function normaliseAuthority(url) {
    if (!url)
        return undefined;
    url.pathname = url.pathname.replace(/\/\.well-known\/openid-configuration$/, '');
    if (/\/protocol\/openid-connect\/token$/.test(url.pathname)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('authority', 'is a token endpoint, not a realm URL.', `Set token-url to it instead, or authority to ${url.origin}${url.pathname.replace(/\/protocol\/openid-connect\/token$/, '')}.`);
    }
    if (url.search)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('authority', 'must not contain a ?query.', 'Remove the ? and what follows it: authority is the realm URL, e.g. https://keycloak.example.org/realms/OECD.');
    return url;
}
/** Resolves `auto`, and checks that the chosen grant has what it needs. */
function chooseGrant(requested, c) {
    if (requested === 'auto') {
        if (c.refreshToken)
            return 'refresh_token';
        if (c.username && c.password)
            return 'password';
        if (c.clientSecret)
            return 'client_credentials';
        if (c.idToken || c.canMintIdToken)
            return 'keyless';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('grant-type', 'no credentials were given, so no grant can be used.', "Provide one of: refresh-token (a stored refresh token); username and password (password grant); or client-secret (a service account, client credentials grant). Pass them from masked secrets. Or sign in keyless with the job's own ID token: on GitHub give the job permissions: id-token: write; on GitLab declare id_tokens: DOTSTAT_ID_TOKEN with aud set to the realm URL.");
    }
    if (requested === 'keyless') {
        if (c.idToken || c.canMintIdToken)
            return 'keyless';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('grant-type', 'is keyless, but this job has no OpenID Connect ID token and cannot mint one.', `On GitHub, give the job (or the workflow) the permission to mint one: ${PERMISSION_YAML_INLINE}. On GitLab, declare it in the job: id_tokens: { DOTSTAT_ID_TOKEN: { aud: <the realm URL> } }. Elsewhere set DOTSTAT_ID_TOKEN.`);
    }
    const needs = {
        refresh_token: ['refresh-token', c.refreshToken],
        password: ['username', c.username && c.password],
        client_credentials: ['client-secret', c.clientSecret],
    };
    const [input, present] = needs[requested];
    if (!present) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `is required for grant-type ${requested}.`, `Pass it from a masked secret (a secret that does not exist reads as empty), or set grant-type: auto to use the credentials that are given.`);
    }
    return requested;
}


/***/ }),

/***/ 1490:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ds: () => (/* binding */ tokenResponseJson),
/* harmony export */   RD: () => (/* binding */ tokenSecrets),
/* harmony export */   _i: () => (/* binding */ processTokenResponse),
/* harmony export */   aR: () => (/* binding */ rotatedRefreshToken),
/* harmony export */   tb: () => (/* binding */ receivedSecrets)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _http_client_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5786);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8992);
/* harmony import */ var _http_json_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2868);




/** The secret values of a token set, in the order they should be masked. */
function tokenSecrets(tokens) {
    return [tokens.accessToken, tokens.refreshToken, tokens.idToken].filter((v) => Boolean(v));
}
function invalid(response, problem) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(response.status, `The token endpoint ${(0,_http_json_js__WEBPACK_IMPORTED_MODULE_3__/* .where */ ._M)(response)} answered HTTP ${response.status} but ${problem}.`, 'The URL may point at something other than an OAuth token endpoint (check token-url / authority), or the provider is misbehaving.', 'BAD_TOKEN_RESPONSE');
}
function optionalString(json, key, response) {
    const value = json[key];
    if (value === undefined || value === null || value === '')
        return undefined;
    if (typeof value !== 'string')
        throw invalid(response, `its ${key} is not a string`);
    return value;
}
/**
 * What may follow `Bearer ` in an Authorization header (RFC 6750 §2.1 b64token). The access
 * token and the id token (a JWT) are always of this form.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/**
 * A refresh token is printable ASCII (RFC 6749 Appendix A.17, VSCHAR), without `::` and `##[`:
 * no token format in use has them, and they read as workflow commands on GitHub.
 * @see https://www.rfc-editor.org/rfc/rfc6749#appendix-A.17
 */
const REFRESH_TOKEN = /^(?!.*(?:::|##\[))[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/s;
const TOKEN_FORMS = {
    access_token: { pattern: B64TOKEN, words: 'a single word of letters, digits and -._~+/ (RFC 6750)' },
    id_token: { pattern: B64TOKEN, words: 'a single word of letters, digits and -._~+/ (a JWT)' },
    refresh_token: { pattern: REFRESH_TOKEN, words: 'a single line of printable characters (RFC 6749)' },
};
/**
 * A token, checked for its form. A newline or a workflow command in a token would be printed by
 * the runner's own masking and output commands; the value itself is never quoted (it is a secret).
 */
function optionalToken(json, key, response) {
    const value = optionalString(json, key, response);
    const form = TOKEN_FORMS[key];
    if (value !== undefined && form && !form.pattern.test(value)) {
        throw invalid(response, `its ${key} is not a valid token: it must be ${form.words}, and this one (${value.length} characters, not shown) is not`);
    }
    return value;
}
/** 100 years: longer is no lifetime but a broken server, and would overflow a Date. */
const MAX_SECONDS = 100 * 365 * 24 * 3600;
function optionalSeconds(json, key, response) {
    const value = json[key];
    if (value === undefined || value === null)
        return undefined;
    const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS) {
        throw invalid(response, `its ${key} is not a number of seconds from 0 to ${MAX_SECONDS} (100 years)`);
    }
    return Math.floor(seconds);
}
/** The answer as a JSON object; never quotes the body: a 200 from a token endpoint may hold a token in some unexpected form. */
function tokenResponseJson(response) {
    const json = (0,_http_json_js__WEBPACK_IMPORTED_MODULE_3__/* .tryJsonObject */ .L8)(response.body);
    if (json)
        return json;
    const type = (0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .sanitize */ .aj)((0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .headerValue */ .Z)(response.headers, 'content-type')?.split(';')[0] ?? 'no content type', 60);
    throw invalid(response, `its body is not a JSON object (${type}, ${Buffer.byteLength(response.body)} bytes)`);
}
/**
 * The tokens of an answer that have a token's form, masked before the rest is checked. One of
 * another form is refused by the checks, and never printed; masking it would let a server hide
 * any text of its choosing (a "token" reading `Error`) from the log.
 */
function receivedSecrets(json) {
    return Object.entries(TOKEN_FORMS).flatMap(([key, form]) => {
        const value = json[key];
        return typeof value === 'string' && form.pattern.test(value) ? [value] : [];
    });
}
/**
 * The answer's refresh token when it is well formed, whatever the rest of the answer holds: once
 * the provider has rotated it, the stored one is spent, so it is kept before the rest is checked.
 */
function rotatedRefreshToken(json) {
    const value = json.refresh_token;
    return typeof value === 'string' && REFRESH_TOKEN.test(value) ? value : undefined;
}
/** Checks every field of a successful answer and converts it to a TokenSet. */
function processTokenResponse(response, grant, now = new Date(), json = tokenResponseJson(response)) {
    const accessToken = optionalToken(json, 'access_token', response);
    if (!accessToken)
        throw invalid(response, 'it holds no access_token');
    const tokenType = optionalString(json, 'token_type', response) ?? 'Bearer';
    if (tokenType.toLowerCase() !== 'bearer')
        throw invalid(response, `its token_type is '${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .sanitize */ .aj)(tokenType, 20)}', not Bearer`);
    const expiresIn = optionalSeconds(json, 'expires_in', response);
    const refreshExpiresIn = optionalSeconds(json, 'refresh_expires_in', response);
    const refreshToken = optionalToken(json, 'refresh_token', response);
    return {
        accessToken,
        tokenType: 'Bearer',
        expiresIn,
        expiresAt: expiresIn === undefined ? undefined : new Date(now.getTime() + expiresIn * 1000),
        refreshToken,
        refreshExpiresAt: refreshToken && refreshExpiresIn ? new Date(now.getTime() + refreshExpiresIn * 1000) : undefined,
        idToken: optionalToken(json, 'id_token', response),
        scope: optionalString(json, 'scope', response),
        grant,
    };
}


/***/ }),

/***/ 448:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   BM: () => (/* binding */ obtainToken),
/* harmony export */   Fr: () => (/* binding */ requestToken),
/* harmony export */   VM: () => (/* binding */ resolveTokenEndpoint)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _http_form_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7932);
/* harmony import */ var _http_network_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8360);
/* harmony import */ var _discovery_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(9167);
/* harmony import */ var _grants_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(5178);
/* harmony import */ var _idp_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(3172);
/* harmony import */ var _keyless_setup_js__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(7875);
/* harmony import */ var _keyless_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(6375);
/* harmony import */ var _token_response_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(1490);









async function resolveTokenEndpoint(ctx) {
    if (ctx.idp.tokenUrl)
        return ctx.idp.tokenUrl;
    const endpoint = await (0,_discovery_js__WEBPACK_IMPORTED_MODULE_3__/* .discoverTokenEndpoint */ .U6)(ctx.idp.authority, ctx.http, ctx.retry);
    ctx.log.debug(`Token endpoint from discovery: ${endpoint.origin}${endpoint.pathname}`);
    return endpoint;
}
/** The contexts whose debug output has shown the keyless setup: once a run, not at each renewal. */
const setupShown = new WeakSet();
/** In debug output, the same text as `dotstat-action keyless-setup`: what Keycloak must trust for this job. */
function showSetupOnce(ctx, claims) {
    if (setupShown.has(ctx) || !ctx.idp.authority)
        return;
    setupShown.add(ctx);
    ctx.log.debug('Keyless: the Keycloak setup that trusts this job (the text of dotstat-action keyless-setup):');
    for (const line of (0,_keyless_setup_js__WEBPACK_IMPORTED_MODULE_8__/* .setupLines */ .$Z)(claims, ctx.idp.authority, ctx.idp.clientId))
        ctx.log.debug(line ? `  ${line}` : '');
}
/** Sends one token request (with the retries its grant allows) and returns the validated tokens. */
async function requestToken(endpoint, unsigned, ctx) {
    let request = unsigned;
    let claims;
    if (request.grant === 'keyless') {
        // Obtained (minted on GitHub) and masked just before the exchange: an assertion is short-lived and single-use.
        const assertion = await (0,_keyless_js__WEBPACK_IMPORTED_MODULE_6__/* .obtainAssertion */ .ui)(ctx.idp, ctx.mintIdToken, (value) => ctx.keep?.secret(value));
        claims = (0,_keyless_js__WEBPACK_IMPORTED_MODULE_6__/* .assertionClaims */ .OV)(assertion);
        ctx.log.debug(`Keyless: ID token of iss ${claims.iss ?? '?'}, sub ${claims.sub ?? '?'}, aud ${claims.aud ?? '?'}.`);
        showSetupOnce(ctx, claims);
        request = (0,_keyless_js__WEBPACK_IMPORTED_MODULE_6__/* .withAssertion */ .xN)(request, assertion);
    }
    ctx.log.info(`Requesting a token from ${endpoint.origin}${endpoint.pathname} (${request.grant} grant, client ${ctx.idp.clientId}).`);
    const body = request.form.toString();
    let response;
    try {
        response = await (0,_http_form_js__WEBPACK_IMPORTED_MODULE_1__/* .postForm */ .j)(operationOf(request.grant), endpoint, body, ctx.http, ctx.retry);
    }
    catch (error) {
        throw request.grant === 'refresh_token' ? refreshMayBeSpent(error) : error;
    }
    if (response.status !== 200) {
        const error = (0,_idp_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .tokenErrorFrom */ .I)(response, request.grant, ctx.idp);
        throw claims ? (0,_keyless_js__WEBPACK_IMPORTED_MODULE_6__/* .keylessError */ .zp)(error, claims, ctx.idp) : error;
    }
    const json = (0,_token_response_js__WEBPACK_IMPORTED_MODULE_7__/* .tokenResponseJson */ .Ds)(response);
    for (const secret of (0,_token_response_js__WEBPACK_IMPORTED_MODULE_7__/* .receivedSecrets */ .tb)(json))
        ctx.keep?.secret(secret);
    const rotated = (0,_token_response_js__WEBPACK_IMPORTED_MODULE_7__/* .rotatedRefreshToken */ .aR)(json);
    const keptIn = rotated === undefined ? undefined : await ctx.keep?.refreshToken(rotated);
    try {
        return (0,_token_response_js__WEBPACK_IMPORTED_MODULE_7__/* .processTokenResponse */ ._i)(response, request.grant, new Date(), json);
    }
    catch (error) {
        if (rotated === undefined || !(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3))
            throw error;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(error.status, error.message, `${error.hint ?? ''} ${rotatedFate(keptIn, request.grant)}`.trim(), error.code);
    }
}
/**
 * The retry row of a grant. An authorization code and a device code are, like an ID token, spent
 * once the server has seen them (a second exchange is refused), so they retry as assertions do.
 */
function operationOf(grant) {
    if (grant === 'refresh_token')
        return 'refresh';
    return grant === 'keyless' || grant === 'authorization_code' || grant === 'device_code' ? 'assertion' : 'token';
}
/** What became of the refresh token of an answer that was refused, for its error's hint. */
function rotatedFate(keptIn, grant) {
    const spent = grant === 'refresh_token' ? ' The one this request used may be spent: Keycloak rotates it on every refresh.' : '';
    if (keptIn)
        return `The answer did hold a new refresh token, and it was kept before the rest was checked: ${keptIn}. Store that one.${spent}`;
    return `The answer did hold a new refresh token, but nothing here keeps it.${spent}${spent ? ' If the next run fails with invalid_grant, sign in again and store a new one.' : ''}`;
}
/**
 * A refresh whose answer was lost (a reset or timeout after it was sent) may have been processed:
 * the refresh token is then spent and its successor lost with the answer. Say so, so the person
 * knows why the next run may meet invalid_grant.
 */
function refreshMayBeSpent(error) {
    if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr) || error.code === 'ABORTED' || error.code === 'TLS' || (0,_http_network_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .neverReachedServer */ .a)(error))
        return error;
    const hint = `${error.hint ?? ''} The identity provider may have processed the refresh before the answer was lost: the refresh token may have been used (Keycloak rotates it) and its successor was not received. If the next run fails with invalid_grant, sign in again and store a new refresh token.`;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr(error.code, error.message, hint.trim(), { cause: error.cause, syscallCode: error.syscallCode });
}
/**
 * The configured grant, with one fallback: when a stored refresh token is dead (`invalid_grant`)
 * and a username and password are also given, the password grant is used instead, with a warning
 * that the stored token must be replaced.
 */
async function obtainToken(endpoint, ctx, refreshToken = ctx.idp.refreshToken) {
    const grant = ctx.idp.grant;
    try {
        return await requestToken(endpoint, (0,_grants_js__WEBPACK_IMPORTED_MODULE_4__/* .grantRequest */ .e$)(grant, ctx.idp, refreshToken), ctx);
    }
    catch (error) {
        const canFallBack = grant === 'refresh_token' && ctx.idp.username && ctx.idp.password;
        if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .IdpError */ .sW) || error.error !== 'invalid_grant' || !canFallBack)
            throw error;
        ctx.log.warning(`The stored refresh token was refused (${error.error}: ${error.errorDescription || 'no description'}); using the password grant instead. Replace the stored refresh token with the refresh-token output of this step.`, { title: 'Stored refresh token is no longer valid' });
        return requestToken(endpoint, (0,_grants_js__WEBPACK_IMPORTED_MODULE_4__/* .grantRequest */ .e$)('password', ctx.idp), ctx);
    }
}


/***/ }),

/***/ 2828:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DB: () => (/* binding */ parseSize),
/* harmony export */   Dl: () => (/* binding */ parseUrl),
/* harmony export */   LF: () => (/* binding */ read),
/* harmony export */   SP: () => (/* binding */ shown),
/* harmony export */   Se: () => (/* binding */ readLines),
/* harmony export */   fL: () => (/* binding */ parseSeconds),
/* harmony export */   gh: () => (/* binding */ parseEnvName),
/* harmony export */   nL: () => (/* binding */ parseEnum),
/* harmony export */   yG: () => (/* binding */ parseBoolean),
/* harmony export */   zq: () => (/* binding */ parseCount)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _http_loopback_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(507);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8422);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8992);
/**
 * Reading one setting: the helpers every settings module (../oidc/settings.ts,
 * ../transfer/settings.ts, ./config.ts) builds on. `read()` is the one read path: it trims, treats
 * '' as unset, and applies the input's default from the table in ./inputs.ts; every parser below
 * goes through it. Each failure is an InputError naming the input, what was expected, and a fix.
 */




const DEFAULTS = new Map(_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUTS */ .m.map((input) => [input.name, input.default]));
/** A value quoted in a message: one line, capped (an input may hold anything, even a stray secret's length of text). */
function shown(value) {
    return `'${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .sanitize */ .aj)(value, 60)}'`;
}
/**
 * The trimmed value, else the input's default, else undefined. With `explicitEmpty`, an input set
 * to '' on purpose (export-env: '') is '' rather than its default; only an absent one gets that.
 */
function read(raw, name, options = {}) {
    const given = raw(name);
    if (options.explicitEmpty && given !== undefined)
        return given.trim() || undefined;
    return given?.trim() || DEFAULTS.get(name) || undefined;
}
/** The non-empty lines of a multi-line input, each trimmed. */
function readLines(raw, name) {
    return (read(raw, name) ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
}
function parseBoolean(raw, name) {
    const value = read(raw, name) ?? 'false';
    if (/^(true|yes|on|1)$/i.test(value))
        return true;
    if (/^(false|no|off|0)$/i.test(value))
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `expected true or false, got ${shown(value)}.`, `Write true or false (or leave it empty for ${DEFAULTS.get(name) || 'false'}).`);
}
/** A number of seconds within [min, max], returned in milliseconds. */
function parseSeconds(raw, name, min, max) {
    const value = read(raw, name) ?? '';
    const seconds = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds) || seconds < min || seconds > max) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `expected a number of seconds from ${min} to ${max}, got ${shown(value)}.`, `Write a plain number such as ${DEFAULTS.get(name) || min} (no unit, no sign), or leave it empty for the default.`);
    }
    return Math.round(seconds * 1000);
}
/** A whole number within [min, max]. */
function parseCount(raw, name, min, max) {
    const value = read(raw, name) ?? '';
    const count = Number(value);
    if (!/^\d+$/.test(value) || count < min || count > max) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `expected a whole number from ${min} to ${max}, got ${shown(value)}.`, `Write a plain number such as ${DEFAULTS.get(name) || min}, or leave it empty for the default.`);
    }
    return count;
}
function parseEnum(raw, name, allowed) {
    const value = (read(raw, name) ?? '').toLowerCase();
    const match = allowed.find((option) => option.toLowerCase() === value);
    if (!match) {
        const fallback = DEFAULTS.get(name);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `expected one of ${allowed.join(', ')}; got ${shown(value)}.`, `Write one of: ${allowed.join(', ')}${fallback ? ` (or leave it empty for ${fallback})` : ''}.`);
    }
    return match;
}
/** An absolute http(s) URL without credentials, query or fragment. */
function parseUrl(raw, name, allowInsecureHttp) {
    const value = read(raw, name);
    if (value === undefined)
        return undefined;
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, 'is not an absolute URL.', 'Write the full address, starting with https://.');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `must be an https:// URL, got a ${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .sanitize */ .aj)(url.protocol, 20)} URL.`, 'Write the full address, starting with https://.');
    }
    if (url.username || url.password) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, 'must not contain a user name or password.', 'Remove the user:password@ part; give credentials through the secret inputs.');
    }
    if (url.hash)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, 'must not contain a #fragment.', 'Remove the # and what follows it.');
    if (url.protocol === 'http:' && !(0,_http_loopback_js__WEBPACK_IMPORTED_MODULE_3__/* .isLoopback */ .U)(url) && !allowInsecureHttp) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `uses plain http:// to ${url.host}: credentials and tokens would travel unencrypted.`, 'Use the https:// address. Only on a trusted network, set allow-insecure-http: true.');
    }
    url.pathname = url.pathname.replace(/\/+$/, '');
    return url;
}
const UNITS = { '': 1, B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3 };
/** A size such as 10MB, 500 KB, 1GiB or 1048576 (bytes), in bytes. */
function parseSize(raw, name) {
    const value = read(raw, name) ?? '';
    const match = /^(\d+(?:\.\d+)?)\s*([KMG]i?B|B)?$/i.exec(value);
    const bytes = match ? Number(match[1]) * (UNITS[(match[2] ?? '').toUpperCase()] ?? NaN) : NaN;
    if (!Number.isFinite(bytes) || bytes > 1e13) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `expected a size such as 10MB, 500KB or a number of bytes; got ${shown(value)}.`, 'Write a number with an optional unit B, KB, MB, GB (or KiB, MiB, GiB), at most 10 TB, e.g. 10MB.');
    }
    return Math.round(bytes);
}
const RESERVED_ENV = /^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|STATE_)|^(PATH|NODE_OPTIONS|HOME|CI)$/i;
/** An environment variable name for later steps; '' given on purpose means none. */
function parseEnvName(raw, name) {
    const value = read(raw, name, { explicitEmpty: true });
    if (!value)
        return undefined;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `${shown(value)} is not a valid environment variable name (letters, digits and _, not starting with a digit).`, 'Use a name such as DOTSTAT_ACCESS_TOKEN, or leave it empty to export nothing.');
    }
    if (RESERVED_ENV.test(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `${shown(value)} is reserved by the runner; choose another name.`, 'For example DOTSTAT_ACCESS_TOKEN (the default).');
    return value;
}


/***/ }),

/***/ 7995:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ actionInputs)
/* harmony export */ });
function actionInputs(env) {
    return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
}


/***/ }),

/***/ 2414:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $1: () => (/* binding */ jobFolders),
/* harmony export */   ci: () => (/* binding */ listenForCancellation),
/* harmony export */   dm: () => (/* binding */ canMint),
/* harmony export */   rz: () => (/* binding */ maskFirst)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/**
 * What both entry points (the action and the command line) do before anything else: mask every
 * secret they were given, and turn the first SIGINT/SIGTERM into a cancellation of the job (a
 * cancelled workflow sends SIGINT, then SIGTERM); a second signal ends the process at once.
 */


/**
 * Masks each value, raw and trimmed; the password of a proxy URL (user:password@host); and the
 * query of the file-url, where a signed URL carries its signature (a service that echoes the URL
 * back must not publish it).
 */
function maskFirst(platform, secrets, env, fileUrl) {
    for (const value of secrets) {
        platform.addSecret(value);
        platform.addSecret(value?.trim());
    }
    // The runner's credential for minting ID tokens (keyless): as secret as the token it mints.
    platform.addSecret(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
        platform.addSecret(proxyPassword(env[name]));
    for (const part of queryParts(fileUrl))
        platform.addSecret(part);
}
/** A URL's query, raw and decoded, and each long parameter value: the parts of it that may sign it. */
function queryParts(value) {
    const query = /\?([^#]*)/.exec(value?.trim() ?? '')?.[1];
    if (!query)
        return [];
    const parts = [query];
    try {
        parts.push(decodeURIComponent(query));
    }
    catch {
        // Not percent-encoded text: the raw query is masked all the same.
    }
    // A signature or a token is long; a short value (X-Amz-Expires=3600) masked would blank that
    // number out of every line of the log.
    for (const [, v] of new URLSearchParams(query))
        if (v.length >= 8)
            parts.push(v);
    return parts;
}
function proxyPassword(value) {
    try {
        return value ? decodeURIComponent(new URL(value).password) || undefined : undefined;
    }
    catch {
        return undefined;
    }
}
/** Whether the job may mint an ID token (GitHub sets these two only with permissions: id-token: write). */
function canMint(platform, env) {
    return Boolean(platform.mintIdToken && env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}
function jobFolders(env, cwd = process.cwd()) {
    return { temp: env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_0__.tmpdir)(), logs: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(env.RUNNER_TEMP || cwd, 'dotstat-logs') };
}
function listenForCancellation() {
    const cancel = new AbortController();
    const onSignal = () => (cancel.signal.aborted ? process.exit(130) : cancel.abort());
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
    return { signal: cancel.signal, release: () => void process.off('SIGINT', onSignal).off('SIGTERM', onSignal) };
}


/***/ }),

/***/ 9747:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ createTerminalPlatform)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8992);
/**
 * The plain adapter, for a terminal or any CI other than GitHub (GitLab's adapter is this one with
 * collapsible sections and a dotenv report): it prints plain lines, never a `::` workflow command,
 * and never a secret. Secret outputs and exports are not printed at all; the command line offers
 * --token-file and `exec` to use the token instead.
 */


function createTerminalPlatform(secrets, options) {
    const write = options.write ?? ((line) => void process.stdout.write(`${line}\n`));
    // Our own messages may span lines; each line is redacted and stripped of control characters.
    const print = (prefix, text) => {
        const lines = secrets.redact(text).split('\n');
        lines.forEach((line, i) => write(`${i === 0 ? prefix : '  '}${safe(line, 10_000)}`));
    };
    // Redacted again after sanitising: removing a control character may join the halves of a secret.
    const safe = (line, max) => secrets.redact((0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .sanitize */ .aj)(secrets.redact(line), max));
    // An annotation title is printed as part of the prefix, so it needs the same care as the text.
    const label = (kind, a) => `${kind}${a?.title ? ` (${safe(a.title, 200)})` : ''}: `;
    let reportFailed = false;
    return {
        name: options.name ?? 'terminal',
        addSecret: (value) => void secrets.add(value),
        info: (message) => print('', message),
        warning: (message, a) => print(label('Warning', a), message),
        error: (message, a) => print(label('Error', a), message),
        debug: (message) => (options.debug ? print('[debug] ', message) : undefined),
        async group(title, fn) {
            if (options.section)
                return options.section(safe(title, 200), fn, write);
            print('▶ ', title);
            try {
                return await fn();
            }
            finally {
                write('');
            }
        },
        setOutput(name, value, { secret }) {
            // Nothing here can mask it: a secret output is kept nowhere.
            if (secret)
                return false;
            // The log already says what the outputs hold; the values themselves only when debugging.
            if (options.debug)
                print(`[debug] output ${name}: `, value);
            try {
                options.dotenv?.set(name, value);
            }
            catch (error) {
                // A report is not the job: the import's outcome decides the exit status, not this file.
                if (!reportFailed)
                    print(label('Warning'), `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .asDotstatError */ .oH)(error).describe()}\nThe job's result does not depend on it.`);
                reportFailed = true;
            }
            return true;
        },
        exportVariable: () => undefined,
        appendSummary: async () => undefined,
        redact: (text) => secrets.redact(text),
        setFailed(message) {
            print('Error: ', message);
            process.exitCode = 1;
        },
    };
}


/***/ }),

/***/ 6661:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ post),
/* harmony export */   s: () => (/* binding */ STATE_NAME)
/* harmony export */ });
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8422);
/* harmony import */ var _lifecycle_finish_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6849);
/* harmony import */ var _platform_action_inputs_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(7995);
/* harmony import */ var _platform_startup_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(2414);
/* harmony import */ var _platform_terminal_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(9747);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(7194);
/**
 * The action's post step (action.yml `runs.post`, `post-if: always()`): at the end of the job,
 * whatever its outcome, revoke what the main step signed in and remove its state
 * (./lifecycle/finish.ts). It never fails the job: a failed revocation is a warning.
 */






/** The name under which the main step saves the path of its state (GITHUB_STATE). */
const STATE_NAME = 'dotstat-state-file';
async function post() {
    const env = process.env;
    let platform;
    if (env.GITHUB_ACTIONS === 'true') {
        const { createGithubPlatform } = await Promise.all(/* import() */[__nccwpck_require__.e(889), __nccwpck_require__.e(571)]).then(__nccwpck_require__.bind(__nccwpck_require__, 5952));
        platform = createGithubPlatform(_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .SECRETS */ .cW);
    }
    else
        platform = (0,_platform_terminal_js__WEBPACK_IMPORTED_MODULE_3__/* .createTerminalPlatform */ .K)(_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .SECRETS */ .cW, { debug: env.RUNNER_DEBUG === '1' });
    // Masking first, as the main step does: the post step is a process of its own, and its redaction
    // must know every secret input (a server may echo one in a refusal), not only the kept tokens.
    const raw = (0,_platform_action_inputs_js__WEBPACK_IMPORTED_MODULE_5__/* .actionInputs */ .e)(env);
    (0,_platform_startup_js__WEBPACK_IMPORTED_MODULE_2__/* .maskFirst */ .rz)(platform, _inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .SECRET_INPUTS */ .p.map((name) => raw(name)), env);
    const path = platform.getState?.(STATE_NAME) ?? env[`STATE_${STATE_NAME}`];
    if (!path)
        return platform.debug('The main step kept no sign-in: nothing to revoke.');
    await (0,_lifecycle_finish_js__WEBPACK_IMPORTED_MODULE_1__/* .finishJob */ .x)(path, platform);
}


/***/ }),

/***/ 5341:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  eF: () => (/* binding */ run)
});

// UNUSED EXPORTS: exportTokens, keeperFor

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/lifecycle/state.ts + 1 modules
var lifecycle_state = __nccwpck_require__(4849);
;// CONCATENATED MODULE: ./src/oidc/received.ts
/**
 * The token of a hand-off (./handoff.ts), as the job's authoriser: the later job got it from an
 * earlier one and cannot renew it (it has no refresh token and no credentials, by design), so a
 * call after its end fails saying so, and a refusal is the call's own to report.
 */

class ReceivedToken {
    current;
    constructor(current) {
        this.current = current;
    }
    async withToken(what, call) {
        const end = this.current.expiresAt;
        if (end && end.getTime() <= Date.now()) {
            throw new errors/* DotstatError */.sh('TOKEN_EXPIRED', `The handed-off access token expired at ${end.toISOString()} (${what}); a hand-off cannot be renewed.`, 'Hand off from a job that runs closer to this one, or let this job sign in itself (keyless, or its own credentials) for a long import.');
        }
        return call(this.current.accessToken);
    }
}

// EXTERNAL MODULE: ./src/oidc/session.ts
var oidc_session = __nccwpck_require__(4425);
// EXTERNAL MODULE: ./src/oidc/token-response.ts
var token_response = __nccwpck_require__(1490);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ./src/transfer/files.ts
/**
 * Expands the `file` input (paths and glob patterns, one per line) into the files to upload, and
 * checks each one before any request: it exists, is a regular file, is readable and not empty.
 */




const GLOB_CHARS = /[*?[\]{}]/;
function contentTypeOf(path) {
    const ext = (0,external_node_path_.extname)(path).toLowerCase();
    if (ext === '.zip')
        return 'application/zip';
    if (ext === '.xml')
        return 'text/xml';
    return 'text/csv';
}
/** Files in the order the patterns list them; a file matched twice is uploaded once. */
async function resolveFiles(patterns, cwd = process.cwd()) {
    const seen = new Map();
    for (const pattern of patterns) {
        const names = GLOB_CHARS.test(pattern) ? await expand(pattern, cwd) : [pattern];
        if (names.length === 0) {
            throw new errors/* InputError */.dz('file', `the pattern '${pattern}' matches no file (in ${cwd}).`, 'Check the path and the working directory; patterns are relative to the workspace.');
        }
        for (const name of names) {
            const path = (0,external_node_path_.resolve)(cwd, name);
            if (!seen.has(path))
                seen.set(path, await checkFile(name, path));
        }
    }
    return [...seen.values()];
}
async function expand(pattern, cwd) {
    // Loaded only when a pattern needs it: a token-only run never pays for it.
    const { glob } = await __nccwpck_require__.e(/* import() */ 382).then(__nccwpck_require__.bind(__nccwpck_require__, 3382));
    const matches = await glob(pattern, { cwd, onlyFiles: true, dot: false, expandDirectories: false });
    return matches.sort();
}
async function checkFile(name, path) {
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    if (!info)
        throw new errors/* InputError */.dz('file', `'${name}' does not exist.`, 'Check the path; it is relative to the working directory of the step.');
    if (info.isDirectory())
        throw new errors/* InputError */.dz('file', `'${name}' is a directory, not a file.`, `Name the files in it, e.g. ${name.replace(/\/$/, '')}/*.csv.`);
    if (!info.isFile())
        throw new errors/* InputError */.dz('file', `'${name}' is not a regular file.`, 'Name the data file itself, not a device, socket or pipe.');
    if (info.size === 0)
        throw new errors/* InputError */.dz('file', `'${name}' is empty (0 bytes).`, 'An empty file would be rejected by the Transfer service; check the step that writes it.');
    await (0,promises_.access)(path, external_node_fs_.constants.R_OK).catch(() => {
        throw new errors/* InputError */.dz('file', `'${name}' cannot be read (permission denied).`, 'Make it readable by the user the job runs as (chmod a+r), e.g. in the step that writes it.');
    });
    return { name: name || (0,external_node_path_.basename)(path), path, size: info.size, contentType: contentTypeOf(path) };
}

// EXTERNAL MODULE: ./src/store/write-back.ts
var write_back = __nccwpck_require__(5280);
;// CONCATENATED MODULE: ./src/run.ts







/**
 * Runs the job; returns the session when this job signed in (the command line's `exec` keeps it
 * fresh for its child), undefined when it received a hand-off (which cannot be renewed).
 */
async function run(config, platform, options) {
    // Files are checked before any request, so a typo costs no token.
    const sources = config.transfer ? await sourcesOf(config.transfer) : [];
    const retry = { signal: options.signal, timing: options.timing, debug: (m) => platform.debug(m) };
    // A token handed off by an earlier job: opened, masked and exported as a sign-in's, with no sign-in.
    if (config.handoff?.received) {
        // Loaded only for a hand-off: the JOSE library is not part of every run's start-up.
        const { openHandoff } = await Promise.all(/* import() */[__nccwpck_require__.e(348), __nccwpck_require__.e(715)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2715));
        const tokens = await openHandoff(config.handoff.received, config.handoff.key);
        exportTokens(tokens, config, platform);
        options.onTokens?.(tokens);
        platform.info(`Received the access token of an earlier job's ${tokens.grant} sign-in (hand-off), valid until ${tokens.expiresAt?.toISOString()}.`);
        if (config.transfer)
            await upload(config, config.transfer, sources, platform, options, new ReceivedToken(tokens), retry);
        return undefined;
    }
    const handoff = config.handoff && new (await Promise.all(/* import() */[__nccwpck_require__.e(348), __nccwpck_require__.e(715)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2715))).HandoffOutput(config.handoff.key, platform);
    const idp = config.idp;
    if (!idp)
        throw new Error('no identity provider settings, and no hand-off to receive');
    const state = options.stateFile
        ? new lifecycle_state/* StateKeeper */.oN(options.stateFile, config, (message) => platform.warning(message, { title: 'Sign-in not kept' }))
        : undefined;
    const session = new oidc_session/* TokenSession */.Q({
        idp,
        http: config.http,
        retry,
        log: platform,
        keep: keeperFor(platform, { store: config.refreshTokenStore, given: idp.refreshToken, signal: options.signal }),
        mintIdToken: platform.mintIdToken,
    }, (tokens) => {
        exportTokens(tokens, config, platform);
        state?.keep(tokens);
        handoff?.offer(tokens);
        options.onTokens?.(tokens);
    });
    // A store that would refuse the rotated token is found out before a refresh spends the one given.
    if (config.refreshTokenStore)
        await (0,write_back/* checkStore */.ot)(config.refreshTokenStore, { signal: options.signal });
    const tokens = await session.start();
    platform.info(describeTokens(tokens));
    if (config.refreshTokenStore && !tokens.refreshToken)
        platform.warning(`refresh-token-store is set, but the ${tokens.grant} grant returned no refresh token: ${config.refreshTokenStore.where} was not written.`);
    await handoff?.settled();
    if (config.transfer)
        await upload(config, config.transfer, sources, platform, options, session, retry);
    await handoff?.settled();
    return session;
}
async function upload(config, transfer, sources, platform, options, session, retry) {
    const redact = (text) => platform.redact(text);
    const { folders } = options;
    // Loaded only for an upload: a token-only run (and every run's start-up) does not pay for
    // multipart, zip and reporting code.
    const { publish, transferOutputs, summaryMarkdown, printTransferLogs, fullLogs, writeReports, phaseLines, createProgress } = await Promise.all(/* import() */[__nccwpck_require__.e(124), __nccwpck_require__.e(492)]).then(__nccwpck_require__.bind(__nccwpck_require__, 8492));
    const { results, stopped } = await publish(transfer, [...sources], {
        http: config.http,
        retry,
        log: platform,
        auth: session,
        onRegistered: (ids) => platform.setOutput('request-id', ids.join('\n'), { secret: false }),
        redact,
        tempDir: folders.temp,
        logSink: fullLogs({ dir: folders.logs, redact, warn: (message) => platform.warning(message) }),
        progress: createProgress({ line: (text) => platform.info(text), bar: options.progressBar }),
    });
    if (transfer.wait && results.some((r) => r.requestId !== undefined)) {
        const phases = phaseLines(results);
        if (phases.length)
            platform.info(phases.join('\n'));
    }
    // request-id was set once by onRegistered, before waiting, so that no id is lost if waiting
    // stops; the other Transfer outputs are known only now.
    for (const [name, value] of Object.entries(transferOutputs(results))) {
        if (name !== 'request-id')
            platform.setOutput(name, value, { secret: false });
    }
    await printTransferLogs(results, platform);
    const markdown = summaryMarkdown(results, transfer);
    await platform.appendSummary(markdown);
    writeReports(results, transfer, config.reports, markdown, platform);
    if (stopped)
        throw stopped;
    judge(results, transfer, platform);
}
async function sourcesOf(transfer) {
    if (transfer.fileUrl)
        return [{ fileUrl: transfer.fileUrl }];
    return (await resolveFiles(transfer.patterns)).map((file) => ({ file }));
}
/** Failures named in the error message, at most: it is shown as an annotation, and must stay short. */
const MAX_REASONS = 5;
/** Warnings of the outcome Warning, at most (GitHub shows ten per step; the rest are counted in one). */
const MAX_WARNINGS = 10;
/** Fails the step when any request failed (or warned, with fail-on-warning); says which and why. */
function judge(results, transfer, platform) {
    const failed = results.filter((r) => r.verdict === 'failed');
    const warned = results.filter((r) => r.verdict === 'warning');
    const named = warned.length > MAX_WARNINGS ? warned.slice(0, MAX_WARNINGS - 1) : warned;
    for (const r of named) {
        platform.warning(`Request ${r.requestId} (${r.file}) finished with outcome Warning: see its Transfer log.`, { title: 'Import finished with warnings' });
    }
    if (named.length < warned.length)
        platform.warning(`${warned.length - named.length} more requests finished with outcome Warning: see the job summary.`, {
            title: 'Import finished with warnings',
        });
    const blocking = transfer.failOnWarning ? [...failed, ...warned] : failed;
    if (blocking.length > 0) {
        const reasons = blocking
            .slice(0, MAX_REASONS)
            .map((r) => `- ${r.error?.split('\n')[0] ?? `Request ${r.requestId} (${r.file}) finished with outcome Warning (fail-on-warning is set).`}`);
        if (blocking.length > MAX_REASONS)
            reasons.push(`- and ${blocking.length - MAX_REASONS} more: see the job summary.`);
        const lines = blocking.reduce((sum, r) => sum + (r.logStats?.total ?? r.logs.length), 0);
        const logs = blocking.some((r) => r.logFile)
            ? `\nTheir Transfer logs have ${lines.toLocaleString('en-US')} lines: the job summary and the log groups show the first lines of each, the files of output transfer-log all of them.`
            : '';
        throw new errors/* TransferError */.aG('IMPORT_FAILED', `${blocking.length} of ${results.length} request${results.length === 1 ? '' : 's'} failed:\n${reasons.join('\n')}${logs}`);
    }
    const done = transfer.wait ? 'finished' : 'registered (not waited for: wait is false)';
    platform.info(`All ${results.length} request${results.length === 1 ? '' : 's'} ${done}${warned.length ? `, ${warned.length} with warnings` : ''}.`);
}
/**
 * Masks every token of an answer the moment it arrives, and keeps a rotated refresh token as the
 * refresh-token output before the rest of the answer is checked (see ./oidc/token.ts); with
 * refresh-token-store, also writes it back there and returns only once the store confirmed it.
 */
function keeperFor(platform, keep = {}) {
    let warned = false;
    return {
        secret: (value) => platform.addSecret(value),
        refreshToken(token) {
            platform.addSecret(token);
            // Said kept only where it was written: a secret output goes nowhere outside GitHub, and a
            // runner file may fail.
            const output = platform.setOutput('refresh-token', token, { secret: true }) ? "the step's refresh-token output" : undefined;
            if (!keep.store) {
                if (!output && keep.given && token !== keep.given && !warned) {
                    warned = true;
                    platform.warning(LOST, { title: 'The rotated refresh token is kept nowhere' });
                }
                return output;
            }
            return (0,write_back/* keepInStore */.k5)(platform, keep.store, token, { ...keep, output });
        },
    };
}
const LOST = 'The identity provider rotated the refresh token, and the new one is kept nowhere: the one given may no longer work in the next run. Keep it with refresh-token-store (command line: --refresh-token-store file:PATH, or gitlab-variable:NAME with a project access token in DOTSTAT_STORE_TOKEN).';
/**
 * Masks every token, then outputs and exports it; called for each new token set. The refresh
 * token is not among them: `keeperFor()` output it before the answer was checked.
 */
function exportTokens(tokens, config, platform) {
    for (const secret of (0,token_response/* tokenSecrets */.RD)(tokens))
        platform.addSecret(secret);
    const secret = { secret: true };
    const plain = { secret: false };
    platform.setOutput('access-token', tokens.accessToken, secret);
    if (tokens.idToken)
        platform.setOutput('id-token', tokens.idToken, secret);
    platform.setOutput('token-type', tokens.tokenType, plain);
    platform.setOutput('expires-in', tokens.expiresIn === undefined ? '' : String(tokens.expiresIn), plain);
    platform.setOutput('expires-at', tokens.expiresAt?.toISOString() ?? '', plain);
    platform.setOutput('refresh-expires-at', tokens.refreshExpiresAt?.toISOString() ?? '', plain);
    platform.setOutput('grant-type', tokens.grant, plain);
    if (config.exportEnv)
        platform.exportVariable(config.exportEnv, tokens.accessToken, secret);
}
function describeTokens(tokens) {
    const parts = [`Got an access token with the ${tokens.grant} grant`];
    if (tokens.expiresAt)
        parts.push(`valid until ${tokens.expiresAt.toISOString()} (${tokens.expiresIn} s)`);
    if (tokens.refreshToken) {
        const until = tokens.refreshExpiresAt ? `valid until ${tokens.refreshExpiresAt.toISOString()}` : 'no expiry of its own (offline)';
        parts.push(`a refresh token (${until})`);
    }
    if (tokens.idToken)
        parts.push('an id token');
    return `${parts.join('; ')}.`;
}


/***/ }),

/***/ 7194:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   cW: () => (/* binding */ SECRETS),
/* harmony export */   eo: () => (/* binding */ secretForms)
/* harmony export */ });
/* unused harmony export SecretRegistry */
/**
 * Where secrets are kept track of. Every secret input and every token received is registered here
 * (and, on GitHub, masked by the runner) before anything else is done with it. Redaction is one
 * step on raw text, before anything escapes, cleans or cuts it: `sanitize()` (../text.ts), which
 * every quote of server text goes through, redacts with the process's registry first, and every
 * adapter redacts each line it prints, each output and the summary once more.
 */
const MIN_SECRET_LENGTH = 4;
/** A shorter secret (a user name such as `bob`) is redacted as a whole word only, in its raw and lower-case forms. */
const MIN_WORD_LENGTH = 2;
/** Markdown's escapes, as the summary writes them (../report/summary.ts). */
const markdownEscaped = (value) => value.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
/** HTML's escapes: numeric, as the summary writes them, and the named ones a server's page uses. */
const htmlNumeric = (value) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const HTML_NAMED = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const htmlNamed = (value) => value.replace(/[&<>"']/g, (c) => HTML_NAMED[c] ?? c);
/** JSON as ASCII-only encoders write it (Python's json, PHP): every other character as \\uXXXX, and / as \\/. */
const jsonAscii = (value, upper) => JSON.stringify(value)
    .slice(1, -1)
    .replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`)
    .replace(/\//g, '\\/');
/** Percent-encoding as other encoders write it: lower-case hex, and / kept (Python's quote()). */
const percentForms = (value) => {
    const upper = encodeURIComponent(value);
    const lower = upper.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
    return [upper, lower, upper.replace(/%2F/g, '/'), lower.replace(/%2f/g, '/')];
};
/**
 * The forms in which a secret could show up in text: raw and lower-cased (Keycloak lower-cases a
 * user name), URL- and form-encoded (upper- and lower-case hex, / kept or not), base64, JSON-
 * escaped (also as ASCII-only encoders write it), Markdown- and HTML-escaped (numeric and named
 * entities), and each of its lines.
 */
function secretForms(value) {
    // A short value's encodings (base64 of 'abc' is 'YWJj') would blank out unrelated text too.
    if (value.trim().length < MIN_SECRET_LENGTH)
        return [];
    const forms = new Set();
    for (const raw of new Set([value, value.toLowerCase()])) {
        forms.add(raw);
        for (const encoded of percentForms(raw))
            forms.add(encoded);
        forms.add(new URLSearchParams({ v: raw }).toString().slice(2));
        forms.add(JSON.stringify(raw).slice(1, -1));
        forms.add(jsonAscii(raw, false));
        forms.add(jsonAscii(raw, true));
        forms.add(markdownEscaped(raw));
        forms.add(htmlNumeric(raw));
        forms.add(htmlNamed(raw));
    }
    forms.add(Buffer.from(value, 'utf8').toString('base64'));
    forms.add(Buffer.from(value, 'utf8').toString('base64url'));
    // A multi-line secret may be printed one line at a time.
    for (const line of value.split(/\r?\n/))
        if (line.trim().length >= MIN_SECRET_LENGTH)
            forms.add(line);
    return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
class SecretRegistry {
    #values = new Set();
    #forms = new Set();
    #sorted = [];
    #words = new Set();
    /** The short secrets, each as a whole word (not inside a longer word), any case. */
    #wordPattern;
    /** Registers a value; returns true when it was not known before. Blank values are ignored. */
    add(value) {
        if (!value || value.trim() === '' || this.#values.has(value))
            return false;
        this.#values.add(value);
        const word = value.trim();
        if (word.length < MIN_SECRET_LENGTH && word.length >= MIN_WORD_LENGTH) {
            this.#words.add(escapeRegExp(word));
            this.#wordPattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${[...this.#words].join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
        }
        for (const form of secretForms(value))
            this.#forms.add(form);
        // Longest first, so that a secret containing another is replaced whole.
        this.#sorted = [...this.#forms].sort((a, b) => b.length - a.length);
        return true;
    }
    has(value) {
        return this.#values.has(value);
    }
    /** Every registered raw value, for leak scans in tests. */
    values() {
        return [...this.#values];
    }
    redact(text) {
        let out = text;
        for (const form of this.#sorted)
            if (out.includes(form))
                out = out.split(form).join('***');
        return this.#wordPattern ? out.replace(this.#wordPattern, '***') : out;
    }
}
/**
 * The process's secrets. A job has one set of secrets, as the runner has one list of masks: both
 * entry points register into this registry, and `sanitize()` redacts with it before it touches a
 * character, so no quote of server text can be cleaned or cut into a form that no longer matches.
 */
const SECRETS = new SecretRegistry();


/***/ }),

/***/ 9349:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  C: () => (/* binding */ openStore)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./src/files.ts
var files = __nccwpck_require__(9148);
;// CONCATENATED MODULE: ./src/store/file.ts
/** A refresh token kept in a local file: mode 0600, replaced atomically, no link followed (../files.ts). */


function fileStore(path) {
    const absolute = (0,external_node_path_.resolve)(path);
    const where = `the file ${absolute}`;
    return {
        target: { kind: 'file', path },
        where,
        async write(value) {
            const not = (0,files/* notAPlainFile */.F)(absolute);
            if (not)
                throw new Error(`Cannot keep the token in ${absolute}: it is ${not}. Name a plain file, or a path that does not exist yet.`);
            try {
                (0,files/* replaceFile */.f)(absolute, `${value}\n`, 0o600);
            }
            catch (error) {
                const code = error.code ?? 'an error';
                throw new Error(`Cannot keep the token in ${absolute} (${code}): check that its folder exists and is writable.`, { cause: error });
            }
            return { where, confirmed: 'mode 0600' };
        },
    };
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/http/client.ts + 4 modules
var client = __nccwpck_require__(5786);
// EXTERNAL MODULE: ./src/http/retry.ts + 1 modules
var http_retry = __nccwpck_require__(521);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __nccwpck_require__(8992);
// EXTERNAL MODULE: ./src/http/loopback.ts
var loopback = __nccwpck_require__(507);
// EXTERNAL MODULE: ./src/http/json.ts
var http_json = __nccwpck_require__(2868);
;// CONCATENATED MODULE: ./src/store/api.ts
/**
 * One call to a store's JSON API (GitHub's REST API, GitLab's API v4), through the one HTTP client
 * with the store's retry rule: reads and the PUT of a whole value may be repeated (../http/retry.ts).
 * The credential travels in a header, so no redirect is ever followed.
 */






async function apiCall(call, ctx, signal) {
    const body = call.json === undefined ? undefined : JSON.stringify(call.json);
    const headers = body === undefined ? call.headers : { ...call.headers, 'content-type': 'application/json' };
    const retry = { ...ctx.retry, signal: signal ?? ctx.retry?.signal };
    return (0,http_retry/* withRetry */.bD)('store', () => (0,client/* send */.tN)({ method: call.method, url: call.url, headers, body, credentials: true, signal: retry.signal }, ctx.http), retry);
}
/** The API's own words for a refusal: `message` (GitHub, GitLab), or `error` and `error_description` (GitLab's scope check). */
function apiMessage(response) {
    const json = (0,http_json/* tryJsonObject */.L8)(response.body);
    const text = (value) => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));
    const said = json ? [text(json.message), text(json.error), text(json.error_description)].filter(Boolean).join(': ') : '';
    return (0,src_text/* sanitize */.aj)(said || response.body || 'no body', 200);
}
/** The body as a JSON object, or undefined. */
const jsonOf = (response) => (0,http_json/* tryJsonObject */.L8)(response.body);
/**
 * A store API's base URL from the CI's variable `name`, checked before any request: a refresh
 * spends the token given, so a store that cannot be reached safely must be known first.
 */
function apiBaseUrl(name, value, http, hint) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        // reported below
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
        throw new errors/* InputError */.dz(name, `is not an http(s) URL: '${(0,src_text/* sanitize */.aj)(value, 60)}'.`, hint);
    if (url.protocol === 'http:' && !(0,loopback/* isLoopback */.U)(url) && !http.allowInsecureHttp)
        throw new errors/* InputError */.dz(name, `uses plain http:// to ${url.host}: the store token would travel unencrypted.`, 'Use the https:// address. Only on a trusted network, set allow-insecure-http: true.');
    return url;
}

;// CONCATENATED MODULE: ./src/store/context.ts
const inputsOf = (ctx) => ({ target: ctx.targetInput ?? 'refresh-token-store', token: ctx.tokenInput ?? 'store-token' });
/** Where a person puts the store token on the command line, for a message: its variable (a secret is never a flag). */
const tokenOnCommandLine = (ctx) => inputsOf(ctx).token === 'store-token' ? ' (command line: DOTSTAT_STORE_TOKEN in the environment)' : '';

;// CONCATENATED MODULE: ./src/store/seal.ts
/**
 * A libsodium sealed box (crypto_box_seal: an ephemeral X25519 key, XSalsa20-Poly1305), as GitHub
 * requires for an Actions secret, sealed with the public key of the secret's scope. libsodium's own
 * code (libsodium.js, compiled from the C library) does it: loaded only when a GitHub secret is written.
 * @see https://docs.github.com/en/rest/guides/encrypting-secrets-for-the-rest-api
 */
async function sealedBox(value, publicKeyBase64) {
    const { default: sodium } = await __nccwpck_require__.e(/* import() */ 768).then(__nccwpck_require__.bind(__nccwpck_require__, 4768));
    await sodium.ready;
    const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
    if (key.length !== sodium.crypto_box_PUBLICKEYBYTES)
        throw new Error(`the public key has ${key.length} bytes, not ${sodium.crypto_box_PUBLICKEYBYTES}`);
    return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), key), sodium.base64_variants.ORIGINAL);
}

;// CONCATENATED MODULE: ./src/store/github.ts
/**
 * A GitHub Actions secret (repository, environment or organisation) as a store: GET the scope's
 * public key, seal the value with it (./seal.ts), PUT it, and read the secret back to confirm its
 * `updated_at`. A missing secret is an error unless the store was opened to create it. The token
 * must be one given for the purpose: the workflow's GITHUB_TOKEN can never write secrets.
 * @see https://docs.github.com/en/rest/actions/secrets
 */







/** The REST API version this code is written against (GitHub keeps it for 24 months after a successor). */
const GITHUB_API_VERSION = '2022-11-28';
/** How far GitHub's clock may be behind ours, when its answer has no Date to compare `updated_at` with. */
const CLOCK_SKEW_MS = 120_000;
/** How far apart the clocks of two of GitHub's servers may be (the Date of one answer, the updated_at of another). */
const SERVER_SLACK_MS = 2_000;
/** Reads of the secret after the write, before it is said not to be confirmed. */
const READ_BACKS = 3;
/** The earliest updated_at that can be this write: GitHub's Date before the PUT, or our clock less the skew. */
function writeStart(answer) {
    const date = Date.parse((0,client/* headerValue */.Z)(answer.headers, 'date') ?? '');
    if (Number.isFinite(date))
        return { ms: date - SERVER_SLACK_MS, clock: "GitHub's clock, less 2 s" };
    return { ms: Date.now() - CLOCK_SKEW_MS, clock: "this machine's clock, less 2 min" };
}
function githubSecretStore(target, ctx) {
    const inputs = inputsOf(ctx);
    const token = ctx.token;
    if (!token)
        throw new errors/* InputError */.dz(inputs.token, `is required to write ${describe(target, ctx.env?.GITHUB_REPOSITORY)}.`, `Pass a token allowed to write it, from a secret${tokenOnCommandLine(ctx)}: ${permissionFor(target)}. The workflow's own GITHUB_TOKEN can never write secrets.`);
    const repository = target.repository ?? ctx.env?.GITHUB_REPOSITORY?.trim();
    if (target.scope !== 'organization' && !repository)
        throw new errors/* InputError */.dz(inputs.target, `github-secret:${target.name} names a secret of this run's repository, but GITHUB_REPOSITORY is not set here.`, `Name the repository: github-secret:OWNER/REPO/${target.name}.`);
    const api = apiBaseUrl('GITHUB_API_URL', ctx.env?.GITHUB_API_URL?.trim() || 'https://api.github.com', ctx.http, 'Leave it to the runner, which sets it (https://api.github.com on github.com).');
    const where = describe(target, repository);
    const base = target.scope === 'organization'
        ? `/orgs/${encodeURIComponent(target.organization ?? '')}/actions/secrets`
        : target.scope === 'environment'
            ? `/repos/${repository}/environments/${encodeURIComponent(target.environment ?? '')}/secrets`
            : `/repos/${repository}/actions/secrets`;
    const headers = { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': GITHUB_API_VERSION };
    const url = (path) => new URL(`${api.href.replace(/\/+$/, '')}${path}`);
    const get = (path, signal) => apiCall({ method: 'GET', url: url(path), headers }, ctx, signal);
    const refused = (response, step) => refusal(response, step, where, target, token, inputs);
    async function readMeta(signal, step) {
        const response = await get(`${base}/${target.name}`, signal);
        if (response.status === 404 && ctx.create)
            return undefined;
        if (response.status !== 200)
            throw refused(response, step);
        const json = jsonOf(response);
        const updatedAt = typeof json?.updated_at === 'string' ? json.updated_at : undefined;
        if (!updatedAt)
            throw unexpected(response, step, where, 'no updated_at');
        const visibility = typeof json?.visibility === 'string' ? json.visibility : undefined;
        const selected = typeof json?.selected_repositories_url === 'string' ? json.selected_repositories_url : undefined;
        return { updatedAt, visibility, selectedRepositoriesUrl: selected };
    }
    /** An organisation secret's PUT must name its visibility again (and the repositories, for `selected`), or it would change. */
    async function orgFields(meta, signal) {
        if (target.scope !== 'organization')
            return {};
        const visibility = meta?.visibility ?? 'private';
        if (visibility !== 'selected')
            return { visibility };
        const ids = [];
        for (let page = 1; page <= 100; page++) {
            const response = await get(`${base}/${target.name}/repositories?per_page=100&page=${page}`, signal);
            if (response.status !== 200)
                throw refused(response, 'list the repositories of');
            const json = jsonOf(response);
            const repositories = Array.isArray(json?.repositories) ? json.repositories : [];
            for (const r of repositories)
                if (typeof r.id === 'number')
                    ids.push(r.id);
            const total = typeof json?.total_count === 'number' ? json.total_count : ids.length;
            if (repositories.length === 0 || ids.length >= total)
                break;
        }
        return { visibility, selected_repository_ids: ids };
    }
    return {
        target,
        where,
        async check(options = {}) {
            // A secret not there yet (login creates it) answers 404, and so does a repository this token
            // cannot see: the scope's public key tells them apart, and a write needs it anyway.
            const before = await readMeta(options.signal, 'read');
            if (before)
                return;
            const keyAnswer = await get(`${base}/public-key`, options.signal);
            if (keyAnswer.status !== 200)
                throw refused(keyAnswer, 'give the public key for');
        },
        async write(value, options = {}) {
            const { signal } = options;
            const before = await readMeta(signal, 'read');
            const keyAnswer = await get(`${base}/public-key`, signal);
            if (keyAnswer.status !== 200)
                throw refused(keyAnswer, 'give the public key for');
            const key = jsonOf(keyAnswer);
            if (typeof key?.key !== 'string' || typeof key.key_id !== 'string')
                throw unexpected(keyAnswer, 'give the public key for', where, 'no key and key_id');
            let encrypted;
            try {
                encrypted = await sealedBox(value, key.key);
            }
            catch (error) {
                throw unexpected(keyAnswer, 'give the public key for', where, `a key that cannot seal: ${error.message}`);
            }
            // When the write began, on GitHub's own clock (the key's answer came before the PUT was
            // sent), else on ours: updated_at must not be older, or the secret shows another write.
            const since = writeStart(keyAnswer);
            const body = { encrypted_value: encrypted, key_id: key.key_id, ...(await orgFields(before, signal)) };
            const put = await apiCall({ method: 'PUT', url: url(`${base}/${target.name}`), headers, json: body }, ctx, signal);
            if (put.status !== 201 && put.status !== 204)
                throw refused(put, 'write');
            const accepted = `GitHub accepted the new value of ${where} (HTTP ${put.status})`;
            for (let n = 1;; n++) {
                let after;
                try {
                    after = await readMeta(signal, 'read back');
                }
                catch (error) {
                    const cause = error instanceof errors/* DotstatError */.sh ? error : undefined;
                    throw new errors/* StoreError */.AD('STORE_NOT_CONFIRMED', `${accepted}, but reading it back failed: ${cause?.message ?? String(error)}`, cause?.hint, {
                        cause: error,
                    });
                }
                // Server text, quoted: cleaned like any other (no line break, no workflow command).
                if (after && Date.parse(after.updatedAt) >= since.ms)
                    return { where, confirmed: `updated_at ${(0,src_text/* sanitize */.aj)(after.updatedAt, 40)}` };
                if (n >= READ_BACKS) {
                    const shown = after ? `updated_at ${(0,src_text/* sanitize */.aj)(after.updatedAt, 40)}` : 'no such secret';
                    throw new errors/* StoreError */.AD('STORE_NOT_CONFIRMED', `${accepted}, but reading it back shows ${shown}, not a write since ${new Date(since.ms).toISOString()} (${since.clock}).`, 'Something else may write the same secret at the same time: give the jobs that refresh this token one concurrency group.');
                }
                // A read served right after the write may not show it yet.
                await (0,http_retry/* sleep */.yy)(n * (ctx.retry?.timing?.baseMs ?? http_retry/* DEFAULT_TIMING */.ft.baseMs), signal);
            }
        },
    };
}
function describe(target, repository) {
    const repo = repository ?? 'this repository';
    if (target.scope === 'organization')
        return `the GitHub Actions secret ${target.name} of organisation ${target.organization}`;
    if (target.scope === 'environment')
        return `the GitHub Actions secret ${target.name} of environment ${target.environment} of ${repo}`;
    return `the GitHub Actions secret ${target.name} of ${repo}`;
}
/** The permission that writes this scope's secrets, for a person making the token. */
function permissionFor(target) {
    if (target.scope === 'organization')
        return `a fine-grained personal access token with the organization permission "Secrets: Read and write" (of an organisation owner), or a classic one with the admin:org scope`;
    if (target.scope === 'environment')
        return 'a fine-grained personal access token with the repository permissions "Environments: Read and write" and "Secrets: Read and write", or a classic one with the repo scope';
    return 'a fine-grained personal access token with the repository permission "Secrets: Read and write", or a classic one with the repo scope';
}
function refusal(response, step, where, target, token, inputs) {
    const tokenInput = inputs.token;
    const said = apiMessage(response);
    const status = response.status;
    const needs = (0,client/* headerValue */.Z)(response.headers, 'x-accepted-github-permissions');
    const needsText = needs ? ` GitHub says this call needs: ${(0,src_text/* sanitize */.aj)(needs, 80)}.` : '';
    const integration = token.startsWith('ghs_') || /by integration/i.test(said);
    const builtIn = integration
        ? " This looks like the workflow's GITHUB_TOKEN (or a GitHub App's installation token): GITHUB_TOKEN can never write secrets, whatever its permissions: block."
        : " The workflow's own GITHUB_TOKEN can never write secrets.";
    const fix = `Pass in ${tokenInput} ${permissionFor(target)}.`;
    const head = `GitHub refused to ${step} ${where} (HTTP ${status}: ${said}).`;
    // A rate limit is a 403 (or 429) too: it must not read as a missing permission.
    // @see https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api
    const limited = (0,client/* headerValue */.Z)(response.headers, 'x-ratelimit-remaining') === '0' || (0,client/* headerValue */.Z)(response.headers, 'retry-after') !== undefined;
    if ((status === 403 || status === 429) && (limited || /rate limit/i.test(said))) {
        const reset = Number((0,client/* headerValue */.Z)(response.headers, 'x-ratelimit-reset'));
        const when = Number.isFinite(reset) && reset > 0 ? ` It resets at ${new Date(reset * 1000).toISOString()}.` : '';
        return new errors/* StoreError */.AD('STORE_HTTP_ERROR', head, `GitHub's rate limit for the token in ${tokenInput} is spent; its permission is not in question.${when} Give the write-back a token of its own, or run less often.`);
    }
    if (status === 401)
        return new errors/* StoreError */.AD('STORE_UNAUTHORIZED', head, `The token in ${tokenInput} is wrong, expired or revoked.${builtIn} ${fix}`);
    if (status === 403)
        return new errors/* StoreError */.AD('STORE_FORBIDDEN', head, `The token in ${tokenInput} lacks the permission.${needsText}${builtIn} ${fix}`);
    if (status === 404)
        return new errors/* StoreError */.AD('STORE_NOT_FOUND', `GitHub answered HTTP 404 (${said}) when asked to ${step} ${where}: it does not exist, or the token cannot see it.`, `Check the name in ${inputs.target} (create the secret first if it does not exist), and that the token in ${tokenInput} can see it: GitHub answers 404, not 403, to a token that lacks the permission.${needsText}${builtIn} ${fix}`);
    if (status === 409 || status === 422)
        return new errors/* StoreError */.AD('STORE_REJECTED', head, `GitHub refused the request itself: check the target in ${inputs.target}.`);
    return new errors/* StoreError */.AD('STORE_HTTP_ERROR', head, status >= 500 ? 'GitHub failed; try again later.' : 'An answer this action does not expect.');
}
function unexpected(response, step, where, what) {
    return new errors/* StoreError */.AD('STORE_HTTP_ERROR', `GitHub answered HTTP ${response.status} when asked to ${step} ${where}, but with ${what}.`, 'Check GITHUB_API_URL.');
}

;// CONCATENATED MODULE: ./src/store/gitlab.ts
/**
 * A GitLab project CI/CD variable as a store: read it (its masked, protected and raw flags, its
 * environment scope and type), PUT the new value with the same flags, and read it back to confirm
 * the flags (and the value, unless the variable is hidden). Needs a project access token (Maintainer,
 * scope api) in the PRIVATE-TOKEN header: CI_JOB_TOKEN cannot read or write variables.
 * @see https://docs.gitlab.com/api/project_level_variables/
 */




/** What a person creates for the write-back. */
const GITLAB_TOKEN_NEEDED = 'a project access token with the Maintainer role and the api scope (Settings > Access tokens)';
function gitlabVariableStore(target, ctx) {
    const inputs = inputsOf(ctx);
    const env = ctx.env ?? {};
    const token = ctx.token;
    const project = target.project ?? env.CI_PROJECT_ID?.trim();
    if (!project)
        throw new errors/* InputError */.dz(inputs.target, `gitlab-variable:${target.name} names a variable of this job's project, but CI_PROJECT_ID is not set here.`, `Name the project: gitlab-variable:PROJECT/${target.name} (its numeric ID or full path).`);
    const where = `the CI/CD variable ${target.name} of project ${project}`;
    if (!token)
        throw new errors/* InputError */.dz(inputs.token, `is required to write ${where}.`, `Pass ${GITLAB_TOKEN_NEEDED}, from a masked CI/CD variable${tokenOnCommandLine(ctx)}. CI_JOB_TOKEN cannot write variables.`);
    if (env.CI_JOB_TOKEN && token.trim() === env.CI_JOB_TOKEN.trim())
        throw new errors/* InputError */.dz(inputs.token, "holds this job's CI_JOB_TOKEN, which can neither read nor write CI/CD variables.", `Create ${GITLAB_TOKEN_NEEDED}, keep it in a masked, protected CI/CD variable and pass that.`);
    const api = apiBase(env.CI_API_V4_URL, ctx.http);
    const headers = { 'private-token': token, accept: 'application/json' };
    const path = `/projects/${encodeURIComponent(project)}/variables/${encodeURIComponent(target.name)}`;
    const url = (scope) => {
        const u = new URL(`${api.href.replace(/\/+$/, '')}${path}`);
        if (scope !== undefined)
            u.searchParams.set('filter[environment_scope]', scope);
        return u;
    };
    const refused = (response, step) => gitlab_refusal(response, step, where, target, inputs);
    async function read(signal, step, scope) {
        const response = await apiCall({ method: 'GET', url: url(scope), headers }, ctx, signal);
        if (response.status === 404 && ctx.create && /variable/i.test(apiMessage(response)))
            return undefined;
        if (response.status !== 200)
            throw refused(response, step);
        return variableOf(response, step, where);
    }
    return {
        target,
        where,
        async check(options = {}) {
            await read(options.signal, 'read');
            // A read_api token reads the variable, and fails only at the write, after the refresh. Its
            // scopes are known from GitLab 15.5 on; any other answer (an older GitLab) says nothing.
            const self = await apiCall({ method: 'GET', url: new URL(`${api.href.replace(/\/+$/, '')}/personal_access_tokens/self`), headers }, ctx, options.signal);
            const scopes = self.status === 200 ? jsonOf(self)?.scopes : undefined;
            if (Array.isArray(scopes) && !scopes.includes('api')) {
                const named = scopes.filter((x) => typeof x === 'string').map((x) => (0,src_text/* sanitize */.aj)(x, 40));
                throw new errors/* StoreError */.AD('STORE_FORBIDDEN', `The token in ${inputs.token} has the scopes ${named.join(', ') || '(none)'}, not api: it can read ${where}, but not write it.`, `Pass in ${inputs.token} ${GITLAB_TOKEN_NEEDED}.`);
            }
        },
        async write(value, options = {}) {
            const { signal } = options;
            const before = await read(signal, 'read');
            const flags = before ?? { masked: true, protected: true, raw: true, hidden: false, environment_scope: '*', variable_type: 'env_var', value: null };
            const body = {
                value,
                masked: flags.masked,
                protected: flags.protected,
                raw: flags.raw,
                environment_scope: flags.environment_scope,
                variable_type: flags.variable_type,
            };
            const written = before
                ? await apiCall({ method: 'PUT', url: url(flags.environment_scope), headers, json: body }, ctx, signal)
                : await apiCall({ method: 'POST', url: new URL(url().href.replace(/\/[^/]*$/, '')), headers, json: { key: target.name, ...body } }, ctx, signal);
            if (written.status !== 200 && written.status !== 201)
                throw refused(written, before ? 'update' : 'create');
            let after;
            try {
                after = await read(signal, 'read back', flags.environment_scope);
            }
            catch (error) {
                const cause = error instanceof errors/* DotstatError */.sh ? error : undefined;
                throw new errors/* StoreError */.AD('STORE_NOT_CONFIRMED', `GitLab accepted the new value of ${where} (HTTP ${written.status}), but reading it back failed: ${cause?.message ?? String(error)}`, cause?.hint, { cause: error });
            }
            const changed = after && ['masked', 'protected', 'raw', 'environment_scope', 'variable_type'].filter((k) => after[k] !== flags[k]);
            if (!after || (changed && changed.length > 0) || (after.value !== null && after.value !== value)) {
                const what = !after ? 'it is gone' : changed && changed.length ? `its ${changed.join(', ')} changed` : 'it holds another value';
                throw new errors/* StoreError */.AD('STORE_NOT_CONFIRMED', `GitLab accepted the new value of ${where} (HTTP ${written.status}), but reading it back, ${what}.`, 'Something else may write the same variable at the same time: give the jobs that refresh this token one resource_group.');
            }
            const confirmed = [
                after.masked ? 'masked' : 'not masked',
                after.protected ? 'protected' : 'not protected',
                after.raw ? 'raw' : 'expanded',
                `environment scope ${(0,src_text/* sanitize */.aj)(after.environment_scope, 60)}`,
                after.value === null ? 'hidden value' : 'value read back',
            ].join(', ');
            const warning = after.masked
                ? undefined
                : `${where} is not masked: GitLab would show its value in a job log that prints it. Edit it in Settings > CI/CD > Variables and mark it masked (and protected).`;
            return { where, confirmed, ...(warning ? { warning } : {}) };
        },
    };
}
function apiBase(text, http) {
    const value = text?.trim();
    const hint = 'GitLab sets it in every job; elsewhere set it to the API of your GitLab, e.g. https://gitlab.example.com/api/v4.';
    if (!value)
        throw new errors/* InputError */.dz('CI_API_V4_URL', 'is not set: the GitLab API is not known.', hint);
    return apiBaseUrl('CI_API_V4_URL', value, http, hint);
}
function variableOf(response, step, where) {
    const json = jsonOf(response);
    const bool = (v) => v === true;
    if (!json || typeof json.key !== 'string')
        throw new errors/* StoreError */.AD('STORE_HTTP_ERROR', `GitLab answered HTTP ${response.status} when asked to ${step} ${where}, but not with a variable.`, 'Check CI_API_V4_URL.');
    return {
        value: typeof json.value === 'string' ? json.value : null,
        masked: bool(json.masked),
        protected: bool(json.protected),
        raw: bool(json.raw),
        hidden: bool(json.hidden),
        environment_scope: typeof json.environment_scope === 'string' ? json.environment_scope : '*',
        variable_type: typeof json.variable_type === 'string' ? json.variable_type : 'env_var',
    };
}
function gitlab_refusal(response, step, where, target, inputs) {
    const said = apiMessage(response);
    const status = response.status;
    const head = `GitLab refused to ${step} ${where} (HTTP ${status}: ${said}).`;
    const jobToken = 'CI_JOB_TOKEN cannot read or write CI/CD variables.';
    if (status === 401)
        return new errors/* StoreError */.AD('STORE_UNAUTHORIZED', head, `The token in ${inputs.token} is wrong, expired or revoked. ${jobToken} Pass ${GITLAB_TOKEN_NEEDED}.`);
    if (status === 403) {
        const scope = /insufficient_scope/.test(said)
            ? 'The token lacks the api scope (read_api cannot write). '
            : 'The token lacks the Maintainer role on the project. ';
        return new errors/* StoreError */.AD('STORE_FORBIDDEN', head, `${scope}${jobToken} Pass in ${inputs.token} ${GITLAB_TOKEN_NEEDED}.`);
    }
    if (status === 404 && /project/i.test(said))
        return new errors/* StoreError */.AD('STORE_NOT_FOUND', `GitLab found no project ${target.project ?? '(CI_PROJECT_ID)'} when asked to ${step} ${where} (HTTP 404: ${said}).`, `Check the project in ${inputs.target}, and that the token in ${inputs.token} belongs to it: GitLab answers 404 to a token that cannot see a project.`);
    if (status === 404)
        return new errors/* StoreError */.AD('STORE_NOT_FOUND', `GitLab has no ${where.replace(/^the /, '')} (HTTP 404: ${said}).`, `Check the name in ${inputs.target}. The variable must exist (it holds the refresh token this job used): create it as a masked, protected variable in Settings > CI/CD > Variables.`);
    if (status === 409)
        return new errors/* StoreError */.AD('STORE_CONFLICT', head, `Several variables named ${target.name} exist, for different environment scopes: keep one, or give each environment's refresh token a name of its own.`);
    if (status === 400)
        return new errors/* StoreError */.AD('STORE_REJECTED', head, 'GitLab refused the value or a flag: a masked variable needs at least 8 characters of the allowed set.');
    return new errors/* StoreError */.AD('STORE_HTTP_ERROR', head, status >= 500 ? 'GitLab failed; try again later.' : 'An answer this action does not expect.');
}

;// CONCATENATED MODULE: ./src/store/open.ts
/**
 * The one way to a store: `openStore(target, ctx)` for a parsed target (./target.ts). It checks at
 * once what can be checked before any request (a token is given, the API and the repository or
 * project are known) and throws an InputError naming the setting; the write itself is the store's.
 */



function openStore(target, ctx) {
    switch (target.kind) {
        case 'file':
            return fileStore(target.path);
        case 'github-secret':
            return githubSecretStore(target, ctx);
        case 'gitlab-variable':
            return gitlabVariableStore(target, ctx);
    }
}


/***/ }),

/***/ 1988:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ parseStoreTarget)
/* harmony export */ });
/* unused harmony export STORE_TARGET_FORMS */
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8992);
/**
 * The one grammar for where a token is stored, shared by the write-back input and `login --store`:
 *
 *   file:PATH                                   a local file, mode 0600, no link followed
 *   github-secret:NAME                          a secret of this run's repository (GITHUB_REPOSITORY)
 *   github-secret:OWNER/REPO/NAME               a repository secret
 *   github-secret:OWNER/REPO/env/ENV/NAME       an environment secret
 *   github-secret:org/ORG/NAME                  an organisation secret
 *   gitlab-variable:NAME                        a CI/CD variable of this job's project (CI_PROJECT_ID)
 *   gitlab-variable:PROJECT/NAME                a variable of the project (numeric ID or full path)
 */

const STORE_TARGET_FORMS = [
    'file:PATH',
    'github-secret:NAME',
    'github-secret:OWNER/REPO/NAME',
    'github-secret:OWNER/REPO/env/ENVIRONMENT/NAME',
    'github-secret:org/ORG/NAME',
    'gitlab-variable:NAME',
    'gitlab-variable:PROJECT/NAME',
];
/** GitHub: letters, digits and _, not starting with a digit or GITHUB_. GitLab: letters, digits and _. */
const GITHUB_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/i;
const GITLAB_NAME = /^[A-Za-z0-9_]{1,255}$/;
/** One part of a path: no empty part, and no dot segment ('.', '..'), which a URL would resolve away to another endpoint. */
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9_.-]+$/;
/** A part of the value quoted in a message: one line, no control or bidi character, capped (the value may hold anything). */
const quoted = (value) => `"${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(value, 60)}"`;
/** Parses a store target; throws an Error naming `input`, the forms it takes, and what was wrong. */
function parseStoreTarget(text, input) {
    const value = text.trim();
    const colon = value.indexOf(':');
    const kind = colon < 0 ? '' : value.slice(0, colon);
    const rest = colon < 0 ? '' : value.slice(colon + 1);
    const bad = (why) => {
        throw new Error(`${input}: ${why}. It takes one of: ${STORE_TARGET_FORMS.join(', ')}.`);
    };
    switch (kind) {
        case 'file':
            if (!rest)
                bad('file: needs a path');
            return { kind: 'file', path: rest };
        case 'github-secret': {
            const parts = rest.split('/');
            const name = parts.at(-1) ?? '';
            if (!GITHUB_NAME.test(name))
                bad(`${quoted(name)} is not a GitHub secret name (letters, digits and _, not starting with a digit or GITHUB_)`);
            if (parts.some((p) => !SEGMENT.test(p)))
                bad('an empty or unusual part in the GitHub secret target');
            if (parts.length === 1)
                return { kind: 'github-secret', scope: 'repository', name };
            if (parts.length === 3 && parts[0] === 'org')
                return { kind: 'github-secret', scope: 'organization', organization: parts[1], name };
            if (parts.length === 3)
                return { kind: 'github-secret', scope: 'repository', repository: `${parts[0]}/${parts[1]}`, name };
            if (parts.length === 5 && parts[2] === 'env')
                return { kind: 'github-secret', scope: 'environment', repository: `${parts[0]}/${parts[1]}`, environment: parts[3], name };
            return bad(`${quoted(rest)} is not a GitHub secret target`);
        }
        case 'gitlab-variable': {
            const slash = rest.lastIndexOf('/');
            const name = rest.slice(slash + 1);
            const project = slash < 0 ? undefined : rest.slice(0, slash);
            if (!GITLAB_NAME.test(name))
                bad(`${quoted(name)} is not a GitLab variable name (letters, digits and _)`);
            if (project !== undefined && !project.split('/').every((p) => SEGMENT.test(p)))
                bad(`${quoted(project)} is not a GitLab project ID or path`);
            return { kind: 'gitlab-variable', project, name };
        }
        default:
            return bad(kind ? `${quoted(kind)} is not a kind of store` : 'no kind of store given');
    }
}


/***/ }),

/***/ 5280:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   k5: () => (/* binding */ keepInStore),
/* harmony export */   ot: () => (/* binding */ checkStore)
/* harmony export */ });
/* unused harmony export writeBack */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/**
 * Writing the rotated refresh token back to where the next run reads it, and confirming it. A
 * failure is the run's failure, said plainly: the new token was NOT stored, and the one this run
 * used may already be revoked (Keycloak rotates it on every refresh; with "Revoke Refresh Token"
 * on, the old one is dead the moment the new one is issued). A write the store accepted but that
 * could not be confirmed is said to be that, not "NOT stored": the token there may well work.
 *
 * The job's cancellation does not stop the write: by now the identity provider has rotated the
 * token, so the one given is spent, and dropping the new one would end the session for every later
 * run. The write is bounded all the same (request-timeout per attempt, the store's few retries),
 * and a second signal ends the process at once (../platform/startup.ts).
 */

/** Each store's write-backs, one after another in the order the tokens came: the last one stored is the newest. */
const queues = new WeakMap();
function writeBack(store, token, options = {}) {
    const mine = (queues.get(store) ?? Promise.resolve()).then(() => writeOnce(store, token, options));
    queues.set(store, mine.catch(() => undefined));
    return mine;
}
async function writeOnce(store, token, options) {
    try {
        // Not options.signal: see above.
        return await store.write(token);
    }
    catch (error) {
        // A refusal keeps its code (STORE_FORBIDDEN…), a network failure its own (TIMEOUT…).
        const code = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoreError */ .AD || error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr ? error.code : 'STORE_WRITE_FAILED';
        const cause = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DotstatError */ .sh ? error : undefined;
        const said = cause ? cause.message : error instanceof Error ? error.message : String(error);
        const also = options.alsoIn ? ` Until then, ${options.alsoIn} holds the new one.` : '';
        const unconfirmed = code === 'STORE_NOT_CONFIRMED';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoreError */ .AD(code, unconfirmed
            ? `The new refresh token may not be stored in ${store.where} (refresh-token-store): ${said}`
            : `The new refresh token was NOT stored in ${store.where} (refresh-token-store): ${said}`, [
            cause?.hint,
            unconfirmed
                ? `If the next run fails with invalid_grant, the write did not hold: sign in again and store a new refresh token there.${also}`
                : `The refresh token this run used may be revoked already (Keycloak rotates it on every refresh): if the next run fails with invalid_grant, sign in again and store a new refresh token there.${also}`,
        ]
            .filter(Boolean)
            .join('\n'), { cause: error });
    }
}
/**
 * Keeps a rotated refresh token in the store, confirmed, and says so; one equal to the token given
 * is not written again. Returns where it is kept, for the error that may follow.
 */
async function keepInStore(platform, store, token, keep) {
    if (token === keep.given) {
        platform.info(`The identity provider returned the same refresh token; ${store.where} is left as it is.`);
        return [keep.output, store.where].filter(Boolean).join(' and ');
    }
    platform.info(`Writing the new refresh token to ${store.where}.`);
    const receipt = await writeBack(store, token, { signal: keep.signal, alsoIn: keep.output });
    platform.info(`Kept the new refresh token in ${receipt.where} (${receipt.confirmed}).`);
    if (receipt.warning)
        platform.warning(receipt.warning, { title: 'The stored refresh token is not masked' });
    return [keep.output, receipt.where].filter(Boolean).join(' and ');
}
/**
 * Before any token is requested: reads the store's target (./types.ts `check`), so that a secret
 * or variable that does not exist, or a store token that cannot see it, fails the run while the
 * refresh token given is still unspent, rather than after the refresh, with its successor lost.
 */
async function checkStore(store, options = {}) {
    if (!store.check)
        return;
    try {
        await store.check({ signal: options.signal });
    }
    catch (error) {
        const code = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoreError */ .AD || error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr ? error.code : 'STORE_WRITE_FAILED';
        const cause = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DotstatError */ .sh ? error : undefined;
        const said = cause ? cause.message : error instanceof Error ? error.message : String(error);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoreError */ .AD(code, `${store.where.charAt(0).toUpperCase()}${store.where.slice(1)} (refresh-token-store) cannot be written: ${said}`, [cause?.hint, 'No token was requested, so the refresh token given is not spent: fix this and run again.'].filter(Boolean).join('\n'), { cause: error });
    }
}


/***/ }),

/***/ 8992:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Kb: () => (/* binding */ excerpt),
/* harmony export */   aj: () => (/* binding */ sanitize),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7194);
/**
 * Text that came from a server (error descriptions, Transfer log messages, HTML pages) is quoted
 * in our log. It must not be able to take over the CI job: a line starting with `::` is a GitHub
 * workflow command (`::add-mask::`, `::stop-commands::`, `::set-output`), and so is `##[command]`
 * *anywhere* in a line (the runner still parses the legacy form); ANSI escapes can forge or hide
 * output, bidirectional controls can make a line read differently from what it holds, and a
 * newline starts a new, unchecked line. `sanitize()` neutralises all of them.
 * Every pattern here runs on up to 1 MiB of hostile text, so each one is linear: no two
 * quantifiers that can match the same characters in a row (see the ReDoS regression tests).
 * Both functions redact the process's secrets (../secrets.ts) before they change a character: a
 * secret that has lost a space, gained a zero-width space or been cut in half no longer matches.
 * @see https://github.com/actions/runner/blob/main/src/Runner.Common/ActionCommand.cs
 */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
/** C0 and C1 controls (tab and newline are handled apart), line separators, bidirectional controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
/** Half of a surrogate pair without its other half: not text, and printed as garbage. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ZWSP = '\u200b';
/** One line of server text, safe to print: no control characters, no workflow command, capped. */
function sanitize(text, maxLength = 500) {
    let out = _secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .SECRETS */ .cW.redact(text)
        .replace(ANSI, '')
        .replace(/\r\n|\n|\r|\t/g, ' ')
        .replace(CONTROL, ' ')
        .replace(LONE_SURROGATE, '\ufffd');
    // Once more: dropping an escape or a newline may have joined the halves of a secret.
    out = _secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .SECRETS */ .cW.redact(out.replace(/\s{2,}/g, ' ').trim());
    // `::` anywhere could become a line start after wrapping by the runner; break every occurrence.
    // A lookahead, so that ':::' is broken twice and no '::' survives. The same for '##['.
    out = out.replace(/:(?=:)/g, `:${ZWSP}`).replace(/#(?=#\[)/g, `#${ZWSP}`);
    if (out.length > maxLength) {
        // Never cut a surrogate pair in two.
        const end = /[\ud800-\udbff]/.test(out.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
        out = `${out.slice(0, Math.max(0, end))}…`;
    }
    return out;
}
/** An error page's title sits near its start; reading more only costs time. */
const EXCERPT_SCAN = 64 * 1024;
/** A short, readable excerpt of a non-JSON body (an HTML error page, a proxy's message). */
function excerpt(body, maxLength = 200) {
    // Redacted before the cut: a secret across the cut would leave its first part behind.
    const head = _secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .SECRETS */ .cW.redact(body).slice(0, EXCERPT_SCAN);
    const title = /<title\b[^<>]*>([^<]*)<\/title>/i.exec(head)?.[1];
    const text = title ?? dropElements(head, ['script', 'style']).replace(/<[^<>]*>/g, ' ');
    return sanitize(text, maxLength);
}
/** Removes `<script>…</script>` and `<style>…</style>` (an unclosed one runs to the end), in linear time. */
function dropElements(html, names) {
    const lower = html.toLowerCase();
    let out = '';
    let at = 0;
    for (;;) {
        let start = -1;
        let name = '';
        for (const candidate of names) {
            const i = lower.indexOf(`<${candidate}`, at);
            if (i >= 0 && (start < 0 || i < start))
                [start, name] = [i, candidate];
        }
        if (start < 0)
            return out + html.slice(at);
        out += `${html.slice(at, start)} `;
        const close = lower.indexOf(`</${name}>`, start);
        if (close < 0)
            return out;
        at = close + name.length + 3;
    }
}
/** Human-readable size: 1.2 MB, 930 KB, 12 B. */
function formatBytes(bytes) {
    if (bytes < 1000)
        return `${bytes} B`;
    const units = ['KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = -1;
    do {
        value /= 1000;
        unit += 1;
    } while (value >= 1000 && unit < units.length - 1);
    return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 3339:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("module");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 8877:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");

/***/ }),

/***/ 714:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:vm");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 9783:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ getProxyUrl)
/* harmony export */ });
/* unused harmony export checkBypass */
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
