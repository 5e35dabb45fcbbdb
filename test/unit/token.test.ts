import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IdpConfig } from '../../src/oidc/settings.js';
import { IdpError, NetworkError, ResponseError, StoreError } from '../../src/errors.js';
import { TokenSession } from '../../src/oidc/session.js';
import type { TokenSet } from '../../src/oidc/token-response.js';
import { obtainToken, requestToken, resolveTokenEndpoint } from '../../src/oidc/token.js';
import { grantRequest } from '../../src/oidc/grants.js';
import { startIdp, type Idp, type RecordedRequest } from '../fixtures/idp.mjs';
import { closedPortUrl, listen, tokenContext, type TestServer, failure as failed } from '../support/unit.js';

// A request to a host off this machine fails on the spot: the HTTPS rule's tests must not send
// anything over the network even if the rule regressed.
const dispatched = vi.hoisted(() => [] as string[]);
vi.mock('node:http', async (importOriginal) => (await import('../support/guard.js')).guarded(await importOriginal<typeof import('node:http')>(), dispatched));
vi.mock('node:https', async (importOriginal) => (await import('../support/guard.js')).guarded(await importOriginal<typeof import('node:https')>(), dispatched));

let idp: Idp;
const extra: Array<{ close(): Promise<void> }> = [];
beforeEach(async () => {
  idp = await startIdp();
  dispatched.length = 0;
});
afterEach(async () => {
  await idp.close();
  await Promise.all(extra.splice(0).map((s) => s.close()));
});

