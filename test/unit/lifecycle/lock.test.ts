/**
 * The lock that serialises renewals of the job's state: a lock whose command has ended, or that its
 * holder stopped touching, is taken over, and every removal (a takeover's, a release) is done under
 * `.takeover`, one command at a time, so two commands never spend the one refresh token.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DotstatError } from '../../../src/errors.js';
import { acquireLock, takeOver } from '../../../src/lifecycle/lock.js';
import { hasEnded, NAMESPACE_TAG, processAlive } from '../../../src/lifecycle/process.js';
import { ROOT } from '../../support/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'dotstat-lock-'));
/** Whether this machine lets a process make its own user and pid namespaces (AppArmor on Ubuntu 24.04 may not). */
const UNSHARE = spawnSync('unshare', ['-Urpf', '--mount-proc', 'true']).status === 0;
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

/** A lock or guard as a command of this namespace makes it. */
const made = (pid: number, tag = NAMESPACE_TAG) => `${pid} ${tag} 0123456789abcdef`;
/** Untouched for `seconds`. */
const untouched = (path: string, seconds: number) => utimesSync(path, new Date(), new Date(Date.now() - seconds * 1000));

/** Whether the promise settles within `ms`. */
const settlesWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, ms, false))]);

describe('acquireLock()', () => {
  it("no lock: made exclusively, mode 0600, holding this pid, this namespace's tag and a value of its own; released, it is gone", async () => {
    const lock = lockPath();
    const release = await acquireLock(lock);
    expect(readFileSync(lock, 'utf8')).toMatch(new RegExp(`^${process.pid} ${NAMESPACE_TAG} [0-9a-f]{16}$`));
    expect(statSync(lock).mode & 0o777).toBe(0o600);
    await release();
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(`${lock}.takeover`)).toBe(false);
  });

  it("a live command's lock: waited for, and taken once it is released", async () => {
    const lock = lockPath();
    writeFileSync(lock, made(livePid()));
    const acquired = acquireLock(lock);
    expect(await settlesWithin(acquired, 300)).toBe(false);
    rmSync(lock);
    const release = await acquired;
    expect(readFileSync(lock, 'utf8')).toContain(`${process.pid} `);
    await release();
  });

  it.each([
    ['this version', made],
    ['an older version (the pid alone)', (pid: number) => String(pid)],
  ])('a lock whose command has ended (%s): taken over at once, and said so in the debug log', async (_, content) => {
    const lock = lockPath();
    writeFileSync(lock, content(deadPid()));
    const said: string[] = [];
    const release = await acquireLock(lock, { debug: (line) => said.push(line) });
    expect(readFileSync(lock, 'utf8')).toContain(`${process.pid} `);
    expect(said.join('\n')).toContain(`Took over the lock ${lock}`);
    expect(existsSync(`${lock}.takeover`)).toBe(false);
    await release();
  });

  it('a holder that works on (a renewal of minutes: 503s, Retry-After) touches its lock and keeps it, however long', async () => {
    const lock = lockPath();
    const first = await acquireLock(lock, { heartbeatMs: 50 });
    // Untouched for 0.3 s is stuck here: the holder's touches every 50 ms keep it from being taken.
    const second = acquireLock(lock, { staleMs: 300 });
    expect(await settlesWithin(second, 1200)).toBe(false);
    await first();
    await (
      await second
    )();
  });

  it('a live command that stopped touching its lock (stopped, hung) for the stale time: taken over', async () => {
    const lock = lockPath();
    writeFileSync(lock, made(livePid()));
    untouched(lock, 31);
    // Seen unchanged for three of its touches (100 ms each here): a lock that old is not a wall-clock jump.
    const release = await acquireLock(lock, { heartbeatMs: 100 });
    expect(readFileSync(lock, 'utf8')).toContain(`${process.pid} `);
    await release();
  });

  it("another namespace's lock (a container sharing the folder): its pid means nothing here, so only its touches count", async () => {
    const lock = lockPath();
    // A pid that has ended here may be a live command there.
    writeFileSync(lock, made(deadPid(), 'deadbeef'));
    const acquired = acquireLock(lock, { heartbeatMs: 100 });
    expect(await settlesWithin(acquired, 300)).toBe(false);
    untouched(lock, 31);
    await (
      await acquired
    )();
  });

  it.each([31, 60, 3600])(
    'the wall clock jumps %i s ahead (a resume from suspend, an NTP step): the holder, alive and touching every 5 s, keeps its lock',
    async (seconds) => {
      const lock = lockPath();
      const releaseFirst = await acquireLock(lock);
      const mine = readFileSync(lock, 'utf8');
      const realNow = Date.now.bind(Date);
      // Both commands were suspended; the holder's next touch is up to 5 s away (timers run on the monotonic clock).
      const jumped = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + seconds * 1000);
      const second = acquireLock(lock);
      try {
        expect(await settlesWithin(second, 1500)).toBe(false);
        expect(readFileSync(lock, 'utf8')).toBe(mine);
      } finally {
        jumped.mockRestore();
        await releaseFirst();
        await (
          await second
        )();
      }
    },
  );

  it('a release leaves alone a lock of the same pid and namespace that is not its own (pids repeat across containers: only the random part differs)', async () => {
    const lock = lockPath();
    const release = await acquireLock(lock);
    rmSync(lock);
    const other = `${process.pid} ${NAMESPACE_TAG} fedcba9876543210`;
    writeFileSync(lock, other);
    await release();
    expect(readFileSync(lock, 'utf8')).toBe(other);
  });

  it('a release that cannot finish (a folder at .takeover) never fails the command that renewed: it says so in the debug log and leaves the lock', async () => {
    const lock = lockPath();
    const said: string[] = [];
    const release = await acquireLock(lock, { debug: (line) => said.push(line) });
    mkdirSync(`${lock}.takeover`);
    await expect(release()).resolves.toBeUndefined();
    expect(said.join('\n')).toContain(`Left the lock ${lock}: Cannot lock the job's state (${lock}.takeover)`);
    expect(existsSync(lock)).toBe(true);
  });

  it("a command whose lock was taken over as stuck, releasing at last, leaves the new holder's lock alone", async () => {
    const lock = lockPath();
    const releaseFirst = await acquireLock(lock);
    // Another command took it over (the first seemed stuck) and holds it now.
    rmSync(lock);
    writeFileSync(lock, made(livePid()));
    const held = readFileSync(lock, 'utf8');
    await releaseFirst();
    expect(readFileSync(lock, 'utf8')).toBe(held);
  });

  it('a release waits while another command is at .takeover (it judges the lock there), then removes its own lock', async () => {
    const lock = lockPath();
    const release = await acquireLock(lock);
    writeFileSync(`${lock}.takeover`, made(livePid()));
    const released = release();
    expect(await settlesWithin(released, 300)).toBe(false);
    expect(existsSync(lock)).toBe(true);
    rmSync(`${lock}.takeover`);
    await released;
    expect(existsSync(lock)).toBe(false);
  });

  it.each([
    ['the lock', ''],
    ['.takeover', '.takeover'],
  ])('a folder at the path of %s: the error says what to remove, never a crash', async (_, suffix) => {
    const lock = lockPath();
    if (suffix) writeFileSync(lock, made(deadPid()));
    mkdirSync(`${lock}${suffix}`);
    const error = await acquireLock(lock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DotstatError);
    expect((error as DotstatError).message).toContain(`Cannot lock the job's state (${lock}${suffix})`);
    expect((error as DotstatError).hint).toContain('remove a link or folder at that path');
  });

  it('five commands, each ending without releasing (as killed): each takes the lock over from the one before, never two at once', async () => {
    const lock = lockPath();
    const inside = `${lock}.inside`;
    writeFileSync(lock, made(deadPid()));
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
  it('judges the lock only while it holds .takeover, and removes it only when still left', () => {
    const lock = lockPath();
    writeFileSync(lock, made(deadPid()));
    const judged: string[] = [];
    const judge = (left: boolean) => () => {
      judged.push(readFileSync(`${lock}.takeover`, 'utf8'));
      return left;
    };
    expect(takeOver(lock, judge(false))).toBe(false);
    expect(existsSync(lock)).toBe(true);
    expect(takeOver(lock, judge(true))).toBe(true);
    expect(existsSync(lock)).toBe(false);
    expect(judged.map((content) => content.split(' ')[0])).toEqual([String(process.pid), String(process.pid)]);
    expect(existsSync(`${lock}.takeover`)).toBe(false);
  });

  it(".takeover cleared as stale while this command held it (stopped 10 s), and taken by another: that one's is left alone", () => {
    const lock = lockPath();
    writeFileSync(lock, made(deadPid()));
    const others = made(livePid());
    takeOver(lock, () => {
      rmSync(`${lock}.takeover`);
      writeFileSync(`${lock}.takeover`, others);
      return false;
    });
    expect(readFileSync(`${lock}.takeover`, 'utf8')).toBe(others);
  });

  it('a takeover under way in another command: this one removes nothing and waits', async () => {
    const lock = lockPath();
    writeFileSync(lock, made(deadPid()));
    writeFileSync(`${lock}.takeover`, made(livePid()));
    expect(takeOver(lock, () => true)).toBe(false);
    expect(existsSync(lock)).toBe(true);
    const acquired = acquireLock(lock);
    expect(await settlesWithin(acquired, 300)).toBe(false);
    // The other command's takeover ends (it found the lock taken meanwhile, say): this one goes on.
    rmSync(`${lock}.takeover`);
    await (
      await acquired
    )();
  });

  it.each([
    ['whose command has ended', (path: string) => writeFileSync(path, made(deadPid()))],
    [
      'over 10 s old',
      (path: string) => {
        writeFileSync(path, made(livePid()));
        untouched(path, 11);
      },
    ],
  ])('.takeover left by a command killed in it (%s): cleared, and the lock then taken over', async (_, leave) => {
    const lock = lockPath();
    writeFileSync(lock, made(deadPid()));
    leave(`${lock}.takeover`);
    const release = await acquireLock(lock);
    expect(readFileSync(lock, 'utf8')).toContain(`${process.pid} `);
    expect(existsSync(`${lock}.takeover`)).toBe(false);
    await release();
  });
});

