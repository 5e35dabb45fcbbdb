/**
 * The whole job as one platform-free function: get a token, publish it, and (later) upload and
 * wait. The platform adapter decides how each result is shown, kept and exported.
 */
import type { Config } from './config.js';
import type { RetryTiming } from './http/retry.js';
import { TokenSession } from './oidc/session.js';
import { tokenSecrets, type TokenSet } from './oidc/token-response.js';
import type { Platform } from './platform/types.js';

export interface RunOptions {
  readonly signal?: AbortSignal;
  readonly timing?: RetryTiming;
}

export async function run(config: Config, platform: Platform, options: RunOptions = {}): Promise<void> {
  const ctx = {
    idp: config.idp,
    http: config.http,
    retry: { signal: options.signal, timing: options.timing, debug: (m: string) => platform.debug(m) },
    log: platform,
  };
  const session = new TokenSession(ctx, (tokens) => publishTokens(tokens, config, platform));
  const tokens = await session.start();
  platform.info(describeTokens(tokens));
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
