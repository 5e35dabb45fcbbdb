/**
 * The whole job as one platform-free function: get a token, publish it, upload, wait, report.
 * The platform adapter decides how each result is shown, kept and exported.
 */
import type { Config } from './config.js';
import { TransferError } from './errors.js';
import type { RetryContext, RetryTiming } from './http/retry.js';
import { StateKeeper } from './lifecycle/state.js';
import { ReceivedToken } from './oidc/received.js';
import { TokenSession, type Authorizer } from './oidc/session.js';
import type { TokenKeeper } from './oidc/token.js';
import { tokenSecrets, type TokenSet } from './oidc/token-response.js';
import type { JobFolders } from './platform/startup.js';
import type { Platform } from './platform/types.js';
import { resolveFiles } from './transfer/files.js';
import type { RequestResult } from './transfer/publish.js';
import type { TransferConfig } from './transfer/settings.js';
import type { SecretStore } from './store/types.js';
import { checkStore, keepInStore } from './store/write-back.js';
import type { UploadSource } from './transfer/upload.js';
import type { ProgressBar } from './report/progress.js';

export interface RunOptions {
  /** Aborts everything in flight (SIGTERM/SIGINT). */
  readonly signal?: AbortSignal;
  readonly timing?: RetryTiming;
  /** Each new token set, once it is masked and exported (the command line hands it on: exec, --token-file). */
  readonly onTokens?: (tokens: TokenSet) => void;
  /** Where the job may write: zips (temp), and the full Transfer logs (logs); see ./platform/startup.ts. */
  readonly folders: JobFolders;
  /** In a terminal (the command line): progress is drawn as this bar instead of log lines. */
  readonly progressBar?: ProgressBar;
  /** The job's state file: every new token set is kept there, for later steps and the end of the job (./lifecycle/state.ts). */
  readonly stateFile?: string;
}

/**
 * Runs the job; returns the session when this job signed in (the command line's `exec` keeps it
 * fresh for its child), undefined when it received a hand-off (which cannot be renewed).
 */
export async function run(config: Config, platform: Platform, options: RunOptions): Promise<TokenSession | undefined> {
  // Files are checked before any request, so a typo costs no token.
  const sources = config.transfer ? await sourcesOf(config.transfer) : [];
  const retry = { signal: options.signal, timing: options.timing, debug: (m: string) => platform.debug(m) };
  // A token handed off by an earlier job: opened, masked and exported as a sign-in's, with no sign-in.
  if (config.handoff?.received) {
    // Loaded only for a hand-off: the JOSE library is not part of every run's start-up.
    const { openHandoff } = await import('./oidc/handoff.js');
    const tokens = await openHandoff(config.handoff.received, config.handoff.key);
    exportTokens(tokens, config, platform);
    options.onTokens?.(tokens);
    platform.info(`Received the access token of an earlier job's ${tokens.grant} sign-in (hand-off), valid until ${tokens.expiresAt?.toISOString()}.`);
    if (config.transfer) await upload(config, config.transfer, sources, platform, options, new ReceivedToken(tokens), retry);
    return undefined;
  }
  const handoff = config.handoff && new (await import('./oidc/handoff.js')).HandoffOutput(config.handoff.key, platform);
  const idp = config.idp;
  if (!idp) throw new Error('no identity provider settings, and no hand-off to receive');
  const state = options.stateFile
    ? new StateKeeper(options.stateFile, config, (message) => platform.warning(message, { title: 'Sign-in not kept' }))
    : undefined;
  const session = new TokenSession(
    {
      idp,
      http: config.http,
      retry,
      log: platform,
      keep: keeperFor(platform, { store: config.refreshTokenStore, given: idp.refreshToken, signal: options.signal }),
      mintIdToken: platform.mintIdToken,
    },
    (tokens) => {
      exportTokens(tokens, config, platform);
      state?.keep(tokens);
      handoff?.offer(tokens);
      options.onTokens?.(tokens);
    },
  );
  // A store that would refuse the rotated token is found out before a refresh spends the one given.
  if (config.refreshTokenStore) await checkStore(config.refreshTokenStore, { signal: options.signal });
  const tokens = await session.start();
  platform.info(describeTokens(tokens));
  if (config.refreshTokenStore && !tokens.refreshToken)
    platform.warning(`refresh-token-store is set, but the ${tokens.grant} grant returned no refresh token: ${config.refreshTokenStore.where} was not written.`);
  await handoff?.settled();
  if (config.transfer) await upload(config, config.transfer, sources, platform, options, session, retry);
  await handoff?.settled();
  return session;
}

