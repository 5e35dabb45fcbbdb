/** `dotstat-action login` (dist/cli.js) as a person runs it: its lines read as they come, and its end. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../support/harness.js';

export interface LoginRun {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the first match of `pattern` in stderr (the messages), as soon as it appears. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  readonly done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(): void;
}

/** A terminal with no display and no CI marks, unless `env` says otherwise. */
export function startLogin(args: readonly string[], env: Record<string, string> = {}): LoginRun {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' };
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'login', ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
    for (const w of waiters) w();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      for (const w of waiters) w();
      resolve({ code, stdout: out, stderr: err });
    }),
  );
  return {
    stdout: () => out,
    stderr: () => err,
    done,
    kill: () => void child.kill('SIGKILL'),
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(err);
          if (match) {
            cleanup();
            resolve(match);
          } else if (child.exitCode !== null) {
            cleanup();
            reject(new Error(`login ended (${child.exitCode}) before ${pattern}:\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${err}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
