import { describe, expect, it } from 'vitest';
import { LoginError } from '../../../src/errors.js';
import { checkTokens, deliver, explain } from '../../../src/login/result.js';
import type { TokenSet } from '../../../src/oidc/token-response.js';
import type { SecretStore } from '../../../src/store/types.js';
import { recordingLogger, unsignedJwt } from '../../support/unit.js';

const jwt = unsignedJwt;
const CTX = { clientId: 'app', realm: 'OECD' };
const tokens = (typ: string, extra: Partial<TokenSet> = {}): TokenSet => ({
  accessToken: jwt({ preferred_username: 'alice' }),
  tokenType: 'Bearer',
  expiresIn: 300,
  refreshToken: jwt({ typ }),
  grant: 'authorization_code',
  ...extra,
});

describe('checkTokens()', () => {
  it('an offline token: no fixed end; the user named', () => {
    expect(checkTokens(tokens('Offline'), true, CTX)).toMatchObject({ offline: true, refreshExpiresIn: 0, user: 'alice' });
  });

  it('--offline, and an ordinary refresh token came back: OFFLINE_REFUSED, naming the client scope', () => {
    const error = (() => {
      try {
        return checkTokens(tokens('Refresh', { refreshExpiresAt: new Date(Date.now() + 1800_000) }), true, CTX);
      } catch (e) {
        return e;
      }
    })() as LoginError;
    expect(error.code).toBe('OFFLINE_REFUSED');
    expect(error.hint).toContain('Clients → app → Client scopes → Add client scope → offline_access');
  });

  it('no refresh token: NO_REFRESH_TOKEN', () => {
    expect(() => checkTokens(tokens('Refresh', { refreshToken: undefined }), false, CTX)).toThrow(/holds no refresh token/);
  });

  it('explain(): what bounds each kind of token', () => {
    expect(explain({ refreshToken: 'x', offline: true, refreshExpiresIn: 0 }).join(' ')).toContain('Offline Session Idle');
    expect(explain({ refreshToken: 'x', offline: false, refreshExpiresIn: 1800 }).join(' ')).toContain('30 minutes (refresh_expires_in 1800)');
  });
});

describe('deliver()', () => {
  const store = (written: string[]): SecretStore => ({
    target: { kind: 'file', path: 'x' },
    where: 'the file x',
    write: async (value) => {
      written.push(value);
      return { where: 'the file x', confirmed: 'mode 0600' };
    },
  });

  it('stores, and writes nothing to stdout and no token to the log, without --print or --json', async () => {
    const written: string[] = [];
    const out: string[] = [];
    const log = recordingLogger();
    const set = tokens('Offline');
    await deliver(set, checkTokens(set, true, CTX), { store: store(written), stdout: (t) => out.push(t) }, log);
    expect(written).toEqual([set.refreshToken]);
    expect(out).toEqual([]);
    expect(JSON.stringify(log.lines)).not.toContain(set.refreshToken);
    expect(log.lines.map((l) => l.message)).toContain('Stored the refresh token in the file x (mode 0600).');
  });

  it.each(['text', 'json'] as const)('--%s: the tokens on stdout only, and one warning', async (print) => {
    const out: string[] = [];
    const log = recordingLogger();
    const set = tokens('Offline');
    await deliver(set, checkTokens(set, true, CTX), { print, stdout: (t) => out.push(t) }, log);
    expect(out.join('')).toContain(set.refreshToken);
    expect(out.join('')).toContain(set.accessToken);
    if (print === 'json') expect(JSON.parse(out.join(''))).toMatchObject({ refresh_token: set.refreshToken, refresh_expires_in: 0, token_type: 'Bearer' });
    expect(log.lines.filter((l) => l.level === 'warning')).toHaveLength(1);
    expect(JSON.stringify(log.lines)).not.toContain(set.refreshToken);
  });
});
