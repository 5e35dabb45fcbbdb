import { describe, expect, it } from 'vitest';
import { whatToRevoke } from '../../../src/lifecycle/finish.js';
import type { JobState } from '../../../src/lifecycle/state.js';

const base: JobState = {
  version: 1,
  authority: 'https://kc.example.org/realms/r',
  clientId: 'app',
  grant: 'password',
  openedWith: 'password',
  revoke: 'auto',
  http: { timeoutMs: 30_000, allowInsecureHttp: false },
  accessToken: 'access',
  tokenType: 'Bearer',
  refreshToken: 'refresh',
  tokenGrant: 'refresh_token',
  handedOff: false,
};

describe('whatToRevoke()', () => {
  it.each([
    ['password, auto: the session (its newest refresh token)', {}, 'auto', { token: 'refresh', hint: 'refresh_token' }],
    [
      'client credentials, auto: the access token',
      { openedWith: 'client_credentials', refreshToken: undefined },
      'auto',
      { token: 'access', hint: 'access_token' },
    ],
    [
      'a stored refresh token, auto: kept',
      { openedWith: 'refresh_token' },
      'auto',
      { skip: expect.stringContaining("stored refresh token's session is left open") },
    ],
    ['a stored refresh token, always: revoked', { openedWith: 'refresh_token' }, 'always', { token: 'refresh', hint: 'refresh_token' }],
    ['an offline token, auto: kept', { scope: 'openid offline_access' }, 'auto', { skip: expect.stringContaining('offline token') }],
    ['handed off, auto: kept', { handedOff: true }, 'auto', { skip: expect.stringContaining('handed off') }],
    ['handed off, always: revoked', { handedOff: true }, 'always', { token: 'refresh' }],
    ['keyless: nothing to revoke', { openedWith: 'keyless', refreshToken: undefined }, 'always', { skip: expect.stringContaining('Keyless') }],
    [
      'written back to refresh-token-store, auto: kept for the next run',
      { store: { target: { kind: 'file', path: '/run/rt' } } },
      'auto',
      { skip: expect.stringContaining('kept in refresh-token-store for the next run') },
    ],
    ['written back to refresh-token-store, always: revoked', { store: { target: { kind: 'file', path: '/run/rt' } } }, 'always', { token: 'refresh' }],
    ['never: nothing', {}, 'never', { skip: 'revoke is never: the session stays open until it expires.' }],
  ] as const)('%s', (_title, change, policy, expected) => {
    expect(whatToRevoke({ ...base, ...change } as JobState, policy)).toMatchObject(expected);
  });
});