const alice = { username: 'alice', password: 'alice-password' } as const;
const endpoint = () => new URL(idp.tokenEndpoint);
const tokenRequests = (i: Idp = idp): RecordedRequest[] => i.requests.filter((r) => r.path.endsWith('/protocol/openid-connect/token'));
const claimsOf = (jwt: string | undefined) => JSON.parse(Buffer.from(String(jwt).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

/** Runs TokenSession.start() and returns the tokens plus everything handed to onTokens. */
async function start(idpConfig: Partial<IdpConfig> & Pick<IdpConfig, 'grant'>, options: Parameters<typeof tokenContext>[1] = {}) {
  const ctx = tokenContext(idpConfig, options);
  const published: TokenSet[] = [];
  const session = new TokenSession(ctx, (tokens) => published.push(tokens));
  const tokens = await session.start();
  return { tokens, published, session, ctx };
}

const failure = (promise: Promise<unknown>) => failed(promise, 'the token request');

describe('TokenSession.start() w/ each grant', () => {
  it('passwordGrant() w/ discovery', async () => {
    const before = Date.now();
    const { tokens, published, session } = await start({ authority: new URL(idp.issuer), grant: 'password', ...alice });
    expect(published).toEqual([tokens]);
    expect(session.current).toBe(tokens);
    expect(tokens).toMatchObject({ grant: 'password', tokenType: 'Bearer', expiresIn: 300, scope: 'profile email', idToken: undefined });
    expect(idp.verifyAccessToken(tokens.accessToken)).toMatchObject({ preferred_username: 'alice', azp: 'app', groups: ['dotstat-editors'] });
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 300_000);
    expect(tokens.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(tokens.refreshExpiresAt!.getTime()).toBeGreaterThanOrEqual(before + 1_800_000);
    expect(idp.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /realms/dotstat/.well-known/openid-configuration',
      'POST /realms/dotstat/protocol/openid-connect/token',
    ]);
    expect(idp.requests[1]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(idp.requests[1]?.form).toEqual({ grant_type: 'password', client_id: 'app', username: 'alice', password: 'alice-password' });
  });

  it('passwordGrant() w/ the /auth prefix', async () => {
    const legacy = await startIdp({ prefix: '/auth', realm: 'OECD' });
    extra.push(legacy);
    const ctx = tokenContext({ authority: new URL(legacy.issuer), grant: 'password', ...alice });
    const tokens = await new TokenSession(ctx, () => undefined).start();
    expect(legacy.verifyAccessToken(tokens.accessToken)?.iss).toBe(`${legacy.url}/auth/realms/OECD`);
    expect(legacy.requests.map((r) => r.path)).toEqual([
      '/auth/realms/OECD/.well-known/openid-configuration',
      '/auth/realms/OECD/protocol/openid-connect/token',
    ]);
  });

  it('an explicit token-url skips discovery', async () => {
    const { tokens, ctx } = await start({ tokenUrl: endpoint(), grant: 'password', ...alice });
    expect(tokens.grant).toBe('password');
    expect(idp.requests.some((r) => r.path.includes('.well-known'))).toBe(false);
    expect(idp.requests).toHaveLength(1);
    expect(await resolveTokenEndpoint(ctx)).toEqual(endpoint());
  });

  it('passwordGrant() w/ a confidential client', async () => {
    const { tokens } = await start({ tokenUrl: endpoint(), grant: 'password', clientId: 'confidential', clientSecret: 'confidential-secret', ...alice });
    expect(idp.verifyAccessToken(tokens.accessToken)?.azp).toBe('confidential');
    expect(idp.requests[0]?.form.client_secret).toBe('confidential-secret');
  });

  it('passwordGrant() w/ scope openid gives an id token', async () => {
    const { tokens } = await start({ tokenUrl: endpoint(), grant: 'password', scope: 'openid', ...alice });
    expect(tokens.scope).toBe('openid profile email');
    expect(claimsOf(tokens.idToken)).toMatchObject({ typ: 'ID', preferred_username: 'alice' });
  });

  it('passwordGrant() w/ offline_access gives a refresh token w/o expiry', async () => {
    const { tokens } = await start({ tokenUrl: endpoint(), grant: 'password', scope: 'openid offline_access', ...alice });
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(claimsOf(tokens.refreshToken).typ).toBe('Offline');
    expect(tokens.refreshExpiresAt).toBeUndefined();
  });

  it('refreshGrant() w/ rotated token', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    const { tokens } = await start({ tokenUrl: endpoint(), grant: 'refresh_token', refreshToken: stored });
    expect(tokens.grant).toBe('refresh_token');
    expect(idp.verifyAccessToken(tokens.accessToken)?.preferred_username).toBe('alice');
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.refreshToken).not.toBe(stored);
    expect(idp.requests[0]?.form).toEqual({ grant_type: 'refresh_token', client_id: 'app', refresh_token: stored });

    // The old token is now spent: using it again is refused.
    const error = await failure(obtainToken(endpoint(), tokenContext({ grant: 'refresh_token', refreshToken: stored })));
    expect(error).toBeInstanceOf(IdpError);
    expect(error.message).toContain('invalid_grant: Maximum allowed refresh token reuse exceeded');
  });

  it('refreshGrant() w/ the newest token, twice in a row', async () => {
    const first = await obtainToken(
      endpoint(),
      tokenContext({ grant: 'refresh_token', refreshToken: idp.issueRefreshToken({ clientId: 'app', username: 'alice' }) }),
    );
    const second = await obtainToken(endpoint(), tokenContext({ grant: 'refresh_token', refreshToken: first.refreshToken }));
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(idp.verifyAccessToken(second.accessToken)).not.toBeNull();
  });

  it('clientCredentialsGrant() gives no refresh token', async () => {
    const { tokens } = await start({ tokenUrl: endpoint(), grant: 'client_credentials', clientId: 'svc', clientSecret: 'svc-secret' });
    expect(tokens).toMatchObject({ grant: 'client_credentials', refreshToken: undefined, refreshExpiresAt: undefined, expiresIn: 300 });
    expect(idp.verifyAccessToken(tokens.accessToken)?.preferred_username).toBe('service-account-svc');
    expect(idp.requests[0]?.form).toEqual({ grant_type: 'client_credentials', client_id: 'svc', client_secret: 'svc-secret' });
  });

  it('failed discovery sends no credentials', async () => {
    const error = await failure(start({ authority: new URL(`${idp.url}/auth/realms/dotstat`), grant: 'password', ...alice }));
    expect(error.code).toBe('DISCOVERY_FAILED');
    expect(tokenRequests()).toHaveLength(0);
  });
});

