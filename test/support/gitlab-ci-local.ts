/**
 * Running a real .gitlab-ci.yml with gitlab-ci-local (shell executor, no Docker), for the tests of
 * the component (gitlab.test.ts) and of the component project's own pipeline (gitlab-project.test.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.js';

const GITLAB_CI_LOCAL = join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js');

export function git(cwd: string, ...args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'user.email=ci@example.org', '-c', 'user.name=ci', ...args], { cwd, stdio: 'ignore' });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git ${args.join(' ')} failed`))));
  });
}

/** Commits the folder as a checkout of sis-cc/dotstat-action on a GitLab server (the component's own project). */
export async function commitAsGitlabProject(dir: string): Promise<void> {
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'remote', 'add', 'origin', 'https://gitlab.example.com/sis-cc/dotstat-action.git');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-qm', 'pipeline under test');
  await git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  await git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
}

/** gitlab-ci-local needs rsync; where the machine has none, a small stand-in does the same copy. */
export function searchPath(path = process.env.PATH ?? ''): string {
  const hasRsync = path.split(':').some((folder) => folder && existsSync(join(folder, 'rsync')));
  return hasRsync ? path : `${join(ROOT, 'test/support/bin')}:${path}`;
}

/** Runs gitlab-ci-local in `dir` (extra arguments: job names, --variable …); the log includes every job's output file. */
export async function pipeline(dir: string, args: string[] = [], path?: string): Promise<{ code: number | null; log: string }> {
  const env = { PATH: searchPath(path), HOME: dir, CI: '' };
  const child = spawn(process.execPath, [GITLAB_CI_LOCAL, '--force-shell-executor', '--no-color', ...args], { env, cwd: dir });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearTimeout(timer);
  const outputDir = join(dir, '.gitlab-ci-local/output');
  if (existsSync(outputDir)) for (const file of readdirSync(outputDir)) log += `\n${readFileSync(join(outputDir, file), 'utf8')}`;
  return { code, log };
}
