/**
 * Using the token within the job, since nothing that leaves the job can be masked on GitLab: a
 * file only this user can read, or a child process's environment. The token is never printed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DotstatError } from '../errors.js';
import { notAPlainFile, replaceFile } from '../files.js';
import { hasEnded, NAMESPACE_TAG } from '../lifecycle/process.js';

/** exec's own token files: `dotstat-access-token-TAG-PID-RANDOM`, TAG and PID those of the exec that writes it. */
const EXEC_TOKEN_FILE = /^dotstat-access-token-([0-9a-f]{8})-(\d+)-[0-9a-f]{12}$/;

/**
 * exec's own token file, when --token-file names none, in the job's private folder (mode 0700, or
 * RUNNER_TEMP); exec removes it when it ends. One that a killed exec (SIGKILL, a runner that
 * stopped) could not remove is removed here, by the next exec of this user: its pid is gone.
 */
export function execTokenPath(folder: string): string {
  removeLeftTokenFiles(folder);
  return join(folder, `dotstat-access-token-${NAMESPACE_TAG}-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Removes the token files of execs that have ended (in this namespace: ../lifecycle/process.ts); their names. Never fails. */
export function removeLeftTokenFiles(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names.filter((name) => {
    const [, tag = '', pid = ''] = EXEC_TOKEN_FILE.exec(name) ?? [];
    if (!hasEnded(Number(pid), tag)) return false;
    try {
      // A link is removed as the link, never followed; a folder is refused by rmSync (no recursive) and left, and never breaks exec.
      rmSync(join(folder, name), { force: true });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Writes (or rewrites, after a renewal) the access token to a file with mode 0600, never through
 * a link or into a pipe (../files.ts).
 */
export function writeTokenFile(path: string, token: string): void {
  checkTokenFile(path);
  try {
    replaceFile(path, token, 0o600);
  } catch (error) {
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
  const kind = notAPlainFile(path);
  if (kind)
    throw new DotstatError(
      'TOKEN_FILE',
      `Cannot write the token file '${path}': it is ${kind}, not a regular file.`,
      'Give the path of a regular file, or of one that does not exist yet.',
    );
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