describe('obtainToken() w/ keycloak.md errors from the fixture', () => {
  type Row = [title: string, setup: () => Partial<IdpConfig> & Pick<IdpConfig, 'grant'>, status: number, error: string, description: string, hint: string];
  const refreshWith =
    (prepare: (rt: string) => void, options: { offline?: boolean; clientId?: string } = {}) =>
    () => {
      const rt = idp.issueRefreshToken({ clientId: options.clientId ?? 'app', username: 'alice', offline: options.offline });
      prepare(rt);
      return { grant: 'refresh_token' as const, refreshToken: rt };
    };
  const rows: Row[] = [
    [
      'wrong password',
      () => ({ grant: 'password', username: 'alice', password: 'nope' }),
      400,
      'invalid_grant',
      'Invalid user credentials',
      'Check the stored username and password',
    ],
    [
      'unknown user',
      () => ({ grant: 'password', username: 'bob', password: 'x' }),
      400,
      'invalid_grant',
      'Invalid user credentials',
      'Check the stored username and password',
    ],
    [
      'Direct Access Grants off',
      () => {
        idp.addClient({ id: 'web' });
        return { grant: 'password', clientId: 'web', ...alice };
      },
      400,
      'unauthorized_client',
      'Client not allowed for direct access grants',
      '"Direct Access Grants"',
    ],
    [
      'required actions',
      () => {
        idp.addUser({ username: 'carol', password: 'carol-pw', requiredActions: true });
        return { grant: 'password', username: 'carol', password: 'carol-pw' };
      },
      400,
      'invalid_grant',
      'Account is not fully set up',
      'required actions',
    ],
    [
      'wrong client secret',
      () => ({ grant: 'password', clientId: 'confidential', clientSecret: 'nope', ...alice }),
      401,
      'unauthorized_client',
      'Invalid client or Invalid client credentials',
      "Check client-id ('confidential') and client-secret",
    ],
    [
      'missing client secret',
      () => ({ grant: 'password', clientId: 'confidential', ...alice }),
      401,
      'unauthorized_client',
      'Invalid client or Invalid client credentials',
      'a confidential client needs its current secret',
    ],
    [
      'unknown client',
      () => ({ grant: 'password', clientId: 'ghost', ...alice }),
      401,
      'invalid_client',
      'Invalid client or Invalid client credentials',
      "Check client-id ('ghost')",
    ],
    ['refresh token expired', refreshWith(() => idp.expireRefreshTokens()), 400, 'invalid_grant', 'Token is not active', 'store a new refresh token'],
    ['session ended', refreshWith(() => idp.endSessions('alice')), 400, 'invalid_grant', 'Session not active', 'store a new refresh token'],
    [
      'offline session gone',
      refreshWith(() => idp.endSessions(), { offline: true }),
      400,
      'invalid_grant',
      'Offline user session not found',
      'store a new refresh token',
    ],
    [
      'garbage refresh token',
      () => ({ grant: 'refresh_token', refreshToken: 'garbage' }),
      400,
      'invalid_grant',
      'Invalid refresh token',
      'store a new refresh token',
    ],
    [
      'token of another client',
      refreshWith(() => undefined, { clientId: 'confidential' }),
      400,
      'invalid_grant',
      "Invalid refresh token. Token client and authorized client don't match",
      'set client-id to the client that issued it',
    ],
    [
      'user disabled',
      () => {
        idp.addUser({ username: 'dave', password: 'dave-pw', disabled: true });
        return { grant: 'password', username: 'dave', password: 'dave-pw' };
      },
      400,
      'invalid_grant',
      'Account disabled',
      'ask a Keycloak administrator to enable it',
    ],
    ['revoked (not-before)', refreshWith(() => idp.revokeAll()), 400, 'invalid_grant', 'Stale token', 'store a new refresh token'],
    [
      'client_credentials on a public client',
      () => ({ grant: 'client_credentials' }),
      401,
      'unauthorized_client',
      'Public client not allowed to retrieve service account',
      '"Service accounts" enabled',
    ],
    [
      'service accounts off',
      () => ({ grant: 'client_credentials', clientId: 'confidential', clientSecret: 'confidential-secret' }),
      401,
      'unauthorized_client',
      'Client not enabled to retrieve service account',
      'enable "Service accounts roles"',
    ],
  ];

  it.each(rows)('%s', async (_title, setup, status, error, description, hint) => {
    const config = setup();
    const e = await failure(obtainToken(endpoint(), tokenContext(config)));
    expect(e).toBeInstanceOf(IdpError);
    expect(e).toMatchObject({ status, error, errorDescription: description, code: `IDP_${error.toUpperCase()}` });
    expect(e.message).toBe(`The identity provider refused the ${config.grant} grant (HTTP ${status}, ${error}: ${description}).`);
    expect(e.hint).toContain(hint);
    for (const secret of [config.password, config.clientSecret, config.refreshToken]) if (secret) expect(e.describe()).not.toContain(secret);
    expect(tokenRequests()).toHaveLength(1); // a 4xx is never retried
  });

  it('rotated token reused: the session ends', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    const rotated = await obtainToken(endpoint(), tokenContext({ grant: 'refresh_token', refreshToken: stored }));
    const e = await failure(obtainToken(endpoint(), tokenContext({ grant: 'refresh_token', refreshToken: stored })));
    expect(e).toBeInstanceOf(IdpError);
    expect(e.message).toBe('The identity provider refused the refresh_token grant (HTTP 400, invalid_grant: Maximum allowed refresh token reuse exceeded).');
    expect(e.hint).toContain('reusing it ended the session');
    // ...and so the newest token is dead too.
    const after = await failure(obtainToken(endpoint(), tokenContext({ grant: 'refresh_token', refreshToken: rotated.refreshToken })));
    expect(after.message).toContain("invalid_grant: Session doesn't have required client");
  });
});

