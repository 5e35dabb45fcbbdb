/**
 * Writing a file the user named (--token-file, the dotenv report) in a folder that a repository's
 * content may have prepared: the content goes into a new file beside it, created exclusively and
 * without following a link, and is renamed into place. A reader never sees half a file; a symbolic
 * link planted at the path is never followed (its target is neither written nor re-moded); a named
 * pipe is refused, never opened (opening one blocks until a reader comes, and the event loop with
 * it, and then no signal can end the process).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, lstatSync, openSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Why a path cannot take the file ('a symbolic link', …), or undefined when it is a regular file or absent. */
export function notAPlainFile(path: string): string | undefined {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch {
    return undefined;
  }
  if (stats.isFile()) return undefined;
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSocket()) return 'a socket';
  return 'a device';
}

/** Replaces the file at `path` with `content` and exactly `mode`; throws the system error (its code says why). */
export function replaceFile(path: string, content: string, mode: number): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    try {
      // The umask may have taken bits away, never added them; set the mode exactly all the same.
      fchmodSync(fd, mode);
      writeFileSync(fd, content);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
