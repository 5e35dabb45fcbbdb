/**
 * The component project's own pipeline (.gitlab-ci.yml), run by gitlab-ci-local: the jobs that
 * need no Docker engine. component-test includes the component from this project at this commit
 * and runs its job with the command line installed from `npm pack` (what the image holds: the shell
 * executor ignores `image:`); the release jobs run as a dry run on a tag (gitlab-ci-local runs a
 * job's script but creates no release).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAsGitlabProject, pipeline } from '../support/gitlab-ci-local.js';
import { ROOT } from '../support/harness.js';

const run = promisify(execFile);
/** What the pipeline's jobs read from the checkout. */
const CHECKOUT = ['.gitlab-ci.yml', 'templates', 'scripts', 'test/fixtures', 'test/data', 'package.json', 'src/cli/help.ts', 'Dockerfile', 'CHANGELOG.md'];

let work: string;
let dir: string;
/** PATH with the packed and installed `dotstat-action` bin first, as in the component's image. */
let path: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'dotstat-gitlab-project-'));
  const env = { PATH: process.env.PATH, HOME: work, npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false' };
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, env });
  const { filename } = (JSON.parse(stdout) as Array<{ filename: string }>)[0]!;
  await run('npm', ['install', '--global', '--prefix', join(work, 'prefix'), '--offline', '--no-audit', '--no-fund', join(work, filename)], { cwd: work, env });
  path = `${join(work, 'prefix/bin')}:${dirname(process.execPath)}:${process.env.PATH ?? ''}`;

  dir = join(work, 'project');
  mkdirSync(dir);
  for (const entry of CHECKOUT) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  // gitlab-ci-local sets GITLAB_CI=false to tell itself apart; a real runner sets true.
  writeFileSync(join(dir, '.gitlab-ci-local-variables.yml'), "GITLAB_CI: 'true'\n");
  await commitAsGitlabProject(dir);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('.gitlab-ci.yml of the component project (gitlab-ci-local)', () => {
  it('component-test: the component included at this commit gets a token, uploads test/data and waits', async () => {
    const { code, log } = await pipeline(dir, ['component-test'], path);
    expect(code, log).toBe(0);
    expect(log).toContain('Got an access token with the password grant');
    expect(log).toContain('All 2 requests finished.');
    expect(log).toMatch(/PASS\s+component-test/);
    expect(readFileSync(join(dir, 'component-test.env'), 'utf8')).toContain('DOTSTAT_OUTCOME=Success');
    expect(log).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
  }, 90_000);

  it('component-test in an image without the command line: fails at once, saying which input to set', async () => {
    const { code, log } = await pipeline(dir, ['component-test'], `${dirname(process.execPath)}:${process.env.PATH ?? ''}`);
    expect(code, log).not.toBe(0);
    expect(log).toContain("dotstat: 'dotstat-action' is not in this image. Use the component's default image, or set the cli input");
    expect(log).not.toContain('Requesting a token');
  }, 90_000);

  it('a tag X.Y.Z: release-check passes and the release job runs (dry run: no release is created here)', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const { code, log } = await pipeline(dir, ['release-check', 'release', '--variable', `CI_COMMIT_TAG=${version}`], path);
    expect(code, log).toBe(0);
    expect(log).toContain(`Release ${version}: package.json, the command line, the component's image`);
    expect(log).toContain(`Releasing ${version} to the CI/CD Catalog`);
    expect(log).toMatch(/PASS\s+release-check/);
    expect(log).toMatch(/PASS\s+release\b/);
  }, 90_000);

  it('a tag that is not the version in the files: release-check fails and says where', async () => {
    const { code, log } = await pipeline(dir, ['release-check', '--variable', 'CI_COMMIT_TAG=99.0.0'], path);
    expect(code, log).not.toBe(0);
    expect(log).toContain("Tag 99.0.0 is not package.json's version");
    expect(log).toMatch(/FAIL\s+release-check/);
  }, 90_000);
});