describe('obtainToken() fallback from a dead refresh token', () => {
  it('w/ username and password: uses the password grant and warns to replace the stored token', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    idp.endSessions('alice');
    const ctx = tokenContext({ grant: 'refresh_token', refreshToken: stored, ...alice });
    const tokens = await obtainToken(endpoint(), ctx);
    expect(tokens.grant).toBe('password');
    expect(idp.verifyAccessToken(tokens.accessToken)?.preferred_username).toBe('alice');
    expect(tokenRequests().map((r) => r.form.grant_type)).toEqual(['refresh_token', 'password']);
    const warnings = ctx.log.lines.filter((l) => l.level === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('(invalid_grant: Session not active)');
    expect(warnings[0]?.message).toContain('Replace the stored refresh token');
    expect(warnings[0]?.annotation?.title).toBe('Stored refresh token is no longer valid');
    expect(warnings[0]?.message).not.toContain(stored);
  });

  it('w/o credentials: the IdpError is thrown', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    idp.expireRefreshTokens();
    const ctx = tokenContext({ grant: 'refresh_token', refreshToken: stored });
    const e = await failure(obtainToken(endpoint(), ctx));
    expect(e).toBeInstanceOf(IdpError);
    expect(e.message).toContain('invalid_grant: Token is not active');
    expect(e.hint).toContain('store a new refresh token');
    expect(tokenRequests()).toHaveLength(1);
    expect(ctx.log.lines.filter((l) => l.level === 'warning')).toEqual([]);
  });

  it('w/ a client error: no fallback', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    const e = await failure(obtainToken(endpoint(), tokenContext({ grant: 'refresh_token', clientId: 'ghost', refreshToken: stored, ...alice })));
    expect(e).toMatchObject({ error: 'invalid_client' });
    expect(tokenRequests()).toHaveLength(1);
  });

  it("w/ wrong credentials too: the password grant's error is thrown", async () => {
    const ctx = tokenContext({ grant: 'refresh_token', refreshToken: 'garbage', username: 'alice', password: 'wrong' });
    const e = await failure(obtainToken(endpoint(), ctx));
    expect(e.message).toBe('The identity provider refused the password grant (HTTP 400, invalid_grant: Invalid user credentials).');
    expect(tokenRequests().map((r) => r.form.grant_type)).toEqual(['refresh_token', 'password']);
  });
});

