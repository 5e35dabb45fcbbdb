import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finishJob, whatToRevoke } from '../../../src/lifecycle/finish.js';
import { resumeSession } from '../../../src/lifecycle/resume.js';
import { writeState, type JobState } from '../../../src/lifecycle/state.js';
import { createTerminalPlatform } from '../../../src/platform/terminal.js';
import { SecretRegistry } from '../../../src/secrets.js';

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

describe('finishJob(): the state is removed in every path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dotstat-finish-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const platform = (lines: string[]) => createTerminalPlatform(new SecretRegistry(), { debug: true, write: (line) => lines.push(line) });

  it('a state readable by others (it holds the tokens) is removed, not left behind, and nothing is revoked', async () => {
    const path = join(dir, 'open.json');
    writeState(path, { ...base, revoke: 'never' });
    chmodSync(path, 0o644);
    const lines: string[] = [];
    await finishJob(path, platform(lines));
    expect(lines.join('\n')).toContain('Nothing was revoked');
    expect(existsSync(path)).toBe(false);
  });

  it('a state this version did not write is removed too', async () => {
    const path = join(dir, 'garbled.json');
    writeFileSync(path, '{"version": 1, "accessToken": "the-token"', { mode: 0o600 });
    const lines: string[] = [];
    await finishJob(path, platform(lines));
    expect(existsSync(path)).toBe(false);
    expect(lines.join('\n')).not.toContain('the-token');
  });

  it("every secret the state holds is registered before anything is said: the tokens, the client secret, the store's token", async () => {
    const path = join(dir, 'secrets.json');
    const store = { target: { kind: 'github-secret', scope: 'repository', repository: 'o/r', name: 'RT' }, token: 'github_pat_storetoken0000000001' } as const;
    writeState(path, { ...base, clientSecret: 'the-client-secret-01', store, revoke: 'never' });
    const registry = new SecretRegistry();
    await finishJob(path, createTerminalPlatform(registry, { debug: true, write: () => undefined }));
    for (const secret of ['access', 'refresh', 'the-client-secret-01', store.token]) expect(registry.has(secret), secret).toBe(true);
  });

  it('resumeSession() (dotstat-action token) registers the same secrets before anything is said', () => {
    const path = join(dir, 'resume.json');
    const store = { target: { kind: 'github-secret', scope: 'repository', repository: 'o/r', name: 'RT' }, token: 'github_pat_storetoken0000000002' } as const;
    writeState(path, { ...base, clientSecret: 'the-client-secret-02', store });
    const registry = new SecretRegistry();
    resumeSession(path, createTerminalPlatform(registry, { debug: true, write: () => undefined }));
    for (const secret of ['access', 'refresh', 'the-client-secret-02', store.token]) expect(registry.has(secret), secret).toBe(true);
  });

  it('a directory at the path is left alone, and finishJob does not throw for it', async () => {
    const path = join(dir, 'a-folder.json');
    mkdirSync(path);
    const lines: string[] = [];
    await expect(finishJob(path, platform(lines))).resolves.toBeUndefined();
    expect(existsSync(path)).toBe(true);
    expect(lines.join('\n')).toContain('a directory');
  });
});
