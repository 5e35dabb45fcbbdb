/**
 * A zip of a real large SDMX-CSV file that lasts more than 20 s shows at least two progress lines,
 * with rising percentages and sane rates, through the same path as a job: zipToTemp() with the
 * progress reporter of ../../../src/report/progress.ts on the real clock. The file's size is
 * chosen from this machine's measured zip rate, for about 25 s of zipping.
 *
 * On all cores the parallel zip deflates this file at 200 MB/s or more (the CI machine's 2 cores),
 * so 25 s would take a file of 5 GB. The long zip runs with this test's process pinned to one core
 * (taskset, as a runner limited to one core is), where the rate is about half that; the parallel
 * path's progress calls are checked on the probe, before the pinning.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { afterAll, expect, it } from 'vitest';
import { createProgress } from '../../../src/report/progress.js';
import { zipToTemp } from '../../../src/transfer/compress.js';
import { withProgress } from '../../../src/transfer/timing.js';
import { ROOT } from '../../support/harness.js';
import { progressLines } from '../../support/progress.js';

const dir = mkdtempSync(join(tmpdir(), 'dotstat-zip-progress-'));
/** The CPUs this process may run on now ("0,1", or a cpuset's "2-3"): given back at the end. */
const allowed = cpuList();
afterAll(() => {
  pin(allowed);
  rmSync(dir, { recursive: true, force: true });
});

function cpuList(): string {
  const result = spawnSync('taskset', ['--cpu-list', '--pid', String(process.pid)], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim().split(' ').at(-1) ?? '';
}

/** Sets the CPUs every thread of this process (a vitest fork of its own) may run on. */
function pin(cpus: string) {
  const result = spawnSync('taskset', ['--all-tasks', '--pid', '--cpu-list', cpus, String(process.pid)]);
  expect(result.status, result.stderr.toString()).toBe(0);
}

function generate(name: string, mb: number) {
  const path = join(dir, name);
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/make-sdmx-csv.mjs'), '--mb', String(mb), '--out', path]);
  expect(result.status, result.stderr.toString()).toBe(0);
  return { name: path, path, size: statSync(path).size, contentType: 'text/csv' as const };
}

it('a zip lasting > 20 s prints at least two progress lines w/ rising percentages and sane rates', async () => {
  const probe = generate('probe.csv', 100);
  const calls: Array<{ done: number; total: number }> = [];
  await (await zipToTemp(probe, dir, (done, total) => calls.push({ done, total }))).cleanup();
  expect(calls.every(({ total }) => total === probe.size)).toBe(true);
  expect(calls.every(({ done }, i) => i === 0 || done > calls[i - 1]!.done)).toBe(true);
  expect(calls.at(-1)?.done).toBe(probe.size);
  // The first of the CPUs this process may use.
  pin(allowed.split(/[,-]/)[0]!);
  expect(availableParallelism()).toBe(1);
  let started = Date.now();
  await (await zipToTemp(probe, dir)).cleanup();
  const rate = probe.size / ((Date.now() - started) / 1000);
  rmSync(probe.path);
  const big = generate('big.csv', Math.min(4000, Math.ceil((rate * 25) / 1e6)));
  const lines: string[] = [];
  const progress = createProgress({ line: (line) => lines.push(line) });
  started = Date.now();
  const zipped = await withProgress(progress, 'zip', big.name, (onProgress) => zipToTemp(big, dir, onProgress));
  const elapsed = Date.now() - started;
  await zipped.cleanup();
  expect(elapsed, `zipping ${big.size} bytes took ${elapsed} ms`).toBeGreaterThan(20_000);
  const shown = progressLines(lines.join('\n'), 'Zipping', big.name);
  expect(shown.length, lines.join('\n')).toBeGreaterThanOrEqual(2);
  expect(shown.length).toBe(lines.length);
  expect(shown.length).toBeLessThanOrEqual(Math.floor(elapsed / 10_000));
  const average = big.size / (elapsed / 1000);
  for (const [i, line] of shown.entries()) {
    if (i > 0) expect(line.percent).toBeGreaterThan(shown[i - 1]!.percent);
    expect(line.rate).toBeGreaterThan(average / 3);
    expect(line.rate).toBeLessThan(average * 3);
  }
}, 150_000);
