// @ts-check
/** What the numbers were measured on. */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/** @param {string} command @param {string[]} args */
function firstLine(command, args) {
  try {
    return (
      execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
        .split('\n')[0]
        ?.trim() ?? ''
    );
  } catch {
    return 'not available';
  }
}

/**
 * @param {string} distDir the bundle measured
 * @param {string} pythonNote
 */
export function describeMachine(distDir, pythonNote) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const mhz = /^cpu MHz\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim();
  const bundle = readdirSync(distDir).filter((name) => name.endsWith('.js'));
  const bytes = bundle.reduce((sum, name) => sum + statSync(join(distDir, name)).size, 0);
  const main = statSync(join(distDir, 'index.js')).size;
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: mhz ? `${model} (${Number(mhz).toFixed(0)} MHz)` : model,
    cores: os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    curl: firstLine('curl', ['--version']).split(' ').slice(0, 2).join(' '),
    python: pythonNote,
    bundle: `dist/index.js ${(main / 1024).toFixed(0)} KiB, ${bundle.length - 1} lazy chunks ${((bytes - main) / 1024).toFixed(0)} KiB`,
  };
}

/** Fraction of all cores' time spent busy over `ms`, from /proc/stat (this process is idle meanwhile). */
export async function cpuBusy(ms = 2000) {
  const read = () => {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { idle, total: fields.reduce((sum, v) => sum + v, 0) };
  };
  const before = read();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = read();
  return 1 - (after.idle - before.idle) / Math.max(1, after.total - before.total);
}

/**
 * Waits, up to `maxMs`, for other work on the machine to settle: the numbers are only as good as
 * the machine is quiet. Returns the last busy fraction seen and how long it waited.
 * @param {(line: string) => void} log
 */
export async function waitForQuiet(log, maxMs = 120_000, threshold = 0.15) {
  const started = Date.now();
  let busy = await cpuBusy();
  while (busy > threshold && Date.now() - started < maxMs) {
    log(`The machine is busy (${(busy * 100).toFixed(0)}% CPU used by other processes); waiting for it to settle…`);
    busy = await cpuBusy(5000);
  }
  return { busy, waitedMs: Date.now() - started };
}

/** Busy and total clock ticks of all cores, and the ticks used by this process and its reaped children. */
function ticks() {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, v) => sum + v, 0);
  const busy = total - (fields[3] ?? 0) - (fields[4] ?? 0);
  // /proc/self/stat: utime, stime, cutime, cstime are fields 14–17, counted after the ")" of the name.
  const own = readFileSync('/proc/self/stat', 'utf8').split(')').pop()?.trim().split(/\s+/).slice(11, 15).map(Number) ?? [];
  return { total, busy, own: own.reduce((sum, v) => sum + v, 0) };
}

/**
 * Starts measuring how much of the machine other processes use; the returned function gives the
 * fraction of all cores' time they used since. Every child of the benchmark is awaited before it
 * is read, so the children's CPU is counted as the benchmark's own.
 */
export function interference() {
  const before = ticks();
  return () => {
    const after = ticks();
    const others = after.busy - before.busy - (after.own - before.own);
    return Math.max(0, others) / Math.max(1, after.total - before.total);
  };
}
