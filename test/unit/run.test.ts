import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.js';
import type { InputName } from '../../src/inputs.js';
import type { TokenSet } from '../../src/oidc/token-response.js';
import type { Platform } from '../../src/platform/types.js';
import { keeperFor, exportTokens, run } from '../../src/run.js';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { startTransfer } from '../fixtures/transfer.mjs';
import { FAST_TIMING } from './helpers.js';

/** A platform that records every call, in order. */
function recordingPlatform() {
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
    setOutput: (name, value, { secret }) =>
      void calls.push(`output ${name}${secret ? ' (secret)' : `=${value}`}${secret && !secrets.has(value) ? ' UNMASKED' : ''}`),
    exportVariable: (name, value, { secret }) => void calls.push(`export ${name}${secret && !secrets.has(value) ? ' UNMASKED' : ''}`),
    appendSummary: async () => undefined,
    redact: (text) => text,
    setFailed: (m) => void calls.push(`failed ${m}`),
  };
  return { platform, calls, secrets };
}

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
  it('masks, then outputs a rotated refresh token, and says where it is kept on GitHub', () => {
    const { platform, calls, secrets } = recordingPlatform();
    const kept = keeperFor({ ...platform, name: 'github' }).refreshToken('rotated-refresh-token');
    expect([...secrets]).toEqual(['rotated-refresh-token']);
    expect(calls).toEqual(['addSecret', 'output refresh-token (secret)']);
    expect(kept).toBe("the step's refresh-token output");
  });

  it.each(['gitlab', 'terminal'] as const)('on %s it keeps it nowhere, and says so', (name) => {
    const { platform } = recordingPlatform();
    expect(keeperFor({ ...platform, name }).refreshToken('rotated-refresh-token')).toBeUndefined();
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
    await run(config({ authority: idp.issuer, username: 'alice', password: 'alice-password', scope: 'openid' }), platform, { timing: FAST_TIMING });
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
      await run(config({ authority: idp.issuer, username: 'alice', password: 'alice-password', ...settings }), platform, { timing: FAST_TIMING });
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
