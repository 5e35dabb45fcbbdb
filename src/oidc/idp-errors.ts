/**
 * Turns a token endpoint's error answer into an error a person can act on. Matching is on the
 * OAuth `error` code and the grant; the description's wording changes between Keycloak versions,
 * so it is only used to pick a more precise hint, never required.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
import type { GrantType, IdpConfig } from './settings.js';
import { IdpError, ResponseError } from '../errors.js';
import type { HttpResponse } from '../http/client.js';
import { sanitize } from '../text.js';
import { describeBody, tryJsonObject, where } from '../http/json.js';

const REFRESH_DEAD =
  'The stored refresh token can no longer be used: a person must sign in again and store a new refresh token in the secret (or give username/password, or a service account\'s client-secret, so the action does not depend on it).';

function hintFor(error: string, description: string, grant: GrantType, idp: IdpConfig): string {
  const d = description.toLowerCase();
  const client = `'${idp.clientId}'`;
  if (error === 'unauthorized_client' && d.includes('direct access')) {
    return `The password grant is disabled for client ${client}: a Keycloak administrator must turn on "Direct Access Grants" for it, or use a service account (client-id and client-secret of a confidential client with service accounts enabled).`;
  }
  if (error === 'unauthorized_client' && d.includes('public client')) {
    return `Client ${client} is public and has no service account: use a confidential client with "Service accounts" enabled, and its client-secret.`;
  }
  if (error === 'unauthorized_client' && d.includes('service account')) {
    return `Client ${client} does not have service accounts enabled: a Keycloak administrator must enable "Service accounts roles" on it (client authentication on).`;
  }
  if (error === 'invalid_client' || error === 'unauthorized_client') {
    return `Check client-id (${client}) and client-secret: the client must exist in this realm, and a confidential client needs its current secret; a public client must not be sent one.`;
  }
  // Before the refresh rules: signing in again cannot help a disabled account.
  if (error === 'invalid_grant' && d.includes('disabled')) return 'The user account is disabled: ask a Keycloak administrator to enable it.';
  if (error === 'invalid_grant' && grant === 'refresh_token') {
    if (d.includes('reuse')) return `This refresh token was already used once (Keycloak rotates it on every refresh), and reusing it ended the session. Always store the newest refresh-token output, and never refresh the same token from two jobs at once. ${REFRESH_DEAD}`;
    if (d.includes("don't match") || d.includes('client')) return `The refresh token was issued to another client than ${client}: set client-id to the client that issued it. ${REFRESH_DEAD}`;
    return REFRESH_DEAD;
  }
  if (error === 'invalid_grant' && d.includes('not fully set up')) {
    return 'The account has pending required actions (e.g. update password, verify e-mail, configure OTP): sign in once in a browser to complete them, or ask an administrator to clear them.';
  }
  if (error === 'invalid_grant') return 'Check the stored username and password secrets (are they for this realm?).';
  if (error === 'invalid_scope') return 'Check scope: the client must allow each requested scope (offline_access needs the offline_access role).';
  if (error === 'unsupported_grant_type') return `The provider does not support grant-type ${grant} for this client.`;
  return 'See the identity provider\'s message above.';
}

/** The error for a token endpoint answer other than 200. */
export function tokenErrorFrom(response: HttpResponse, grant: GrantType, idp: IdpConfig): IdpError | ResponseError {
  const json = tryJsonObject(response.body);
  const error = typeof json?.error === 'string' ? sanitize(json.error, 80) : undefined;
  if (error) {
    const description = typeof json?.error_description === 'string' ? sanitize(json.error_description, 300) : '';
    const quoted = description ? `${error}: ${description}` : error;
    return new IdpError(
      response.status,
      error,
      description,
      `The identity provider refused the ${grant} grant (HTTP ${response.status}, ${quoted}).`,
      hintFor(error, description, grant, idp),
    );
  }
  return new ResponseError(
    response.status,
    `The token endpoint ${where(response)} answered HTTP ${response.status} (${describeBody(response)}).`,
    statusHint(response.status),
    'TOKEN_HTTP_ERROR',
  );
}

function statusHint(status: number): string {
  if (status === 404) return 'Wrong URL: check authority (realm URL, with or without /auth) or token-url.';
  if (status === 405) return 'The URL does not accept POST: it is not a token endpoint. Check token-url.';
  if (status >= 500) return 'The identity provider or a proxy in front of it is failing; retried without success. Try again later or tell its operator.';
  return 'Check authority / token-url and the client settings.';
}
