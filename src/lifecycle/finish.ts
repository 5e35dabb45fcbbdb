/**
 * The end of the job (the action's post step, `dotstat-action revoke`, the GitLab component's
 * after_script): revoke what this job signed in, then remove the job's state. What is revoked:
 * the session of a password or client-credentials sign-in (its newest refresh token, or the access
 * token where there is none). What stays: a stored refresh token's session, which the next run
 * needs, and an offline token, which was asked for to outlive the job; `revoke: always` ends those
 * too. A failed revocation is a warning: the job's work is done, and the session ends on its own.
 */
import type { RevokePolicy } from '../config.js';
import { asDotstatError } from '../errors.js';
import type { RetryContext } from '../http/retry.js';
import { revocationEndpoint, revokeToken } from '../oidc/revoke.js';
import type { Platform } from '../platform/types.js';
import { readState, removeState, type JobState } from './state.js';

type Decision = { readonly token: string; readonly hint: 'refresh_token' | 'access_token'; readonly what: string } | { readonly skip: string };

/** What the end of the job revokes under `policy`, and why not when it does not. */
export function whatToRevoke(state: JobState, policy: RevokePolicy): Decision {
  if (policy === 'never') return { skip: 'revoke is never: the session stays open until it expires.' };
  if (state.openedWith === 'keyless') return { skip: 'Keyless sign-in opened no session to revoke; its access token ends on its own within minutes.' };
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
  if (state.refreshToken) return { token: state.refreshToken, hint: 'refresh_token', what: `the session of this job's ${how}` };
  return { token: state.accessToken, hint: 'access_token', what: `the access token of this job's ${how}` };
}

/**
 * Revokes by the state at `path` and removes it. Never throws: every failure is a warning. The
 * state's secrets are masked before anything is printed.
 */
export async function finishJob(
  path: string,
  platform: Platform,
  options: { readonly policy?: RevokePolicy; readonly retry?: RetryContext } = {},
): Promise<void> {
  let state: JobState | undefined;
  try {
    state = readState(path);
  } catch (error) {
    platform.warning(`Nothing was revoked: ${asDotstatError(error).describe()}`, { title: 'Revocation skipped' });
    // Removed all the same: a state readable by others, or one not understood, may still hold tokens.
    removeQuietly(path, platform);
    return;
  }
  if (!state) {
    platform.debug(`No sign-in was kept for this job (${path}): nothing to revoke.`);
    return;
  }
  for (const secret of [state.accessToken, state.refreshToken, state.clientSecret, state.store?.token]) platform.addSecret(secret);
  try {
    const decision = whatToRevoke(state, options.policy ?? state.revoke);
    if ('skip' in decision) return platform.info(decision.skip);
    const retry = options.retry ?? { debug: (m: string) => platform.debug(m) };
    const endpoint = await revocationEndpoint(state, state.http, retry);
    if (!endpoint) {
      platform.warning(
        `Nothing was revoked: the identity provider names no revocation endpoint${state.tokenUrl ? ' (token-url is not Keycloak-shaped, and there is no discovery)' : ''}. The session ends on its own when it expires.`,
        { title: 'Revocation skipped' },
      );
      return;
    }
    await revokeToken(endpoint, decision.token, decision.hint, state, state.http, retry);
    platform.info(`Revoked ${decision.what} at ${endpoint.origin}${endpoint.pathname}.`);
  } catch (error) {
    platform.warning(`The session was not revoked: ${asDotstatError(error).describe()}`, { title: 'Revocation failed' });
  } finally {
    removeQuietly(path, platform);
  }
}

/** Removes the state (a link or pipe planted there too, never what a link points to); a failure is a warning. */
function removeQuietly(path: string, platform: Platform): void {
  try {
    removeState(path);
  } catch (error) {
    platform.warning(`The job's state ${path} could not be removed (${(error as NodeJS.ErrnoException).code ?? 'error'}); remove it by hand.`, {
      title: 'State not removed',
    });
  }
}