async function upload(
  config: Config,
  transfer: TransferConfig,
  sources: readonly UploadSource[],
  platform: Platform,
  options: RunOptions,
  session: Authorizer,
  retry: RetryContext,
): Promise<void> {
  const redact = (text: string) => platform.redact(text);
  const { folders } = options;

  // Loaded only for an upload: a token-only run (and every run's start-up) does not pay for
  // multipart, zip and reporting code.
  const { publish, transferOutputs, summaryMarkdown, printTransferLogs, fullLogs, writeReports, phaseLines, createProgress } = await import('./upload.js');
  const { results, stopped } = await publish(transfer, [...sources], {
    http: config.http,
    retry,
    log: platform,
    auth: session,
    onRegistered: (ids) => platform.setOutput('request-id', ids.join('\n'), { secret: false }),
    redact,
    tempDir: folders.temp,
    logSink: fullLogs({ dir: folders.logs, redact, warn: (message) => platform.warning(message) }),
    progress: createProgress({ line: (text) => platform.info(text), bar: options.progressBar }),
  });
  if (transfer.wait && results.some((r) => r.requestId !== undefined)) {
    const phases = phaseLines(results);
    if (phases.length) platform.info(phases.join('\n'));
  }
  // request-id was set once by onRegistered, before waiting, so that no id is lost if waiting
  // stops; the other Transfer outputs are known only now.
  for (const [name, value] of Object.entries(transferOutputs(results))) {
    if (name !== 'request-id') platform.setOutput(name, value, { secret: false });
  }
  await printTransferLogs(results, platform);
  const markdown = summaryMarkdown(results, transfer);
  await platform.appendSummary(markdown);
  writeReports(results, transfer, config.reports, markdown, platform);
  if (stopped) throw stopped;
  judge(results, transfer, platform);
}

async function sourcesOf(transfer: TransferConfig): Promise<UploadSource[]> {
  if (transfer.fileUrl) return [{ fileUrl: transfer.fileUrl }];
  return (await resolveFiles(transfer.patterns)).map((file) => ({ file }));
}

/** Failures named in the error message, at most: it is shown as an annotation, and must stay short. */
const MAX_REASONS = 5;
/** Warnings of the outcome Warning, at most (GitHub shows ten per step; the rest are counted in one). */
const MAX_WARNINGS = 10;

/** Fails the step when any request failed (or warned, with fail-on-warning); says which and why. */
function judge(results: readonly RequestResult[], transfer: TransferConfig, platform: Platform): void {
  const failed = results.filter((r) => r.verdict === 'failed');
  const warned = results.filter((r) => r.verdict === 'warning');
  const named = warned.length > MAX_WARNINGS ? warned.slice(0, MAX_WARNINGS - 1) : warned;
  for (const r of named) {
    platform.warning(`Request ${r.requestId} (${r.file}) finished with outcome Warning: see its Transfer log.`, { title: 'Import finished with warnings' });
  }
  if (named.length < warned.length)
    platform.warning(`${warned.length - named.length} more requests finished with outcome Warning: see the job summary.`, {
      title: 'Import finished with warnings',
    });
  const blocking = transfer.failOnWarning ? [...failed, ...warned] : failed;
  if (blocking.length > 0) {
    const reasons = blocking
      .slice(0, MAX_REASONS)
      .map((r) => `- ${r.error?.split('\n')[0] ?? `Request ${r.requestId} (${r.file}) finished with outcome Warning (fail-on-warning is set).`}`);
    if (blocking.length > MAX_REASONS) reasons.push(`- and ${blocking.length - MAX_REASONS} more: see the job summary.`);
    const lines = blocking.reduce((sum, r) => sum + (r.logStats?.total ?? r.logs.length), 0);
    const logs = blocking.some((r) => r.logFile)
      ? `\nTheir Transfer logs have ${lines.toLocaleString('en-US')} lines: the job summary and the log groups show the first lines of each, the files of output transfer-log all of them.`
      : '';
    throw new TransferError(
      'IMPORT_FAILED',
      `${blocking.length} of ${results.length} request${results.length === 1 ? '' : 's'} failed:\n${reasons.join('\n')}${logs}`,
    );
  }
  const done = transfer.wait ? 'finished' : 'registered (not waited for: wait is false)';
  platform.info(`All ${results.length} request${results.length === 1 ? '' : 's'} ${done}${warned.length ? `, ${warned.length} with warnings` : ''}.`);
}

