/**
 * The whole job as one platform-free function: get a token, publish it, upload, wait, report.
 * The platform adapter decides how each result is shown, kept and exported.
 */
import { join } from 'node:path';
import type { Config } from './config.js';
import { TransferError } from './errors.js';
import type { RetryTiming } from './http/retry.js';
import { TokenSession } from './oidc/session.js';
import { tokenSecrets, type TokenSet } from './oidc/token-response.js';
import type { Platform } from './platform/types.js';
import { SecretRegistry } from './secrets.js';
import { resolveFiles } from './transfer/files.js';
import type { RequestResult } from './transfer/publish.js';
import type { TransferConfig } from './transfer/settings.js';
import type { UploadSource } from './transfer/upload.js';

export interface RunOptions {
  /** Aborts everything in flight (SIGTERM/SIGINT). */
  readonly signal?: AbortSignal;
  readonly timing?: RetryTiming;
}

export async function run(config: Config, given: Platform, options: RunOptions = {}): Promise<void> {
  const { platform, redact } = fileRedaction(config, given);
  // Files are checked before any request, so a typo costs no token.
  const sources = config.transfer ? await sourcesOf(config.transfer) : [];
  const retry = { signal: options.signal, timing: options.timing, debug: (m: string) => platform.debug(m) };
  const session = new TokenSession({ idp: config.idp, http: config.http, retry, log: platform }, (tokens) => publishTokens(tokens, config, platform));
  const tokens = await session.start();
  platform.info(describeTokens(tokens));
  if (!config.transfer) return;

  const transfer = config.transfer;
  // Loaded only for an upload: a token-only run (and every run's start-up) does not pay for
  // multipart, zip and reporting code.
  const [{ publish }, { transferOutputs }, { summaryMarkdown }, { printTransferLogs }, { fullLogs }] = await Promise.all([
    import('./transfer/publish.js'),
    import('./report/results.js'),
    import('./report/summary.js'),
    import('./report/transfer-log.js'),
    import('./report/full-log.js'),
  ]);
  const { results, stopped } = await publish(transfer, sources, {
    http: config.http,
    retry,
    log: platform,
    accessToken: () => session.current.accessToken,
    renewToken: async () => void (await session.renew()),
    tokenExpiring: () => (session.current.expiresAt?.getTime() ?? Infinity) - Date.now() < 60_000,
    onRegistered: (ids) => platform.setOutput('request-id', ids.join('\n'), { secret: false }),
    redact,
    logSink: fullLogs({ dir: fullLogDir(), redact, warn: (message) => platform.warning(message) }),
  });
  for (const [name, value] of Object.entries(transferOutputs(results))) platform.setOutput(name, value, { secret: false });
  await printTransferLogs(results, platform);
  await platform.appendSummary(summaryMarkdown(results, transfer));
  if (stopped) throw stopped;
  judge(results, transfer, platform);
}

/**
 * The redaction of what goes to files (the full Transfer logs) and of the log lines every report
 * quotes. It must know every secret the platform was given: until the entry points hand run()
 * their registry, this one is kept beside it, from the secret settings (as masked at start-up)
 * and every secret added later (each token, through the returned platform). One place to re-point.
 */
function fileRedaction(config: Config, platform: Platform): { platform: Platform; redact: (text: string) => string } {
  const secrets = new SecretRegistry();
  const { clientSecret, username, password, refreshToken } = config.idp;
  for (const value of [clientSecret, username, password, refreshToken]) secrets.add(value);
  const redact = (text: string) => secrets.redact(text);
  const addSecret = (value: string | undefined) => {
    secrets.add(value);
    platform.addSecret(value);
  };
  return { platform: { ...platform, addSecret }, redact };
}

/** Where the full Transfer logs go: the runner's temp folder on GitHub, else the working folder (GitLab artifacts must lie inside it). */
function fullLogDir(): string {
  return join(process.env.RUNNER_TEMP || process.cwd(), 'dotstat-logs');
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
  if (named.length < warned.length) platform.warning(`${warned.length - named.length} more requests finished with outcome Warning: see the job summary.`, { title: 'Import finished with warnings' });
  const blocking = transfer.failOnWarning ? [...failed, ...warned] : failed;
  if (blocking.length > 0) {
    const reasons = blocking.slice(0, MAX_REASONS).map((r) => `- ${r.error?.split('\n')[0] ?? `Request ${r.requestId} (${r.file}) finished with outcome Warning (fail-on-warning is set).`}`);
    if (blocking.length > MAX_REASONS) reasons.push(`- and ${blocking.length - MAX_REASONS} more: see the job summary.`);
    const lines = blocking.reduce((sum, r) => sum + (r.logStats?.total ?? r.logs.length), 0);
    const logs = blocking.some((r) => r.logFile) ? `\nTheir Transfer logs have ${lines.toLocaleString('en-US')} lines: the job summary and the log groups show the first lines of each, the files of output transfer-log all of them.` : '';
    throw new TransferError('IMPORT_FAILED', `${blocking.length} of ${results.length} request${results.length === 1 ? '' : 's'} failed:\n${reasons.join('\n')}${logs}`);
  }
  const done = transfer.wait ? 'finished' : 'registered (not waited for: wait is false)';
  platform.info(`All ${results.length} request${results.length === 1 ? '' : 's'} ${done}${warned.length ? `, ${warned.length} with warnings` : ''}.`);
}

/** Masks every token, then outputs and exports it; called for each new token set. */
export function publishTokens(tokens: TokenSet, config: Config, platform: Platform): void {
  for (const secret of tokenSecrets(tokens)) platform.addSecret(secret);
  const secret = { secret: true };
  const plain = { secret: false };
  platform.setOutput('access-token', tokens.accessToken, secret);
  if (tokens.refreshToken) platform.setOutput('refresh-token', tokens.refreshToken, secret);
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
