/**
 * The write-back against a real Keycloak ("Revoke Refresh Token" on, reuse 0), through dist/:
 * every refresh rotates the token, and each run keeps working only because the one before wrote the
 * new token back: to a GitHub Actions secret (the stand-in opens the sealed box) by the action,
 * then to a GitLab CI/CD variable by the command line. The token a run spent is refused after.
 * The user is created for this file through the admin REST API, so no other test signs in as it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGithubApi } from '../fixtures/github-api.mjs';
import { startGitlabApi } from '../fixtures/gitlab-api.mjs';
import { expectNoLeaks, expectNoWorkflowCommands, ROOT, runAction } from '../support/harness.js';
import { TOKEN_OUTPUTS, admin, describeKeycloak, nextSecondAfter, server } from './support.js';

const USER = `writeback-${randomBytes(3).toString('hex')}`;
const PASSWORD = `wb-${randomBytes(9).toString('base64url')}`;
const GITHUB_WRITER = 'github_pat_11KEYCLOAKTIER0writer000000';
const GITLAB_WRITER = 'glpat-keycloak-tier-maintainer0';

let github: Awaited<ReturnType<typeof startGithubApi>>;
let gitlab: Awaited<ReturnType<typeof startGitlabApi>>;

describeKeycloak('dist/ w/ a real Keycloak: the rotated refresh token written back, run after run', () => {
  beforeAll(async () => {
    const created = await admin('POST', '/users', {
      username: USER,
      enabled: true,
      email: `${USER}@example.org`,
      emailVerified: true,
      firstName: 'Write',
      lastName: 'Back',
      credentials: [{ type: 'password', value: PASSWORD, temporary: false }],
    });
    expect(created.status).toBe(201);
    github = await startGithubApi({ repos: ['sis-cc/pub'], tokens: { [GITHUB_WRITER]: { repos: ['sis-cc/pub'], grants: ['secrets'] } } });
    github.seed('repos/sis-cc/pub', 'DOTSTAT_REFRESH_TOKEN', 'not yet');
    gitlab = await startGitlabApi({ projects: [{ id: 42, path: 'stats/publish' }], tokens: { [GITLAB_WRITER]: { projects: ['42'] } } });
    gitlab.seed(42, { key: 'DOTSTAT_REFRESH_TOKEN', value: 'not-yet-a-token', masked: true, protected: true, raw: true });
  });
  afterAll(async () => {
    await Promise.all([github?.close(), gitlab?.close()]);
  });

  const secret = () => github.secret('repos/sis-cc/pub', 'DOTSTAT_REFRESH_TOKEN')?.value ?? '';
  const githubRun = (inputs: Record<string, string>) =>
    runAction(
      { authority: server().issuer, 'refresh-token-store': 'github-secret:DOTSTAT_REFRESH_TOKEN', 'store-token': GITHUB_WRITER, ...inputs },
      { env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'sis-cc/pub' } },
    );

  it('sign in, then refresh run after run (GitHub secret, then GitLab variable); a spent token is refused', async () => {
    // The first token: a password sign-in writes its refresh token to the secret.
    const first = await githubRun({ username: USER, password: PASSWORD });
    expect(first.code, first.stdout).toBe(0);
    expect(secret()).toBe(first.outputs['refresh-token']);

    const spent: string[] = [];
    for (let n = 0; n < 2; n++) {
      const given = secret();
      // Keycloak compares whole seconds; a refresh in the same second as the sign-in is not a later one.
      await nextSecondAfter(given);
      const result = await githubRun({ 'refresh-token': given });
      expect(result.code, result.stdout).toBe(0);
      expect(result.outputs['grant-type']).toBe('refresh_token');
      expect(secret()).not.toBe(given);
      expect(secret()).toBe(result.outputs['refresh-token']);
      expectNoLeaks(result, [given, GITHUB_WRITER, ...Object.values(result.outputs).filter((v) => v.startsWith('eyJ'))], TOKEN_OUTPUTS);
      spent.push(given);
    }

    // The command line on GitLab takes the chain on: the variable holds the next token.
    const given = secret();
    await nextSecondAfter(given);
    const cli = await runAction(
      {},
      {
        entry: join(ROOT, 'dist/cli.js'),
        args: ['--refresh-token-store', 'gitlab-variable:DOTSTAT_REFRESH_TOKEN'],
        github: false,
        inputsAsEnv: false,
        env: {
          GITLAB_CI: 'true',
          CI_API_V4_URL: gitlab.url,
          CI_PROJECT_ID: '42',
          DOTSTAT_AUTHORITY: server().issuer,
          DOTSTAT_REFRESH_TOKEN: given,
          DOTSTAT_STORE_TOKEN: GITLAB_WRITER,
        },
      },
    );
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    const kept = gitlab.variable(42, 'DOTSTAT_REFRESH_TOKEN');
    expect(kept).toMatchObject({ masked: true, protected: true, raw: true });
    expect(kept?.value).not.toBe(given);
    expect(cli.stdout).toContain('Kept the new refresh token in the CI/CD variable DOTSTAT_REFRESH_TOKEN of project 42');
    expectNoLeaks(cli, [given, kept?.value ?? '', GITLAB_WRITER]);
    expectNoWorkflowCommands(cli);

    // The token the last GitHub run spent is dead: without the write-back, the next run would fail.
    const reused = await githubRun({ 'refresh-token': spent.at(-1) ?? '' });
    expect(reused.code).toBe(1);
    expect(reused.stdout).toMatch(/invalid_grant: (Stale token|Maximum allowed refresh token reuse exceeded)/);
  });
});
