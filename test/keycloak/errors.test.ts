/**
 * Every refusal a .Stat Suite user meets, from a real Keycloak, through the built action: the
 * server's own error quoted, and the hint src/oidc/idp-errors.ts gives for it. Each user who may
 * fail a sign-in is used by one test only, as brute-force detection counts every failure.
 */
import { expect, it } from 'vitest';
import { expectNoLeaks, runAction } from '../e2e/harness.js';
import { admin, describeKeycloak, passwordOf, secretOf, server, tokenRequest, userId } from './support.js';

type Row = {
  title: string;
  inputs: () => Record<string, string> | Promise<Record<string, string>>;
  grant: string;
  status: number;
  answer: string;
  hint: string;
  /** What the hint must not send a person to do. */
  not?: string;
};

const as = (username: string, password = passwordOf(username)) => ({ username, password });
const rows: Row[] = [
  {
    title: 'Direct Access Grants off',
    inputs: () => ({ 'client-id': 'web', ...as('lou') }),
    grant: 'password',
    status: 400,
    answer: 'unauthorized_client: Client not allowed for direct access grants',
    hint: 'turn on "Direct Access Grants" for it, or use a service account',
  },
  {
    title: 'wrong password',
    inputs: () => as('walt', 'not-the-password'),
    grant: 'password',
    status: 400,
    answer: 'invalid_grant: Invalid user credentials',
    hint: 'Check the stored username and password secrets',
  },
  {
    title: 'unknown user',
    inputs: () => as('nobody', 'some-password'),
    grant: 'password',
    status: 400,
    answer: 'invalid_grant: Invalid user credentials',
    hint: 'Check the stored username and password secrets',
  },
  {
    title: 'wrong client secret',
    inputs: () => ({ 'client-id': 'confidential', 'client-secret': 'not-the-secret', ...as('lou') }),
    grant: 'password',
    status: 401,
    answer: 'unauthorized_client: Invalid client or Invalid client credentials',
    hint: "Check client-id ('confidential') and client-secret",
  },
  {
    title: 'unknown client',
    inputs: () => ({ 'client-id': 'ghost', ...as('lou') }),
    grant: 'password',
    status: 401,
    answer: 'invalid_client: Invalid client or Invalid client credentials',
    hint: "Check client-id ('ghost')",
  },
  {
    title: 'disabled user',
    inputs: () => as('dave'),
    grant: 'password',
    status: 400,
    answer: 'invalid_grant: Account disabled',
    hint: 'The user account is disabled: ask a Keycloak administrator to enable it.',
    not: 'password secrets',
  },
  {
    title: 'required action pending',
    inputs: () => as('carol'),
    grant: 'password',
    status: 400,
    answer: 'invalid_grant: Account is not fully set up',
    hint: 'sign in once in a browser to complete them',
    not: 'password secrets',
  },
  {
    title: 'consent required',
    inputs: () => ({ 'client-id': 'consent', ...as('lou') }),
    grant: 'password',
    status: 400,
    answer: 'invalid_client: Client requires user consent',
    hint: 'turn off "Consent required"',
    not: 'client-secret',
  },
  {
    title: 'bearer-only client',
    inputs: () => ({ 'client-id': 'bearer', 'client-secret': secretOf('bearer'), ...as('lou') }),
    grant: 'password',
    status: 400,
    answer: 'invalid_client: Bearer-only not allowed',
    hint: "Client 'bearer' is bearer-only",
    not: 'client-secret:',
  },
  {
    title: 'offline tokens not allowed for the user',
    inputs: () => ({ ...as('grace'), scope: 'offline_access' }),
    grant: 'password',
    status: 400,
    answer: 'not_allowed: Offline tokens not allowed for the user or client',
    hint: 'the user needs the offline_access role',
  },
  {
    title: 'disabled service account',
    inputs: () => ({ 'client-id': 'svc-disabled', 'client-secret': secretOf('svc-disabled') }),
    grant: 'client_credentials',
    status: 401,
    answer: "invalid_request: User 'service-account-svc-disabled' disabled",
    hint: "The service account of client 'svc-disabled' is disabled",
    not: 'client-secret',
  },
  {
    title: 'service accounts off on the client',
    inputs: () => ({ 'client-id': 'confidential', 'client-secret': secretOf('confidential'), 'grant-type': 'client_credentials' }),
    grant: 'client_credentials',
    status: 401,
    answer: 'unauthorized_client: Client not enabled to retrieve service account',
    hint: 'must enable "Service accounts roles"',
  },
  {
    title: 'client credentials on a public client',
    inputs: () => ({ 'client-id': 'app', 'client-secret': 'a-secret-app-does-not-have', 'grant-type': 'client_credentials' }),
    grant: 'client_credentials',
    status: 401,
    answer: 'unauthorized_client: Public client not allowed to retrieve service account',
    hint: "Client 'app' is public and has no service account",
  },
  {
    title: 'a scope the client does not have',
    inputs: () => ({ ...as('lou'), scope: 'openid no-such-scope' }),
    grant: 'password',
    status: 400,
    answer: 'invalid_scope: Invalid scopes: openid no-such-scope',
    hint: 'the client must allow each requested scope',
  },
  {
    title: 'a refresh token of another client',
    inputs: async () => {
      const { body } = await tokenRequest({ grant_type: 'password', client_id: 'app', username: 'lou', password: passwordOf('lou') });
      return { 'client-id': 'confidential', 'client-secret': secretOf('confidential'), 'refresh-token': String(body.refresh_token) };
    },
    grant: 'refresh_token',
    status: 400,
    answer: "invalid_grant: Invalid refresh token. Token client and authorized client don't match",
    hint: "The refresh token was issued to another client than 'confidential': set client-id to the client that issued it.",
  },
  {
    title: 'garbage refresh token',
    inputs: () => ({ 'refresh-token': 'not-a-refresh-token' }),
    grant: 'refresh_token',
    status: 400,
    answer: 'invalid_grant: Invalid refresh token',
    hint: 'store a new refresh token in the secret',
  },
];

