/**
 * The token of a hand-off (./handoff.ts), as the job's authoriser: the later job got it from an
 * earlier one and cannot renew it (it has no refresh token and no credentials, by design), so a
 * call after its end fails saying so, and a refusal is the call's own to report.
 */
import { DotstatError } from '../errors.js';
import type { Authorizer } from './session.js';
import type { TokenSet } from './token-response.js';

export class ReceivedToken implements Authorizer {
  constructor(readonly current: TokenSet) {}

  async withToken<T>(what: string, call: (accessToken: string) => Promise<T>): Promise<T> {
    const end = this.current.expiresAt;
    if (end && end.getTime() <= Date.now()) {
      throw new DotstatError(
        'TOKEN_EXPIRED',
        `The handed-off access token expired at ${end.toISOString()} (${what}); a hand-off cannot be renewed.`,
        'Hand off from a job that runs closer to this one, or let this job sign in itself (keyless, or its own credentials) for a long import.',
      );
    }
    return call(this.current.accessToken);
  }
}
