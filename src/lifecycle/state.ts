/**
 * What the job keeps for its later steps and its end: the newest tokens, and what renewing and
 * revoking them needs (the endpoints, the client, its secret). These are secrets, so the state is
 * a file of mode 0600, replaced atomically on every renewal and never through a link
 * (../files.ts), in the runner's temporary folder (RUNNER_TEMP, which the runner empties after the
 * job) or, elsewhere, in a folder of this user's own (mode 0700) under the system's temporary
 * folder; the end of the job (the post step, `dotstat-action revoke`) removes it. Never in
 * GITHUB_STATE, which is a runner file of the step's metadata: that holds only the path.
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseStoreTarget, type StoreTarget } from '../store/target.js';
import type { Config, RevokePolicy } from '../config.js';
import { DotstatError } from '../errors.js';
import { notAPlainFile, replaceFile } from '../files.js';
import { parseUrl } from '../parse.js';
import type { GrantType } from '../oidc/settings.js';
import type { TokenSet } from '../oidc/token-response.js';

export interface JobState {
  readonly version: 1;
  readonly authority?: string;
  readonly tokenUrl?: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly scope?: string;
  /** The configured grant, and the one that opened the session (a refresh that fell back to password opened one). */
  readonly grant: GrantType;
  readonly openedWith: GrantType;
  readonly revoke: RevokePolicy;
  readonly http: { readonly timeoutMs: number; readonly allowInsecureHttp: boolean };
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresAt?: string;
  readonly expiresIn?: number;
  readonly refreshToken?: string;
  readonly tokenGrant: GrantType;
  /** The access token was handed off to later jobs (handoff-key): revoking its session would cut them off. */
  readonly handedOff: boolean;
  /**
   * refresh-token-store: where the run writes the rotated refresh token back, and its credential, so
   * that a renewal by `dotstat-action token` writes back too, and the end of the job leaves that
   * session open for the next run.
   */
  readonly store?: { readonly target: StoreTarget; readonly token?: string };
}

/** The state of a sign-in after `tokens` arrived; `before` is the state already kept (the newest refresh token survives an answer without one). */
/** What of the configuration the state keeps (a renewal from the state has only the first three). */
type StateConfig = Pick<Config, 'idp' | 'revoke' | 'http'> & Partial<Pick<Config, 'handoff' | 'refreshTokenStore' | 'storeToken'>>;