describe('obtainToken() w/ answers that are not tokens', () => {
  it('an HTML 404 from a wrong URL names the status and the URL', async () => {
    const wrong = new URL(`${idp.issuer}/protocol/openid-connect/tokens`);
    const e = await failure(obtainToken(wrong, tokenContext({ grant: 'password', ...alice })));
    expect(e).toBeInstanceOf(ResponseError);
    expect(e).toMatchObject({ code: 'TOKEN_HTTP_ERROR', status: 404 });
    expect(e.message).toBe(`The token endpoint ${wrong.href} answered HTTP 404 (text/html: "404 Not Found").`);
    expect(e.hint).toContain('Wrong URL');
    expect(idp.requests).toHaveLength(1);
  });

  it('a proxy 502 page, after the retries', async () => {
    idp.inject({ kind: '502', times: 10 });
    const debug: string[] = [];
    const e = await failure(obtainToken(endpoint(), tokenContext({ grant: 'password', ...alice }, { debug: (m) => debug.push(m) })));
    expect(e).toMatchObject({ code: 'TOKEN_HTTP_ERROR', status: 502 });
    expect(e.message).toBe(`The token endpoint ${idp.tokenEndpoint} answered HTTP 502 (text/html: "502 Bad Gateway").`);
    expect(e.hint).toContain('retried without success');
    expect(tokenRequests()).toHaveLength(4);
    expect(debug).toHaveLength(3);
  });

  it.each([
    ['a 200 without access_token', 'no-access-token', 'it holds no access_token'],
    ['a 200 w/ a non-JSON body', 'non-json-200', 'its body is not a JSON object (application/json, 10 bytes)'],
    ['a 200 HTML login page', 'html200', 'its body is not a JSON object (text/html'],
    ['truncated JSON', 'truncated-json', 'its body is not a JSON object (application/json'],
  ] as const)('%s', async (_title, kind, problem) => {
    idp.inject({ kind });
    const e = await failure(obtainToken(endpoint(), tokenContext({ grant: 'password', ...alice })));
    expect(e).toMatchObject({ code: 'BAD_TOKEN_RESPONSE', status: 200 });
    expect(e.message).toContain(`The token endpoint ${idp.tokenEndpoint} answered HTTP 200 but ${problem}`);
    // The body is never quoted: it may hold a token.
    for (const leak of ['not json', 'eyJ', 'kc-form-login', '{"token_type"']) expect(e.describe()).not.toContain(leak);
    expect(tokenRequests()).toHaveLength(1);
  });
});

