/**
 * Done when: "A scheduled GitLab pipeline that uses a refresh token keeps working run after run."
 * A real pipeline (gitlab-ci-local, shell executor) includes the component with
 * refresh-token-store: gitlab-variable:DOTSTAT_REFRESH_TOKEN; the project's CI/CD variables live
 * in the GitLab API stand-in, which each run's job updates, and each next run reads its
 * DOTSTAT_REFRESH_TOKEN from there, as GitLab would. The identity provider rotates with reuse 0
 * ("Revoke Refresh Token" on), so a run given a spent token fails: shown at the end.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitlabApi } from '../fixtures/gitlab-api.mjs';
import { startIdp } from '../fixtures/idp.mjs';
import { commitAsGitlabProject, pipeline } from '../support/gitlab-ci-local.js';
import { expectNoLeaks, expectNoWorkflowCommands, ROOT } from '../support/harness.js';

const PROJECT = 4242;
const STORE_TOKEN = 'glpat-scheduled-writer-0000';
let idp: Awaited<ReturnType<typeof startIdp>>;
let gitlab: Awaited<ReturnType<typeof startGitlabApi>>;
let dir: string;

beforeAll(async () => {
  idp = await startIdp({ revokeRefreshToken: true });
  gitlab = await startGitlabApi({ projects: [{ id: PROJECT, path: 'stats/publish' }], tokens: { [STORE_TOKEN]: { projects: [String(PROJECT)] } } });
  gitlab.seed(PROJECT, {
    key: 'DOTSTAT_REFRESH_TOKEN',
    value: idp.issueRefreshToken({ clientId: 'app', username: 'alice' }),
    masked: true,
    protected: true,
    raw: true,
  });
  dir = mkdtempSync(join(tmpdir(), 'dotstat-scheduled-'));
  cpSync(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  writeFileSync(
    join(dir, '.gitlab-ci.yml'),
    [
      'stages: [publish]',
      'include:',
      '  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/dotstat@$CI_COMMIT_SHA',
      '    inputs:',
      '      cli: node dist/cli.js',
      '      stage: publish',
      `      authority: ${idp.issuer}`,
      '      refresh-token-store: gitlab-variable:DOTSTAT_REFRESH_TOKEN',
      'dotstat:',
      '  rules:',
      '    - if: $CI_PIPELINE_SOURCE == "schedule"',
      '',
    ].join('\n'),
  );
  await commitAsGitlabProject(dir);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await gitlab.close();
  await idp.close();
});

/** One scheduled pipeline, with the project's variables as GitLab holds them now. */
async function scheduledRun(refreshToken: string) {
  // The variables GitLab gives the job: the project's own (masked), and the predefined ones that
  // point the job at its project and API (here, the stand-in).
  writeFileSync(
    join(dir, '.gitlab-ci-local-variables.yml'),
    [
      `DOTSTAT_REFRESH_TOKEN: '${refreshToken}'`,
      `DOTSTAT_STORE_TOKEN: '${STORE_TOKEN}'`,
      "GITLAB_CI: 'true'",
      'CI_PIPELINE_SOURCE: schedule',
      `CI_API_V4_URL: '${gitlab.url}'`,
      `CI_PROJECT_ID: '${PROJECT}'`,
      '',
    ].join('\n'),
  );
  // Overriding the predefined ones is what the stand-in needs; gitlab-ci-local warns unless told.
  const result = await pipeline(dir, ['--ignore-predefined-vars', 'GITLAB_CI,CI_PIPELINE_SOURCE,CI_API_V4_URL,CI_PROJECT_ID']);
  const stdout = result.log;
  expectNoLeaks({ code: 0, stdout, stderr: '', outputs: {}, env: {}, summary: '', state: '', durationMs: 0 }, [refreshToken, STORE_TOKEN, stored()]);
  expectNoWorkflowCommands({
    code: 0,
    stdout: stdout
      .split('\n')
      .map((l) => l.replace(/^dotstat\s+[>$]\s?/, ''))
      .join('\n'),
    stderr: '',
    outputs: {},
    env: {},
    summary: '',
    state: '',
    durationMs: 0,
  });
  expect(stdout).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
  return result;
}

const stored = () => gitlab.variable(PROJECT, 'DOTSTAT_REFRESH_TOKEN')?.value ?? '';

describe('a scheduled GitLab pipeline with a rotating refresh token (gitlab-ci-local, variables API stand-in)', () => {
  it('keeps working run after run; a run given a spent token would not', async () => {
    const spent: string[] = [];
    for (let run = 1; run <= 3; run++) {
      const given = stored();
      const { code, log } = await scheduledRun(given);
      expect(code, log).toBe(0);
      expect(log).toContain('Got an access token with the refresh_token grant');
      expect(log).toContain(
        'Kept the new refresh token in the CI/CD variable DOTSTAT_REFRESH_TOKEN of project 4242 (masked, protected, raw, environment scope *, value read back).',
      );
      expect(log).toMatch(/PASS\s+dotstat/);
      expect(stored()).not.toBe(given);
      expect(gitlab.variable(PROJECT, 'DOTSTAT_REFRESH_TOKEN')).toMatchObject({ masked: true, protected: true, raw: true });
      spent.push(given);
    }
    // Without the write-back, the next schedule would run with the token the last run spent.
    const { code, log } = await scheduledRun(spent.at(-1) ?? '');
    expect(code).not.toBe(0);
    expect(log).toContain('Maximum allowed refresh token reuse exceeded');
  }, 240_000);
});
