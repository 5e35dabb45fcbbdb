/**
 * Every grant of the built action (dist/index.js, run as the runner runs it) and of the command
 * line (dist/cli.js) against a real Keycloak: discovery from authority, the auto choice, an id
 * token with scope openid, offline tokens, client credentials. Tokens are checked against the
 * realm's JWKS, and every run is leak-scanned.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ROOT, expectMasked, expectNoLeaks, expectNoWorkflowCommands, runAction } from '../e2e/harness.js';
import { TOKEN_OUTPUTS, claimsOf, describeKeycloak, jwksVerifier, passwordOf, secretOf, server, tokensOf } from './support.js';

const PASSWORD = passwordOf('alice');
let verify: Awaited<ReturnType<typeof jwksVerifier>>;
/** A token's scopes, in order: Keycloak's order in the claim differs from the answer's. */
const scopesOf = (claims: Record<string, unknown> | null) => String(claims?.scope).split(' ').sort();

describeKeycloak('dist/index.js w/ a real Keycloak: grants', () => {
  beforeAll(async () => {
    verify = await jwksVerifier();
  });

  it('auto w/ username and password, scope openid: the password grant, an id token, discovery from authority', async () => {
    const result = await runAction({ authority: server().issuer, username: 'alice', password: PASSWORD, scope: 'openid' }, { debug: true });
    expect(result.code, result.stdout).toBe(0);
    const { outputs } = result;
    expect(outputs['grant-type']).toBe('password');
    expect(outputs['token-type']).toBe('Bearer');
    // The realm's access-token lifespan; expires_in is counted from the answer's second, so 59 when it crossed one.
    expect(Number(claimsOf(outputs['access-token']).exp) - Number(claimsOf(outputs['access-token']).iat)).toBe(60);
    expect(['59', '60']).toContain(outputs['expires-in']);
    expect(result.stdout).toContain(`::debug::Token endpoint from discovery: ${server().issuer}/protocol/openid-connect/token`);
    const claims = verify(outputs['access-token']!);
    expect(claims).toMatchObject({ preferred_username: 'alice', email: 'alice@example.org', azp: 'app' });
    expect(scopesOf(claims)).toEqual(['email', 'openid', 'profile']);
    expect(claimsOf(outputs['id-token'])).toMatchObject({ typ: 'ID', aud: 'app', azp: 'app', preferred_username: 'alice' });
    expect(claimsOf(outputs['refresh-token'])).toMatchObject({ typ: 'Refresh', azp: 'app' });
    expect(Date.parse(outputs['refresh-expires-at']!) - Date.now()).toBeGreaterThan(1_700_000); // 1800 s, the realm's idle timeout
    expect(result.env.DOTSTAT_ACCESS_TOKEN).toBe(outputs['access-token']);
    expectMasked(result, [...tokensOf(outputs), PASSWORD], [PASSWORD]);
    expectNoLeaks(result, [...tokensOf(outputs), PASSWORD], TOKEN_OUTPUTS);
  });

  it('w/o scope openid: no id token', async () => {
    const result = await runAction({ authority: server().issuer, username: 'alice', password: PASSWORD });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs['id-token']).toBeUndefined();
    expect(scopesOf(verify(result.outputs['access-token']!))).toEqual(['email', 'profile']);
    expectNoLeaks(result, [...tokensOf(result.outputs), PASSWORD], TOKEN_OUTPUTS);
  });

  it('scope offline_access: an offline refresh token, which the auto choice then refreshes', async () => {
    const first = await runAction({ authority: server().issuer, username: 'alice', password: PASSWORD, scope: 'openid offline_access' });
    expect(first.code, first.stdout).toBe(0);
    const offline = first.outputs['refresh-token'];
    expect(claimsOf(offline)).toMatchObject({ typ: 'Offline', azp: 'app' });
    expect(claimsOf(offline)).not.toHaveProperty('exp');
    expect(first.outputs['refresh-expires-at']).toBe(''); // Keycloak answers refresh_expires_in 0: no expiry to report
    expect(scopesOf(verify(first.outputs['access-token']!))).toEqual(['email', 'offline_access', 'openid', 'profile']);
    expectNoLeaks(first, [...tokensOf(first.outputs), PASSWORD], TOKEN_OUTPUTS);

    const second = await runAction({ authority: server().issuer, 'refresh-token': offline! });
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs['grant-type']).toBe('refresh_token');
    expect(claimsOf(second.outputs['refresh-token'])).toMatchObject({ typ: 'Offline' });
    expect(second.outputs['refresh-token']).not.toBe(offline);
    expect(verify(second.outputs['access-token']!)).toMatchObject({ preferred_username: 'alice' });
    expectNoLeaks(second, [offline!, ...tokensOf(second.outputs)], TOKEN_OUTPUTS);
  });

  it('auto w/ client-id and client-secret: client credentials, and no refresh token', async () => {
    const secret = secretOf('svc');
    const result = await runAction({ authority: server().issuer, 'client-id': 'svc', 'client-secret': secret });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs['grant-type']).toBe('client_credentials');
    expect(result.outputs['refresh-token']).toBeUndefined();
    expect(result.outputs['refresh-expires-at']).toBe('');
    expect(verify(result.outputs['access-token']!)).toMatchObject({ preferred_username: 'service-account-svc', azp: 'svc' });
    expectMasked(result, [secret], [secret]);
    expectNoLeaks(result, [secret, ...tokensOf(result.outputs)], TOKEN_OUTPUTS);
  });

  it('a confidential client w/ Direct Access Grants: the password grant with its secret', async () => {
    const secret = secretOf('confidential');
    const result = await runAction({ authority: server().issuer, 'client-id': 'confidential', 'client-secret': secret, username: 'alice', password: PASSWORD });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs['grant-type']).toBe('password');
    expect(verify(result.outputs['access-token']!)).toMatchObject({ preferred_username: 'alice', azp: 'confidential' });
    expectNoLeaks(result, [secret, PASSWORD, ...tokensOf(result.outputs)], TOKEN_OUTPUTS);
  });

  it('token-url instead of authority: no discovery request, same token', async () => {
    const result = await runAction({ 'token-url': `${server().issuer}/protocol/openid-connect/token`, username: 'alice', password: PASSWORD }, { debug: true });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).not.toContain('Token endpoint from discovery');
    expect(verify(result.outputs['access-token']!)).toMatchObject({ preferred_username: 'alice' });
    expectNoLeaks(result, [PASSWORD, ...tokensOf(result.outputs)], TOKEN_OUTPUTS);
  });
});

