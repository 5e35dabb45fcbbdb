/**
 * Getting tokens: find the endpoint, send one grant's request, read the answer. Every grant goes
 * through `requestToken()`, and every answer through the same validator and error reader.
 */
import type { GrantType, IdpConfig } from './settings.js';
import { IdpError, NetworkError, ResponseError } from '../errors.js';
import type { HttpResponse, HttpSettings } from '../http/client.js';
import { postForm } from '../http/form.js';
import { neverReachedServer } from '../http/network-errors.js';
import type { RetryContext } from '../http/retry.js';
import type { Logger } from '../platform/types.js';
import { discoverTokenEndpoint } from './discovery.js';
import { grantRequest, type TokenRequest } from './grants.js';
import { tokenErrorFrom } from './idp-errors.js';
import { setupLines } from './keyless-setup.js';
import { assertionClaims, keylessError, obtainAssertion, withAssertion, type AssertionClaims, type MintIdToken } from './keyless.js';
import { processTokenResponse, receivedSecrets, rotatedRefreshToken, tokenResponseJson, type TokenSet } from './token-response.js';

/** What happens to the tokens of an answer the moment it arrives, before it is checked. */
export interface TokenKeeper {
  /** Registers (masks) a token received, before anything can print it. */
  secret(value: string): void;
  /**
   * Keeps a rotated refresh token at once: the stored one is spent from now on, so the new one
   * must not be lost if the rest of the answer turns out bad. Returns where it was kept (for the
   * error message), or undefined when this platform keeps it nowhere. When it writes the token
   * back to a store (refresh-token-store), the request awaits that write and its confirmation
   * before anything else is done with the answer; a failed write fails the request.
   */
  refreshToken(token: string): string | undefined | Promise<string | undefined>;
}

export interface TokenContext {
  readonly idp: IdpConfig;
  readonly http: HttpSettings;
  readonly retry: RetryContext;
  readonly log: Logger;
  readonly keep?: TokenKeeper;
  /** Mints the job's ID token for keyless sign-in, right before each exchange (GitHub). */
  readonly mintIdToken?: MintIdToken;
}

export async function resolveTokenEndpoint(ctx: TokenContext): Promise<URL> {
  if (ctx.idp.tokenUrl) return ctx.idp.tokenUrl;
  const endpoint = await discoverTokenEndpoint(ctx.idp.authority as URL, ctx.http, ctx.retry);
  ctx.log.debug(`Token endpoint from discovery: ${endpoint.origin}${endpoint.pathname}`);
  return endpoint;
}

/** The contexts whose debug output has shown the keyless setup: once a run, not at each renewal. */
const setupShown = new WeakSet<TokenContext>();

/** In debug output, the same text as `dotstat-action keyless-setup`: what Keycloak must trust for this job. */
function showSetupOnce(ctx: TokenContext, claims: AssertionClaims): void {
  if (setupShown.has(ctx) || !ctx.idp.authority) return;
  setupShown.add(ctx);
  ctx.log.debug('Keyless: the Keycloak setup that trusts this job (the text of dotstat-action keyless-setup):');
  for (const line of setupLines(claims, ctx.idp.authority, ctx.idp.clientId)) ctx.log.debug(line ? `  ${line}` : '');
}

