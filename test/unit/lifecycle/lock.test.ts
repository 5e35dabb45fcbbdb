/**
 * The lock that serialises renewals of the job's state: a lock left by a command that has gone, or
 * held too long, is taken over, and only by one command at a time (a takeover judges the lock again
 * under `.takeover`), so two commands never spend the one refresh token.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { acquireLock, processAlive, takeOver } from '../../../src/lifecycle/lock.js';
import { ROOT } from '../../support/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'dotstat-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const lockPath = () => join(dir, `state-${++n}.json.lock`);

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** A process that runs until the test ends it. */
const sleepers: ChildProcess[] = [];
afterEach(() => {
  for (const child of sleepers.splice(0)) child.kill();
});
function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  sleepers.push(child);
  return child.pid as number;
}

/** Whether the promise settles within `ms`. */
const settlesWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, ms, false))]);

describe('acquireLock()', () => {
  it('no lock: made exclusively, mode 0600, holding this pid; released, it is gone', async () => {
    const lock = lockPath();
    const release = await acquireLock(lock);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    expect(statSync(lock).mode & 0o777).toBe(0o600);
    release();
    expect(existsSync(lock)).toBe(false);
  });

  it("a live command's lock: waited for, and taken once it is released", async () => {
    const lock = lockPath();
    writeFileSync(lock, String(livePid()));
    const acquired = acquireLock(lock);
    expect(await settlesWithin(acquired, 300)).toBe(false);
    rmSync(lock);
    const release = await acquired;
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    release();
  });

  it('a lock whose command has gone: taken over at once, and said so in the debug log', async () => {
    const lock = lockPath();
    writeFileSync(lock, String(deadPid()));
    const said: string[] = [];
    const release = await acquireLock(lock, { debug: (line) => said.push(line) });
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    expect(said.join('\n')).toContain(`Took over the lock ${lock}`);
    expect(existsSync(`${lock}.takeover`)).toBe(false);
    release();
  });

  it('a lock held longer than the wait by a live command: taken over as stuck', async () => {
    const lock = lockPath();
    writeFileSync(lock, String(livePid()));
    const started = Date.now();
    const release = await acquireLock(lock, { waitMs: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    release();
  });

  it('a lock that changed hands while waiting: the wait starts again for its new holder', async () => {
    const lock = lockPath();
    writeFileSync(lock, String(livePid()));
    const acquired = acquireLock(lock, { waitMs: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 700));
    // Another command released it and a third took it: a new file, a new holder.
    rmSync(lock);
    writeFileSync(lock, String(livePid()));
    // Past the first holder's 1000 ms, not yet past the second one's.
    expect(await settlesWithin(acquired, 700)).toBe(false);
    (await acquired)();
  });

  it("a command whose lock was taken over as stuck, releasing at last, leaves the new holder's lock alone", async () => {
    const lock = lockPath();
    const releaseFirst = await acquireLock(lock);
    // Another command took it over (the first seemed stuck) and holds it now.
    rmSync(lock);
    writeFileSync(lock, String(livePid()));
    const held = readFileSync(lock, 'utf8');
    releaseFirst();
    expect(readFileSync(lock, 'utf8')).toBe(held);
  });

  it('five commands, each ending without releasing (as killed): each takes the lock over from the one before, never two at once', async () => {
    const lock = lockPath();
    const inside = `${lock}.inside`;
    writeFileSync(lock, String(deadPid()));
    const runs = Array.from(
      { length: 5 },
      () =>
        new Promise<string>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/lock-contender.ts'), lock, inside], { cwd: ROOT });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (out += d.toString()));
          child.on('close', (code) => resolve(`${code}: ${out.trim()}`));
        }),
    );
    expect(await Promise.all(runs)).toEqual(Array(5).fill('0: held'));
    expect(existsSync(`${lock}.takeover`)).toBe(false);
  }, 30_000);
});

describe('takeOver()', () => {
  it('judges the lock again only while it holds .takeover, and removes it only when still left', () => {
    const lock = lockPath();
    writeFileSync(lock, String(deadPid()));
    const judged: string[] = [];
    const judge = (left: boolean) => () => {
      judged.push(readFileSync(`${lock}.takeover`, 'utf8'));
      return left;
    };
    expect(takeOver(lock, judge(false))).toBe(false);
    expect(existsSync(lock)).toBe(true);
    expect(takeOver(lock, judge(true))).toBe(true);
    expect(existsSync(lock)).toBe(false);
    expect(judged).toEqual([String(process.pid), String(process.pid)]);
    expect(existsSync(`${lock}.takeover`)).toBe(false);
  });

  it('a takeover under way in another command: this one removes nothing and waits', async () => {
    const lock = lockPath();
    writeFileSync(lock, String(deadPid()));
    writeFileSync(`${lock}.takeover`, String(livePid()));
    expect(takeOver(lock, () => true)).toBe(false);
    expect(existsSync(lock)).toBe(true);
    const acquired = acquireLock(lock);
    expect(await settlesWithin(acquired, 300)).toBe(false);
    // The other command's takeover ends (it found the lock taken meanwhile, say): this one goes on.
    rmSync(`${lock}.takeover`);
    (await acquired)();
  });

  it('.takeover left by a command that was killed in it: cleared, and the lock then taken over', async () => {
    const lock = lockPath();
    writeFileSync(lock, String(deadPid()));
    writeFileSync(`${lock}.takeover`, String(deadPid()));
    const release = await acquireLock(lock);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    expect(existsSync(`${lock}.takeover`)).toBe(false);
    release();
  });
});

describe('processAlive()', () => {
  it('this process and a running one are alive; an ended one is not', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(livePid())).toBe(true);
    expect(processAlive(deadPid())).toBe(false);
  });
});
