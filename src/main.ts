/**
 * The action's entry point (dist/index.js): wiring only. On GitHub the GitHub adapter is used;
 * anywhere else the plain one, which prints no workflow command and no secret.
 */
import { parseConfig } from './config.js';
import { asDotstatError } from './errors.js';
import { SECRET_INPUTS } from './inputs.js';
import { actionInputs } from './platform/action-inputs.js';
import { createGithubPlatform } from './platform/github.js';
import { createTerminalPlatform } from './platform/terminal.js';
import type { Platform } from './platform/types.js';
import { run } from './run.js';
import { SecretRegistry } from './secrets.js';

async function main(): Promise<void> {
  const env = process.env;
  const secrets = new SecretRegistry();
  const debug = env.RUNNER_DEBUG === '1' || env.ACTIONS_STEP_DEBUG === 'true';
  const platform: Platform = env.GITHUB_ACTIONS === 'true' ? createGithubPlatform(secrets) : createTerminalPlatform(secrets, { debug });
  const raw = actionInputs(env);
  // Masking first: every secret input, raw and trimmed, before anything else can print.
  for (const name of SECRET_INPUTS) {
    platform.addSecret(raw(name));
    platform.addSecret(raw(name)?.trim());
  }
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) platform.addSecret(proxyPassword(env[name]));
  // Cancellation (a cancelled workflow sends SIGINT, then SIGTERM): stop waiting and say which
  // requests are still running. A second signal ends the process at once.
  const cancel = new AbortController();
  const onSignal = () => (cancel.signal.aborted ? process.exit(130) : cancel.abort());
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    await run(parseConfig(raw), platform, { signal: cancel.signal });
  } catch (error) {
    platform.setFailed(asDotstatError(error).describe());
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

/** A proxy URL's password (user:password@host) is a secret too. */
function proxyPassword(value: string | undefined): string | undefined {
  try {
    return value ? decodeURIComponent(new URL(value).password) || undefined : undefined;
  } catch {
    return undefined;
  }
}

await main();