/** Sends one token request (with the retries its grant allows) and returns the validated tokens. */
export async function requestToken(endpoint: URL, unsigned: TokenRequest, ctx: TokenContext): Promise<TokenSet> {
  let request = unsigned;
  let claims: AssertionClaims | undefined;
  if (request.grant === 'keyless') {
    // Obtained (minted on GitHub) and masked just before the exchange: an assertion is short-lived and single-use.
    const assertion = await obtainAssertion(ctx.idp, ctx.mintIdToken, (value) => ctx.keep?.secret(value));
    claims = assertionClaims(assertion);
    ctx.log.debug(`Keyless: ID token of iss ${claims.iss ?? '?'}, sub ${claims.sub ?? '?'}, aud ${claims.aud ?? '?'}.`);
    showSetupOnce(ctx, claims);
    request = withAssertion(request, assertion);
  }
  ctx.log.info(`Requesting a token from ${endpoint.origin}${endpoint.pathname} (${request.grant} grant, client ${ctx.idp.clientId}).`);
  const body = request.form.toString();
  let response: HttpResponse;
  try {
    response = await postForm(operationOf(request.grant), endpoint, body, ctx.http, ctx.retry);
  } catch (error) {
    throw request.grant === 'refresh_token' ? refreshMayBeSpent(error) : error;
  }
  if (response.status !== 200) {
    const error = tokenErrorFrom(response, request.grant, ctx.idp);
    throw claims ? keylessError(error, claims, ctx.idp) : error;
  }
  const json = tokenResponseJson(response);
  for (const secret of receivedSecrets(json)) ctx.keep?.secret(secret);
  const rotated = rotatedRefreshToken(json);
  const keptIn = rotated === undefined ? undefined : await ctx.keep?.refreshToken(rotated);
  try {
    return processTokenResponse(response, request.grant, new Date(), json);
  } catch (error) {
    if (rotated === undefined || !(error instanceof ResponseError)) throw error;
    throw new ResponseError(error.status, error.message, `${error.hint ?? ''} ${rotatedFate(keptIn, request.grant)}`.trim(), error.code);
  }
}

/**
 * The retry row of a grant. An authorization code and a device code are, like an ID token, spent
 * once the server has seen them (a second exchange is refused), so they retry as assertions do.
 */
function operationOf(grant: GrantType): 'refresh' | 'assertion' | 'token' {
  if (grant === 'refresh_token') return 'refresh';
  return grant === 'keyless' || grant === 'authorization_code' || grant === 'device_code' ? 'assertion' : 'token';
}

/** What became of the refresh token of an answer that was refused, for its error's hint. */
function rotatedFate(keptIn: string | undefined, grant: GrantType): string {
  const spent = grant === 'refresh_token' ? ' The one this request used may be spent: Keycloak rotates it on every refresh.' : '';
  if (keptIn) return `The answer did hold a new refresh token, and it was kept before the rest was checked: ${keptIn}. Store that one.${spent}`;
  return `The answer did hold a new refresh token, but nothing here keeps it.${spent}${spent ? ' If the next run fails with invalid_grant, sign in again and store a new one.' : ''}`;
}

/**
 * A refresh whose answer was lost (a reset or timeout after it was sent) may have been processed:
 * the refresh token is then spent and its successor lost with the answer. Say so, so the person
 * knows why the next run may meet invalid_grant.
 */
function refreshMayBeSpent(error: unknown): unknown {
  if (!(error instanceof NetworkError) || error.code === 'ABORTED' || error.code === 'TLS' || neverReachedServer(error)) return error;
  const hint = `${error.hint ?? ''} The identity provider may have processed the refresh before the answer was lost: the refresh token may have been used (Keycloak rotates it) and its successor was not received. If the next run fails with invalid_grant, sign in again and store a new refresh token.`;
  return new NetworkError(error.code as 'NETWORK' | 'TIMEOUT' | 'DNS', error.message, hint.trim(), { cause: error.cause, syscallCode: error.syscallCode });
}

/**
 * The configured grant, with one fallback: when a stored refresh token is dead (`invalid_grant`)
 * and a username and password are also given, the password grant is used instead, with a warning
 * that the stored token must be replaced.
 */
export async function obtainToken(endpoint: URL, ctx: TokenContext, refreshToken = ctx.idp.refreshToken): Promise<TokenSet> {
  const grant: GrantType = ctx.idp.grant;
  try {
    return await requestToken(endpoint, grantRequest(grant, ctx.idp, refreshToken), ctx);
  } catch (error) {
    const canFallBack = grant === 'refresh_token' && ctx.idp.username && ctx.idp.password;
    if (!(error instanceof IdpError) || error.error !== 'invalid_grant' || !canFallBack) throw error;
    ctx.log.warning(
      `The stored refresh token was refused (${error.error}: ${error.errorDescription || 'no description'}); using the password grant instead. Replace the stored refresh token with the refresh-token output of this step.`,
      { title: 'Stored refresh token is no longer valid' },
    );
    return requestToken(endpoint, grantRequest('password', ctx.idp), ctx);
  }
}
