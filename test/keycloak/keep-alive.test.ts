/**
 * The keep-alive templates (examples/keep-alive/) run against the real Keycloak: the GitHub
 * workflow's step in the runner emulation, with its secrets in the GitHub API stand-in, and the
 * GitLab pipeline in gitlab-ci-local, with its variables in the GitLab API stand-in. Each run
 * refreshes the stored offline token and writes the rotated one back; the next run reads it from
 * the stand-in, as the next schedule would, and the token each run spent is refused afterwards
 * (the realm has Revoke Refresh Token on).
 */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startGithubApi } from '../fixtures/github-api.mjs';
import { startGitlabApi } from '../fixtures/gitlab-api.mjs';
import { commitAsGitlabProject, pipeline } from '../support/gitlab-ci-local.js';
import { ROOT, expectNoLeaks, runAction } from '../support/harness.js';
import { TOKEN_OUTPUTS, admin, claimsOf, describeKeycloak, nextSecondAfter, server, tokenRequest } from './support.js';

const suffix = randomUUID().slice(0, 8);
const user = { username: `kai-${suffix}`, password: `kai-${suffix}-password` };
const GH_WRITER = 'github_pat_keep_alive_writer_000000000';
const GL_WRITER = 'glpat-keep-alive-writer-0000';
const PROJECT = 4343;

interface Step {
  readonly uses?: string;
  readonly with?: Record<string, string>;
}
interface Workflow {
  readonly on: { schedule: Array<{ cron: string }> };
  readonly concurrency: { group: string; 'cancel-in-progress': boolean };
  readonly jobs: Record<string, { steps: Step[] }>;
}

/** An offline token of the tier's own user, as `login --offline` would have stored it. */
async function firstToken(): Promise<string> {
  const answer = await tokenRequest({
    grant_type: 'password',
    client_id: 'app',
    username: user.username,
    password: user.password,
    scope: 'openid offline_access',
  });
  expect(answer.status).toBe(200);
  return String(answer.body.refresh_token);
}

/** `${{ secrets.NAME }}` as the runner evaluates it; anything else in an expression is not expected here. */
function evaluate(value: string, secrets: Record<string, string>): string {
  return value.replace(/\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => secrets[name] ?? '');
}

const refreshes = async (token: string) => (await tokenRequest({ grant_type: 'refresh_token', client_id: 'app', refresh_token: token })).status;

