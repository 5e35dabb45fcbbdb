/**
 * The command line's `token` and `revoke` commands, on the sign-in the job kept
 * (../lifecycle/state.ts). `token` writes the access token, and only it, to stdout, so that
 * `$(dotstat-action token)` is the token: every other line goes to stderr, on GitHub the mask of a
 * renewed token too (the runner reads workflow commands from both streams; the main step masked
 * the kept ones already, and masks last for the whole job).
 */
import type { RevokePolicy } from '../config.js';
import { finishJob } from '../lifecycle/finish.js';
import { validToken } from '../lifecycle/resume.js';
import { defaultStatePath } from '../lifecycle/state.js';
import { parseEnum } from '../parse.js';
import { createTerminalPlatform } from '../platform/terminal.js';
import type { Platform } from '../platform/types.js';
import type { SecretRegistry } from '../secrets.js';
import type { CliOptions } from './args.js';

/** The state the commands work on: --state-file, else this job's default (in CI). */
export function statePathOf(options: CliOptions, env: NodeJS.ProcessEnv): string {
  return options.stateFile ?? defaultStatePath(env);
}

/** Where `token` prints its messages: stderr, never a secret; on GitHub each new secret masked there. */
export function stderrPlatform(secrets: SecretRegistry, env: NodeJS.ProcessEnv, debug: boolean): Platform {
  const write = (line: string) => void process.stderr.write(`${line}\n`);
  const plain = createTerminalPlatform(secrets, { debug, write });
  if (env.GITHUB_ACTIONS !== 'true') return plain;
  const escape = (value: string) => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return {
    ...plain,
    addSecret(value) {
      if (!value || !secrets.add(value)) return;
      write(`::add-mask::${escape(value)}`);
    },
  };
}

/** Runs `token` (with the stderr platform, ../cli.ts) or `revoke` (with the job's platform). */
export async function lifecycleCommand(which: 'token' | 'revoke', options: CliOptions, platform: Platform, env: NodeJS.ProcessEnv): Promise<void> {
  if (which === 'revoke') {
    // The policy kept at sign-in, unless this command is given one (--revoke always ends a stored token's session too).
    const policy: RevokePolicy | undefined = options.explicit.has('revoke')
      ? parseEnum<RevokePolicy>(options.settings, 'revoke', ['auto', 'always', 'never'])
      : undefined;
    return finishJob(statePathOf(options, env), platform, { policy });
  }
  const token = await validToken(statePathOf(options, env), platform);
  process.stdout.write(`${token}\n`);
}
