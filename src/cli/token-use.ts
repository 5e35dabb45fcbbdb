/**
 * Using the token within the job, since nothing that leaves the job can be masked on GitLab: a
 * file only this user can read, or a child process's environment. The token is never printed.
 */
import { spawn } from 'node:child_process';
import { DotstatError } from '../errors.js';
import { notAPlainFile, replaceFile } from '../files.js';

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
