/**
 * The GitLab CI adapter. GitLab cannot mask anything at run time (only variables defined in the
 * project's settings are masked), so this adapter never prints a secret at all, and never a `::`
 * command (which @actions/core would print with the value in clear). Transfer logs go into
 * GitLab's collapsible sections; non-secret results go to a dotenv report for later jobs.
 * @see https://docs.gitlab.com/ci/jobs/job_logs/#custom-collapsible-sections
 */
import type { SecretRegistry } from '../secrets.js';
import type { DotenvReport } from './dotenv.js';
import { createTerminalPlatform } from './terminal.js';
import type { Platform } from './types.js';

const ESC = '\u001b';
let sections = 0;

async function section<T>(title: string, fn: () => Promise<T>, print: (line: string) => void): Promise<T> {
  const name = `dotstat_${++sections}`;
  const now = () => Math.floor(Date.now() / 1000);
  print(`${ESC}[0Ksection_start:${now()}:${name}[collapsed=true]\r${ESC}[0K${title}`);
  try {
    return await fn();
  } finally {
    print(`${ESC}[0Ksection_end:${now()}:${name}\r${ESC}[0K`);
  }
}

export function createGitlabPlatform(secrets: SecretRegistry, options: { readonly debug: boolean; readonly dotenv?: DotenvReport }): Platform {
  return createTerminalPlatform(secrets, { ...options, section, name: 'gitlab' });
}
