import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DotstatError, IdpError } from '../../src/errors.js';
import { TokenSession } from '../../src/oidc/session.js';
import type { TokenSet } from '../../src/oidc/token-response.js';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { tokenContext } from '../support/unit.js';

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

  it('one renewal at a time: concurrent renewals, and calls refused at once, share one refresh', async () => {
    const { session: s } = session({ grant: 'password', ...alice });
    const first = await s.start();
    const [a, b] = await Promise.all([s.renew(), s.renew()]);
    expect(a).toBe(b);
    expect(grants()).toEqual(['password', 'refresh_token']);
    // Four calls refused with the token of the moment: one renewal, and each tries once more with the new token.
    const seen: string[] = [];
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        s.withToken(
          `call ${i}`,
          async (token) => {
            seen.push(token);
            // The fourth is refused after the others' renewal has ended: it must not renew again.
            await new Promise((r) => setTimeout(r, i === 4 && token === a.accessToken ? 150 : 5));
            return token === first.accessToken || token === a.accessToken ? 401 : 200;
          },
          (outcome) => outcome === 401,
        ),
      ),
    );
    expect(results).toEqual([200, 200, 200, 200]);
    expect(grants()).toEqual(['password', 'refresh_token', 'refresh_token']);
    expect(new Set(seen.slice(4))).toEqual(new Set([s.current.accessToken]));
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

describe('TokenSession.withToken(): the one renewal rule of every authorised call', () => {
  const refused401 = (outcome: unknown) => outcome === 401;

  it('a token far from its end: the call runs once with it, nothing renewed', async () => {
    const { session: s } = session({ grant: 'password', ...alice });
    const { accessToken } = await s.start();
    const seen: string[] = [];
    expect(await s.withToken('calling', async (token) => (seen.push(token), 200), refused401)).toBe(200);
    expect(seen).toEqual([accessToken]);
    expect(grants()).toEqual(['password']);
  });

  it('refused once: one renewal, one more try with the new token, and the log says so', async () => {
    const { session: s, ctx } = session({ grant: 'password', ...alice });
    const first = await s.start();
    const seen: string[] = [];
    const status = await s.withToken('while checking request 7', async (token) => (seen.push(token), seen.length === 1 ? 401 : 200), refused401);
    expect(status).toBe(200);
    expect(grants()).toEqual(['password', 'refresh_token']);
    expect(seen).toEqual([first.accessToken, s.current.accessToken]);
    expect(seen[1]).not.toBe(seen[0]);
    expect(ctx.log.lines).toContainEqual({
      level: 'info',
      message: 'The access token was refused while checking request 7; getting a new one and trying once more.',
    });
  });

  it('refused twice: the second refusal is the call own (no loop)', async () => {
    const { session: s } = session({ grant: 'password', ...alice });
    await s.start();
    let calls = 0;
    expect(await s.withToken('calling', async () => (calls++, 401), refused401)).toBe(401);
    expect(calls).toBe(2);
    expect(grants()).toEqual(['password', 'refresh_token']);
  });

  it('a refusal thrown as an error is treated the same; other errors pass through untouched', async () => {
    const { session: s } = session({ grant: 'password', ...alice });
    await s.start();
    const refusal = new DotstatError('INPUT_INVALID', 'refused');
    let calls = 0;
    const refusedError = (outcome: unknown) => outcome === refusal;
    expect(
      await s.withToken(
        'uploading',
        async () => {
          if (calls++ === 0) throw refusal;
          return 'ok';
        },
        refusedError,
      ),
    ).toBe('ok');
    const other = new Error('disk full');
    await expect(
      s.withToken(
        'uploading',
        async () => {
          throw other;
        },
        refusedError,
      ),
    ).rejects.toBe(other);
    expect(grants()).toEqual(['password', 'refresh_token']);
  });

  // A minute before the end, or a quarter of the lifetime for a short-lived token: a 60 s token
  // renewed a minute early would be renewed before every call.
  it.each([
    [300, 61_000, false],
    [300, 59_000, true],
    [60, 16_000, false],
    [60, 14_000, true],
  ])('a %i s token w/ %i ms left: renewed first = %s', async (lifespan, left, renewed) => {
    const quick = await startIdp({ accessTokenLifespan: lifespan });
    try {
      const ctx = tokenContext({ tokenUrl: new URL(quick.tokenEndpoint), grant: 'password', ...alice });
      const s = new TokenSession(ctx, () => undefined);
      const first = await s.start();
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime((first.expiresAt as Date).getTime() - left);
      const seen: string[] = [];
      await s.withToken('calling', async (token) => (seen.push(token), 200), refused401);
      vi.useRealTimers();
      expect(seen[0] !== first.accessToken).toBe(renewed);
      expect(quick.requests.filter((r) => r.form.grant_type === 'refresh_token')).toHaveLength(renewed ? 1 : 0);
    } finally {
      vi.useRealTimers();
      await quick.close();
    }
  });
});

describe('TokenSession: a new token set that its keeper fails on', () => {
  it('is the current one all the same: the next renewal spends its refresh token, never the spent one', async () => {
    const ctx = tokenContext({ tokenUrl: new URL(idp.tokenEndpoint), grant: 'password', ...alice });
    let fail = false;
    const s = new TokenSession(ctx, () => {
      // exec's token file cannot be written (its folder gone, a link planted at it) after a renewal.
      if (fail) throw new DotstatError('TOKEN_FILE', 'Cannot write the token file.', 'Check it.');
    });
    await s.start();
    fail = true;
    await expect(s.renew()).rejects.toThrow('Cannot write the token file.');
    const rotated = idp.requests.filter((r) => r.method === 'POST').length;
    expect(rotated).toBe(2);
    fail = false;
    await s.renew();
    // Keycloak rotated the refresh token at the second request: the third must use the one it gave then.
    const [, second, third] = idp.requests.filter((r) => r.method === 'POST');
    expect(third?.form.refresh_token).not.toBe(second?.form.refresh_token);
    expect(grants()).toEqual(['password', 'refresh_token', 'refresh_token']);
    expect(s.current.accessToken).not.toBe('');
  });
});
