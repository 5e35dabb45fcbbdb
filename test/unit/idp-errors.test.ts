import { describe, expect, it } from 'vitest';
import type { GrantType, IdpConfig } from '../../src/oidc/settings.js';
import { IdpError, ResponseError } from '../../src/errors.js';
import type { HttpResponse } from '../../src/http/client.js';
import { tokenErrorFrom } from '../../src/oidc/idp-errors.js';

const endpoint = new URL('https://kc.example.org/realms/OECD/protocol/openid-connect/token');
const idp: IdpConfig = { clientId: 'app', grant: 'password', tokenUrl: endpoint };
const oauth = (status: number, error: string, description?: string): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(description === undefined ? { error } : { error, error_description: description }),
  url: endpoint,
});
const html = (status: number, title: string): HttpResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title></head><body><h1>${status} ${title}</h1></body></html>\n`,
  url: endpoint,
});

const DEAD_REFRESH = 'store a new refresh token in the secret';
const ROTATION = 'Always store the newest refresh-token output';
const LOCKOUT = 'locked for a while by brute-force detection';

// The answers of a real Keycloak 26.7 (test/keycloak/ gets each of them from the server), then the
// ones only its source or older versions give. The hint each must carry, and one it must not.
type Row = [title: string, grant: GrantType, status: number, error: string, description: string, hint: string, not?: string];
const rows: Row[] = [
  ['wrong password / unknown user', 'password', 400, 'invalid_grant', 'Invalid user credentials', 'Check the stored username and password secrets'],
  ['brute-force lockout (reads like a wrong password)', 'password', 400, 'invalid_grant', 'Invalid user credentials', LOCKOUT],
  ['Direct Access Grants off', 'password', 400, 'unauthorized_client', 'Client not allowed for direct access grants', 'turn on "Direct Access Grants"'],
  ['required actions pending', 'password', 400, 'invalid_grant', 'Account is not fully set up', 'sign in once in a browser', LOCKOUT],
  ['user disabled', 'password', 400, 'invalid_grant', 'Account disabled', 'The user account is disabled', 'username and password'],
  ['bad client secret', 'password', 401, 'unauthorized_client', 'Invalid client or Invalid client credentials', "Check client-id ('app') and client-secret"],
  [
    'bad client secret on client_credentials',
    'client_credentials',
    401,
    'unauthorized_client',
    'Invalid client or Invalid client credentials',
    'a confidential client needs its current secret',
  ],
  ['unknown client / missing client_id', 'password', 401, 'invalid_client', 'Invalid client or Invalid client credentials', "Check client-id ('app')"],
  ['unknown realm (token-url)', 'password', 404, 'Realm does not exist', '', 'The realm named in authority'],
  [
    'client_credentials on a public client',
    'client_credentials',
    401,
    'unauthorized_client',
    'Public client not allowed to retrieve service account',
    'use a confidential client with "Service accounts" enabled',
  ],
  [
    'service accounts off',
    'client_credentials',
    401,
    'unauthorized_client',
    'Client not enabled to retrieve service account',
    'must enable "Service accounts roles"',
  ],
  [
    'service-account user disabled',
    'client_credentials',
    401,
    'invalid_request',
    "User 'service-account-svc-disabled' disabled",
    "The service account of client 'app' is disabled",
    'client-secret',
  ],
  ['consent required', 'password', 400, 'invalid_client', 'Client requires user consent', 'turn off "Consent required"', 'client-secret'],
  ['bearer-only client', 'password', 400, 'invalid_client', 'Bearer-only not allowed', 'is bearer-only', 'client-secret'],
  ['bearer-only client on client_credentials', 'client_credentials', 400, 'invalid_client', 'Bearer-only not allowed', 'is bearer-only'],
  ['offline tokens not allowed', 'password', 400, 'not_allowed', 'Offline tokens not allowed for the user or client', 'offline_access role'],
  [
    'rotated token reused (also the loser of two at once)',
    'refresh_token',
    400,
    'invalid_grant',
    'Maximum allowed refresh token reuse exceeded',
    'reusing it ended the session',
  ],
  ['an older rotated token', 'refresh_token', 400, 'invalid_grant', 'Stale token', 'replaced by a newer one', 'client-id'],
  [
    'the newest token after a reuse ended the session',
    'refresh_token',
    400,
    'invalid_grant',
    "Session doesn't have required client",
    ROTATION,
    'set client-id',
  ],
  ['session ended by an administrator or /revoke', 'refresh_token', 400, 'invalid_grant', 'Session not active', 'The session ended'],
  ['offline session revoked', 'refresh_token', 400, 'invalid_grant', 'Offline user session not found', 'The session ended'],
  ['garbage refresh token', 'refresh_token', 400, 'invalid_grant', 'Invalid refresh token', DEAD_REFRESH],
  ['a scope the client does not have', 'password', 400, 'invalid_scope', 'Invalid scopes: openid no-such-scope', 'Check scope'],
  [
    'token of another client',
    'refresh_token',
    400,
    'invalid_grant',
    "Invalid refresh token. Token client and authorized client don't match",
    "issued to another client than 'app'",
  ],
  // From Keycloak's source or older versions, not produced by the realm here.
  [
    'wrong password (Keycloak before 24 answered 401)',
    'password',
    401,
    'invalid_grant',
    'Invalid user credentials',
    'Check the stored username and password secrets',
  ],
  [
    'Direct Access Grants off (older wording)',
    'password',
    400,
    'unauthorized_client',
    'Client not permitted for direct access grants',
    'or use a service account',
  ],
  [
    'service account missing (client made by a partial import)',
    'client_credentials',
    401,
    'invalid_request',
    'The associated service account for the client does not exist',
    'does not exist',
  ],
  ['refresh token expired', 'refresh_token', 400, 'invalid_grant', 'Token is not active', DEAD_REFRESH],
  ['offline session not active', 'refresh_token', 400, 'invalid_grant', 'Offline session not active', 'The session ended'],
  ['user disabled on refresh (older wording)', 'refresh_token', 400, 'invalid_grant', 'User disabled', 'The user account is disabled'],
  ['unsupported grant type', 'password', 400, 'unsupported_grant_type', 'Unsupported grant_type', 'does not support grant-type password'],
  ['an error we have no hint for', 'password', 400, 'invalid_request', 'Missing form parameter: grant_type', "See the identity provider's message above."],
];

describe('tokenErrorFrom() w/ keycloak.md error rows', () => {
  it.each(rows)('%s', (_title, grant, status, error, description, hint, not) => {
    const result = tokenErrorFrom(oauth(status, error, description), grant, idp);
    expect(result).toBeInstanceOf(IdpError);
    const e = result as IdpError;
    expect(e.code).toBe(`IDP_${error.toUpperCase()}`);
    expect(e.status).toBe(status);
    expect(e.error).toBe(error);
    expect(e.errorDescription).toBe(description);
    expect(e.message).toBe(`The identity provider refused the ${grant} grant (HTTP ${status}, ${description ? `${error}: ${description}` : error}).`);
    expect(e.hint).toContain(hint);
    if (not) expect(e.hint).not.toContain(not);
  });

  it('the code comes first: a description naming a client does not make a refresh error a client error', () => {
    const e = tokenErrorFrom(oauth(400, 'invalid_grant', 'Client session not active for client app'), 'refresh_token', idp) as IdpError;
    expect(e.hint).not.toContain('set client-id');
    expect(e.hint).toContain(DEAD_REFRESH);
  });

  it('a reused refresh token says to keep the newest token and not to share it between jobs', () => {
    const e = tokenErrorFrom(oauth(400, 'invalid_grant', 'Maximum allowed refresh token reuse exceeded'), 'refresh_token', idp) as IdpError;
    expect(e.hint).toContain('Always store the newest refresh-token output');
    expect(e.hint).toContain('never refresh the same token from two jobs at once');
  });

  it('a dead refresh token hint does not appear for a password grant', () => {
    const e = tokenErrorFrom(oauth(400, 'invalid_grant', 'Session not active'), 'password', idp) as IdpError;
    expect(e.hint).not.toContain(DEAD_REFRESH);
  });

  it('the hint names the configured client', () => {
    const e = tokenErrorFrom(oauth(401, 'unauthorized_client', 'Invalid client or Invalid client credentials'), 'password', { ...idp, clientId: 'dotstat-ci' });
    expect(e.hint).toContain("'dotstat-ci'");
  });

  it('w/o error_description quotes only the error', () => {
    const e = tokenErrorFrom(oauth(400, 'invalid_grant'), 'password', idp) as IdpError;
    expect(e.message).toBe('The identity provider refused the password grant (HTTP 400, invalid_grant).');
    expect(e.errorDescription).toBe('');
  });

  it('server text is sanitised: no workflow command, no newline, capped', () => {
    const e = tokenErrorFrom(oauth(400, 'invalid_grant', `bad\n::add-mask::x \u001b[31m${'y'.repeat(400)}`), 'password', idp) as IdpError;
    expect(e.message).not.toContain('\n');
    expect(e.message).not.toContain('::');
    expect(e.message).not.toContain('\u001b');
    expect(e.errorDescription.length).toBeLessThanOrEqual(301);
  });
});

describe('tokenErrorFrom() w/ answers that are not OAuth errors', () => {
  it('an HTML 404 from a wrong URL names the status, the URL and the page title', () => {
    const e = tokenErrorFrom(html(404, 'Not Found'), 'password', idp);
    expect(e).toBeInstanceOf(ResponseError);
    expect(e.code).toBe('TOKEN_HTTP_ERROR');
    expect(e.status).toBe(404);
    expect(e.message).toBe(`The token endpoint ${endpoint.href} answered HTTP 404 (text/html: "404 Not Found").`);
    expect(e.hint).toContain('Wrong URL');
    expect(e.hint).toContain('/auth');
  });

  it.each([
    [502, 'Bad Gateway'],
    [503, 'Service Unavailable'],
    [504, 'Gateway Time-out'],
  ])('a proxy %i page', (status, title) => {
    const e = tokenErrorFrom(html(status, title), 'password', idp);
    expect(e.code).toBe('TOKEN_HTTP_ERROR');
    expect(e.message).toBe(`The token endpoint ${endpoint.href} answered HTTP ${status} (text/html: "${status} ${title}").`);
    expect(e.hint).toContain('retried without success');
  });

  it('405: not a token endpoint', () => {
    expect(tokenErrorFrom(html(405, 'Method Not Allowed'), 'password', idp).hint).toContain('does not accept POST');
  });

  it('an empty body', () => {
    const e = tokenErrorFrom({ status: 500, headers: {}, body: '', url: endpoint }, 'password', idp);
    expect(e.message).toBe(`The token endpoint ${endpoint.href} answered HTTP 500 (no content type, empty body).`);
  });

  it('JSON without an error field', () => {
    const e = tokenErrorFrom({ ...oauth(400, 'x'), body: '{"message":"nope"}' }, 'password', idp);
    expect(e).toBeInstanceOf(ResponseError);
    expect(e.code).toBe('TOKEN_HTTP_ERROR');
    expect(e.hint).toBe('Check authority / token-url and the client settings.');
  });

  it('a non-string error field', () => {
    expect(tokenErrorFrom({ ...oauth(400, 'x'), body: '{"error":42}' }, 'password', idp)).toBeInstanceOf(ResponseError);
  });
});
