import { lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.js';
import type { InputName } from '../../src/inputs.js';
import type { TokenSet } from '../../src/oidc/token-response.js';
import type { Platform } from '../../src/platform/types.js';
import { keeperFor, exportTokens, run } from '../../src/run.js';
import { NetworkError, StoreError } from '../../src/errors.js';
import type { SecretStore } from '../../src/store/types.js';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { startTransfer } from '../fixtures/transfer.mjs';
import { FAST_TIMING } from '../support/unit.js';

/** A platform that records every call, in order. */
function recordingPlatform(keeps = true) {
  const calls: string[] = [];
  const secrets = new Set<string>();
  const platform: Platform = {
    name: 'terminal',
    addSecret: (value) => {
      if (value) {
        secrets.add(value);
        calls.push('addSecret');
      }
    },
    info: (m) => void calls.push(`info ${m}`),
    warning: (m) => void calls.push(`warning ${m}`),
    error: (m) => void calls.push(`error ${m}`),
    debug: (m) => void calls.push(`debug ${m}`),
    group: (_t, fn) => fn(),
    setOutput: (name, value, { secret }) => (
      calls.push(`output ${name}${secret ? ' (secret)' : `=${value}`}${secret && !secrets.has(value) ? ' UNMASKED' : ''}`),
      keeps
    ),
    exportVariable: (name, value, { secret }) => void calls.push(`export ${name}${secret && !secrets.has(value) ? ' UNMASKED' : ''}`),
    appendSummary: async () => undefined,
    redact: (text) => text,
    setFailed: (m) => void calls.push(`failed ${m}`),
  };
  return { platform, calls, secrets };
}

/** The job's files in a folder of its own, never the working folder of the tests. */
const FOLDERS = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'dotstat-run-'));
  return { temp: dir, logs: join(dir, 'dotstat-logs') };
})();
afterAll(() => rmSync(FOLDERS.temp, { recursive: true, force: true }));

const config = (settings: Partial<Record<InputName, string>>): Config => parseConfig((name) => settings[name]);

describe('exportTokens()', () => {
  const tokens: TokenSet = {
    accessToken: 'access-token-value',
    refreshToken: 'refresh-token-value',
    idToken: 'id-token-value',
    tokenType: 'Bearer',
    expiresIn: 300,
    expiresAt: new Date('2025-01-01T00:05:00Z'),
    grant: 'password',
  };
  const cfg = config({ 'token-url': 'https://kc.example.org/realms/x/protocol/openid-connect/token', 'client-secret': 's' });

  it('masks every token before any output', () => {
    const { platform, calls, secrets } = recordingPlatform();
    exportTokens(tokens, cfg, platform);
    expect([...secrets]).toEqual(['access-token-value', 'refresh-token-value', 'id-token-value']);
    expect(calls.slice(0, 3)).toEqual(['addSecret', 'addSecret', 'addSecret']);
    expect(calls.slice(3)).toEqual([
      'output access-token (secret)',
      'output id-token (secret)',
      'output token-type=Bearer',
      'output expires-in=300',
      'output expires-at=2025-01-01T00:05:00.000Z',
      'output refresh-expires-at=',
      'output grant-type=password',
      'export DOTSTAT_ACCESS_TOKEN',
    ]);
  });

  it('w/o a refresh token or id token, and export-env empty', () => {
    const { platform, calls } = recordingPlatform();
    exportTokens({ accessToken: 'access-token-value', tokenType: 'Bearer', grant: 'client_credentials' }, { ...cfg, exportEnv: undefined }, platform);
    expect(calls.filter((c) => c.startsWith('output') || c.startsWith('export'))).toEqual([
      'output access-token (secret)',
      'output token-type=Bearer',
      'output expires-in=',
      'output expires-at=',
      'output refresh-expires-at=',
      'output grant-type=client_credentials',
    ]);
  });
});

describe('keeperFor()', () => {
  it('masks, then outputs a rotated refresh token, and says where it was kept', () => {
    const { platform, calls, secrets } = recordingPlatform();
    const kept = keeperFor(platform).refreshToken('rotated-refresh-token');
    expect([...secrets]).toEqual(['rotated-refresh-token']);
    expect(calls).toEqual(['addSecret', 'output refresh-token (secret)']);
    expect(kept).toBe("the step's refresh-token output");
  });

  // Regression (review): the hint said the token was kept when its runner file could not be written.
  it('where the output was not kept (no place for secrets, or a file that failed), says so', () => {
    const { platform } = recordingPlatform(false);
    expect(keeperFor(platform).refreshToken('rotated-refresh-token')).toBeUndefined();
  });
});

