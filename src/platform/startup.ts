/**
 * What both entry points (the action and the command line) do before anything else: mask every
 * secret they were given, and turn the first SIGINT/SIGTERM into a cancellation of the job (a
 * cancelled workflow sends SIGINT, then SIGTERM); a second signal ends the process at once.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Platform } from './types.js';

/**
 * Masks each value, raw and trimmed; the password of a proxy URL (user:password@host); and the
 * query of the file-url, where a signed URL carries its signature (a service that echoes the URL
 * back must not publish it).
 */
export function maskFirst(platform: Platform, secrets: ReadonlyArray<string | undefined>, env: NodeJS.ProcessEnv, fileUrl?: string): void {
  for (const value of secrets) {
    platform.addSecret(value);
    platform.addSecret(value?.trim());
  }
  // The runner's credential for minting ID tokens (keyless): as secret as the token it mints.
  platform.addSecret(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) platform.addSecret(proxyPassword(env[name]));
  for (const part of queryParts(fileUrl)) platform.addSecret(part);
}

/** A URL's query, raw and decoded, and each long parameter value: the parts of it that may sign it. */
function queryParts(value: string | undefined): string[] {
  const query = /\?([^#]*)/.exec(value?.trim() ?? '')?.[1];
  if (!query) return [];
  const parts = [query];
  try {
    parts.push(decodeURIComponent(query));
  } catch {
    // Not percent-encoded text: the raw query is masked all the same.
  }
  // A signature or a token is long; a short value (X-Amz-Expires=3600) masked would blank that
  // number out of every line of the log.
  for (const [, v] of new URLSearchParams(query)) if (v.length >= 8) parts.push(v);
  return parts;
}

function proxyPassword(value: string | undefined): string | undefined {
  try {
    return value ? decodeURIComponent(new URL(value).password) || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the job may mint an ID token (GitHub sets these two only with permissions: id-token: write). */
export function canMint(platform: Platform, env: NodeJS.ProcessEnv): boolean {
  return Boolean(platform.mintIdToken && env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}

/** Where the job writes its files. */
export interface JobFolders {
  /** Temporary files (a zip before it is sent): the runner's temp folder, removed after the job. */
  readonly temp: string;
  /** The full Transfer logs: the runner's temp folder on GitHub, else the working folder, where GitLab artifacts must lie. */
  readonly logs: string;
}

export function jobFolders(env: NodeJS.ProcessEnv, cwd = process.cwd()): JobFolders {
  return { temp: env.RUNNER_TEMP || tmpdir(), logs: join(env.RUNNER_TEMP || cwd, 'dotstat-logs') };
}

export interface Cancellation {
  readonly signal: AbortSignal;
  /** Stops listening (before handing the terminal to a child process, and at the end). */
  readonly release: () => void;
}

export function listenForCancellation(): Cancellation {
  const cancel = new AbortController();
  const onSignal = () => (cancel.signal.aborted ? process.exit(130) : cancel.abort());
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return { signal: cancel.signal, release: () => void process.off('SIGINT', onSignal).off('SIGTERM', onSignal) };
}
