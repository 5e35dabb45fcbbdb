/**
 * The action's post step (action.yml `runs.post`, `post-if: always()`): at the end of the job,
 * whatever its outcome, revoke what the main step signed in and remove its state
 * (./lifecycle/finish.ts). It never fails the job: a failed revocation is a warning.
 */
import { SECRET_INPUTS } from './inputs.js';
import { finishJob } from './lifecycle/finish.js';
import { actionInputs } from './platform/action-inputs.js';
import { maskFirst } from './platform/startup.js';
import { createTerminalPlatform } from './platform/terminal.js';
import type { Platform } from './platform/types.js';
import { SECRETS } from './secrets.js';

/** The name under which the main step saves the path of its state (GITHUB_STATE). */
export const STATE_NAME = 'dotstat-state-file';

export async function post(): Promise<void> {
  const env = process.env;
  let platform: Platform;
  if (env.GITHUB_ACTIONS === 'true') {
    const { createGithubPlatform } = await import('./platform/github.js');
    platform = createGithubPlatform(SECRETS);
  } else platform = createTerminalPlatform(SECRETS, { debug: env.RUNNER_DEBUG === '1' });
  // Masking first, as the main step does: the post step is a process of its own, and its redaction
  // must know every secret input (a server may echo one in a refusal), not only the kept tokens.
  const raw = actionInputs(env);
  maskFirst(
    platform,
    SECRET_INPUTS.map((name) => raw(name)),
    env,
  );
  const path = platform.getState?.(STATE_NAME) ?? env[`STATE_${STATE_NAME}`];
  if (!path) return platform.debug('The main step kept no sign-in: nothing to revoke.');
  await finishJob(path, platform);
}
