/**
 * The job's token, kept fresh. `start()` runs the configured grant; every authorised call goes
 * through `withToken()`, which holds the one rule for when a token is renewed; `renew()` uses the
 * newest refresh token when there is one, else the original grant again. Every new token set goes
 * to `onTokens` at once, before anything else is done with it, so it is masked and the rotated
 * refresh token is saved even if a later step fails.
 */
import type { TokenSet } from './token-response.js';
import { obtainToken, requestToken, resolveTokenEndpoint, type TokenContext } from './token.js';
import { grantRequest } from './grants.js';
import type { GrantType } from './settings.js';
import { DotstatError, IdpError } from '../errors.js';

/** The longest margin before expiry at which a token is renewed ahead of a call. */
const RENEW_MARGIN_MS = 60_000;

/** What an authorised call needs from the session (the Transfer upload and status poll use it). */
export interface Authorizer {
  /**
   * Runs `call` with a valid access token, by one rule for every call: a token that expires
   * within a minute (or a quarter of its lifetime, if shorter) is renewed first; a call that the
   * service refuses (`refused`: an answer or an error meaning 401) gets one renewal and one more
   * try, for a token revoked early or a clock that runs ahead of ours; a second refusal is the
   * call's own to report. `what` names the call in the log ("while checking request 154").
   */
  withToken<T>(what: string, call: (accessToken: string) => Promise<T>, refused: (outcome: unknown) => boolean): Promise<T>;
}

export class TokenSession implements Authorizer {
  #endpoint: URL | undefined;
  #current: TokenSet | undefined;
  /** The renewal in flight: concurrent callers (uploads in parallel, polls, exec's timer) share it. */
  #renewing: Promise<TokenSet> | undefined;

  constructor(
    private readonly ctx: TokenContext,
    private readonly onTokens: (tokens: TokenSet) => void,
  ) {}

  get current(): TokenSet {
    if (!this.#current) throw new Error('TokenSession.start() has not run');
    return this.#current;
  }

  async withToken<T>(what: string, call: (accessToken: string) => Promise<T>, refused: (outcome: unknown) => boolean): Promise<T> {
    if (this.#expiresSoon()) {
      this.ctx.log.debug(`The access token is about to expire; renewing it first (${what}).`);
      await this.renew();
    }
    const used = this.current.accessToken;
    try {
      const result = await call(used);
      if (!refused(result)) return result;
    } catch (error) {
      if (!refused(error)) throw error;
    }
    this.ctx.log.info(`The access token was refused ${what}; getting a new one and trying once more.`);
    // Renewed already by a concurrent call: that one is tried; else one renewal (joined, if in flight).
    if (this.current.accessToken === used) await this.renew();
    return call(this.current.accessToken);
  }

  #expiresSoon(now = Date.now()): boolean {
    const due = this.renewalDueAt();
    return due !== undefined && now >= due;
  }

  /**
   * When the current token is due for renewal (epoch ms): a minute before its end, or a quarter of
   * its lifetime before, if shorter; undefined for a token without an end. The one rule, for the
   * calls above and for `dotstat-action exec`, which renews on this clock for its child.
   */
  renewalDueAt(): number | undefined {
    const { expiresAt, expiresIn } = this.current;
    if (!expiresAt || expiresIn === undefined) return undefined;
    // A short-lived token (a minute, say) would otherwise be renewed before every call.
    return expiresAt.getTime() - Math.min(RENEW_MARGIN_MS, (expiresIn * 1000) / 4);
  }

  /** Whether the current token is due for renewal (`dotstat-action token` renews only then). */
  needsRenewal(now = Date.now()): boolean {
    return this.#expiresSoon(now);
  }

  /** Continues from tokens another command got meanwhile (the job's state), as if renewed: its keepers are told. */
  takeKept(tokens: TokenSet): void {
    this.#accept(tokens);
  }

  /** Continues from tokens kept earlier in the job (its state), without a sign-in. */
  adopt(tokens: TokenSet): void {
    this.#current = tokens;
  }

  async start(): Promise<TokenSet> {
    this.#endpoint = await resolveTokenEndpoint(this.ctx);
    return this.#accept(await obtainToken(this.#endpoint, this.ctx));
  }

  /**
   * A new token set. One renewal at a time: a refresh token is spent by its first use (Keycloak
   * rotates it, and with "Revoke Refresh Token" a second use of it ends the session), so callers
   * that ask while one is in flight get its result.
   */
  renew(): Promise<TokenSet> {
    this.#renewing ??= this.#renew().finally(() => {
      this.#renewing = undefined;
    });
    return this.#renewing;
  }

  async #renew(): Promise<TokenSet> {
    const endpoint = this.#endpoint ?? (await resolveTokenEndpoint(this.ctx));
    const refreshToken = this.#current?.refreshToken;
    const fallback = this.#credentialsGrant();
    if (!refreshToken && !fallback) {
      throw new DotstatError(
        'TOKEN_EXPIRED',
        'The access token expired, and the identity provider gave no new refresh token to renew it with.',
        "Give username/password or a service account's client-secret as well, so that a new token can be requested.",
      );
    }
    if (!refreshToken) return this.#accept(await requestToken(endpoint, grantRequest(fallback as GrantType, this.ctx.idp), this.ctx));
    try {
      return this.#accept(await requestToken(endpoint, grantRequest('refresh_token', this.ctx.idp, refreshToken), this.ctx));
    } catch (error) {
      // The session may have ended (idle or max lifespan) during a long import; credentials still work.
      if (!(error instanceof IdpError) || !fallback) throw error;
      this.ctx.log.debug(`Refresh refused (${error.error}); requesting a new token with the ${fallback} grant.`);
      return this.#accept(await requestToken(endpoint, grantRequest(fallback, this.ctx.idp), this.ctx));
    }
  }

  /** A grant that needs no refresh token: the configured one, or the password grant when credentials are given. */
  #credentialsGrant(): GrantType | undefined {
    if (this.ctx.idp.grant !== 'refresh_token') return this.ctx.idp.grant;
    return this.ctx.idp.username && this.ctx.idp.password ? 'password' : undefined;
  }

  #accept(tokens: TokenSet): TokenSet {
    // Current first: the refresh token it replaces is spent, so a keeper that fails (exec's token
    // file, the state) must not leave the session to renew with that one (Keycloak's reuse check
    // would end the session).
    this.#current = tokens;
    this.onTokens(tokens);
    return tokens;
  }
}
