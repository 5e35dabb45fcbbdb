/**
 * A sign-in is a person's time, and its refresh token exists nowhere else: a store that will refuse
 * it is found before the sign-in, and a write that fails anyway says plainly that the token is lost
 * (never shown, nowhere kept) and what to do.
 */
import { describe, expect, it, vi } from 'vitest';
import { LoginError } from '../../../src/errors.js';
import { runLogin } from '../../../src/cli/login.js';
import { checkTokens, deliver } from '../../../src/login/result.js';
import type { TokenSet } from '../../../src/oidc/token-response.js';
import { StoreError } from '../../../src/errors.js';
import { loginServers } from '../../support/login.js';
import { scriptedServer } from '../../support/scripted.js';
import { recordingLogger, unsignedJwt } from '../../support/unit.js';

const servers = loginServers();

const jwt = unsignedJwt;
const TOKENS: TokenSet = { accessToken: jwt({}), tokenType: 'Bearer', expiresIn: 300, refreshToken: jwt({ typ: 'Offline' }), grant: 'authorization_code' };
const failing = {
  target: { kind: 'file', path: '/x' } as never,
  where: 'the file /x',
  write: async () => {
    throw new StoreError('STORE_REJECTED', 'Cannot keep the token in /x (EACCES): check that its folder exists and is writable.');
  },
};

describe('a store that fails', () => {
  it('at the write: STORE_FAILED, saying the sign-in succeeded, the token is not kept and was not shown, and what to do', async () => {
    const log = recordingLogger();
    const error = (await deliver(TOKENS, checkTokens(TOKENS, true, { clientId: 'app', realm: 'r' }), { store: failing, stdout: () => undefined }, log).catch(
      (e: unknown) => e,
    )) as LoginError;
    expect(error).toBeInstanceOf(LoginError);
    expect(error.code).toBe('STORE_FAILED');
    expect(error.message).toContain('Cannot keep the token in /x (EACCES)');
    expect(error.message).toMatch(/not stored/);
    expect(error.message).toMatch(/not shown/);
    expect(error.hint).toMatch(/run dotstat-action login again/i);
    expect(error.hint).toMatch(/Offline Session Idle|revoke/i);
    expect(error.describe()).not.toContain(TOKENS.refreshToken);
  });

  it('at the write, with --print: the tokens are still printed as asked (the only copy), then STORE_FAILED', async () => {
    const out: string[] = [];
    const log = recordingLogger();
    const error = (await deliver(
      TOKENS,
      checkTokens(TOKENS, true, { clientId: 'app', realm: 'r' }),
      { store: failing, print: 'json', stdout: (t) => out.push(t) },
      log,
    ).catch((e: unknown) => e)) as LoginError;
    expect(JSON.parse(out.join('')).refresh_token).toBe(TOKENS.refreshToken);
    expect(error.code).toBe('STORE_FAILED');
    expect(error.message).toMatch(/printed/);
    expect(log.lines.filter((l) => l.level === 'warning')).toHaveLength(1);
  });

  it('at its check (a GitHub token GitHub refuses): found before anyone is asked to sign in', async () => {
    const github = await scriptedServer(() => ({
      status: 401,
      body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' },
    }));
    servers.push(github);
    const idp = await scriptedServer(() => ({ status: 404, body: 'no' }));
    servers.push(idp);
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    await runLogin(['--authority', `${idp.url}/realms/r`, '--store', 'github-secret:o/r/TOKEN', '--flow', 'device', '--no-open'], {
      GH_TOKEN: 'ghp_not-a-real-token-0001',
      GITHUB_API_URL: github.url,
    });
    expect(process.exitCode).toBe(1);
    expect(stderr.join('')).toContain('Bad credentials');
    // Nothing was asked of the identity provider: no discovery, no device code.
    expect(idp.requests).toEqual([]);
    expect(stderr.join('')).not.toContain('ghp_not-a-real-token-0001');
  });
});
