/**
 * What a person can do about each way a sign-in fails, naming the Keycloak setting to change (as
 * the admin console of Keycloak 26 labels it, with the client attribute or realm field beside it).
 * Matching is on the OAuth `error` code; the description only refines within one code.
 */
import { IdpError, LoginError } from '../errors.js';

const client = (id: string) => `Clients → ${id}`;

export const SETTINGS = {
  redirectUris: (id: string) =>
    `${client(id)} → Settings → Access settings → Valid redirect URIs: add http://127.0.0.1/* (a loopback redirect on any port, RFC 8252)`,
  standardFlow: (id: string) => `${client(id)} → Settings → Capability config → Standard flow`,
  deviceFlow: (id: string) =>
    `${client(id)} → Settings → Capability config → OAuth 2.0 Device Authorization Grant (attribute oauth2.device.authorization.grant.enabled)`,
  pkce: (id: string) =>
    `the client's PKCE method: S256, or none (${client(id)} → Advanced → Advanced settings → Proof Key for Code Exchange Code Challenge Method, attribute pkce.code.challenge.method)`,
  consent: (id: string) => `${client(id)} → Settings → Login settings → Consent required`,
  deviceLifespan: (id: string) =>
    `${client(id)} → Advanced → OAuth 2.0 Device Code Lifespan (attribute oauth2.device.code.lifespan), or the realm's (Realm settings → Tokens → OAuth 2.0 Device Code Lifespan)`,
  offline: (id: string, realm: string) =>
    `the client scope offline_access on the client (${client(id)} → Client scopes → Add client scope → offline_access, as Optional) and the realm role offline_access for the user (in default-roles-${realm}: Realm settings → User registration → Default roles)`,
} as const;

export interface HintContext {
  readonly clientId: string;
  readonly realm: string;
}

const quote = (error: string, description: string) => (description ? `${error}: ${description}` : error);

/** The error of a browser sign-in whose callback carried `error`. */
export function callbackError(error: string, description: string, ctx: HintContext): LoginError {
  const said = `The identity provider answered the browser sign-in with ${quote(error, description)}.`;
  const d = description.toLowerCase();
  switch (error) {
    case 'access_denied':
      return new LoginError(
        'ACCESS_DENIED',
        `The sign-in was declined (${quote(error, description)}): consent to give client ${ctx.clientId} access was not given.`,
        `Run dotstat-action login again and choose Yes on the consent page. If this client should not ask for consent, a Keycloak administrator can turn off ${SETTINGS.consent(ctx.clientId)}.`,
      );
    case 'invalid_scope':
      return new LoginError(
        'OFFLINE_REFUSED',
        said,
        d.includes('offline') || !d
          ? `offline_access was refused: a Keycloak administrator must give ${SETTINGS.offline(ctx.clientId, ctx.realm)}. Or sign in without --offline (an ordinary refresh token ends with the SSO session).`
          : 'Check the scopes asked for: the client must allow each of them (Clients → Client scopes).',
      );
    case 'invalid_request':
      if (d.includes('code challenge') || d.includes('pkce'))
        return new LoginError('PKCE', said, `login always uses PKCE with S256: a Keycloak administrator must set ${SETTINGS.pkce(ctx.clientId)}.`);
      return new LoginError('CALLBACK_ERROR', said, "See the identity provider's message; check the client's settings in Keycloak.");
    case 'unauthorized_client':
      return new LoginError(
        'BROWSER_FLOW_REFUSED',
        said,
        `A Keycloak administrator must turn on ${SETTINGS.standardFlow(ctx.clientId)}, or use --flow device.`,
      );
    case 'temporarily_unavailable':
    case 'server_error':
      return new LoginError('CALLBACK_ERROR', said, 'The identity provider failed; try again in a moment, or tell its operator.');
    default:
      return new LoginError('CALLBACK_ERROR', said, "See the identity provider's message; check the client's settings in Keycloak.");
  }
}

