/**
 * The write-back of the rotated refresh token through dist/: the action on GitHub writing an
 * Actions secret (the stand-in opens the sealed box with its private key), the command line
 * keeping it in a file or warning that it keeps it nowhere, and refusals that fail the step
 * saying the new token was NOT stored. Every run goes through the leak scan.
 */
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubApi } from '../fixtures/github-api.mjs';
import { startGitlabApi } from '../fixtures/gitlab-api.mjs';
import { startIdp } from '../fixtures/idp.mjs';
import { expectMasked, expectNoLeaks, expectNoWorkflowCommands, ROOT, runAction, type RunOptions, type RunResult } from '../support/harness.js';

const WRITER = 'github_pat_11AAAAAAA0writer0000000000';
const READER = 'github_pat_11AAAAAAA0reader0000000000';
const PROJECT_TOKEN = 'glpat-write-back-maintainer-00';
const DEVELOPER_TOKEN = 'glpat-write-back-developer-00';
const JWT = /eyJ[\w-]{10,}\.[\w-]{10,}/;

let idp: Awaited<ReturnType<typeof startIdp>>;
let github: Awaited<ReturnType<typeof startGithubApi>>;
let gitlab: Awaited<ReturnType<typeof startGitlabApi>>;
const dirs: string[] = [];

beforeAll(async () => {
  idp = await startIdp();
  github = await startGithubApi({
    repos: ['sis-cc/pub'],
    tokens: { [WRITER]: { repos: ['sis-cc/pub'], grants: ['secrets'] }, [READER]: { repos: ['sis-cc/pub'], grants: [] } },
  });
  github.seed('repos/sis-cc/pub', 'DOTSTAT_REFRESH_TOKEN', 'seeded');
  gitlab = await startGitlabApi({
    projects: [{ id: 42, path: 'stats/publish' }],
    tokens: { [PROJECT_TOKEN]: { projects: ['42'] }, [DEVELOPER_TOKEN]: { projects: ['42'], role: 'developer' } },
  });
  gitlab.seed(42, { key: 'DOTSTAT_REFRESH_TOKEN', value: 'seeded-refresh-token', masked: true, protected: true, raw: true });
});
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await Promise.all([idp.close(), github.close(), gitlab.close()]);
});

const githubEnv = () => ({ GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'sis-cc/pub' });
const rt = () => idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dotstat-write-back-'));
  dirs.push(dir);
  return dir;
};
const cli = (env: Record<string, string>, options: RunOptions = {}) =>
  runAction({}, { entry: join(ROOT, 'dist/cli.js'), args: [], env: { DOTSTAT_AUTHORITY: idp.issuer, ...env }, github: false, inputsAsEnv: false, ...options });

function scanOffGithub(result: RunResult, secrets: readonly string[]): void {
  expectNoLeaks(result, secrets);
  expectNoWorkflowCommands(result);
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(JWT);
}