describe('keeperFor() w/ refresh-token-store', () => {
  const storeOf = (write: SecretStore['write']): SecretStore => ({ target: { kind: 'file', path: 'x' }, where: 'the test store', write });

  it('writes the token back and awaits the confirmation, after masking it', async () => {
    const { platform, calls } = recordingPlatform(false);
    const written: string[] = [];
    const store = storeOf(async (value) => (written.push(value), { where: 'the test store', confirmed: 'read back' }));
    const kept = await keeperFor(platform, { store, given: 'old-refresh-token' }).refreshToken('new-refresh-token');
    expect(written).toEqual(['new-refresh-token']);
    expect(kept).toBe('the test store');
    expect(calls).toEqual([
      'addSecret',
      'output refresh-token (secret)',
      'info Writing the new refresh token to the test store.',
      'info Kept the new refresh token in the test store (read back).',
    ]);
  });

  it('a failed write fails, saying the new token was NOT stored and the old one may be revoked; no secret in it', async () => {
    const { platform } = recordingPlatform(true);
    const store = storeOf(() =>
      Promise.reject(new StoreError('STORE_FORBIDDEN', 'GitLab refused to update it (HTTP 403: 403 Forbidden).', 'Needs Maintainer.')),
    );
    const error = (await Promise.resolve(keeperFor(platform, { store }).refreshToken('new-refresh-token')).catch((e: unknown) => e)) as StoreError;
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('STORE_FORBIDDEN');
    expect(error.message).toBe(
      'The new refresh token was NOT stored in the test store (refresh-token-store): GitLab refused to update it (HTTP 403: 403 Forbidden).',
    );
    expect(error.hint).toContain('Needs Maintainer.');
    expect(error.hint).toContain('may be revoked already');
    expect(error.hint).toContain("Until then, the step's refresh-token output holds the new one.");
    expect(error.describe()).not.toContain('new-refresh-token');
  });

  it('a network failure keeps its code; an error of another kind is STORE_WRITE_FAILED', async () => {
    const { platform } = recordingPlatform(false);
    const timeout = storeOf(() => Promise.reject(new NetworkError('TIMEOUT', 'api.github.com did not answer within 30 s.')));
    const failed = (await Promise.resolve(keeperFor(platform, { store: timeout }).refreshToken('new-refresh-token')).catch((e: unknown) => e)) as StoreError;
    expect(failed.code).toBe('TIMEOUT');
    expect(failed.message).toContain('NOT stored in the test store (refresh-token-store): api.github.com did not answer within 30 s.');
    const odd = storeOf(() => Promise.reject(new Error('EACCES')));
    const other = (await Promise.resolve(keeperFor(platform, { store: odd }).refreshToken('new-refresh-token')).catch((e: unknown) => e)) as StoreError;
    expect(other.code).toBe('STORE_WRITE_FAILED');
  });

  it('the same token as the one given is not written again', async () => {
    const { platform } = recordingPlatform(false);
    const store = storeOf(() => Promise.reject(new Error('must not be called')));
    expect(await keeperFor(platform, { store, given: 'same-token' }).refreshToken('same-token')).toBe('the test store');
  });

  it('kept nowhere (no store, no secret output): one warning, naming the flag', async () => {
    const { platform, calls } = recordingPlatform(false);
    const keeper = keeperFor(platform, { given: 'old-refresh-token' });
    expect(await keeper.refreshToken('new-1')).toBeUndefined();
    await keeper.refreshToken('new-2');
    const warnings = calls.filter((c) => c.startsWith('warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('--refresh-token-store file:PATH');
  });

  it('no warning where the refresh-token output keeps it (GitHub), or when no refresh token was given', async () => {
    const github = recordingPlatform(true);
    await keeperFor(github.platform, { given: 'old' }).refreshToken('new');
    const password = recordingPlatform(false);
    await keeperFor(password.platform, {}).refreshToken('new');
    expect([...github.calls, ...password.calls].filter((c) => c.startsWith('warning'))).toEqual([]);
  });
});

describe('run() w/ refresh-token-store', () => {
  let idp: Idp;
  let dir: string;
  beforeEach(async () => {
    idp = await startIdp();
    dir = mkdtempSync(join(tmpdir(), 'dotstat-keep-'));
  });
  afterEach(async () => {
    await idp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('run after run, each with the token the run before kept (Keycloak refuses a reused one)', async () => {
    const path = join(dir, 'rt');
    writeFileSync(path, idp.issueRefreshToken({ clientId: 'app', username: 'alice' }));
    let spent = '';
    for (let n = 0; n < 3; n++) {
      const given = readFileSync(path, 'utf8').trim();
      const { platform, calls } = recordingPlatform(false);
      await run(config({ authority: idp.issuer, 'refresh-token': given, 'refresh-token-store': `file:${path}` }), platform, {
        timing: FAST_TIMING,
        folders: FOLDERS,
      });
      expect(calls.filter((c) => c.startsWith('failed') || c.startsWith('warning'))).toEqual([]);
      const kept = readFileSync(path, 'utf8').trim();
      expect(kept).not.toBe(given);
      expect(lstatSync(path).mode & 0o777).toBe(0o600);
      spent = given;
    }
    // The rotation is real: the token the last run spent is refused (reuse 0).
    const { platform } = recordingPlatform(false);
    await expect(run(config({ authority: idp.issuer, 'refresh-token': spent }), platform, { timing: FAST_TIMING, folders: FOLDERS })).rejects.toThrow(
      /invalid_grant/,
    );
  });

  it('a grant that returns no refresh token: the store is not written, and a warning says so', async () => {
    const { platform, calls } = recordingPlatform(false);
    const path = join(dir, 'rt');
    await run(config({ authority: idp.issuer, 'client-id': 'svc', 'client-secret': 'svc-secret', 'refresh-token-store': `file:${path}` }), platform, {
      timing: FAST_TIMING,
      folders: FOLDERS,
    });
    expect(calls.filter((c) => c.startsWith('warning'))).toEqual([
      `warning refresh-token-store is set, but the client_credentials grant returned no refresh token: the file ${path} was not written.`,
    ]);
  });

  it('a failed write-back stops the run before the upload: nothing else can fail first', async () => {
    const transfer = await startTransfer({ verifyToken: (token: string) => idp.verifyAccessToken(token) });
    try {
      const { platform } = recordingPlatform(false);
      const rt = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
      const settings = { 'transfer-url': transfer.baseUrl, dataspace: 'design', file: 'test/data/*.csv' } as const;
      const failing: SecretStore = {
        target: { kind: 'file', path: 'rt' },
        where: 'the test store',
        write: () => Promise.reject(new Error('Cannot keep the token in the test store (EROFS): check that its folder exists and is writable.')),
      };
      const cfg = { ...config({ authority: idp.issuer, 'refresh-token': rt, ...settings }), refreshTokenStore: failing };
      const error = (await run(cfg, platform, { timing: FAST_TIMING, folders: FOLDERS }).catch((e: unknown) => e)) as StoreError;
      expect(error.message).toBe(
        'The new refresh token was NOT stored in the test store (refresh-token-store): Cannot keep the token in the test store (EROFS): check that its folder exists and is writable.',
      );
      expect(transfer.requests).toHaveLength(0);
    } finally {
      await transfer.close();
    }
  });
});

describe('run()', () => {
  let idp: Idp;
  beforeEach(async () => {
    idp = await startIdp();
  });
  afterEach(async () => {
    await idp.close();
  });

  it('token only: gets a token, masks it, publishes it and says what it got', async () => {
    const { platform, calls, secrets } = recordingPlatform();
    await run(config({ authority: idp.issuer, username: 'alice', password: 'alice-password', scope: 'openid' }), platform, {
      timing: FAST_TIMING,
      folders: FOLDERS,
    });
    expect(secrets.size).toBe(3);
    expect(calls.some((c) => c.includes('UNMASKED'))).toBe(false);
    expect(calls.findIndex((c) => c === 'addSecret')).toBeLessThan(calls.findIndex((c) => c.startsWith('output')));
    const info = calls.filter((c) => c.startsWith('info '));
    expect(info.at(-1)).toMatch(
      /^info Got an access token with the password grant; valid until .+ \(300 s\); a refresh token \(valid until .+\); an id token\.$/,
    );
    for (const secret of secrets) expect(calls.join('\n')).not.toContain(secret);
  });

  // Regression: request-id was set when the requests were registered and again with the results.
  it('an upload: request-id is set once, as soon as every request is registered, before waiting', async () => {
    const transfer = await startTransfer({ verifyToken: (token: string) => idp.verifyAccessToken(token) });
    try {
      const { platform, calls } = recordingPlatform();
      const settings = { 'transfer-url': transfer.baseUrl, dataspace: 'design', file: 'test/data/*.csv', 'poll-interval': '0.2' } as const;
      await run(config({ authority: idp.issuer, username: 'alice', password: 'alice-password', ...settings }), platform, {
        timing: FAST_TIMING,
        folders: FOLDERS,
      });
      expect(calls.filter((c) => c.startsWith('failed'))).toEqual([]);
      const ids = calls.filter((c) => c.startsWith('output request-id='));
      expect(ids).toHaveLength(1);
      expect(ids[0]).toMatch(/^output request-id=\d+\n\d+$/);
      expect(calls.indexOf(ids[0]!)).toBeLessThan(calls.findIndex((c) => c.startsWith('info Waiting for 2 requests')));
      expect(calls.filter((c) => c.startsWith('output outcome='))).toEqual(['output outcome=Success']);
    } finally {
      await transfer.close();
    }
  });
});
