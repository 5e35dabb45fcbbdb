/** What both sign-in flows share: the realm, the client, the scopes, the endpoints, the HTTP settings and the log. */
import type { HttpSettings } from '../http/client.js';
import type { RetryContext } from '../http/retry.js';
import type { TokenContext } from '../oidc/token.js';
import type { Logger } from '../platform/types.js';
import type { SignInEndpoints } from './endpoints.js';
import type { HintContext } from './hints.js';

export interface SignInContext extends HintContext {
  readonly authority: URL;
  /** Space-separated: openid, offline_access with --offline, and any --scope. */
  readonly scope: string;
  readonly endpoints: SignInEndpoints;
  readonly http: HttpSettings;
  readonly retry: RetryContext;
  readonly log: Logger;
  /** Registers a secret (a token, a device code) before anything can print it. */
  readonly secret: (value: string) => void;
  readonly signal?: AbortSignal;
}

/** The token context of the shared sender (../oidc/token.ts) for a sign-in's exchange. */
export function tokenContext(ctx: SignInContext, grant: 'authorization_code' | 'device_code', log: Logger = ctx.log): TokenContext {
  return {
    idp: { authority: ctx.authority, clientId: ctx.clientId, grant, scope: ctx.scope },
    http: ctx.http,
    retry: ctx.retry,
    log,
    // The refresh token is stored by login itself once the answer is checked (nothing is spent yet).
    keep: { secret: ctx.secret, refreshToken: () => undefined },
  };
}
