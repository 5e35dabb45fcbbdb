/**
 * A real GitLab pipeline, run by gitlab-ci-local (shell executor, no Docker): a .gitlab-ci.yml
 * that includes this repository's CI/CD component the way GitLab documents for testing a
 * component in its own project ($CI_SERVER_FQDN/$CI_PROJECT_PATH/dotstat@$CI_COMMIT_SHA), with
 * the secrets as CI/CD variables, against the local identity provider and Transfer simulator.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp } from '../fixtures/idp.mjs';
import { startTransfer } from '../fixtures/transfer.mjs';
import { commitAsGitlabProject, pipeline } from '../support/gitlab-ci-local.js';
import { expectNoLeaks, expectNoWorkflowCommands, ROOT } from '../support/harness.js';

const PASSWORD = 'alice-password';
let idp: Awaited<ReturnType<typeof startIdp>>;
let transfer: Awaited<ReturnType<typeof startTransfer>>;

beforeAll(async () => {
  idp = await startIdp();
  transfer = await startTransfer({ verifyToken: (token: string) => idp.verifyAccessToken(token) });
});
afterAll(async () => {
  await transfer.close();
  await idp.close();
});

/** A project checkout holding the component, the bundled CLI and the data, with a GitLab remote. */
async function project(inputs: Record<string, string | number | boolean>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'dotstat-gitlab-'));
  cpSync(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  mkdirSync(join(dir, 'data'));
  for (const name of readdirSync(join(ROOT, 'test/data'))) cpSync(join(ROOT, 'test/data', name), join(dir, 'data', name));
  const lines = Object.entries(inputs).map(([name, value]) => `      ${name}: ${JSON.stringify(value)}`);
  writeFileSync(
    join(dir, '.gitlab-ci.yml'),
    ['stages: [publish]', 'include:', '  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/dotstat@$CI_COMMIT_SHA', '    inputs:', ...lines, ''].join('\n'),
  );
  // Masked CI/CD variables, as a project would define them in its settings. gitlab-ci-local sets
  // GITLAB_CI=false to tell itself apart; a real runner sets true, so the job sees that here.
  writeFileSync(join(dir, '.gitlab-ci-local-variables.yml'), `DOTSTAT_USERNAME: alice\nDOTSTAT_PASSWORD: ${PASSWORD}\nGITLAB_CI: 'true'\n`);
  await commitAsGitlabProject(dir);
  return dir;
}

function scan(log: string): void {
  const result = { code: 0, stdout: log, stderr: '', outputs: {}, env: {}, summary: '', state: '', durationMs: 0 };
  expectNoLeaks(result, [PASSWORD]);
  expectNoWorkflowCommands({
    ...result,
    stdout: log
      .split('\n')
      .map((l) => l.replace(/^dotstat\s+[>$]\s?/, ''))
      .join('\n'),
  });
  // No token in any form: a JWT starts with eyJ (base64 of '{"').
  expect(log).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
}

