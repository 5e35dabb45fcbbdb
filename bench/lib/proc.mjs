// @ts-check
/**
 * Running a command under /usr/bin/time: wall time (measured here, to the millisecond, and by
 * time's own %e) and peak resident set size (%M, in KiB) of the process it runs.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * @typedef {object} Timed
 * @property {number | null} code
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} wallMs spawn() to the child's exit, seen from here
 * @property {number} rssKiB peak RSS of the command (not of /usr/bin/time), from %M
 * @property {number} cpuMs user + system CPU time of the command (%U + %S)
 * @property {number} startedAt performance.now() at spawn
 * @property {number} startedEpoch Date.now() at spawn, to line up with the fixtures' logs
 */

/**
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ env: Record<string, string>, cwd: string, scratch: string, timeoutMs?: number, onStdout?: (text: string, at: number) => void }} options
 * @returns {Promise<Timed>}
 */
export async function timed(command, args, options) {
  const report = join(options.scratch, `time-${process.hrtime.bigint()}.txt`);
  const startedEpoch = Date.now();
  const startedAt = performance.now();
  const child = spawn('/usr/bin/time', ['-o', report, '-f', '%e %M %U %S', command, ...args], {
    env: options.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    options.onStdout?.(stdout, performance.now());
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
  /** @type {number | null} */
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  const wallMs = performance.now() - startedAt;
  clearTimeout(timer);
  // The last line: time writes "Command exited with non-zero status" above it on failure.
  const [, rss, user, sys] = readFileSync(report, 'utf8').trim().split('\n').pop()?.split(' ') ?? [];
  rmSync(report, { force: true });
  const cpuMs = (Number(user) + Number(sys)) * 1000;
  return { code, stdout, stderr, wallMs, rssKiB: Number(rss), cpuMs, startedAt, startedEpoch };
}

/**
 * Spawns without /usr/bin/time, for start-up timings where its own start would add noise.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ env: Record<string, string>, cwd: string }} options
 * @returns {{ exited: Promise<number>, startedAt: number, kill: () => void }}
 */
export function launch(command, args, options) {
  const startedAt = performance.now();
  const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: 'ignore' });
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now()));
  });
  return { exited, startedAt, kill: () => void child.kill('SIGKILL') };
}

/** @param {readonly number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** A child's environment with nothing from ours but PATH: so no proxy variable and no runner setting leaks in. */
export function cleanEnv(/** @type {Record<string, string>} */ extra = {}) {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...extra };
}

/**
 * @typedef {(argv: string[]) => [string, string[]]} Wrap how a client command is started
 * (directly, or pinned to a core with taskset)
 */

/** @type {Wrap} */
export const direct = (argv) => [argv[0] ?? '', argv.slice(1)];

/** Whether taskset can pin processes here (util-linux, and at least two cores). */
export function canPin() {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Pins every thread of this process (the simulators, the IdP and their libuv threads) to `cpus`,
 * e.g. '0', or '0-1' to release it; threads started later inherit it.
 * @param {string} cpus
 */
export function pinSelf(cpus) {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}

/**
 * Starts client commands on the given core (taskset execs, so /usr/bin/time still measures the client).
 * @param {string} cpu
 * @returns {Wrap}
 */
export function onCore(cpu) {
  return (argv) => ['taskset', ['-c', cpu, ...argv]];
}
