/**
 * The lock that serialises renewals of the job's state (./resume.ts): a file beside the state,
 * created exclusively (O_EXCL, never through a link) and holding its command's pid.
 *
 * A lock left by a command that ended (its pid is gone), or held longer than any renewal takes, is
 * taken over; two commands that find it so at once must not both take it, or both would spend the
 * one refresh token (a second use of a spent one ends the session in Keycloak). So a takeover is
 * itself exclusive: the lock is judged, and removed, only under a second file, `.takeover`. Never
 * on an earlier look: by the time it is removed, another command may have taken it.
 *
 * What is left: a command killed in the microseconds it holds `.takeover` leaves it behind; it is
 * cleared once its pid is gone or it is 10 s old, and two commands clearing it at the same moment
 * could still both take over.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { DotstatError } from '../errors.js';
import { notAPlainFile } from '../files.js';

/** How long a command waits for another's renewal: a lock held this long by one command is taken to be stuck. */
export const LOCK_WAIT_MS = 60_000;
/** A `.takeover` older than this was left by a killed command (it is held for microseconds). */
const TAKEOVER_STALE_MS = 10_000;
const POLL_MS = 50;

export interface LockOptions {
  readonly waitMs?: number;
  readonly debug?: (message: string) => void;
}

/** Which file is at a path: an inode is soon reused once its file is removed, so its change time too. */
type Identity = string;

/** Takes the lock at `lock`, waiting for its holder; resolves with the release. */
export async function acquireLock(lock: string, options: LockOptions = {}): Promise<() => void> {
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  // The lock being waited on, and since when: a new holder starts the wait anew.
  let seen: { id: Identity; since: number } | undefined;
  for (;;) {
    const mine = create(lock);
    if (mine !== undefined) return () => release(lock, mine);
    const id = identityOf(lock);
    if (id !== undefined && id !== seen?.id) seen = { id, since: Date.now() };
    const waited = seen;
    // Judged only under .takeover: judged before, the lock may have changed hands by the time it is removed.
    if (waited && id !== undefined && takeOver(lock, () => isLeft(lock) || (identityOf(lock) === waited.id && Date.now() - waited.since > waitMs))) {
      options.debug?.(`Took over the lock ${lock}: its command had ended or held it longer than ${Math.round(waitMs / 1000)} s.`);
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Creates the file exclusively with this pid in it; which file it is, or undefined when one exists. */
function create(path: string): Identity | undefined {
  let fd: number;
  try {
    // Exclusive, never through a link: a lock planted as a link to another file is never written.
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw lockError(path, error);
  }
  try {
    writeSync(fd, String(process.pid));
    const stats = fstatSync(fd);
    return `${stats.ino}:${stats.ctimeMs}`;
  } finally {
    closeSync(fd);
  }
}

/** Removes the lock only while it is still this command's (a command that took it over as stuck holds it now). */
function release(lock: string, mine: Identity): void {
  if (identityOf(lock) === mine) rmSync(lock, { force: true });
}

/**
 * Removes the lock if `stillLeft()` says so under `.takeover`; false when another command is taking
 * it over (or the lock was taken meanwhile).
 */
export function takeOver(lock: string, stillLeft: () => boolean): boolean {
  const guard = `${lock}.takeover`;
  const mine = create(guard);
  if (mine === undefined) {
    if (isLeft(guard) || ageMs(guard) > TAKEOVER_STALE_MS) rmSync(guard, { force: true });
    return false;
  }
  try {
    if (!stillLeft()) return false;
    rmSync(lock, { force: true });
    return true;
  } finally {
    release(guard, mine);
  }
}

/** A lock whose command has ended (its process is gone), or one no command of ours made. */
function isLeft(lock: string): boolean {
  // A link or a pipe is no lock this command made: never read through it (a pipe would block).
  if (notAPlainFile(lock)) return true;
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return false;
  }
  // Empty while its command is between creating it and writing its pid.
  return Number.isInteger(pid) && pid > 0 && !processAlive(pid);
}

/** Whether the process runs (one of another user's too: EPERM is an answer that it does). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function identityOf(path: string): Identity | undefined {
  try {
    const stats = lstatSync(path);
    return `${stats.ino}:${stats.ctimeMs}`;
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

function lockError(lock: string, error: unknown): DotstatError {
  return new DotstatError(
    'STATE',
    `Cannot lock the job's state (${lock}): ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
    'Check that the folder of the state is writable; remove a link or folder at that path.',
  );
}
