import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DotstatError, IdpError } from '../../src/errors.js';
import { TokenSession } from '../../src/oidc/session.js';
import type { TokenSet } from '../../src/oidc/token-response.js';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { tokenContext } from './helpers.js';

let idp: Idp;
beforeEach(async () => {
  idp = await startIdp();
});
afterEach(async () => {
  await idp.close();
});

const alice = { username: 'alice', password: 'alice-password' } as const;
const grants = () => idp.requests.filter((r) => r.method === 'POST').map((r) => r.form.grant_type);

function session(config: Parameters<typeof tokenContext>[0]) {
  const ctx = tokenContext({ tokenUrl: new URL(idp.tokenEndpoint), ...config });
  const published: TokenSet[] = [];
  return { session: new TokenSession(ctx, (tokens) => published.push(tokens)), published, ctx };
}

describe('TokenSession', () => {
  it('current before start() throws', () => {
    expect(() => session({ grant: 'password', ...alice }).session.current).toThrow('TokenSession.start() has not run');
  });

  it('renew() w/ rotated token uses the newest refresh token', async () => {
    const { session: s, published } = session({ grant: 'password', ...alice });
    const first = await s.start();
    const second = await s.renew();
    expect(grants()).toEqual(['password', 'refresh_token']);
    expect(idp.requests[1]?.form.refresh_token).toBe(first.refreshToken);
    expect(second.grant).toBe('refresh_token');
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(s.current).toBe(second);
    expect(published).toEqual([first, second]);
    // And again, from the token the second renewal handed out.
    await s.renew();
    expect(idp.requests[2]?.form.refresh_token).toBe(second.refreshToken);
  });

  it('renew() after the session ended falls back to the password grant', async () => {
    const { session: s, ctx } = session({ grant: 'password', ...alice });
    await s.start();
    idp.endSessions('alice');
    const renewed = await s.renew();
    expect(renewed.grant).toBe('password');
    expect(grants()).toEqual(['password', 'refresh_token', 'password']);
    expect(ctx.log.lines).toContainEqual({ level: 'debug', message: 'Refresh refused (invalid_grant); requesting a new token with the password grant.' });
  });

  it('renew() w/ only a refresh token and the session ended throws the IdpError', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    const { session: s } = session({ grant: 'refresh_token', refreshToken: stored });
    await s.start();
    idp.endSessions('alice');
    const error = await s.renew().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpError);
    expect((error as IdpError).message).toContain('invalid_grant: Session not active');
    expect(grants()).toEqual(['refresh_token', 'refresh_token']);
  });

  it('renew() w/ client_credentials requests a new token the same way', async () => {
    const { session: s, published } = session({ grant: 'client_credentials', clientId: 'svc', clientSecret: 'svc-secret' });
    const first = await s.start();
    const second = await s.renew();
    expect(grants()).toEqual(['client_credentials', 'client_credentials']);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(published).toHaveLength(2);
  });

  it('start() after a fallback to the password grant renews w/ password if refresh fails', async () => {
    const { session: s } = session({ grant: 'refresh_token', refreshToken: 'garbage', ...alice });
    expect((await s.start()).grant).toBe('password');
    idp.endSessions('alice');
    expect((await s.renew()).grant).toBe('password');
    expect(grants()).toEqual(['refresh_token', 'password', 'refresh_token', 'password']);
  });

  it('renew() w/ a stored refresh token and credentials falls back to password after a later refresh fails', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    const { session: s } = session({ grant: 'refresh_token', refreshToken: stored, ...alice });
    expect((await s.start()).grant).toBe('refresh_token');
    idp.endSessions('alice');
    expect((await s.renew()).grant).toBe('password');
    expect(grants()).toEqual(['refresh_token', 'refresh_token', 'password']);
  });

  it('renew() w/o any refresh token on a refresh_token grant says what to give', async () => {
    const { session: s } = session({ grant: 'refresh_token' });
    const error = await s.renew().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DotstatError);
    expect(error).toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect((error as DotstatError).hint).toContain('username/password');
    expect(idp.requests).toHaveLength(0);
  });
});
