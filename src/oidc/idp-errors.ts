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
  "The stored refresh token can no longer be used: a person must sign in again and store a new refresh token in the secret (or give username/password, or a service account's client-secret, so the action does not depend on it).";
const ROTATION = 'Always store the newest refresh-token output, and never refresh the same token from two jobs at once.';
const CHECK_CLIENT = (client: string) =>
  `Check client-id (${client}) and client-secret: the client must exist in this realm, and a confidential client needs its current secret; a public client must not be sent one.`;

/** Hints keyed on the OAuth `error` code; each refines on the description only within its code. */
const byError: Record<string, (d: string, grant: GrantType, client: string) => string> = {
  unauthorized_client(d, _grant, client) {
    if (d.includes('direct access')) {
      return `The password grant is disabled for client ${client}: a Keycloak administrator must turn on "Direct Access Grants" for it, or use a service account (client-id and client-secret of a confidential client with service accounts enabled).`;
    }
    if (d.includes('public client'))
      return `Client ${client} is public and has no service account: use a confidential client with "Service accounts" enabled, and its client-secret.`;
    if (d.includes('service account'))
      return `Client ${client} does not have service accounts enabled: a Keycloak administrator must enable "Service accounts roles" on it (client authentication on).`;
    return CHECK_CLIENT(client);
  },
  invalid_client(d, _grant, client) {
    if (d.includes('consent')) {
      return `Client ${client} requires user consent, which only a browser sign-in can give: a Keycloak administrator must turn off "Consent required" on it, or use another client.`;
    }
    if (d.includes('bearer-only')) {
      return `Client ${client} is bearer-only (it only accepts tokens, it cannot get any): set client-id to the client people sign in with (often 'app'), or to a confidential client with service accounts.`;
    }
    return CHECK_CLIENT(client);
  },
  invalid_request(d, grant, client) {
    if (grant === 'client_credentials' && d.includes('service account')) {
      return `The service account of client ${client} does not exist: a Keycloak administrator must create the client with "Service accounts roles" on (a partial import does not create its user).`;
    }
    if (grant === 'client_credentials' && d.includes('disabled')) {
      return `The service account of client ${client} is disabled: a Keycloak administrator must enable its user (service-account-…) under Users.`;
    }
    return "See the identity provider's message above.";
  },
  invalid_grant: invalidGrantHint,
  not_allowed(d) {
    if (!d.includes('offline')) return "See the identity provider's message above.";
    return "Offline tokens are not allowed here: the user needs the offline_access role (part of the realm's default roles) and the client the offline_access client scope. Ask a Keycloak administrator, or remove offline_access from scope.";
  },
  invalid_scope: () => 'Check scope: the client must allow each requested scope (offline_access needs the offline_access role).',
  unsupported_grant_type: (_d, grant) => `The provider does not support grant-type ${grant} for this client.`,
  'realm does not exist': () => 'The realm named in authority (or token-url) does not exist on this server: check its spelling and case.',
};

function invalidGrantHint(d: string, grant: GrantType, client: string): string {
  // Before the refresh rules: signing in again cannot help a disabled account.
  if (d.includes('disabled')) return 'The user account is disabled: ask a Keycloak administrator to enable it.';
  if (d.includes('not fully set up')) {
    return 'The account has pending required actions (e.g. update password, verify e-mail, configure OTP, or a missing e-mail or name): sign in once in a browser to complete them, or ask an administrator to clear them.';
  }
  if (grant === 'refresh_token') return refreshHint(d, client);
  // Keycloak answers a brute-force lockout, and parallel sign-ins of one user, exactly like a wrong password.
  return 'Check the stored username and password secrets (are they for this realm?). If they are right, the account may be locked for a while by brute-force detection after repeated failures, or several jobs signed in as this user at the same moment: wait or ask a Keycloak administrator to unlock it, and do not retry blindly (each try counts towards a lockout).';
}

function refreshHint(d: string, client: string): string {
  if (d.includes('reuse'))
    return `This refresh token was already used once (Keycloak rotates it on every refresh), and reusing it ended the session. ${ROTATION} ${REFRESH_DEAD}`;
  if (d.includes('stale token')) {
    return `This refresh token was replaced by a newer one (Keycloak rotates it on every refresh), and using it ended the session; or an administrator revoked the tokens issued before now. ${ROTATION} ${REFRESH_DEAD}`;
  }
  if (d.includes("doesn't have required client")) {
    return `The session no longer includes this client, usually because an older (rotated) refresh token was used again, which ends it for every holder. ${ROTATION} ${REFRESH_DEAD}`;
  }
  if (d.includes("don't match"))
    return `The refresh token was issued to another client than ${client}: set client-id to the client that issued it. ${REFRESH_DEAD}`;
  if (d.includes('session not active') || d.includes('session not found')) {
    return `The session ended (signed out, ended by an administrator, or idle or past its maximum lifespan). ${REFRESH_DEAD}`;
  }
  return REFRESH_DEAD;
}

function hintFor(error: string, description: string, grant: GrantType, idp: IdpConfig): string {
  const hint = Object.hasOwn(byError, error.toLowerCase()) ? byError[error.toLowerCase()] : undefined;
  return hint ? hint(description.toLowerCase(), grant, `'${idp.clientId}'`) : "See the identity provider's message above.";
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