describe('the action on GitHub: refresh-token-store github-secret', () => {
  it('writes the rotated token to the secret before anything else, confirmed; run after run', async () => {
    let given = rt();
    for (let n = 0; n < 2; n++) {
      const result = await runAction(
        { authority: idp.issuer, 'refresh-token': given, 'refresh-token-store': 'github-secret:DOTSTAT_REFRESH_TOKEN', 'store-token': WRITER },
        { env: githubEnv() },
      );
      expect(result.code, result.stdout).toBe(0);
      const rotated = result.outputs['refresh-token'] ?? '';
      expect(github.secret('repos/sis-cc/pub', 'DOTSTAT_REFRESH_TOKEN')?.value).toBe(rotated);
      expect(rotated).not.toBe(given);
      expect(result.stdout).toMatch(/Kept the new refresh token in the GitHub Actions secret DOTSTAT_REFRESH_TOKEN of sis-cc\/pub \(updated_at .+Z\)\./);
      // Written back before the token is exported or described.
      const lines = result.stdout.split('\n');
      expect(lines.findIndex((l) => l.startsWith('Kept the new refresh token'))).toBeLessThan(lines.findIndex((l) => l.startsWith('Got an access token')));
      expectMasked(result, [WRITER, given, rotated], [WRITER, given]);
      expectNoLeaks(result, [WRITER, given, rotated, result.outputs['access-token'] ?? ''], {
        outputs: ['access-token', 'refresh-token'],
        env: ['DOTSTAT_ACCESS_TOKEN'],
      });
      given = github.secret('repos/sis-cc/pub', 'DOTSTAT_REFRESH_TOKEN')?.value ?? '';
    }
  });

  it('a token that lacks the permission fails the step before any refresh: the permission named, the token given not spent, no secret', async () => {
    const given = rt();
    const mark = idp.requests.length;
    const result = await runAction(
      { authority: idp.issuer, 'refresh-token': given, 'refresh-token-store': 'github-secret:DOTSTAT_REFRESH_TOKEN', 'store-token': READER },
      { env: githubEnv() },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error::The GitHub Actions secret DOTSTAT_REFRESH_TOKEN of sis-cc/pub (refresh-token-store) cannot be written: GitHub refused to read',
    );
    expect(result.stdout).toContain('Secrets: Read and write');
    expect(result.stdout).toContain('the refresh token given is not spent');
    expect(idp.requests.length).toBe(mark);
    expectNoLeaks(result, [READER, given, result.outputs['refresh-token'] ?? ''], { outputs: ['refresh-token'] });
  });

  it('store-token missing: refused before any request, naming the input', async () => {
    const mark = idp.requests.length;
    const result = await runAction(
      { authority: idp.issuer, 'refresh-token': rt(), 'refresh-token-store': 'github-secret:DOTSTAT_REFRESH_TOKEN' },
      { env: githubEnv() },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("::error::Input 'store-token': is required to write the GitHub Actions secret DOTSTAT_REFRESH_TOKEN of sis-cc/pub.");
    expect(idp.requests.length).toBe(mark);
  });

  it('a target that cannot be parsed: refused, naming the input and the forms', async () => {
    const result = await runAction(
      { authority: idp.issuer, 'refresh-token': rt(), 'refresh-token-store': 'vault:secret/rt', 'store-token': WRITER },
      { env: githubEnv() },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`::error::Input 'refresh-token-store': "vault" is not a kind of store. It takes one of: file:PATH`);
  });
});

describe('the command line', () => {
  it('keeps the rotated token in a file (mode 0600) and the next run uses it', async () => {
    const dir = tmp();
    const path = join(dir, 'refresh-token');
    writeFileSync(path, rt());
    for (let n = 0; n < 2; n++) {
      const given = readFileSync(path, 'utf8').trim();
      const result = await cli({ DOTSTAT_REFRESH_TOKEN: given }, { args: ['--refresh-token-store', `file:${path}`] });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const kept = readFileSync(path, 'utf8').trim();
      expect(kept).not.toBe(given);
      expect(lstatSync(path).mode & 0o777).toBe(0o600);
      expect(result.stdout).toContain(`Kept the new refresh token in the file ${path} (mode 0600).`);
      scanOffGithub(result, [given, kept]);
    }
  });

  it('refuses a symbolic link as the file, before any request', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'elsewhere'), 'untouched');
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'link'));
    const mark = idp.requests.length;
    const result = await cli({ DOTSTAT_REFRESH_TOKEN: rt() }, { args: ['--refresh-token-store', `file:${join(dir, 'link')}`] });
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toContain(`Input 'refresh-token-store': ${join(dir, 'link')} is a symbolic link.`);
    expect(readFileSync(join(dir, 'elsewhere'), 'utf8')).toBe('untouched');
    expect(idp.requests.length).toBe(mark);
  });

  it('a rotated token kept nowhere: a warning with the flag to use', async () => {
    const given = rt();
    const result = await cli({ DOTSTAT_REFRESH_TOKEN: given });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain('the new one is kept nowhere');
    expect(result.stdout + result.stderr).toContain('--refresh-token-store file:PATH');
    scanOffGithub(result, [given]);
  });

  it('on GitLab: updates the project variable with a project access token (DOTSTAT_STORE_TOKEN)', async () => {
    const given = rt();
    const env = { GITLAB_CI: 'true', CI_API_V4_URL: gitlab.url, CI_PROJECT_ID: '42', CI_JOB_TOKEN: 'glcbt-job-token-0000000000', DOTSTAT_REFRESH_TOKEN: given };
    const result = await cli({ ...env, DOTSTAT_STORE_TOKEN: PROJECT_TOKEN, DOTSTAT_REFRESH_TOKEN_STORE: 'gitlab-variable:DOTSTAT_REFRESH_TOKEN' });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const kept = gitlab.variable(42, 'DOTSTAT_REFRESH_TOKEN');
    expect(kept).toMatchObject({ masked: true, protected: true, raw: true });
    expect(kept?.value).not.toBe(given);
    scanOffGithub(result, [given, kept?.value ?? '', PROJECT_TOKEN]);
  });

  it.each([
    ['CI_JOB_TOKEN as the store token: refused before any request', 'glcbt-job-token-0000000000', "holds this job's CI_JOB_TOKEN"],
    ['a Developer token: refused before any refresh, 403 Forbidden, the role named', DEVELOPER_TOKEN, 'HTTP 403: 403 Forbidden'],
  ])('on GitLab: %s', async (_title, token, said) => {
    const given = rt();
    const env = { GITLAB_CI: 'true', CI_API_V4_URL: gitlab.url, CI_PROJECT_ID: '42', CI_JOB_TOKEN: 'glcbt-job-token-0000000000', DOTSTAT_REFRESH_TOKEN: given };
    const result = await cli({ ...env, DOTSTAT_STORE_TOKEN: token, DOTSTAT_REFRESH_TOKEN_STORE: 'gitlab-variable:DOTSTAT_REFRESH_TOKEN' });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(said);
    if (token === DEVELOPER_TOKEN) {
      expect(result.stdout + result.stderr).toContain('The CI/CD variable DOTSTAT_REFRESH_TOKEN of project 42 (refresh-token-store) cannot be written');
      expect(result.stdout + result.stderr).toContain('the refresh token given is not spent');
      expect(result.stdout + result.stderr).toContain('Maintainer role');
    }
    scanOffGithub(result, [given, token]);
  });
});
