/**
 * Opens a URL in the system browser: $BROWSER where set (as Python's webbrowser reads it), else
 * `open` (macOS), `rundll32 url.dll,FileProtocolHandler` (Windows: no shell, so no & in the URL is
 * read as a command separator), `xdg-open` (elsewhere). Never on CI; the URL is printed anyway.
 */
import { spawn } from 'node:child_process';

export function browserCommand(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string[] {
  const chosen = env.BROWSER?.split(':')[0]?.trim();
  if (chosen) return [chosen];
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['rundll32', 'url.dll,FileProtocolHandler'];
  return ['xdg-open'];
}

/** Starts the browser without waiting for it; false when it could not be started. */
export function openBrowser(command: readonly string[], url: string): Promise<boolean> {
  const [program = '', ...args] = command;
  return new Promise((resolve) => {
    try {
      const child = spawn(program, [...args, url], { stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
