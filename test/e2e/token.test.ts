/**
 * dist/index.js run as the runner runs it, against the Keycloak-faithful identity provider:
 * outputs, the exported variable, masking order, and a leak scan of everything it wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp } from '../fixtures/idp.mjs';
import { expectMasked, expectNoLeaks, expectNoWorkflowCommands, runAction } from '../support/harness.js';

type Idp = Awaited<ReturnType<typeof startIdp>>;
let idp: Idp;

beforeAll(async () => {
  idp = await startIdp();
});
afterAll(() => idp.close());

const PASSWORD = 'alice-password';
const TOKEN_OUTPUTS = { outputs: ['access-token', 'refresh-token', 'id-token'], env: ['DOTSTAT_ACCESS_TOKEN'] };

function tokensOf(outputs: Record<string, string>): string[] {
  return [outputs['access-token'], outputs['refresh-token'], outputs['id-token']].filter((v): v is string => Boolean(v));
}

describe('dist/index.js on GitHub', () => {
  for (const debug of [false, true]) {
    it(`password grant w/ debug ${debug ? 'on' : 'off'}: outputs, export, masks, no leak`, async () => {
      const result = await runAction({ authority: idp.issuer, username: 'alice', password: PASSWORD, scope: 'openid' }, { debug });
      expect(result.code, result.stdout).toBe(0);
      const { outputs } = result;
      expect(outputs['grant-type']).toBe('password');
      expect(outputs['token-type']).toBe('Bearer');
      expect(outputs['expires-in']).toBe('300');
      expect(Date.parse(outputs['expires-at']!) - Date.now()).toBeGreaterThan(250_000);
      expect(outputs['refresh-expires-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(idp.verifyAccessToken(outputs['access-token']!)).toMatchObject({ preferred_username: 'alice', azp: 'app' });
      expect(outputs['id-token']).toBeTruthy();
      expect(result.env.DOTSTAT_ACCESS_TOKEN).toBe(outputs['access-token']);
      expect(result.stdout).toContain('Got an access token with the password grant');
      if (debug) expect(result.stdout).toContain('::debug::Token endpoint from discovery');
      expectMasked(result, [...tokensOf(outputs), PASSWORD], [PASSWORD]);
      expectNoLeaks(result, [...tokensOf(outputs), PASSWORD], TOKEN_OUTPUTS);
    });
  }

  it('refresh grant w/ rotated token: outputs the new refresh token; the old one is spent', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    const result = await runAction({ authority: idp.issuer, 'refresh-token': stored });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs['grant-type']).toBe('refresh_token');
    expect(result.outputs['refresh-token']).toBeTruthy();
    expect(result.outputs['refresh-token']).not.toBe(stored);
    expectNoLeaks(result, [stored, ...tokensOf(result.outputs)], TOKEN_OUTPUTS);

    const again = await runAction({ authority: idp.issuer, 'refresh-token': result.outputs['refresh-token']! });
    expect(again.code, again.stdout).toBe(0);
  });

  // Whitespace around a secret (a pasted value) is trimmed for the request, so the trimmed value
  // is the one a server can echo: both must be masked before anything else is printed.
  it('a password w/ spaces around it: works, and its trimmed value is masked first too', async () => {
    idp.addUser({ username: 'padded', password: 'padded-Pa55word-0001' });
    const padded = '  padded-Pa55word-0001 \n';
    const result = await runAction({ authority: idp.issuer, username: 'padded', password: padded });
    expect(result.code, result.stdout).toBe(0);
    expectMasked(result, ['padded-Pa55word-0001'], ['padded-Pa55word-0001']);
    expectNoLeaks(result, ['padded-Pa55word-0001', ...tokensOf(result.outputs)], TOKEN_OUTPUTS);
  });

  it('client_credentials w/ service account: no refresh token, grant reported', async () => {
    const result = await runAction({ authority: idp.issuer, 'client-id': 'svc', 'client-secret': 'svc-secret' });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs['grant-type']).toBe('client_credentials');
    expect(result.outputs['refresh-token']).toBeUndefined();
    expect(idp.verifyAccessToken(result.outputs['access-token']!)).toMatchObject({ preferred_username: 'service-account-svc' });
    expectMasked(result, ['svc-secret'], ['svc-secret']);
    expectNoLeaks(result, ['svc-secret', ...tokensOf(result.outputs)], TOKEN_OUTPUTS);
  });

  it('dead refresh token + credentials: falls back to password and warns to replace it', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    idp.expireRefreshTokens();
    const result = await runAction({ authority: idp.issuer, 'refresh-token': stored, username: 'alice', password: PASSWORD });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs['grant-type']).toBe('password');
    expect(result.stdout).toMatch(
      /::warning title=Stored refresh token is no longer valid::.*invalid_grant: Token is not active.*Replace the stored refresh token/,
    );
    expectNoLeaks(result, [stored, PASSWORD, ...tokensOf(result.outputs)], TOKEN_OUTPUTS);
  });

  it('Direct Access Grants off: fails quoting the error and saying what to do', async () => {
    idp.addClient({ id: 'no-dag' });
    const result = await runAction({ authority: idp.issuer, 'client-id': 'no-dag', username: 'alice', password: PASSWORD });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error::The identity provider refused the password grant (HTTP 400, unauthorized_client: Client not allowed for direct access grants).',
    );
    expect(result.stdout).toContain('Direct Access Grants');
    expect(result.outputs['access-token']).toBeUndefined();
    expectNoLeaks(result, [PASSWORD]);
  });

  it('wrong password: 401 invalid_grant, hint to check the stored credentials, no stack trace', async () => {
    const result = await runAction({ authority: idp.issuer, username: 'alice', password: 'wrong-password-123' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('invalid_grant: Invalid user credentials');
    expect(result.stdout).toContain('Check the stored username and password');
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
    expectNoLeaks(result, ['wrong-password-123']);
  });

  it('legacy /auth realm URL and explicit token-url both work', async () => {
    const legacy = await startIdp({ prefix: '/auth' });
    try {
      const viaDiscovery = await runAction({ authority: legacy.issuer, username: 'alice', password: PASSWORD });
      expect(viaDiscovery.code, viaDiscovery.stdout).toBe(0);
      const before = legacy.requests.length;
      const direct = await runAction({ 'token-url': legacy.tokenEndpoint, username: 'alice', password: PASSWORD });
      expect(direct.code, direct.stdout).toBe(0);
      expect(legacy.requests.slice(before).map((r) => r.path)).toEqual([new URL(legacy.tokenEndpoint).pathname]);
    } finally {
      await legacy.close();
    }
  });

  it('export-env empty: nothing exported; custom name: exported under it', async () => {
    const none = await runAction({ authority: idp.issuer, username: 'alice', password: PASSWORD, 'export-env': '' });
    expect(none.code).toBe(0);
    // No token is exported; only where the step keeps its sign-in and its command line, for dotstat-action token (not secrets).
    expect(Object.keys(none.env)).toEqual(['DOTSTAT_STATE_FILE', 'DOTSTAT_CLI_JS']);
    expect(none.env.DOTSTAT_CLI_JS).toMatch(/\/dist\/cli\.js$/);
    const custom = await runAction({ authority: idp.issuer, username: 'alice', password: PASSWORD, 'export-env': 'STAT_TOKEN' });
    expect(custom.env.STAT_TOKEN).toBe(custom.outputs['access-token']);
  });

  it('bad inputs fail before any request, naming the input', async () => {
    const before = idp.requests.length;
    const cases: Array<[Record<string, string>, string]> = [
      [{ authority: 'keycloak.example.org/realms/x', username: 'alice', password: PASSWORD }, "Input 'authority'"],
      [{ authority: idp.issuer, 'grant-type': 'implicit', username: 'alice', password: PASSWORD }, "Input 'grant-type'"],
      [{ authority: idp.issuer, 'grant-type': 'client_credentials' }, "Input 'client-secret'"],
      [{ authority: idp.issuer, username: 'alice', password: PASSWORD, 'request-timeout': 'soon' }, "Input 'request-timeout'"],
      [{ authority: idp.issuer }, 'Provide one of: refresh-token'],
      [{ authority: 'http://keycloak.example.org/realms/x', username: 'alice', password: PASSWORD }, 'plain http://'],
    ];
    for (const [inputs, expected] of cases) {
      const result = await runAction(inputs);
      expect(result.code, JSON.stringify(inputs)).toBe(1);
      expect(result.stdout).toContain(expected);
      expectNoLeaks(result, [PASSWORD]);
    }
    expect(idp.requests.length).toBe(before);
  });
});

describe('dist/index.js outside GitHub', () => {
  it('prints no workflow command and no secret, and still succeeds', async () => {
    const result = await runAction({ authority: idp.issuer, username: 'alice', password: PASSWORD }, { github: false, debug: true });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('Got an access token with the password grant');
    expect(result.stdout).toContain('[debug] output grant-type: password');
    expectNoWorkflowCommands(result);
    expect(result.stdout).not.toContain('***');
    expectNoLeaks(result, [PASSWORD]);
    expect(result.stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });
});
