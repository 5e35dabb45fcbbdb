/**
 * The hand-off on GitLab, in a real pipeline run by gitlab-ci-local (shell executor): the
 * component signs in in one job and puts the access token, sealed with the masked variable
 * DOTSTAT_HANDOFF_KEY, in its dotenv report; a later job with `needs:` on it receives
 * DOTSTAT_HANDOFF from that report and uploads with the token, without signing in. The dotenv
 * report holds only ciphertext: no token is in it, nor in any job's log.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { startTransfer, type Transfer } from '../fixtures/transfer.mjs';
import { commitAsGitlabProject, pipeline } from '../support/gitlab-ci-local.js';
import { ROOT, expectNoLeaks } from '../support/harness.js';

const PASSWORD = 'alice-password';
const KEY = randomBytes(32).toString('base64');
let idp: Idp;
let transfer: Transfer;

beforeAll(async () => {
  idp = await startIdp();
  transfer = await startTransfer({ verifyToken: (t) => idp.verifyAccessToken(t) });
});
afterAll(async () => {
  await transfer.close();
  await idp.close();
});

/** Every file under `dir` named `name`. */
function filesNamed(dir: string, name: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...filesNamed(path, name));
    else if (entry === name) found.push(path);
  }
  return found;
}

async function project(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'dotstat-gitlab-handoff-'));
  cpSync(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  mkdirSync(join(dir, 'data'));
  for (const name of readdirSync(join(ROOT, 'test/data'))) cpSync(join(ROOT, 'test/data', name), join(dir, 'data', name));
  const component = '  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/dotstat@$CI_COMMIT_SHA';
  writeFileSync(
    join(dir, '.gitlab-ci.yml'),
    [
      'stages: [signin, publish]',
      'include:',
      component,
      '    inputs:',
      '      job-name: signin',
      '      stage: signin',
      '      cli: node dist/cli.js',
      `      authority: ${JSON.stringify(idp.issuer)}`,
      component,
      '    inputs:',
      '      job-name: publish',
      '      stage: publish',
      '      cli: node dist/cli.js',
      `      authority: ${JSON.stringify(idp.issuer)}`,
      `      transfer-url: ${JSON.stringify(transfer.baseUrl)}`,
      '      dataspace: design',
      '      file: data/*.csv',
      '      poll-interval: 0.2',
      '      dotenv: publish.env',
      'publish:',
      '  needs: [signin]',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, '.gitlab-ci-local-variables.yml'),
    `DOTSTAT_USERNAME: alice\nDOTSTAT_PASSWORD: ${PASSWORD}\nDOTSTAT_HANDOFF_KEY: ${JSON.stringify(KEY)}\nGITLAB_CI: 'true'\n`,
  );
  await commitAsGitlabProject(dir);
  return dir;
}

describe('GitLab pipeline: a hand-off through needs: and a dotenv report (gitlab-ci-local)', () => {
  it('the later job uploads with the handed-off token, signs in nowhere; the dotenv report holds only ciphertext', async () => {
    const dir = await project();
    try {
      const tokenRequests = () => idp.requests.filter((r) => r.path.endsWith('/protocol/openid-connect/token')).length;
      const before = tokenRequests();
      const seen = transfer.requests.length;
      const { code, log } = await pipeline(dir);
      expect(code, log).toBe(0);
      expect(log).toMatch(/PASS\s+signin/);
      expect(log).toMatch(/PASS\s+publish/);
      expect(log).toContain('The handoff output holds the access token, sealed with handoff-key');
      expect(log).toContain("Received the access token of an earlier job's password sign-in (hand-off)");
      expect(log).toContain('All 2 requests finished.');
      // The producer's after_script leaves the session open for the job it handed off to.
      expect(log).toContain('The session is left open: its access token was handed off');
      expect(tokenRequests() - before, 'one sign-in for the whole pipeline').toBe(1);

      const tokens = [...new Set(transfer.requests.slice(seen).map((r) => String(r.headers.authorization ?? '').replace(/^Bearer /, '')))].filter(Boolean);
      expect(tokens).toHaveLength(1);
      const [token] = tokens as [string];
      expect(idp.verifyAccessToken(token)).toMatchObject({ preferred_username: 'alice' });

      const reports = filesNamed(dir, 'dotstat.env');
      expect(reports.length).toBeGreaterThan(0);
      for (const report of reports) {
        const text = readFileSync(report, 'utf8');
        expect(text).toMatch(/^DOTSTAT_HANDOFF=[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/m);
        for (const secret of [token, PASSWORD, KEY]) expect(text.includes(secret), `a secret in ${report}`).toBe(false);
        expect(text).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
      }
      const result = { code, stdout: log, stderr: '', outputs: {}, env: {}, summary: '', state: '', durationMs: 0 };
      expectNoLeaks(result, [token, PASSWORD, KEY]);
      expect(log).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