/**
 * Masks every token of an answer the moment it arrives, and keeps a rotated refresh token as the
 * refresh-token output before the rest of the answer is checked (see ./oidc/token.ts); with
 * refresh-token-store, also writes it back there and returns only once the store confirmed it.
 */
export function keeperFor(platform: Platform, keep: KeepOptions = {}): TokenKeeper {
  let warned = false;
  return {
    secret: (value) => platform.addSecret(value),
    refreshToken(token) {
      platform.addSecret(token);
      // Said kept only where it was written: a secret output goes nowhere outside GitHub, and a
      // runner file may fail.
      const output = platform.setOutput('refresh-token', token, { secret: true }) ? "the step's refresh-token output" : undefined;
      if (!keep.store) {
        if (!output && keep.given && token !== keep.given && !warned) {
          warned = true;
          platform.warning(LOST, { title: 'The rotated refresh token is kept nowhere' });
        }
        return output;
      }
      return keepInStore(platform, keep.store, token, { ...keep, output });
    },
  };
}

export interface KeepOptions {
  /** refresh-token-store: where the rotated token is written back, and confirmed, before the run goes on. */
  readonly store?: SecretStore;
  /** The refresh token the run was given: one equal to it is not written again, and losing its successor is warned of. */
  readonly given?: string;
  readonly signal?: AbortSignal;
}

const LOST =
  'The identity provider rotated the refresh token, and the new one is kept nowhere: the one given may no longer work in the next run. Keep it with refresh-token-store (command line: --refresh-token-store file:PATH, or gitlab-variable:NAME with a project access token in DOTSTAT_STORE_TOKEN).';

/**
 * Masks every token, then outputs and exports it; called for each new token set. The refresh
 * token is not among them: `keeperFor()` output it before the answer was checked.
 */
export function exportTokens(tokens: TokenSet, config: Config, platform: Platform): void {
  for (const secret of tokenSecrets(tokens)) platform.addSecret(secret);
  const secret = { secret: true };
  const plain = { secret: false };
  platform.setOutput('access-token', tokens.accessToken, secret);
  if (tokens.idToken) platform.setOutput('id-token', tokens.idToken, secret);
  platform.setOutput('token-type', tokens.tokenType, plain);
  platform.setOutput('expires-in', tokens.expiresIn === undefined ? '' : String(tokens.expiresIn), plain);
  platform.setOutput('expires-at', tokens.expiresAt?.toISOString() ?? '', plain);
  platform.setOutput('refresh-expires-at', tokens.refreshExpiresAt?.toISOString() ?? '', plain);
  platform.setOutput('grant-type', tokens.grant, plain);
  if (config.exportEnv) platform.exportVariable(config.exportEnv, tokens.accessToken, secret);
}

function describeTokens(tokens: TokenSet): string {
  const parts = [`Got an access token with the ${tokens.grant} grant`];
  if (tokens.expiresAt) parts.push(`valid until ${tokens.expiresAt.toISOString()} (${tokens.expiresIn} s)`);
  if (tokens.refreshToken) {
    const until = tokens.refreshExpiresAt ? `valid until ${tokens.refreshExpiresAt.toISOString()}` : 'no expiry of its own (offline)';
    parts.push(`a refresh token (${until})`);
  }
  if (tokens.idToken) parts.push('an id token');
  return `${parts.join('; ')}.`;
}
