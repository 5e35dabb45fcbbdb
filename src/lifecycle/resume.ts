/**
 * A later step of the job continues the sign-in kept in the job's state (./state.ts):
 * `dotstat-action token` prints a valid access token, renewing it first when it is due (as
 * `gh auth token` and `gcloud auth print-access-token` print theirs), by the same rule and the same
 * session code as the job itself (../oidc/session.ts). Every renewal is written back to the state
 * at once, the rotated refresh token before the rest of the answer is checked.
 */
import { resolve } from 'node:path';
import { DotstatError } from '../errors.js';
import type { RetryContext } from '../http/retry.js';
import { TokenSession } from '../oidc/session.js';
import type { IdpConfig } from '../oidc/settings.js';
import { tokenSecrets, type TokenSet } from '../oidc/token-response.js';
import type { Platform } from '../platform/types.js';
import { openStore } from '../store/open.js';
import { keepInStore } from '../store/write-back.js';
import { acquireLock } from './lock.js';
import { processAlive } from './process.js';
import { readState, stateOf, tokensOf, writeState, type JobState } from './state.js';

const NO_STATE_HINT =
  'Sign in first in this job: the action, or dotstat-action, which keeps the sign-in for the job in CI (elsewhere with --state-file PATH, the same for both commands).';

/** The identity-provider settings a renewal from the state needs: never a password (it is not kept). */
function idpOf(state: JobState): IdpConfig {
  if (state.grant === 'keyless')
    throw new DotstatError(
      'STATE',
      "A keyless sign-in cannot be renewed from the job's state: it needs a new ID token of the job.",
      'Run the action or dotstat-action again in this step to sign in anew.',
    );
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
export function resumeSession(path: string, platform: Platform, retry: RetryContext = {}): TokenSession {
  const state = readState(path);
  if (!state) throw new DotstatError('STATE', `No sign-in was kept for this job (${path}).`, NO_STATE_HINT);
  for (const secret of [state.accessToken, state.refreshToken, state.clientSecret, state.store?.token]) platform.addSecret(secret);
  const store =
    state.store &&
    openStore(state.store.target, {
      token: state.store.token,
      http: state.http,
      env: process.env,
      targetInput: 'refresh-token-store',
      tokenInput: 'store-token',
    });
  let kept = state;
  const keep = (tokens: TokenSet) => {
    for (const secret of tokenSecrets(tokens)) platform.addSecret(secret);
    kept = {
      ...(stateOf({ idp: idpOf(kept), revoke: kept.revoke, http: kept.http }, tokens, kept) as JobState),
      grant: kept.grant,
      scope: kept.scope,
      handedOff: kept.handedOff,
    };
    writeState(path, kept);
  };
  const session = new TokenSession(
    {
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
          writeState(path, kept);
          const inState = `the job's state (${path})`;
          // Written back where the run wrote it (refresh-token-store), or the next run would find a spent one.
          return store ? keepInStore(platform, store, token, { given, output: inState }) : inState;
        },
      },
    },
    keep,
  );
  session.adopt(tokensOf(state));
  return session;
}

/**
 * `dotstat-action token`: a valid access token, renewed first when it is due. Commands run at
 * once (a script's parallel calls) renew one at a time, under a lock file beside the state: each
 * reads the state again once it holds the lock, so only the first spends the refresh token (a
 * second use of a spent one ends the session in Keycloak) and the others print the token it got.
 */
export async function validToken(path: string, platform: Platform, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const first = resumeSession(path, platform);
  if (!first.needsRenewal()) return first.current.accessToken;
  if (renewedByExec(path, env)) return awaitExecRenewal(path, platform);
  const release = await acquireLock(`${path}.lock`, { debug: (message) => platform.debug(message) });
  try {
    const session = resumeSession(path, platform);
    if (session.needsRenewal()) await session.renew();
    return session.current.accessToken;
  } finally {
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
export async function renewShared(path: string, session: TokenSession, platform: Platform): Promise<void> {
  const debug = (message: string) => platform.debug(message);
  const release = await acquireLock(`${path}.lock`, { debug }).catch((error: unknown) => void debug(`Renewing without the lock: ${(error as Error).message}`));
  try {
    let kept: TokenSet | undefined;
    try {
      const state = readState(path);
      kept = state && tokensOf(state);
    } catch {
      kept = undefined;
    }
    if (kept?.refreshToken && kept.refreshToken !== session.current.refreshToken) {
      for (const secret of tokenSecrets(kept)) platform.addSecret(secret);
      session.takeKept(kept);
      if (!session.needsRenewal()) return;
    }
    await session.renew();
  } finally {
    await release?.();
  }
}

/**
 * The name under which `exec` tells its child that it renews the state itself (its pid and the
 * state's path): its session is in memory, so a renewal by the child's `token` would spend the
 * refresh token that exec then uses again.
 */
export const EXEC_RENEWER = 'DOTSTAT_STATE_RENEWED_BY';

export function execRenewer(path: string): string {
  return `${process.pid}:${resolve(path)}`;
}

function renewedByExec(path: string, env: NodeJS.ProcessEnv): boolean {
  const match = /^(\d+):(.+)$/.exec(env[EXEC_RENEWER] ?? '');
  if (!match || resolve(path) !== match[2]) return false;
  return processAlive(Number(match[1]));
}

/** How long a `token` run by exec's child waits for exec's renewal before printing the token there is. */
const EXEC_RENEWAL_WAIT_MS = 30_000;

/** Waits (a while at most) for exec's renewal to reach the state; its token then, else the one there is. */
async function awaitExecRenewal(path: string, platform: Platform): Promise<string> {
  const until = Date.now() + EXEC_RENEWAL_WAIT_MS;
  for (;;) {
    const session = resumeSession(path, platform);
    if (!session.needsRenewal() || Date.now() > until) return session.current.accessToken;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
