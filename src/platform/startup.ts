/**
 * What both entry points (the action and the command line) do before anything else: mask every
 * secret they were given, and turn the first SIGINT/SIGTERM into a cancellation of the job (a
 * cancelled workflow sends SIGINT, then SIGTERM); a second signal ends the process at once.
 */
import type { Platform } from './types.js';

/** Masks each value, raw and trimmed, and the password of a proxy URL (user:password@host). */
export function maskFirst(platform: Platform, secrets: ReadonlyArray<string | undefined>, env: NodeJS.ProcessEnv): void {
  for (const value of secrets) {
    platform.addSecret(value);
    platform.addSecret(value?.trim());
  }
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) platform.addSecret(proxyPassword(env[name]));
}

function proxyPassword(value: string | undefined): string | undefined {
  try {
    return value ? decodeURIComponent(new URL(value).password) || undefined : undefined;
  } catch {
    return undefined;
  }
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
