/**
 * What `login` does with the tokens: checks that they are what was asked for (a refresh token; an
 * offline one with --offline), says what kind of token it is and what bounds it, stores it, and
 * prints it only when asked (--print, --json), with one warning that the output holds a secret.
 */
import { DotstatError, LoginError } from '../errors.js';
import type { TokenSet } from '../oidc/token-response.js';
import type { Logger } from '../platform/types.js';
import type { SecretStore } from '../store/types.js';
import type { HintContext } from './hints.js';
import { offlineDropped } from './hints.js';

/** A JWT's claims, unverified (the token came straight from the token endpoint): for typ and the user's name only. */
export function claimsOf(token: string | undefined): Record<string, unknown> {
  try {
    const payload = JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
    return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export interface Outcome {
  readonly refreshToken: string;
  readonly offline: boolean;
  /** Seconds until the refresh token ends; 0: no fixed end (offline). */
  readonly refreshExpiresIn: number;
  readonly user?: string;
}

/** Checks the answer against what was asked for; the refresh token is not stored otherwise. */
export function checkTokens(tokens: TokenSet, offline: boolean, ctx: HintContext, now = Date.now()): Outcome {
  if (!tokens.refreshToken)
    throw new LoginError(
      'NO_REFRESH_TOKEN',
      'The sign-in succeeded but the answer holds no refresh token: there is nothing to store for later runs.',
      `The client must issue refresh tokens: in Keycloak, Clients → ${ctx.clientId} → Advanced → OpenID Connect Compatibility Modes → Use refresh tokens (on by default).`,
    );
  const typ = claimsOf(tokens.refreshToken).typ;
  const scopes = (tokens.scope ?? '').split(/\s+/);
  const isOffline = typ === 'Offline' || (typ === undefined && scopes.includes('offline_access'));
  if (offline && !isOffline)
    throw offlineDropped(ctx, typeof typ === 'string' ? `a refresh token of type ${typ}` : 'a refresh token without offline_access in its scope');
  const preferred = claimsOf(tokens.accessToken).preferred_username;
  return {
    refreshToken: tokens.refreshToken,
    offline: isOffline,
    refreshExpiresIn: tokens.refreshExpiresAt ? Math.max(0, Math.round((tokens.refreshExpiresAt.getTime() - now) / 1000)) : 0,
    user: typeof preferred === 'string' ? preferred : undefined,
  };
}

const duration = (s: number) =>
  s >= 2 * 86400 ? `${Math.round(s / 86400)} days` : s >= 7200 ? `${Math.round(s / 3600)} hours` : `${Math.round(s / 60)} minutes`;

/** What the person is told about the token they now have (never the token). */
export function explain(outcome: Outcome): string[] {
  if (outcome.offline) {
    return [
      'This is an offline token: it survives signing out and browser sessions ending, and its refresh_expires_in of 0 means it has no fixed end.',
      "It does expire if unused for the realm's Offline Session Idle (30 days by default), and at Offline Session Max where that is on (Realm settings → Sessions).",
      'Each refresh returns a new one (with Revoke Refresh Token on, the old one stops working): store the newest, and refresh well within the idle time (the keep-alive templates do).',
    ];
  }
  const lasts = outcome.refreshExpiresIn
    ? `expires if unused for ${duration(outcome.refreshExpiresIn)} (refresh_expires_in ${outcome.refreshExpiresIn})`
    : 'has no end the answer states';
  return [
    `This refresh token belongs to the sign-in session: it ${lasts}, the realm's SSO Session Idle, and ends at SSO Session Max or when the session is signed out (Realm settings → Sessions).`,
    'For scheduled jobs that run less often than that, sign in with --offline.',
  ];
}

export interface Delivery {
  readonly store?: SecretStore;
  readonly print?: 'text' | 'json';
  /** The only sink a token is ever written to: stdout, for --print and --json. */
  readonly stdout: (text: string) => void;
}

/** Stores the refresh token (where asked), prints the tokens (where asked), and says what was done. */
export async function deliver(tokens: TokenSet, outcome: Outcome, delivery: Delivery, log: Logger, signal?: AbortSignal): Promise<void> {
  let storeFailure: unknown;
  if (delivery.store) {
    try {
      const receipt = await delivery.store.write(outcome.refreshToken, { signal });
      log.info(`Stored the refresh token in ${receipt.where} (${receipt.confirmed}).`);
      if (receipt.warning) log.warning(receipt.warning);
    } catch (error) {
      // Printed below all the same where --print or --json asked: then that is the only copy.
      storeFailure = error;
    }
  }
  if (delivery.print === 'json') {
    const json = {
      access_token: tokens.accessToken,
      expires_in: tokens.expiresIn,
      refresh_token: outcome.refreshToken,
      refresh_expires_in: outcome.refreshExpiresIn,
      token_type: tokens.tokenType,
      id_token: tokens.idToken,
      scope: tokens.scope,
    };
    delivery.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else if (delivery.print === 'text') {
    delivery.stdout(`refresh_token: ${outcome.refreshToken}\naccess_token: ${tokens.accessToken}\n`);
  }
  if (delivery.print)
    log.warning(
      'The output holds secrets (the tokens): do not paste it into a log, a ticket or a chat; put the refresh token only into a masked CI/CD secret.',
      {
        title: 'Secret output',
      },
    );
  if (storeFailure !== undefined) throw notStored(storeFailure, delivery, outcome);
}

/** The sign-in succeeded and its refresh token exists nowhere else: say so, and what to do. */
function notStored(error: unknown, delivery: Delivery, outcome: Outcome): LoginError {
  const reason = error instanceof DotstatError ? error.describe() : error instanceof Error ? error.message : String(error);
  const where = delivery.store?.where ?? 'the store';
  const kept = delivery.print
    ? 'It was printed above (--print/--json): that is the only copy; put it into the secret yourself, or fix the cause and sign in again.'
    : 'It is not kept anywhere and was not shown (no --print).';
  const session = outcome.offline
    ? 'The offline session it belongs to stays in Keycloak until its Offline Session Idle ends; revoke it in the Account Console (Applications) or in the Admin Console (Users → the user → Consents / Sessions) if you want it gone now.'
    : "The session it belongs to ends on its own at the realm's SSO Session Idle.";
  return new LoginError(
    'STORE_FAILED',
    `The sign-in succeeded, but the refresh token was not stored in ${where}: ${reason}\n${kept}`,
    `Fix the cause above, then run dotstat-action login again. ${session}`,
    { cause: error },
  );
}
