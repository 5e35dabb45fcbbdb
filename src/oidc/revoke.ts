/**
 * Token revocation (RFC 7009): ends the session a refresh token belongs to (Keycloak ends the whole
 * user session), or an access token where there is no refresh token. Which endpoint: the
 * authority's discovery document names it, under the same-origin rule as the token endpoint
 * (./discovery.ts); with token-url, Keycloak's own path beside it.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
import { ResponseError } from '../errors.js';
import type { HttpSettings } from '../http/client.js';
import { postForm } from '../http/form.js';
import { tryJsonObject, where } from '../http/json.js';
import type { RetryContext } from '../http/retry.js';
import { sanitize } from '../text.js';
import { discoverRevocationEndpoint } from './discovery.js';

export interface RevokeTarget {
  readonly authority?: string;
  readonly tokenUrl?: string;
  readonly clientId: string;
  readonly clientSecret?: string;
}

/** The revocation endpoint, or undefined when none is known (the caller says so and revokes nothing). */
export async function revocationEndpoint(target: RevokeTarget, http: HttpSettings, retry: RetryContext): Promise<URL | undefined> {
  if (target.authority) return discoverRevocationEndpoint(new URL(target.authority), http, retry);
  if (!target.tokenUrl) return undefined;
  // Keycloak's endpoints sit side by side; another provider's token-url tells nothing about its revocation endpoint.
  const url = new URL(target.tokenUrl);
  if (!/\/protocol\/openid-connect\/token$/.test(url.pathname)) return undefined;
  url.pathname = url.pathname.replace(/\/token$/, '/revoke');
  return url;
}

/** Revokes one token; throws a ResponseError (never holding the token) when the server refuses. */
export async function revokeToken(
  endpoint: URL,
  token: string,
  hint: 'refresh_token' | 'access_token',
  target: RevokeTarget,
  http: HttpSettings,
  retry: RetryContext,
): Promise<void> {
  const form = new URLSearchParams({ token, token_type_hint: hint, client_id: target.clientId });
  if (target.clientSecret) form.set('client_secret', target.clientSecret);
  const response = await postForm('revoke', endpoint, form.toString(), http, retry);
  // Keycloak answers a token it does not know with 200 and an error body: read the body too.
  const json = tryJsonObject(response.body);
  const error = typeof json?.error === 'string' ? json.error : undefined;
  if (response.status === 200 && !error) return;
  const description = typeof json?.error_description === 'string' ? `: ${json.error_description}` : '';
  const what = error ? `${error}${description}` : `HTTP ${response.status}`;
  throw new ResponseError(
    response.status,
    `The identity provider did not revoke the token at ${where(response)} (HTTP ${response.status}, ${sanitize(what, 300)}).`,
    error === 'invalid_client' || error === 'unauthorized_client'
      ? 'The client could not authenticate for revocation: check client-id and client-secret.'
      : 'The session ends on its own when it expires; set revoke: never to skip this.',
    'BAD_RESPONSE',
  );
}
