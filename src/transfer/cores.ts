/**
 * How many cores the zip deflates on (./zip.ts): the cores this process may use, and at most one
 * fewer than libuv's pool has threads, which the zip's file reads and writes share (zip.ts keeps
 * two blocks more than this in flight, up to the pool's size).
 *
 * The cores are os.availableParallelism(), which honours a taskset (CPU affinity), and at most a
 * cgroup's CPU quota (cgroup v2 cpu.max, or v1 cpu.cfs_quota_us), read here because libuv reads
 * it only from 1.49 on (libuv/libuv#4740), and Node 20 has 1.46: a container limited to one CPU
 * deflates on one thread, the single-stream path, rather than two threads taking turns on one
 * core. A fractional quota is rounded up (1.5 CPUs: two threads, which still gain).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

/** libuv's thread pool: 4 threads unless UV_THREADPOOL_SIZE says otherwise. */
export function threadPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const size = Number.parseInt(env.UV_THREADPOOL_SIZE ?? '', 10);
  return Number.isFinite(size) && size > 0 ? Math.min(size, 1024) : 4;
}

export function deflateThreads(env: NodeJS.ProcessEnv = process.env, cgroupRoot = '/sys/fs/cgroup'): number {
  const cores = Math.min(availableParallelism(), cgroupCpus(cgroupRoot) ?? Infinity);
  return Math.max(1, Math.min(cores, threadPoolSize(env) - 1));
}

/**
 * The CPUs a cgroup quota allows this process (rounded up), or undefined when none is set or
 * none can be read. cgroup v2: cpu.max ("max 100000" or "QUOTA PERIOD") of this process's cgroup
 * and every parent; v1: cpu.cfs_quota_us / cpu.cfs_period_us.
 */
export function cgroupCpus(root = '/sys/fs/cgroup', selfCgroup = readOr('/proc/self/cgroup') ?? ''): number | undefined {
  let lowest: number | undefined;
  /** The quota of the cgroup at `path` under `mount` and of every parent (each limits it). */
  const walk = (mount: string, path: string, read: (dir: string) => [string | undefined, string | undefined]) => {
    const parts = path.split('/').filter(Boolean);
    for (let depth = parts.length; depth >= 0; depth--) {
      const cpus = cpusOf(...read(join(mount, ...parts.slice(0, depth))));
      if (cpus !== undefined && (lowest === undefined || cpus < lowest)) lowest = cpus;
    }
  };
  const v2 = /^0::(.*)$/m.exec(selfCgroup)?.[1];
  if (v2 !== undefined)
    walk(root, v2, (dir) => {
      const [quota, period] = (readOr(join(dir, 'cpu.max')) ?? '').trim().split(/\s+/);
      return [quota, period];
    });
  const v1 = /^\d+:(?:[^:\n]*,)?cpu(?:,[^:\n]*)?:(.*)$/m.exec(selfCgroup)?.[1];
  for (const mount of ['cpu', 'cpu,cpuacct'])
    walk(join(root, mount), v1 ?? '/', (dir) => [readOr(join(dir, 'cpu.cfs_quota_us'))?.trim(), readOr(join(dir, 'cpu.cfs_period_us'))?.trim()]);
  return lowest;
}

function cpusOf(quota: string | undefined, period: string | undefined): number | undefined {
  const q = Number(quota);
  const p = Number(period);
  // "max" (v2) or -1 (v1): no quota.
  if (!Number.isFinite(q) || !Number.isFinite(p) || q <= 0 || p <= 0) return undefined;
  return Math.max(1, Math.ceil(q / p));
}

function readOr(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