describeKeycloak('keep-alive templates w/ a real Keycloak', () => {
  let github: Awaited<ReturnType<typeof startGithubApi>>;
  let gitlab: Awaited<ReturnType<typeof startGitlabApi>>;
  const dirs: string[] = [];

  beforeAll(async () => {
    const res = await admin('POST', '/users', {
      username: user.username,
      enabled: true,
      email: `${user.username}@example.org`,
      emailVerified: true,
      firstName: 'Kai',
      lastName: 'Keep-alive',
      credentials: [{ type: 'password', value: user.password, temporary: false }],
    });
    expect(res.status).toBe(201);
    github = await startGithubApi({ repos: ['sis-cc/pub'], tokens: { [GH_WRITER]: { repos: ['sis-cc/pub'], grants: ['secrets'] } } });
    gitlab = await startGitlabApi({ projects: [{ id: PROJECT, path: 'stats/publish' }], tokens: { [GL_WRITER]: { projects: [String(PROJECT)] } } });
  });
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await Promise.all([github?.close(), gitlab?.close()]);
  });

  it('the GitHub workflow: scheduled, one refresh at a time, and its step keeps the secret alive run after run (runner emulation)', async () => {
    const workflow = parse(readFileSync(join(ROOT, 'examples/keep-alive/github-workflow.yml'), 'utf8')) as Workflow;
    expect(workflow.on.schedule[0]?.cron).toMatch(/^\S+ \S+ \* \* \S+$/);
    expect(workflow.concurrency).toEqual({ group: 'dotstat-refresh-token', 'cancel-in-progress': false });
    const step = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .find((s) => s.uses?.startsWith('sis-cc/dotstat-action@'));
    expect(step?.with?.['refresh-token-store']).toBe('github-secret:DOTSTAT_REFRESH_TOKEN');
    github.seed('repos/sis-cc/pub', 'DOTSTAT_REFRESH_TOKEN', await firstToken());
    const spent: string[] = [];
    for (let run = 1; run <= 2; run++) {
      const given = github.secret('repos/sis-cc/pub', 'DOTSTAT_REFRESH_TOKEN')?.value ?? '';
      // Schedules are days apart; here at least the whole second Keycloak needs to tell a token from its successor.
      await nextSecondAfter(given);
      const secrets = { DOTSTAT_REFRESH_TOKEN: given, DOTSTAT_SECRETS_WRITER: GH_WRITER };
      const inputs = Object.fromEntries(Object.entries(step?.with ?? {}).map(([k, v]) => [k, evaluate(String(v), secrets)]));
      const result = await runAction({ ...inputs, authority: server().issuer }, { env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'sis-cc/pub' } });
      expect(result.code, result.stdout).toBe(0);
      const now = github.secret('repos/sis-cc/pub', 'DOTSTAT_REFRESH_TOKEN')?.value ?? '';
      expect(now).not.toBe(given);
      expect(claimsOf(now).typ).toBe('Offline');
      expectNoLeaks(result, [given, now, GH_WRITER], TOKEN_OUTPUTS);
      spent.push(given);
    }
    // Revoke Refresh Token on: what a run spent is dead once the chain has moved on by a whole second (Keycloak compares seconds).
    await nextSecondAfter(github.secret('repos/sis-cc/pub', 'DOTSTAT_REFRESH_TOKEN')?.value);
    expect(await refreshes(spent[0] ?? '')).toBe(400);
  }, 90_000);

  it('the GitLab pipeline: on schedules only, in a resource group, keeps the variable alive run after run (gitlab-ci-local)', async () => {
    const template = readFileSync(join(ROOT, 'examples/keep-alive/gitlab-ci.yml'), 'utf8');
    expect(template).toContain('resource_group: dotstat-refresh-token');
    expect(template).toContain('- if: $CI_PIPELINE_SOURCE == "schedule"');
    gitlab.seed(PROJECT, { key: 'DOTSTAT_REFRESH_TOKEN', value: await firstToken(), masked: true, protected: true, raw: true });
    const dir = mkdtempSync(join(tmpdir(), 'dotstat-keep-alive-'));
    dirs.push(dir);
    cpSync(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
    // As a project adapts it: its realm; here also the component of this checkout, run from dist/.
    const adapted = template
      .replaceAll('https://keycloak.example.org/realms/OECD', server().issuer)
      .replace('$CI_SERVER_FQDN/sis-cc/dotstat-action/dotstat@0.1.0', '$CI_SERVER_FQDN/$CI_PROJECT_PATH/dotstat@$CI_COMMIT_SHA')
      .replace('      stage: keep-alive\n', '      stage: keep-alive\n      cli: node dist/cli.js\n');
    expect(adapted).toContain(server().issuer);
    writeFileSync(join(dir, '.gitlab-ci.yml'), adapted);
    await commitAsGitlabProject(dir);
    const spent: string[] = [];
    for (let run = 1; run <= 2; run++) {
      const given = gitlab.variable(PROJECT, 'DOTSTAT_REFRESH_TOKEN')?.value ?? '';
      await nextSecondAfter(given);
      writeFileSync(
        join(dir, '.gitlab-ci-local-variables.yml'),
        [
          `DOTSTAT_REFRESH_TOKEN: '${given}'`,
          `DOTSTAT_STORE_TOKEN: '${GL_WRITER}'`,
          "GITLAB_CI: 'true'",
          'CI_PIPELINE_SOURCE: schedule',
          `CI_API_V4_URL: '${gitlab.url}'`,
          `CI_PROJECT_ID: '${PROJECT}'`,
          '',
        ].join('\n'),
      );
      const { code, log } = await pipeline(dir, ['--ignore-predefined-vars', 'GITLAB_CI,CI_PIPELINE_SOURCE,CI_API_V4_URL,CI_PROJECT_ID']);
      expect(code, log).toBe(0);
      expect(log).toMatch(/PASS\s+dotstat/);
      const now = gitlab.variable(PROJECT, 'DOTSTAT_REFRESH_TOKEN')?.value ?? '';
      expect(now).not.toBe(given);
      expect(claimsOf(now).typ).toBe('Offline');
      expect(gitlab.variable(PROJECT, 'DOTSTAT_REFRESH_TOKEN')).toMatchObject({ masked: true, protected: true });
      for (const secret of [given, now, GL_WRITER]) expect(log).not.toContain(secret);
      spent.push(given);
    }
    await nextSecondAfter(gitlab.variable(PROJECT, 'DOTSTAT_REFRESH_TOKEN')?.value);
    expect(await refreshes(spent[0] ?? '')).toBe(400);
  }, 180_000);
});
