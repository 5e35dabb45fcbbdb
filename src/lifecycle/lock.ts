/**
 * The lock that serialises renewals of the job's state (./resume.ts): a file beside the state,
 * created exclusively (O_EXCL, never through a link), holding its command's pid, the tag of its
 * process namespace (./process.ts) and a random value of its own. Its holder touches it every 5 s
 * while it works (a renewal may take minutes: four tries of up to request-timeout each, and a
 * Retry-After), so a lock is taken over only when its command has ended (its pid gone, in this
 * namespace) or has stopped touching it for 30 s (stopped, or in a namespace whose pids mean
 * nothing here), never because a slow renewal outlasts a fixed wait.
 *
 * Two commands that find a lock left at once must not both take it, or both would spend the one
 * refresh token (a second use of a spent one ends the session in Keycloak). So every removal of a
 * lock, a takeover's or its holder's release, is done under a second file, `.takeover`, where the
 * lock is judged again; never on an earlier look, by when another command may have taken it.
 *
 * What is left: a command killed in the microseconds it holds `.takeover` leaves it behind; it is
 * cleared once its command has ended or it is 10 s old, and two commands clearing it at the same
 * moment could still both go on.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, futimesSync, lstatSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { DotstatError } from '../errors.js';
import { notAPlainFile } from '../files.js';
import { hasEnded, NAMESPACE_TAG } from './process.js';

/** How often a holder touches its lock, and how long one untouched is taken to be stuck. */
const HEARTBEAT_MS = 5_000;
const STALE_MS = 30_000;
/** A `.takeover` older than this was left by a killed command (it is held for microseconds). */
const TAKEOVER_STALE_MS = 10_000;
const POLL_MS = 50;

export interface LockOptions {
  readonly heartbeatMs?: number;
  readonly staleMs?: number;
  readonly debug?: (message: string) => void;
}

/** A file made by create(): its content, unique to it, and the open descriptor that touches it. */
interface Held {
  readonly content: string;
  readonly fd: number;
}

/** Takes the lock at `lock`, waiting for its holder; resolves with the release. */
export async function acquireLock(lock: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const staleMs = options.staleMs ?? STALE_MS;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  // The lock as this command last saw it change (its inode and times), on this command's monotonic
  // clock: the wall clock jumps (a suspend, an NTP step) and would make a live holder's touch look
  // old before its next one is due; the monotonic clock stands still while the machine sleeps.
  let seen: { key: string; since: number } | undefined;
  for (;;) {
    const held = create(lock);
    if (held) {
      // Through the descriptor: the file this command made, whatever is at the path by then.
      const heartbeat = setInterval(() => touch(held.fd), heartbeatMs);
      heartbeat.unref();
      return async () => {
        clearInterval(heartbeat);
        closeSync(held.fd);
        // Never an error of the command that renewed (its token, or its own error, would be lost):
        // a lock left behind is taken over once this command has ended, or untouched.
        await release(lock, held.content).catch((error: unknown) => options.debug?.(`Left the lock ${lock}: ${(error as Error).message}`));
      };
    }
    const key = keyOf(lock);
    if (key !== seen?.key) seen = key === undefined ? undefined : { key, since: performance.now() };
    const watched = seen;
    // Stuck: seen unchanged by this command for the stale time, or for three touches when its mtime is that old too.
    const stuck = () => {
      if (!watched || keyOf(lock) !== watched.key) return false;
      const unchanged = performance.now() - watched.since;
      return unchanged > staleMs || (unchanged > Math.min(staleMs, 3 * heartbeatMs) && ageMs(lock) > staleMs);
    };
    // Judged only under .takeover: judged before, the lock may have changed hands by the time it is removed.
    if (takeOver(lock, () => isLeft(lock) || stuck())) {
      options.debug?.(`Took over the lock ${lock}: its command had ended or stopped for ${Math.round(staleMs / 1000)} s.`);
      seen = undefined;
      continue;
    }
    await sleep(POLL_MS);
  }
}

/**
 * Removes the lock if `stillLeft()` says so under `.takeover`; false when another command is at
 * it (or the lock was taken meanwhile).
 */
export function takeOver(lock: string, stillLeft: () => boolean): boolean {
  const guard = `${lock}.takeover`;
  const held = create(guard);
  if (!held) {
    clearStale(guard);
    return false;
  }
  closeSync(held.fd);
  try {
    if (!stillLeft()) return false;
    remove(lock);
    return true;
  } finally {
    removeIfMine(guard, held.content);
  }
}

/**
 * Removes the lock while it is still this command's (one that took it over as stuck holds it now),
 * under `.takeover` as a takeover does. A command that cannot get `.takeover` for 11 s leaves the
 * lock: it ends, and the next command finds it gone.
 */
async function release(lock: string, content: string): Promise<void> {
  const guard = `${lock}.takeover`;
  const until = Date.now() + TAKEOVER_STALE_MS + 1000;
  for (;;) {
    const held = create(guard);
    if (held) {
      closeSync(held.fd);
      try {
        removeIfMine(lock, content);
      } finally {
        removeIfMine(guard, held.content);
      }
      return;
    }
    clearStale(guard);
    if (Date.now() > until) return;
    await sleep(5);
  }
}

/** Creates the file exclusively with this command's pid, namespace and a value of its own; undefined when one exists. */
function create(path: string): Held | undefined {
  let fd: number;
  try {
    // Exclusive, never through a link: a lock planted as a link to another file is never written.
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw lockError(path, error);
  }
  const content = `${process.pid} ${NAMESPACE_TAG} ${randomBytes(8).toString('hex')}`;
  try {
    writeSync(fd, content);
  } catch (error) {
    // A disk that is full: an empty file would read as a lock being made, and stay.
    closeSync(fd);
    rmSync(path, { force: true });
    throw lockError(path, error);
  }
  return { content, fd };
}

function touch(fd: number): void {
  try {
    const now = new Date();
    futimesSync(fd, now, now);
  } catch {
    // In a timer, so never thrown: a touch that fails (a file system gone read-only) only lets the lock look stuck sooner.
  }
}

function removeIfMine(path: string, content: string): void {
  if (contentOf(path) === content) remove(path);
}

function clearStale(guard: string): void {
  if (isLeft(guard) || ageMs(guard) > TAKEOVER_STALE_MS) remove(guard);
}

/** A lock whose command has ended (its pid gone, in this namespace), or one no command of ours made. */
function isLeft(path: string): boolean {
  // A link, a pipe or a folder is no lock a command made: never read through it (a pipe would block).
  if (notAPlainFile(path)) return true;
  const [pid, tag] = (contentOf(path) ?? '').split(' ');
  // Empty (pid 0, never ended) while its command is between creating it and writing; a lock of an older version holds the pid alone.
  return hasEnded(Number(pid), tag ?? NAMESPACE_TAG);
}

function contentOf(path: string): string | undefined {
  if (notAPlainFile(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Which file is at the path, and when it was last touched: changes with every touch, whatever the clock says. */
function keyOf(path: string): string | undefined {
  try {
    const stats = lstatSync(path);
    return `${stats.ino}:${stats.mtimeMs}:${stats.ctimeMs}`;
  } catch {
    return undefined;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - lstatSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function remove(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch (error) {
    throw lockError(path, error);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lockError(lock: string, error: unknown): DotstatError {
  return new DotstatError(
    'STATE',
    `Cannot lock the job's state (${lock}): ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
    'Check that the folder of the state is writable; remove a link or folder at that path.',
  );
}