export function stateOf(config: StateConfig, tokens: TokenSet, before?: JobState): JobState | undefined {
  const idp = config.idp;
  if (!idp) return undefined;
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
export function tokensOf(state: JobState): TokenSet {
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
export function privateFolder(env: NodeJS.ProcessEnv): string {
  if (env.RUNNER_TEMP) return env.RUNNER_TEMP;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = join(tmpdir(), `dotstat-action-${uid ?? userInfo().username}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stats = lstatSync(dir);
  if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid) || (stats.mode & 0o077) !== 0) {
    throw new DotstatError(
      'STATE',
      `The folder ${dir} for the job's state is not this user's own (a link, another user's, or open to others).`,
      'Remove it, or set DOTSTAT_STATE_FILE to a path in a folder only you can read.',
    );
  }
  return dir;
}

/** A new state path for one use of the action (GitHub: several steps of one job may each sign in). */
export function newStatePath(env: NodeJS.ProcessEnv): string {
  return join(privateFolder(env), `dotstat-state-${randomBytes(6).toString('hex')}.json`);
}

/** The command line's default: one path per CI job, so that a later command of the same job finds it. */
export function defaultStatePath(env: NodeJS.ProcessEnv): string {
  const job = env.CI_JOB_ID ?? (env.GITHUB_RUN_ID ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? 1}-${env.GITHUB_JOB ?? ''}` : 'local');
  return join(privateFolder(env), `dotstat-state-${job.replace(/[^\w.-]/g, '_')}.json`);
}

export function writeState(path: string, state: JobState): void {
  const kind = notAPlainFile(path);
  if (kind) throw new DotstatError('STATE', `Cannot keep the job's state in ${path}: it is ${kind}.`, 'Remove it, or set DOTSTAT_STATE_FILE to another path.');
  try {
    replaceFile(path, `${JSON.stringify(state)}\n`, 0o600);
  } catch (error) {
    throw new DotstatError(
      'STATE',
      `Cannot keep the job's state in ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
      'Check that its folder exists and is writable, or set DOTSTAT_STATE_FILE to another path.',
      { cause: error },
    );
  }
}

/** The state kept at `path`, or undefined when there is none; a file that is not ours is refused. */
export function readState(path: string): JobState | undefined {
  const kind = notAPlainFile(path);
  if (kind) throw new DotstatError('STATE', `The job's state ${path} is ${kind}, not a file this job wrote.`, 'Remove it; sign in again.');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DotstatError('STATE', `Cannot read the job's state ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`, 'Sign in again in this job.');
  }
  const mode = lstatSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new DotstatError('STATE', `The job's state ${path} is readable by others (mode ${mode.toString(8)}).`, 'Remove it; sign in again.');
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    // Reported below, without the text: it holds secrets.
  }
  const wrong = state === undefined ? 'not JSON' : flawOf(state);
  if (!wrong) return state as JobState;
  throw new DotstatError('STATE', `The job's state ${path} is not one this version wrote (${wrong}).`, 'Remove it; sign in again.');
}

/**
 * What is wrong with a state read back (a field's name, never its value), or undefined. It is
 * checked as a sign-in checks its settings: another step of the job may have written the file, and
 * its endpoints receive the client secret and the refresh token.
 */
function flawOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const state = value as Record<string, unknown>;
  // A field that must be a string when there (non-empty where required), by name, or undefined.
  const string = (name: string, required = false) =>
    (state[name] === undefined && !required) || (typeof state[name] === 'string' && (!required || state[name] !== '')) ? undefined : name;
  if (state.version !== 1) return 'version';
  const http = state.http as Record<string, unknown> | undefined;
  if (typeof http !== 'object' || http === null || typeof http.allowInsecureHttp !== 'boolean' || !(Number(http.timeoutMs) > 0)) return 'http';
  for (const name of ['authority', 'tokenUrl'] as const) {
    const input = name === 'authority' ? 'authority' : 'token-url';
    if (string(name)) return input;
    try {
      parseUrl((n) => (n === input ? (state[name] as string | undefined) : undefined), input, http.allowInsecureHttp);
    } catch {
      return input;
    }
  }
  if (state.authority === undefined && state.tokenUrl === undefined) return 'no authority nor token-url';
  const flaw =
    ['clientSecret', 'scope', 'refreshToken', 'expiresAt'].find((name) => string(name)) ??
    (typeof state.tokenType === 'string' ? undefined : 'tokenType') ??
    ['accessToken', 'clientId', 'grant', 'openedWith', 'tokenGrant'].find((name) => string(name, true));
  if (flaw) return flaw;
  if (state.expiresAt !== undefined && Number.isNaN(Date.parse(state.expiresAt as string))) return 'expiresAt';
  if (state.expiresIn !== undefined && !(Number.isFinite(state.expiresIn) && (state.expiresIn as number) >= 0)) return 'expiresIn';
  if (!['auto', 'always', 'never'].includes(state.revoke as string)) return 'revoke';
  if (typeof state.handedOff !== 'boolean') return 'handedOff';
  if (state.store !== undefined) {
    const store = state.store as { target?: unknown; token?: unknown } | null;
    if (typeof store !== 'object' || store === null || (store.token !== undefined && typeof store.token !== 'string')) return 'store';
    if (!sameTarget(store.target)) return 'store';
  }
  return undefined;
}

/** Whether `target` is one that the store grammar (../store/target.ts) gives back for its own text: no dot segment, no other kind. */
function sameTarget(target: unknown): boolean {
  const t = target as Record<string, string | undefined> | null;
  if (typeof t !== 'object' || t === null) return false;
  let text: string;
  if (t.kind === 'file') text = `file:${t.path}`;
  else if (t.kind === 'github-secret')
    text = `github-secret:${t.scope === 'organization' ? `org/${t.organization}/` : t.repository ? `${t.repository}/${t.scope === 'environment' ? `env/${t.environment}/` : ''}` : ''}${t.name}`;
  else if (t.kind === 'gitlab-variable') text = `gitlab-variable:${t.project ? `${t.project}/` : ''}${t.name}`;
  else return false;
  try {
    return isDeepStrictEqual(JSON.parse(JSON.stringify(parseStoreTarget(text, 'refresh-token-store'))), t);
  } catch {
    return false;
  }
}

export function removeState(path: string): void {
  rmSync(path, { force: true });
}

/**
 * Keeps each new token set of the job's sign-in in the state file, the newest refresh token always.
 * A state that cannot be written is a warning, once: it serves later steps and the end of the job,
 * never the job's own work.
 */
export class StateKeeper {
  #state: JobState | undefined;
  #warned = false;

  constructor(
    readonly path: string,
    private readonly config: Config,
    private readonly warn: (message: string) => void,
  ) {}

  keep(tokens: TokenSet): void {
    this.#state = stateOf(this.config, tokens, this.#state);
    if (!this.#state) return;
    try {
      writeState(this.path, this.#state);
    } catch (error) {
      if (!this.#warned)
        this.warn(
          `${(error as DotstatError).describe?.() ?? String(error)}\nThe job goes on; dotstat-action token and the revocation at its end will not find this sign-in.`,
        );
      this.#warned = true;
    }
  }
}
