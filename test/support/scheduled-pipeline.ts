/**
 * A scheduled GitLab pipeline that keeps its refresh token in a project CI/CD variable: a project
 * checkout whose .gitlab-ci.yml includes the component with refresh-token-store, run by
 * gitlab-ci-local as a schedule, with the project's variables read from the GitLab API stand-in
 * before each run (as GitLab gives a job its project's variables) and every run's log scanned for
 * leaks. Used with the fixture identity provider (test/e2e/) and with a real Keycloak (test/keycloak/).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startGitlabApi } from '../fixtures/gitlab-api.mjs';
import { commitAsGitlabProject, pipeline } from './gitlab-ci-local.js';
import { expectNoLeaks, expectNoWorkflowCommands, ROOT } from './harness.js';

export const PROJECT = 4242;
const STORE_TOKEN = 'glpat-scheduled-writer-0000';

export interface ScheduledProject {
  /** The refresh token the project's variable holds now. */
  readonly stored: () => string;
  readonly variable: () => Record<string, unknown> | undefined;
  /** One scheduled pipeline, given this refresh token (default: the stored one). */
  readonly run: (refreshToken?: string) => Promise<{ code: number | null; log: string }>;
  readonly close: () => Promise<void>;
}

export async function scheduledProject(issuer: string, firstToken: string): Promise<ScheduledProject> {
  const gitlab = await startGitlabApi({ projects: [{ id: PROJECT, path: 'stats/publish' }], tokens: { [STORE_TOKEN]: { projects: [String(PROJECT)] } } });
  gitlab.seed(PROJECT, { key: 'DOTSTAT_REFRESH_TOKEN', value: firstToken, masked: true, protected: true, raw: true });
  const dir = mkdtempSync(join(tmpdir(), 'dotstat-scheduled-'));
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
      `      authority: ${issuer}`,
      '      refresh-token-store: gitlab-variable:DOTSTAT_REFRESH_TOKEN',
      'dotstat:',
      '  resource_group: dotstat-refresh-token',
      '  rules:',
      '    - if: $CI_PIPELINE_SOURCE == "schedule"',
      '',
    ].join('\n'),
  );
  await commitAsGitlabProject(dir);
  const stored = () => gitlab.variable(PROJECT, 'DOTSTAT_REFRESH_TOKEN')?.value ?? '';

  async function run(refreshToken = stored()) {
    // The variables GitLab gives the job: the project's own (masked), and the predefined ones that
    // point the job at its project and its API (here, the stand-in).
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
    // Overriding predefined variables is what the stand-in needs; gitlab-ci-local warns unless told.
    const result = await pipeline(dir, ['--ignore-predefined-vars', 'GITLAB_CI,CI_PIPELINE_SOURCE,CI_API_V4_URL,CI_PROJECT_ID']);
    const scanned = { code: 0, stdout: result.log, stderr: '', outputs: {}, env: {}, summary: '', state: '', durationMs: 0 };
    expectNoLeaks(scanned, [refreshToken, STORE_TOKEN, stored()]);
    expectNoWorkflowCommands({
      ...scanned,
      stdout: result.log
        .split('\n')
        .map((l) => l.replace(/^dotstat\s+[>$]\s?/, ''))
        .join('\n'),
    });
    expect(result.log).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
    return result;
  }

  return {
    stored,
    variable: () => gitlab.variable(PROJECT, 'DOTSTAT_REFRESH_TOKEN'),
    run,
    close: async () => {
      rmSync(dir, { recursive: true, force: true });
      await gitlab.close();
    },
  };
}

/** Three scheduled runs in a row, each with the token the run before kept; then one given the token the last run spent, which fails. */
export async function expectRunAfterRun(project: ScheduledProject, beforeEach: (given: string) => Promise<void> = async () => undefined): Promise<string> {
  const spent: string[] = [];
  for (let n = 1; n <= 3; n++) {
    const given = project.stored();
    await beforeEach(given);
    const { code, log } = await project.run(given);
    expect(code, log).toBe(0);
    expect(log).toContain('Got an access token with the refresh_token grant');
    expect(log).toContain(
      `Kept the new refresh token in the CI/CD variable DOTSTAT_REFRESH_TOKEN of project ${PROJECT} (masked, protected, raw, environment scope *, value read back).`,
    );
    expect(log).toMatch(/PASS\s+dotstat/);
    expect(project.stored()).not.toBe(given);
    expect(project.variable()).toMatchObject({ masked: true, protected: true, raw: true });
    spent.push(given);
  }
  // Without the write-back, the next schedule would run with the token the last run spent.
  const { code, log } = await project.run(spent.at(-1));
  expect(code).not.toBe(0);
  return log;
}
