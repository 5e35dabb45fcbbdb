/**
 * exec's own token files (`dotstat-access-token-TAG-PID-RANDOM` in the job's private folder): the
 * next exec removes those of execs that have ended in this namespace, and nothing else, and never
 * fails for what it finds there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execTokenPath, removeLeftTokenFiles } from '../../../src/cli/token-use.js';
import { NAMESPACE_TAG } from '../../../src/lifecycle/process.js';
import { ROOT } from '../../support/harness.js';

const root = mkdtempSync(join(tmpdir(), 'dotstat-token-files-'));
/** Whether this machine lets a process make its own user and pid namespaces (AppArmor on Ubuntu 24.04 may not). */
const UNSHARE = spawnSync('unshare', ['-Urpf', '--mount-proc', 'true']).status === 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));
const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
let n = 0;
const folder = () => {
  const dir = join(root, String(++n));
  mkdirSync(dir, { mode: 0o700 });
  return dir;
};
const nameOf = (pid: number, tag = NAMESPACE_TAG) => `dotstat-access-token-${tag}-${pid}-0123456789ab`;

describe('execTokenPath()', () => {
  it("a new name in the folder, holding this namespace's tag and this pid", () => {
    const dir = folder();
    const path = execTokenPath(dir);
    expect(basename(path)).toMatch(new RegExp(`^dotstat-access-token-${NAMESPACE_TAG}-${process.pid}-[0-9a-f]{12}$`));
    expect(execTokenPath(dir)).not.toBe(path);
  });

  it('removes the files of execs that have ended, and keeps those of a running one', () => {
    const dir = folder();
    const ended = nameOf(deadPid());
    const running = nameOf(process.pid);
    for (const name of [ended, running]) writeFileSync(join(dir, name), 'token', { mode: 0o600 });
    execTokenPath(dir);
    expect(readdirSync(dir)).toEqual([running]);
  });

  it('something with such a name that cannot be removed as a file (a folder; RUNNER_TEMP is open to every step): left, and exec starts', () => {
    const dir = folder();
    const name = nameOf(deadPid());
    mkdirSync(join(dir, name));
    expect(() => execTokenPath(dir)).not.toThrow();
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('a folder that cannot be read: nothing removed, and exec starts', () => {
    expect(() => execTokenPath(join(root, 'none'))).not.toThrow();
  });
});

describe('removeLeftTokenFiles()', () => {
  it('a link with such a name: the link is removed, never its target', () => {
    const dir = folder();
    const target = join(root, `target-${n}`);
    writeFileSync(target, 'keep');
    symlinkSync(target, join(dir, nameOf(deadPid())));
    expect(removeLeftTokenFiles(dir)).toHaveLength(1);
    expect(existsSync(target)).toBe(true);
  });

  it("names that only look like ours, a live pid, pid 0, an absurd pid, another namespace's: left alone", () => {
    const dir = folder();
    const dead = deadPid();
    const keep = [
      nameOf(process.pid),
      nameOf(0),
      nameOf(99999999999),
      nameOf(dead, 'deadbeef'),
      `dotstat-access-token-${dead}-0123456789ab`,
      `${nameOf(dead)}.tmp`,
      nameOf(dead).toUpperCase(),
      'state.json',
    ];
    for (const name of keep) writeFileSync(join(dir, name), 'x');
    expect(removeLeftTokenFiles(dir)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual([...keep].sort());
  });

  it.skipIf(!UNSHARE)('run in another pid namespace (a container sharing the folder; unshare): a live exec of this one keeps its file', () => {
    const dir = folder();
    const live = nameOf(process.pid);
    writeFileSync(join(dir, live), 'token', { mode: 0o600 });
    const script = `import('./src/cli/token-use.ts').then((m) => process.stdout.write(JSON.stringify(m.removeLeftTokenFiles(${JSON.stringify(dir)}))))`;
    const run = spawnSync('unshare', ['-Urpf', '--mount-proc', process.execPath, '--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('[]');
    expect(existsSync(join(dir, live))).toBe(true);
  });
});
