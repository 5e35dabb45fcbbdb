/**
 * The command line (dist/cli.js, the package's `dotstat-action` bin, runs it through ./index.ts):
 * the same job as the action, for GitLab CI and terminals. Wiring only: settings from flags and DOTSTAT_*
 * variables, the platform adapter, the job (whose every new token set is written to --token-file
 * and kept for `exec`), then `exec`.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { envName, parseCli, type CliOptions } from './cli/args.js';
import { helpText, VERSION } from './cli/help.js';
import { lifecycleCommand, stderrPlatform } from './cli/lifecycle.js';
import { checkTokenFile, execTokenPath, execWith, writeTokenFile } from './cli/token-use.js';
import { parseConfig } from './config.js';
import { asDotstatError, InputError } from './errors.js';
import { SECRET_INPUTS } from './inputs.js';
import { DotenvReport } from './platform/dotenv.js';
import { createGitlabPlatform } from './platform/gitlab.js';
import { canMint, jobFolders, listenForCancellation, maskFirst } from './platform/startup.js';
import { createTerminalPlatform } from './platform/terminal.js';
import type { Platform } from './platform/types.js';
import type { TokenSet } from './oidc/token-response.js';
import { run } from './run.js';
import { keepFresh, warnAtEnd } from './lifecycle/refresher.js';
import { EXEC_RENEWER, execRenewer, renewShared } from './lifecycle/resume.js';
import { defaultStatePath, privateFolder } from './lifecycle/state.js';
import { SECRETS, type SecretRegistry } from './secrets.js';
import { barWanted, createBar, type TerminalBar } from './report/progress-bar.js';

async function platformFor(env: NodeJS.ProcessEnv, secrets: SecretRegistry, options: CliOptions | undefined, bar?: TerminalBar): Promise<Platform> {
  const debug = options?.debug ?? false;
  // `token` prints the token alone on stdout, for $(dotstat-action token): everything else, the masks too, on stderr.
  if (options?.lifecycle === 'token') return stderrPlatform(secrets, env, debug);
  if (env.GITHUB_ACTIONS === 'true') {
    // Loaded only on GitHub: @actions/core prints secrets in clear anywhere else.
    const { createGithubPlatform } = await import('./platform/github.js');
    return createGithubPlatform(secrets);
  }
  const dotenv = options?.dotenv ? new DotenvReport(options.dotenv, secrets) : undefined;
  if (env.GITLAB_CI === 'true') return createGitlabPlatform(secrets, { debug, dotenv });
  // A line printed while the bar is drawn takes it away first; the bar comes back at its next drawing.
  const write = bar && ((line: string) => bar.above(() => process.stdout.write(`${line}\n`)));
  return createTerminalPlatform(secrets, { debug, dotenv, write });
}

/** Runs the command line once, with process.argv; the exit status is set on process.exitCode. */
export async function runCli(): Promise<void> {
  const env = process.env;
  // `login` is its own command with its own options (a person signs in; nothing secret is read).
  if (process.argv[2] === 'login') {
    const { runLogin } = await import('./cli/login.js');
    return runLogin(process.argv.slice(3), env);
  }
  let options: CliOptions | undefined;
  let parseError: unknown;
  try {
    options = parseCli(process.argv.slice(2), env);
  } catch (error) {
    parseError = error;
  }
  const secrets = SECRETS;
  // The progress bar: a person at a terminal, never a CI log (./report/progress-bar.ts).
  const onCi = env.GITHUB_ACTIONS === 'true' || env.GITLAB_CI === 'true';
  const bar = !onCi && barWanted(process.stderr, env) ? createBar(process.stderr, env, (text) => secrets.redact(text)) : undefined;
  const platform = await platformFor(env, secrets, options, bar);
  // Masking first: every secret setting, before anything else can print.
  maskFirst(
    platform,
    SECRET_INPUTS.map((name) => env[envName(name)]),
    env,
    options?.settings('file-url') ?? env[envName('file-url')],
  );
  if (parseError || !options) return platform.setFailed(asDotstatError(parseError).describe());
  if (options.help) return void process.stdout.write(`${helpText()}\n`);
  if (options.version) return void process.stdout.write(`${VERSION}\n`);

  if (options.keylessSetup) {
    const { keylessSetup } = await import('./cli/keyless-setup.js');
    return keylessSetup(options.settings, platform).catch((error: unknown) => platform.setFailed(asDotstatError(error).describe()));
  }
  if (options.lifecycle) {
    return lifecycleCommand(options.lifecycle, options, platform, env).catch((error: unknown) => platform.setFailed(asDotstatError(error).describe()));
  }
  const cancellation = listenForCancellation();
  // exec's child reads the newest token from a file each time (DOTSTAT_ACCESS_TOKEN_FILE): --token-file, or one of its own (set in the try below).
  let tokenFile = options.tokenFile;
  // The newest tokens, for exec; a renewal that brings no refresh token keeps the one before.
  const tokens: { access?: string; refresh?: string } = {};
  // The token set as it came (a hand-off's is never renewed: exec says when it ends).
  let received: TokenSet | undefined;
  const onTokens = (set: TokenSet) => {
    received = set;
    tokens.access = set.accessToken;
    tokens.refresh = set.refreshToken ?? tokens.refresh;
    if (tokenFile) writeTokenFile(tokenFile, set.accessToken);
  };
  let exitCode: number | undefined;
  try {
    // In the try: a private folder that is not the user's own is an error to explain, not a crash.
    if (!tokenFile && options.command) tokenFile = execTokenPath(privateFolder(env));
    // Only a name asks for an export: `--export-env=` (none) is what this refusal recommends.
    const exportAsked = options.explicit.has('export-env') && Boolean(options.settings('export-env')?.trim());
    if (platform.name !== 'github' && exportAsked && !options.command && !options.tokenFile) {
      throw new InputError(
        'export-env',
        'cannot hand the token to later jobs here: a dotenv report or job variable is never masked, so the token would be readable in the pipeline.',
        'Use the token within this job: dotstat-action exec -- YOUR COMMAND, or --token-file PATH; or get a token in each job that needs one (it takes a moment).',
      );
    }
    const config = parseConfig(options.settings, { canMintIdToken: canMint(platform, env), env });
    // A path that cannot take the token is refused before a token is spent on it.
    if (options.tokenFile) checkTokenFile(options.tokenFile);
    // In CI the sign-in is kept for the job's later commands (token) and its end (revoke); elsewhere when asked.
    const stateFile = config.idp && (options.stateFile ?? (env.CI === 'true' || platform.name !== 'terminal' ? defaultStatePath(env) : undefined));
    const session = await run(config, platform, { signal: cancellation.signal, onTokens, folders: jobFolders(env), stateFile, progressBar: bar });
    if (options.command) {
      cancellation.release();
      const extra: Record<string, string> = { [config.exportEnv ?? 'DOTSTAT_ACCESS_TOKEN']: tokens.access ?? '' };
      if (tokens.refresh) extra.DOTSTAT_REFRESH_TOKEN = tokens.refresh;
      platform.info(
        `Running ${options.command[0]} with the access token in ${Object.keys(extra).join(' and ')}, and kept fresh in the file DOTSTAT_ACCESS_TOKEN_FILE${session ? '' : ' (a hand-off: not renewed)'}.`,
      );
      const fresh = session
        ? keepFresh(session, platform, stateFile ? () => renewShared(stateFile, session, platform) : undefined)
        : received && warnAtEnd(received, platform);
      try {
        // The child's `dotstat-action token` leaves renewing to this process, whose session is in memory.
        const renewer: Record<string, string> = session && stateFile ? { [EXEC_RENEWER]: execRenewer(stateFile) } : {};
        exitCode = await execWith(options.command, { ...extra, ...renewer, DOTSTAT_ACCESS_TOKEN_FILE: resolve(tokenFile as string) });
      } finally {
        fresh?.stop();
      }
    }
  } catch (error) {
    platform.setFailed(asDotstatError(error).describe());
  } finally {
    cancellation.release();
    if (tokenFile && !options.tokenFile) rmSync(tokenFile, { force: true });
  }
  if (exitCode !== undefined) process.exitCode = exitCode;
}