describeKeycloak('dist/index.js w/ a real Keycloak: every refusal quoted, with its hint', () => {
  it.each(rows)('$title', async ({ inputs, grant, status, answer, hint, not }) => {
    const given = await inputs();
    const result = await runAction({ authority: server().issuer, ...given });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain(`::error::The identity provider refused the ${grant} grant (HTTP ${status}, ${answer}).`);
    expect(result.stdout).toContain(hint);
    if (not) expect(result.stdout.split('\n').find((l) => l.startsWith('::error::'))).not.toContain(not);
    expect(result.outputs['access-token']).toBeUndefined();
    expectNoLeaks(
      result,
      [given.password, given['client-secret'], given['refresh-token']].filter((s): s is string => Boolean(s)),
    );
  });

  it('unknown realm, by authority: discovery answers 404', async () => {
    const authority = `${server().url}/realms/no-such-realm`;
    const result = await runAction({ authority, ...as('lou') });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain(`OpenID Connect discovery failed: ${authority}/.well-known/openid-configuration answered HTTP 404`);
    expectNoLeaks(result, [passwordOf('lou')]);
  });

  it('unknown realm, by token-url: 404 with the text in error', async () => {
    const result = await runAction({ 'token-url': `${server().url}/realms/no-such-realm/protocol/openid-connect/token`, ...as('lou') });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain('::error::The identity provider refused the password grant (HTTP 404, Realm does not exist).');
    expect(result.stdout).toContain('The realm named in authority (or token-url) does not exist on this server');
    expectNoLeaks(result, [passwordOf('lou')]);
  });

  it('brute-force lockout: after 5 failures the right password is refused like a wrong one, and the hint says so', async () => {
    for (let i = 0; i < 5; i++) {
      const wrong = await tokenRequest({ grant_type: 'password', client_id: 'app', username: 'frank', password: `wrong-${i}` });
      expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid user credentials' } });
    }
    const locked = await admin('GET', `/attack-detection/brute-force/users/${await userId('frank')}`);
    expect(await locked.json()).toMatchObject({ disabled: true });

    const result = await runAction({ authority: server().issuer, ...as('frank') });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain('::error::The identity provider refused the password grant (HTTP 400, invalid_grant: Invalid user credentials).');
    expect(result.stdout).toContain('locked for a while by brute-force detection after repeated failures');
    expect(result.stdout).toContain('do not retry blindly');
    expectNoLeaks(result, [passwordOf('frank')]);
  });
});