describe('obtainToken() w/ transient faults', () => {
  it('503 then success', async () => {
    idp.inject({ kind: '503' });
    const tokens = await obtainToken(endpoint(), tokenContext({ grant: 'password', ...alice }));
    expect(idp.verifyAccessToken(tokens.accessToken)).not.toBeNull();
    expect(tokenRequests()).toHaveLength(2);
  });

  it.each(['503', '429'] as const)('%s w/ Retry-After is honoured (capped by the timing)', async (kind) => {
    idp.inject({ kind, retryAfter: 1 });
    const debug: string[] = [];
    await obtainToken(endpoint(), tokenContext({ grant: 'password', ...alice }, { debug: (m) => debug.push(m) }));
    expect(debug).toEqual([`token: HTTP ${kind}, attempt 1 of 4; retrying in 50 ms`]);
    const [first, second] = tokenRequests();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(45);
  });

  it('keyless w/ 504: not re-sent (the server may have spent the single-use ID token)', async () => {
    idp.inject({ kind: '504' });
    const e = await failure(
      requestToken(
        endpoint(),
        grantRequest('keyless', { clientId: 'kl', grant: 'keyless', idToken: 'a.b.c' } as IdpConfig),
        tokenContext({ grant: 'keyless', clientId: 'kl', idToken: 'a.b.c' }),
      ),
    );
    expect(e).toBeInstanceOf(ResponseError);
    expect(tokenRequests()).toHaveLength(1);
    expect(new URLSearchParams(tokenRequests()[0]!.body).get('client_assertion')).toBe('a.b.c');
  });

  it('504 then success', async () => {
    idp.inject({ kind: '504', times: 2 });
    await obtainToken(endpoint(), tokenContext({ grant: 'client_credentials', clientId: 'svc', clientSecret: 'svc-secret' }));
    expect(tokenRequests()).toHaveLength(3);
  });

  it('passwordGrant() w/ a connection reset is retried', async () => {
    idp.inject({ kind: 'reset' });
    const tokens = await obtainToken(endpoint(), tokenContext({ grant: 'password', ...alice }));
    expect(tokens.grant).toBe('password');
    expect(tokenRequests()).toHaveLength(2);
  });

  it('refreshGrant() w/ 503 (not processed) is retried and rotates once', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    idp.inject({ kind: '503' });
    const tokens = await obtainToken(endpoint(), tokenContext({ grant: 'refresh_token', refreshToken: stored }));
    expect(tokens.refreshToken).not.toBe(stored);
    expect(tokenRequests()).toHaveLength(2);
    // The new token works: the session was not ended by a reuse.
    await obtainToken(endpoint(), tokenContext({ grant: 'refresh_token', refreshToken: tokens.refreshToken }));
  });

  it('refreshGrant() w/ a reset after processing is not retried: the stored token is not spent twice', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    idp.inject({ kind: 'after-processing-reset' });
    const e = await failure(obtainToken(endpoint(), tokenContext({ grant: 'refresh_token', refreshToken: stored })));
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.code).toBe('NETWORK');
    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests().filter((r) => r.form.refresh_token === stored)).toHaveLength(1);
  });

  it('refreshGrant() w/ a reset before processing is not retried either (it cannot be told apart)', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    idp.inject({ kind: 'reset' });
    await failure(obtainToken(endpoint(), tokenContext({ grant: 'refresh_token', refreshToken: stored })));
    expect(tokenRequests()).toHaveLength(1);
  });

  it('refreshGrant() w/ a 502 is not retried', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    idp.inject({ kind: '502' });
    const e = await failure(obtainToken(endpoint(), tokenContext({ grant: 'refresh_token', refreshToken: stored })));
    expect(e).toMatchObject({ code: 'TOKEN_HTTP_ERROR', status: 502 });
    expect(tokenRequests()).toHaveLength(1);
  });

  it('refreshGrant() w/ connection refused is retried', async () => {
    const url = new URL(`${await closedPortUrl()}/realms/dotstat/protocol/openid-connect/token`);
    const debug: string[] = [];
    const e = await failure(obtainToken(url, tokenContext({ grant: 'refresh_token', refreshToken: 'stored-rt' }, { debug: (m) => debug.push(m) })));
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).syscallCode).toBe('ECONNREFUSED');
    expect(debug).toHaveLength(3);
    expect(debug.every((m) => m.startsWith('refresh: Connection to') && m.includes('(ECONNREFUSED)'))).toBe(true);
    expect(dispatched).toHaveLength(4);
  });

  it('passwordGrant() w/ a slow first answer: times out, then succeeds', async () => {
    idp.inject({ kind: 'slow', delayMs: 2_000 });
    const tokens = await obtainToken(endpoint(), tokenContext({ grant: 'password', ...alice }, { http: { timeoutMs: 150 } }));
    expect(tokens.grant).toBe('password');
    expect(tokenRequests()).toHaveLength(2);
  });

  it('passwordGrant() that hangs every time gives TIMEOUT pointing at request-timeout', async () => {
    idp.inject({ kind: 'hang', times: 10 });
    const e = await failure(obtainToken(endpoint(), tokenContext({ grant: 'password', ...alice }, { http: { timeoutMs: 100 } })));
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toBe(`No answer from ${idp.tokenEndpoint} within 0.1 s.`);
    expect(e.hint).toContain('request-timeout');
    expect(tokenRequests()).toHaveLength(4);
  });

  it('refreshGrant() that hangs is not retried (it may have been processed)', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    idp.inject({ kind: 'hang', times: 10 });
    const e = await failure(obtainToken(endpoint(), tokenContext({ grant: 'refresh_token', refreshToken: stored }, { http: { timeoutMs: 100 } })));
    expect(e.code).toBe('TIMEOUT');
    expect(tokenRequests()).toHaveLength(1);
  });

  it('a redirect on the POST is refused and not followed', async () => {
    idp.inject({ kind: 'redirect' });
    const e = await failure(obtainToken(endpoint(), tokenContext({ grant: 'password', ...alice })));
    expect(e).toMatchObject({ code: 'REDIRECT', status: 307 });
    expect(tokenRequests()).toHaveLength(1);
    expect(dispatched).toEqual([idp.tokenEndpoint]);
  });
});