describe('GitLab pipeline with the dotstat component (gitlab-ci-local)', () => {
  const base = () => ({
    cli: 'node dist/cli.js',
    stage: 'publish',
    authority: idp.issuer,
    'transfer-url': transfer.baseUrl,
    dataspace: 'design',
    file: 'data/*.csv',
    'poll-interval': 0.2,
  });

  it('gets a token, uploads, waits and reports; dotenv report; no secret in the log', async () => {
    const dir = await project(base());
    try {
      const { code, log } = await pipeline(dir);
      expect(code, log).toBe(0);
      expect(log).toContain('Got an access token with the password grant');
      expect(log).toMatch(/Request \d+ registered for data\/sample-sdmx-csv-1\.0\.csv/);
      expect(log).toContain('All 2 requests finished.');
      // gitlab-ci-local renders GitLab's section markers as <name>_started / <name> took.
      expect(log).toMatch(/section_start:\d+:dotstat_1|dotstat_1_started/);
      expect(log).toMatch(/PASS\s+dotstat/);
      const dotenv = readFileSync(join(dir, 'dotstat.env'), 'utf8');
      expect(dotenv).toContain('DOTSTAT_GRANT_USED=password');
      expect(dotenv).toMatch(/DOTSTAT_REQUEST_ID=\d+,\d+/);
      expect(dotenv).toContain('DOTSTAT_OUTCOME=Success');
      expect(dotenv).not.toMatch(/eyJ|alice-password/);
      // GitLab's own reports: the summary's Markdown (artifacts:expose_as) and the JUnit report (artifacts:reports:junit).
      const summary = readFileSync(join(dir, 'dotstat-summary.md'), 'utf8');
      expect(summary).toContain('#### Where the time went');
      expect(summary).toMatch(/```mermaid\n---\nconfig:[^]*\ngantt\n/);
      const junit = readFileSync(join(dir, 'dotstat-junit.xml'), 'utf8');
      expect(junit).toMatch(/<testsuite name=".Stat import into design" tests="2" failures="0" errors="0"/);
      expect(junit).toContain('name="data/sample-sdmx-csv-2.0.csv"');
      expect(`${summary}${junit}`).not.toMatch(/eyJ|alice-password/);
      expect(log).toContain('Wrote the JUnit report to dotstat-junit.xml.');
      // The merged job declares both, as the Tests tab and the merge request's link need.
      const merged = (await pipeline(dir, ['--preview'])).log;
      expect(merged).toMatch(/expose_as: dotstat summary\n\s+paths:\n\s+- dotstat-summary.md/);
      expect(merged).toMatch(/reports:\n\s+dotenv: dotstat.env\n\s+junit: dotstat-junit.xml/);
      // The component's after_script ends the session the job opened, at the realm's revocation endpoint.
      expect(log).toContain("Revoked the session of this job's password sign-in at");
      const revoked = idp.requests.filter((r) => r.path.endsWith('/protocol/openid-connect/revoke'));
      expect(revoked).toHaveLength(1);
      expect(revoked[0]?.form.token_type_hint).toBe('refresh_token');
      const refused = await fetch(idp.tokenEndpoint, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'app', refresh_token: revoked[0]?.form.token ?? '' }),
      });
      expect(await refused.json()).toEqual({ error: 'invalid_grant', error_description: 'Session not active' });
      scan(log);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('a failing import fails the job, with the Transfer error in the log', async () => {
    transfer.setScenario(() => ({
      durationMs: 300,
      outcome: 'Error',
      executionStatus: 'Completed',
      logs: [{ level: 'ERROR', message: 'Dataflow OECD:DF_MISSING(1.0) not found in dataspace design.' }],
    }));
    const dir = await project({ ...base(), file: 'data/sample-sdmx-csv-1.0.csv' });
    try {
      const { code, log } = await pipeline(dir);
      expect(code, log).not.toBe(0);
      expect(log).toContain('Dataflow OECD:DF_MISSING(1.0) not found in dataspace design.');
      expect(log).toContain('the import ended with outcome Error');
      expect(log).toMatch(/FAIL\s+dotstat/);
      expect(readFileSync(join(dir, 'dotstat.env'), 'utf8')).toContain('DOTSTAT_OUTCOME=Error');
      // The Tests tab shows the failed import, with its Transfer log as the failure's text.
      const junit = readFileSync(join(dir, 'dotstat-junit.xml'), 'utf8');
      expect(junit).toMatch(
        /<testcase classname="dotstat.design" name="data\/sample-sdmx-csv-1.0.csv"[^>]*>\n\s+<failure message="Request \d+ \(data\/sample-sdmx-csv-1.0.csv\): [^"]*" type="Completed\/Error">/,
      );
      expect(junit).toContain('ERROR Dataflow OECD:DF_MISSING(1.0) not found in dataspace design.');
      scan(log);
    } finally {
      transfer.setScenario(() => ({}));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