describe('the commands that left a file', () => {
  it('this process and a running one are alive; an ended one is not', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(livePid())).toBe(true);
    expect(processAlive(deadPid())).toBe(false);
  });

  it('an ended pid has ended only in this namespace; never pid 0, a negative or an absurd one', () => {
    const pid = deadPid();
    expect(hasEnded(pid, NAMESPACE_TAG)).toBe(true);
    expect(hasEnded(pid, 'deadbeef')).toBe(false);
    expect(hasEnded(livePid(), NAMESPACE_TAG)).toBe(false);
    for (const odd of [0, -1, Number.NaN, 2 ** 60]) expect(hasEnded(odd, NAMESPACE_TAG)).toBe(false);
  });

  it.skipIf(!UNSHARE)('the namespace tag differs in another pid namespace (unshare)', () => {
    const probe = spawnSync(
      'unshare',
      [
        '-Urpf',
        '--mount-proc',
        process.execPath,
        '--import',
        'tsx',
        '-e',
        "import('./src/lifecycle/process.ts').then((m) => process.stdout.write(m.NAMESPACE_TAG))",
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(probe.status, probe.stderr).toBe(0);
    expect(probe.stdout).toMatch(/^[0-9a-f]{8}$/);
    expect(probe.stdout).not.toBe(NAMESPACE_TAG);
  });
});