describeKeycloak('dist/cli.js w/ a real Keycloak', () => {
  beforeAll(async () => {
    verify = await jwksVerifier();
  });

  const cli = (args: string[], env: Record<string, string>) =>
    runAction({}, { entry: join(ROOT, 'dist/cli.js'), args, env, github: false, inputsAsEnv: false });

  it('password grant from DOTSTAT_* variables, the token written to --token-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dotstat-kc-cli-'));
    try {
      const file = join(dir, 'token');
      const result = await cli(['--token-file', file], { DOTSTAT_AUTHORITY: server().issuer, DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: PASSWORD });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const token = readFileSync(file, 'utf8').trim();
      expect(verify(token)).toMatchObject({ preferred_username: 'alice', azp: 'app' });
      expectNoLeaks(result, [PASSWORD, token]);
      expectNoWorkflowCommands(result);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('client credentials, the token handed to a command by exec', async () => {
    const secret = secretOf('svc');
    // The child prints only the token's subject, so the test sees what it got without the token.
    const show =
      'const p = JSON.parse(Buffer.from(process.env.DOTSTAT_ACCESS_TOKEN.split(".")[1], "base64url")); console.log("sub-of-token", p.preferred_username)';
    const result = await cli(['--client-id', 'svc', 'exec', '--', process.execPath, '-e', show], {
      DOTSTAT_AUTHORITY: server().issuer,
      DOTSTAT_CLIENT_SECRET: secret,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('sub-of-token service-account-svc');
    expectNoLeaks(result, [secret]);
    expectNoWorkflowCommands(result);
  });

  it('a refusal: the error and the hint, no secret', async () => {
    const result = await cli([], { DOTSTAT_AUTHORITY: server().issuer, DOTSTAT_USERNAME: 'dave', DOTSTAT_PASSWORD: passwordOf('dave') });
    expect(result.code).toBe(1);
    const text = result.stdout + result.stderr;
    expect(text).toContain('The identity provider refused the password grant (HTTP 400, invalid_grant: Account disabled).');
    expect(text).toContain('The user account is disabled');
    expectNoLeaks(result, [passwordOf('dave')]);
  });
});
