/**
 * Using the token within the job, since nothing that leaves the job can be masked on GitLab: a
 * file only this user can read, or a child process's environment. The token is never printed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, lstatSync, openSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DotstatError } from '../errors.js';

/**
 * Writes (or rewrites, after a renewal) the access token to a file with mode 0600. The token goes
 * into a new file beside it, created exclusively without following a link, and is renamed into
 * place: a reader never sees half a token, a symbolic link planted at the path is replaced, not
 * followed (its target is never written or re-moded), and a named pipe is refused, never opened
 * (opening one blocks until a reader comes, and the event loop with it).
 */
export function writeTokenFile(path: string, token: string): void {
  checkTokenFile(path);
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      // The umask may have taken bits away, never added them; set exactly 0600 all the same.
      fchmodSync(fd, 0o600);
      writeFileSync(fd, token);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new DotstatError(
      'TOKEN_FILE',
      `Cannot write the token file '${path}': ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
      'Check that its folder exists and is writable.',
      { cause: error },
    );
  }
}

/** Refuses a path that is there but is no regular file; run before any request, and before each write. */
export function checkTokenFile(path: string): void {
  const existing = statOf(path);
  if (existing && !existing.isFile()) {
    throw new DotstatError(
      'TOKEN_FILE',
      `Cannot write the token file '${path}': it is ${kindOf(existing)}, not a regular file.`,
      'Give the path of a regular file, or of one that does not exist yet.',
    );
  }
}

function statOf(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSocket()) return 'a socket';
  return 'a device';
}

/** Runs the command with extra environment variables; resolves with its exit status. */
export function execWith(command: readonly string[], extraEnv: Readonly<Record<string, string>>): Promise<number> {
  const [file, ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(file as string, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onTerm = forward('SIGTERM');
    const onInt = forward('SIGINT');
    process.on('SIGTERM', onTerm).on('SIGINT', onInt);
    child.on('error', (error: NodeJS.ErrnoException) => {
      process.off('SIGTERM', onTerm).off('SIGINT', onInt);
      reject(
        new DotstatError(
          'EXEC_FAILED',
          `Cannot run '${file}': ${error.code === 'ENOENT' ? 'command not found' : (error.code ?? error.message)}.`,
          'Check the command after exec --, and that it is on PATH.',
        ),
      );
    });
    child.on('close', (code, signal) => {
      process.off('SIGTERM', onTerm).off('SIGINT', onInt);
      resolve(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 1));
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Partial<Record<NodeJS.Signals, number>>)[signal];
}