/** The error of Keycloak's authorization page, checked before a browser is opened (it never redirects back then). */
export function authorizationPageError(status: number, message: string, ctx: HintContext): LoginError {
  const m = message.toLowerCase();
  const said = `The authorization page answered HTTP ${status}${message ? ` ("${message}")` : ''}, so no browser was opened.`;
  if (m.includes('redirect_uri'))
    return new LoginError(
      'REDIRECT_URI',
      `${said} The loopback redirect URI is not allowed for client ${ctx.clientId}.`,
      `A Keycloak administrator must allow it: ${SETTINGS.redirectUris(ctx.clientId)}.`,
    );
  if (m.includes('standard flow') || m.includes('browser login'))
    return new LoginError('BROWSER_FLOW_REFUSED', said, `A Keycloak administrator must turn on ${SETTINGS.standardFlow(ctx.clientId)}, or use --flow device.`);
  if (m.includes('client not found'))
    return new LoginError('BROWSER_FLOW_REFUSED', said, `Check --client-id (${ctx.clientId}): the client must exist in realm ${ctx.realm} (Clients).`);
  return new LoginError('BROWSER_FLOW_REFUSED', said, "Check --authority and --client-id, and the client's settings in Keycloak.");
}

/**
 * The error of a sign-in's request to the provider (the device request, a token poll, the code
 * exchange), or undefined to keep the provider's own.
 */
export function deviceError(error: IdpError, ctx: HintContext, what = 'the device sign-in'): LoginError | undefined {
  const d = error.errorDescription.toLowerCase();
  const said = `The identity provider refused ${what} (HTTP ${error.status}, ${quote(error.error, error.errorDescription)}).`;
  switch (error.error) {
    case 'unauthorized_client':
      return new LoginError(
        'DEVICE_FLOW_REFUSED',
        said,
        `Client ${ctx.clientId} does not allow the device flow: a Keycloak administrator must turn on ${SETTINGS.deviceFlow(ctx.clientId)}, or use --flow browser.`,
      );
    case 'access_denied':
      return new LoginError(
        'ACCESS_DENIED',
        `${said} The person declined on the consent page.`,
        `Run dotstat-action login again and choose Yes. The device flow always asks for consent in Keycloak; the browser flow asks only where ${SETTINGS.consent(ctx.clientId)} is on.`,
      );
    case 'expired_token':
      return new LoginError(
        'DEVICE_CODE_EXPIRED',
        `${said} The code was not entered and approved in time.`,
        `Run dotstat-action login again and enter the code sooner. To give more time, a Keycloak administrator can raise ${SETTINGS.deviceLifespan(ctx.clientId)}.`,
      );
    case 'not_allowed':
    case 'invalid_scope':
      if (d.includes('offline') || error.error === 'invalid_scope')
        return new LoginError(
          'OFFLINE_REFUSED',
          said,
          `offline_access was refused: a Keycloak administrator must give ${SETTINGS.offline(ctx.clientId, ctx.realm)}. Or sign in without --offline.`,
        );
      return undefined;
    case 'invalid_request':
      if (d.includes('code_challenge') || d.includes('code challenge') || d.includes('pkce'))
        return new LoginError('PKCE', said, `login uses PKCE with S256: a Keycloak administrator must set ${SETTINGS.pkce(ctx.clientId)}.`);
      return undefined;
    default:
      return undefined;
  }
}

/** offline_access asked for and not granted: Keycloak's device flow drops the scope without a word. */
export function offlineDropped(ctx: HintContext, kind: string): LoginError {
  return new LoginError(
    'OFFLINE_REFUSED',
    `--offline asked for an offline token, but the identity provider gave ${kind}: offline_access was not granted (Keycloak's device flow drops a scope the client does not have, without an error). Nothing was stored.`,
    `A Keycloak administrator must give ${SETTINGS.offline(ctx.clientId, ctx.realm)}. Or sign in without --offline (an ordinary refresh token ends with the SSO session).`,
  );
}
