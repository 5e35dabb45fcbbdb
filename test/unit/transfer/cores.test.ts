/** How many threads the zip deflates on: the cores, a cgroup quota, and libuv's pool. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cgroupCpus, deflateThreads, threadPoolSize } from '../../../src/transfer/cores.js';

const root = mkdtempSync(join(tmpdir(), 'dotstat-cgroup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let serial = 0;

/** A fake /sys/fs/cgroup: files by path under it. */
function tree(files: Record<string, string>): string {
  const dir = join(root, String(serial++));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('cgroupCpus()', () => {
  it('cgroup v2: the quota of this cgroup, rounded up', () => {
    expect(cgroupCpus(tree({ 'job/cpu.max': '150000 100000\n' }), '0::/job\n')).toBe(2);
    expect(cgroupCpus(tree({ 'job/cpu.max': '100000 100000\n' }), '0::/job\n')).toBe(1);
  });

  it('cgroup v2: a parent limits its children; "max" is no limit', () => {
    const dir = tree({ 'cpu.max': 'max 100000\n', 'a/cpu.max': '100000 100000\n', 'a/b/cpu.max': 'max 100000\n' });
    expect(cgroupCpus(dir, '0::/a/b\n')).toBe(1);
    expect(cgroupCpus(tree({ 'cpu.max': 'max 100000\n' }), '0::/\n')).toBeUndefined();
  });

  it('cgroup v1: cpu.cfs_quota_us over cpu.cfs_period_us, -1 being no limit', () => {
    expect(cgroupCpus(tree({ 'cpu/cpu.cfs_quota_us': '100000\n', 'cpu/cpu.cfs_period_us': '100000\n' }), '1:cpu:/\n')).toBe(1);
    expect(cgroupCpus(tree({ 'cpu,cpuacct/ci/cpu.cfs_quota_us': '300000\n', 'cpu,cpuacct/ci/cpu.cfs_period_us': '100000\n' }), '4:cpu,cpuacct:/ci\n')).toBe(3);
    expect(cgroupCpus(tree({ 'cpu/cpu.cfs_quota_us': '-1\n', 'cpu/cpu.cfs_period_us': '100000\n' }), '1:cpu:/\n')).toBeUndefined();
  });

  it('nothing readable: no limit', () => {
    expect(cgroupCpus(join(root, 'missing'), '')).toBeUndefined();
  });
});

describe('deflateThreads()', () => {
  it('a one-CPU quota: one thread, the single-stream path', () => {
    expect(deflateThreads({}, tree({ 'cpu.max': '100000 100000\n', 'cpu/cpu.cfs_quota_us': '100000\n', 'cpu/cpu.cfs_period_us': '100000\n' }))).toBe(1);
  });

  it("the cores, less one of libuv's pool for the file reads and writes", () => {
    const none = join(root, 'missing');
    expect(deflateThreads({}, none)).toBe(Math.max(1, Math.min(availableParallelism(), 3)));
    expect(deflateThreads({ UV_THREADPOOL_SIZE: '2' }, none)).toBe(1);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: 'x' })).toBe(4);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: '8' })).toBe(8);
  });
});
