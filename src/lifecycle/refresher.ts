/**
 * Keeps a child's token fresh while `dotstat-action exec` runs it: renews on the session's own
 * clock (../oidc/session.ts `renewalDueAt()`), so the token file (rewritten in place, atomically,
 * mode 0600, by the session's onTokens) always holds a token that is valid for a while yet, the
 * way Kubernetes refreshes a projected service-account token. A failed renewal is a warning and
 * is tried again, sooner as the end nears; the child is never stopped for it.
 */
import { asDotstatError } from '../errors.js';
import type { TokenSession } from '../oidc/session.js';
import type { TokenSet } from '../oidc/token-response.js';
import type { Logger } from '../platform/types.js';

/** A failed renewal is tried again after this long at most (and at least a second later). */
const RETRY_MS = 30_000;

/** `renewOnce`: exec's, under the state's lock (../lifecycle/resume.ts `renewShared()`), when the sign-in is kept in a state. */
export function keepFresh(session: TokenSession, log: Logger, renewOnce: () => Promise<unknown> = () => session.renew()): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failures = 0;
  let expiredSaid = false;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => void renew(), Math.max(0, delayMs));
    // The child's exit, not this timer, decides when the command line ends.
    timer.unref();
  };
  const next = () => {
    const due = session.renewalDueAt();
    if (due !== undefined) schedule(due - Date.now());
  };
  const renew = async () => {
    try {
      await renewOnce();
      if (failures > 0) log.info('The access token was renewed again; the token file is current.');
      failures = 0;
      expiredSaid = false;
      log.debug(`Renewed the access token for the command; the next renewal is due at ${new Date(session.renewalDueAt() ?? 0).toISOString()}.`);
      next();
    } catch (error) {
      failures += 1;
      if (failures === 1)
        log.warning(`Could not renew the access token for the command (trying again): ${asDotstatError(error).describe()}`, { title: 'Token renewal failed' });
      const end = session.current.expiresAt?.getTime() ?? Date.now() + RETRY_MS;
      if (!expiredSaid && end <= Date.now()) {
        expiredSaid = true;
        log.warning(
          `The access token in DOTSTAT_ACCESS_TOKEN_FILE expired at ${new Date(end).toISOString()}, and renewing it still fails (${failures} tries): the command's calls are refused from now on. Still trying: ${asDotstatError(error).describe()}`,
          { title: 'Token expired' },
        );
      }
      schedule(Math.min(RETRY_MS, Math.max(1000, (end - Date.now()) / 4)));
    }
  };
  next();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * A command given a hand-off's token (nothing can renew it: no refresh token, no credentials, by
 * design) is told when it ends, so that the 401s after it are explained in the log.
 */
export function warnAtEnd(tokens: TokenSet, log: Logger): { stop(): void } {
  const end = tokens.expiresAt;
  if (!end) return { stop() {} };
  const timer = setTimeout(
    () =>
      log.warning(
        `The handed-off access token expired at ${end.toISOString()}; the command's token file still holds it: a hand-off cannot be renewed. Hand off from a job that runs closer to this one, or let this job sign in itself for a long command.`,
        { title: 'Token expired' },
      ),
    Math.max(0, end.getTime() - Date.now()),
  );
  timer.unref();
  return { stop: () => clearTimeout(timer) };
}
