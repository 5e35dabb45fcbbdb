/**
 * One request builder per grant. Each returns the form to POST to the token endpoint; sending and
 * reading the answer are the same for every grant (./token.ts). The client authenticates with
 * `client_secret` in the form (client_secret_post), which Keycloak and most providers accept.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3 (password), #section-4.4 (client
 * credentials), #section-6 (refresh); keyless (the job's ID token as client assertion): ./keyless.ts
 */
import type { GrantType, IdpConfig } from './settings.js';
import { JWT_BEARER } from './keyless.js';

export interface TokenRequest {
  readonly grant: GrantType;
  readonly form: URLSearchParams;
}

function base(grant: GrantType, idp: IdpConfig): URLSearchParams {
  const form = new URLSearchParams({ grant_type: grant, client_id: idp.clientId });
  if (idp.clientSecret) form.set('client_secret', idp.clientSecret);
  if (idp.scope) form.set('scope', idp.scope);
  return form;
}

export function passwordRequest(idp: IdpConfig): TokenRequest {
  const form = base('password', idp);
  form.set('username', idp.username ?? '');
  form.set('password', idp.password ?? '');
  return { grant: 'password', form };
}

export function refreshRequest(idp: IdpConfig, refreshToken: string): TokenRequest {
  const form = base('refresh_token', idp);
  form.set('refresh_token', refreshToken);
  return { grant: 'refresh_token', form };
}

export function clientCredentialsRequest(idp: IdpConfig): TokenRequest {
  return { grant: 'client_credentials', form: base('client_credentials', idp) };
}

export function grantRequest(grant: GrantType, idp: IdpConfig, refreshToken = idp.refreshToken): TokenRequest {
  if (grant === 'refresh_token') return refreshRequest(idp, refreshToken ?? '');
  if (grant === 'keyless') return keylessRequest(idp);
  return grant === 'password' ? passwordRequest(idp) : clientCredentialsRequest(idp);
}

/** The form of a keyless request, without its assertion: that is added by `withAssertion()` just before sending. */
export function keylessRequest(idp: IdpConfig): TokenRequest {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: idp.clientId, client_assertion_type: JWT_BEARER });
  if (idp.scope) form.set('scope', idp.scope);
  return { grant: 'keyless', form };
}
