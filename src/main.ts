/**
 * The action: wiring only. On GitHub the GitHub adapter is used; anywhere else the plain one,
 * which prints no workflow command and no secret. ./index.ts runs it (dist/index.js, what
 * action.yml runs); `@github/local-action` imports this file and calls `run()` itself.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseConfig } from './config.js';
import { asDotstatError } from './errors.js';
import { SECRET_INPUTS } from './inputs.js';
import { actionInputs } from './platform/action-inputs.js';
import { canMint, jobFolders, listenForCancellation, maskFirst } from './platform/startup.js';
import { createTerminalPlatform } from './platform/terminal.js';
import type { Platform } from './platform/types.js';
import { newStatePath } from './lifecycle/state.js';
import { STATE_NAME } from './post.js';
import { run as runJob } from './run.js';
import { SECRETS, type SecretRegistry } from './secrets.js';

async function platformFor(env: NodeJS.ProcessEnv, secrets: SecretRegistry, debug: boolean): Promise<Platform> {
  if (env.GITHUB_ACTIONS !== 'true') return createTerminalPlatform(secrets, { debug });
  // Loaded as the command line loads it (src/cli.ts), so that both bundles share one chunk of it
  // and of @actions/core (scripts/build.mjs); never loaded off GitHub, where it would print secrets.
  const { createGithubPlatform } = await import('./platform/github.js');
  return createGithubPlatform(secrets);
}

/**
 * Where this step keeps its sign-in for later steps (`dotstat-action token`, through
 * DOTSTAT_STATE_FILE) and for its post step (the path in GITHUB_STATE; the file, mode 0600, in
 * RUNNER_TEMP: ./lifecycle/state.ts).
 */
function keepStateFor(platform: Platform, env: NodeJS.ProcessEnv): string | undefined {
  // Only on a runner, which runs the post step (GITHUB_STATE) and empties RUNNER_TEMP after the job:
  // elsewhere (@github/local-action) nothing would remove the file.
  if (!platform.saveState || !env.GITHUB_STATE || !env.RUNNER_TEMP) return undefined;
  const path = newStatePath(env);
  platform.saveState(STATE_NAME, path);
  platform.exportVariable('DOTSTAT_STATE_FILE', path, { secret: false });
  // This action's own command line, for `node "$DOTSTAT_CLI_JS" token` in later steps (no download).
  const cli = join(dirname(process.argv[1] ?? ''), 'cli.js');
  if (existsSync(cli)) platform.exportVariable('DOTSTAT_CLI_JS', cli, { secret: false });
  return path;
}

/** Runs the action once; a failure of the job is reported through the platform, as the step's failure. */
export async function run(): Promise<void> {
  const env = process.env;
  const secrets = SECRETS;
  const debug = env.RUNNER_DEBUG === '1' || env.ACTIONS_STEP_DEBUG === 'true';
  const platform = await platformFor(env, secrets, debug);
  const raw = actionInputs(env);
  // Masking first: every secret input, raw and trimmed, before anything else can print.
  maskFirst(
    platform,
    SECRET_INPUTS.map((name) => raw(name)),
    env,
    raw('file-url'),
  );
  const cancellation = listenForCancellation();
  try {
    const config = parseConfig(raw, { canMintIdToken: canMint(platform, env), env });
    await runJob(config, platform, { signal: cancellation.signal, folders: jobFolders(env), stateFile: config.idp && keepStateFor(platform, env) });
  } catch (error) {
    platform.setFailed(asDotstatError(error).describe());
  } finally {
    cancellation.release();
  }
}