describe('the HTTPS rule', () => {
  it('a token-url w/ http:// to another host is refused before connecting', async () => {
    const url = new URL('http://10.0.0.1/realms/x/protocol/openid-connect/token');
    const e = await failure(obtainToken(url, tokenContext({ grant: 'password', ...alice })));
    expect(e.code).toBe('INSECURE_HTTP');
    expect(dispatched).toEqual([]);
  });

  it('a discovery document naming an http:// token endpoint on another host is refused before the credentials are sent', async () => {
    let issuer = '';
    const server: TestServer = await listen((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ issuer, token_endpoint: 'http://10.0.0.1/realms/x/protocol/openid-connect/token' })),
    );
    issuer = `${server.url}/realms/x`;
    extra.push(server);
    const e = await failure(start({ authority: new URL(`${server.url}/realms/x`), grant: 'password', ...alice }));
    expect(e.code).toBe('TOKEN_ENDPOINT_ORIGIN');
    expect(server.hits).toEqual(['GET /realms/x/.well-known/openid-configuration']);
    expect(dispatched).toEqual([`${server.url}/realms/x/.well-known/openid-configuration`]);
  });

  // Regression (hostile review): a redirect of the discovery GET led the password to another origin.
  it('a discovery GET redirected to another origin, whose document names a token endpoint there: no credentials go there', async () => {
    const elsewhere: TestServer = await listen((req, res) => {
      if (req.method === 'POST')
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'stolen', token_type: 'Bearer' }));
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ issuer: `${front.url}/realms/x`, token_endpoint: `${elsewhere.url}/token` }));
    });
    const front: TestServer = await listen((_req, res) => res.writeHead(302, { location: `${elsewhere.url}/.well-known/openid-configuration` }).end());
    extra.push(elsewhere, front);
    const e = await failure(start({ authority: new URL(`${front.url}/realms/x`), grant: 'password', ...alice }));
    expect(e.code).toBe('TOKEN_ENDPOINT_ORIGIN');
    expect(elsewhere.hits).toEqual(['GET /.well-known/openid-configuration']);
  });
});

