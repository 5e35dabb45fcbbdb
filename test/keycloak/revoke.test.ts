/**
 * Revocation at the end of the job against a real Keycloak, through the built action's post step
 * (the runner emulation, test/support/workflow.ts) and the command line's `revoke`: after the job
 * the session it opened is refused (a refresh answers invalid_grant "Session not active"; the
 * client's own introspection says inactive), while a job with revoke: never, or one that used a
 * stored refresh token, leaves its session working. Each test signs in as a user of its own,
 * created through the admin REST API: brute-force detection refuses parallel sign-ins of one user.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { expectNoLeaks, runAction } from '../support/harness.js';
import { runJob } from '../support/workflow.js';
import { admin, describeKeycloak, secretOf, server, tokenRequest } from './support.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A new user of the realm, with a password of its own. */
async function newUser(): Promise<{ username: string; password: string }> {
  const username = `revoke-${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const res = await admin('POST', '/users', {
    username,
    enabled: true,
    email: `${username}@example.org`,
    emailVerified: true,
    firstName: 'Revoke',
    lastName: 'Test',
    credentials: [{ type: 'password', value: password, temporary: false }],
  });
  expect(res.status).toBe(201);
  return { username, password };
}

const refresh = (token: string) => tokenRequest({ grant_type: 'refresh_token', client_id: 'app', refresh_token: token });

/**
 * Whether Keycloak still honours an access token: its userinfo endpoint (the token needs scope
 * openid). Introspection cannot tell: it answers a client-credentials token inactive even when it
 * is valid (Keycloak keeps no session for it).
 */
async function honoured(token: string): Promise<number> {
  const res = await fetch(`${server().issuer}/protocol/openid-connect/userinfo`, { headers: { authorization: `Bearer ${token}` } });
  return res.status;
}

describeKeycloak('revoke at the end of the job, against a real Keycloak', () => {
  it('password grant: the post step revokes the session; its refresh token is then refused; revoke: never keeps it', async () => {
    const user = await newUser();
    const job = await runJob([{ id: 's', uses: 'action', with: { authority: server().issuer, username: user.username, password: user.password } }], {});
    const main = job.steps.s!;
    expect(main.code, main.stdout).toBe(0);
    expect(job.posts.s!.stdout).toContain(`Revoked the session of this job's password sign-in at ${server().issuer}/protocol/openid-connect/revoke.`);
    expect(await refresh(main.outputs['refresh-token']!)).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Session not active' } });
    expectNoLeaks(job.posts.s!, [main.outputs['refresh-token']!, main.outputs['access-token']!, user.password]);

    const kept = await runJob(
      [{ id: 's', uses: 'action', with: { authority: server().issuer, username: user.username, password: user.password, revoke: 'never' } }],
      {},
    );
    expect(kept.posts.s!.stdout).toContain('revoke is never');
    expect((await refresh(kept.steps.s!.outputs['refresh-token']!)).status).toBe(200);
  });

  it('client credentials: the access token is revoked (userinfo: 401); without revocation it is honoured', async () => {
    const svc = { authority: server().issuer, 'client-id': 'svc', 'client-secret': secretOf('svc'), scope: 'openid' };
    const open = await runJob([{ id: 's', uses: 'action', with: { ...svc, revoke: 'never' } }], {});
    expect(await honoured(open.steps.s!.outputs['access-token']!)).toBe(200);
    const job = await runJob([{ id: 's', uses: 'action', with: svc }], {});
    expect(job.posts.s!.stdout).toContain("Revoked the access token of this job's client_credentials sign-in");
    expect(await honoured(job.steps.s!.outputs['access-token']!)).toBe(401);
    expectNoLeaks(job.posts.s!, [job.steps.s!.outputs['access-token']!, secretOf('svc')]);
  });

  it('a stored refresh token: revoke: auto leaves its session for the next run', async () => {
    const user = await newUser();
    const first = await tokenRequest({ grant_type: 'password', client_id: 'app', username: user.username, password: user.password });
    const job = await runJob([{ id: 's', uses: 'action', with: { authority: server().issuer, 'refresh-token': String(first.body.refresh_token) } }], {});
    expect(job.steps.s!.code, job.steps.s!.stdout).toBe(0);
    expect(job.posts.s!.stdout).toContain("The stored refresh token's session is left open for the next run");
    expect((await refresh(job.steps.s!.outputs['refresh-token']!)).status).toBe(200);
  });

  it('the command line: dotstat-action revoke ends the session the job kept (GitLab after_script)', async () => {
    const user = await newUser();
    const dir = mkdtempSync(join(tmpdir(), 'dotstat-kc-revoke-'));
    folders.push(dir);
    const state = join(dir, 'state.json');
    const env = {
      DOTSTAT_AUTHORITY: server().issuer,
      DOTSTAT_USERNAME: user.username,
      DOTSTAT_PASSWORD: user.password,
      DOTSTAT_STATE_FILE: state,
      GITLAB_CI: 'true',
    };
    const cli = (args: string[], extra: Record<string, string>) =>
      runAction({}, { entry: join(process.cwd(), 'dist/cli.js'), args, env: extra, github: false, inputsAsEnv: false, cwd: dir });
    const signIn = await cli(['--dotenv', join(dir, 'dotstat.env')], env);
    expect(signIn.code, signIn.stdout).toBe(0);
    const { refreshToken } = JSON.parse(readFileSync(state, 'utf8')) as { refreshToken: string };
    const end = await cli(['revoke'], { DOTSTAT_STATE_FILE: state, GITLAB_CI: 'true' });
    expect(end.code, end.stdout).toBe(0);
    expect(end.stdout).toContain("Revoked the session of this job's password sign-in");
    expect(existsSync(state)).toBe(false);
    expect(await refresh(refreshToken)).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Session not active' } });
    expectNoLeaks(end, [refreshToken, user.password]);
  });
});