describe('requestToken() w/ a keeper', () => {
  const answering = async (body: Record<string, unknown>) => {
    const server: TestServer = await listen((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
    extra.push(server);
    return new URL(`${server.url}/token`);
  };
  const keeper = (keptIn: string | undefined) => {
    const calls: string[] = [];
    return { calls, keep: { secret: (v: string) => void calls.push(`secret ${v}`), refreshToken: (t: string) => (calls.push(`kept ${t}`), keptIn) } };
  };

  // Regression (hostile review): a 200 w/ a good refresh token and a bad other field lost the new token.
  it('keeps a well-formed rotated refresh token before it checks the rest, and the error says where', async () => {
    const url = await answering({ access_token: 'at-0001', token_type: 'Bearer', refresh_token: 'rt-rotated-0001', expires_in: '300s' });
    const { calls, keep } = keeper("the step's refresh-token output");
    const e = await failure(
      requestToken(url, grantRequest('refresh_token', { clientId: 'app', grant: 'refresh_token' }, 'rt-stored-0001'), {
        ...tokenContext({ grant: 'refresh_token' }),
        keep,
      }),
    );
    expect(e.code).toBe('BAD_TOKEN_RESPONSE');
    expect(calls).toEqual(['secret at-0001', 'secret rt-rotated-0001', 'kept rt-rotated-0001']);
    expect(e.hint).toContain(
      "The answer did hold a new refresh token, and it was kept before the rest was checked: the step's refresh-token output. Store that one. The one this request used may be spent",
    );
  });

  it('awaits a write-back before it reads the rest of the answer, and a failed one fails the request', async () => {
    const url = await answering({ access_token: 'at-0004', token_type: 'Bearer', refresh_token: 'rt-rotated-0004', expires_in: 300 });
    const calls: string[] = [];
    const slowKeep = {
      secret: () => undefined,
      refreshToken: async (t: string) => {
        await new Promise((r) => setTimeout(r, 30));
        calls.push(`written ${t}`);
        return 'the store';
      },
    };
    const request = grantRequest('refresh_token', { clientId: 'app', grant: 'refresh_token' }, 'rt-stored-0004');
    const tokens = await requestToken(url, request, { ...tokenContext({ grant: 'refresh_token' }), keep: slowKeep });
    calls.push(`returned ${tokens.refreshToken}`);
    expect(calls).toEqual(['written rt-rotated-0004', 'returned rt-rotated-0004']);
    const refused = { secret: () => undefined, refreshToken: () => Promise.reject(new StoreError('STORE_FORBIDDEN', 'The new refresh token was NOT stored')) };
    const e = await failure(requestToken(url, request, { ...tokenContext({ grant: 'refresh_token' }), keep: refused }));
    expect(e.code).toBe('STORE_FORBIDDEN');
  });

  it('says when nothing keeps it; a password grant spends nothing', async () => {
    const url = await answering({ access_token: 'at-0002', token_type: 'mac', refresh_token: 'rt-rotated-0002' });
    const { keep } = keeper(undefined);
    const e = await failure(
      requestToken(url, grantRequest('password', { clientId: 'app', grant: 'password', ...alice }), { ...tokenContext({ grant: 'password' }), keep }),
    );
    expect(e.hint).toMatch(/The answer did hold a new refresh token, but nothing here keeps it\.$/);
  });

  it('masks only what has a token form: a "token" that reads Error would hide that word from the log', async () => {
    const url = await answering({ access_token: 'at-0003', token_type: 'Bearer', refresh_token: 'Error\n::add-mask::x', id_token: 'not a jwt' });
    const { calls, keep } = keeper('x');
    await failure(
      requestToken(url, grantRequest('password', { clientId: 'app', grant: 'password', ...alice }), { ...tokenContext({ grant: 'password' }), keep }),
    );
    expect(calls).toEqual(['secret at-0003']);
  });
});
