/**
 * The browser flow: authorization code with PKCE (S256) and a loopback redirect (RFC 8252). The
 * authorization URL is checked before a browser opens it: Keycloak answers a redirect URI it does
 * not allow, or a client without the flow, with its own error page and never comes back, so a
 * person would be left looking at "We are sorry..." while the command waits.
 * @see https://www.rfc-editor.org/rfc/rfc8252 and https://www.rfc-editor.org/rfc/rfc7636
 */
import { headerValue, send } from '../http/client.js';
import { requestToken } from '../oidc/token.js';
import type { TokenSet } from '../oidc/token-response.js';
import { sanitize } from '../text.js';
import { listenForCallback } from './callback.js';
import { tokenContext, type SignInContext } from './context.js';
import { authorizationPageError, callbackError, deviceError } from './hints.js';
import { createPkce, createState, type Pkce } from './pkce.js';
import { IdpError, LoginError } from '../errors.js';

export interface BrowserOptions {
  readonly timeoutMs: number;
  /** Opens the URL in the system browser; false where none could be opened. */
  readonly open?: (url: string) => Promise<boolean>;
  /** Checks the tokens before the browser's page says "Signed in"; throws to say it failed. */
  readonly accept?: (tokens: TokenSet) => void;
}

export function authorizationUrl(endpoint: URL, ctx: SignInContext, redirectUri: string, pkce: Pkce, state: string): URL {
  const url = new URL(endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: ctx.clientId,
    redirect_uri: redirectUri,
    scope: ctx.scope,
    state,
    code_challenge: pkce.challenge,
    code_challenge_method: pkce.method,
  }).toString();
  return url;
}

/** The text of Keycloak's error page (`kc-error-message`), else its title: for the message, never trusted. */
export function errorPageText(html: string): string {
  const block = /id="kc-error-message"[\s\S]*?<p[^>]*>([\s\S]*?)<\/p>/i.exec(html)?.[1] ?? /<title>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '';
  const text = block
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return sanitize(text.replace(/\s+/g, ' ').trim(), 200);
}

/** GETs the authorization URL once, without following it: a page to sign in on is fine; an error page or an error redirect is not. */
async function checkAuthorizationPage(url: URL, redirectUri: string, ctx: SignInContext): Promise<void> {
  const response = await send({ method: 'GET', url, credentials: false, redirect: 'manual', headers: { accept: 'text/html' }, signal: ctx.signal }, ctx.http);
  if (response.status >= 300 && response.status < 400) {
    const location = headerValue(response.headers, 'location') ?? '';
    if (!location.startsWith(`${redirectUri}?`)) return; // on to a sign-in page elsewhere (a federated provider)
    const params = new URL(location).searchParams;
    const error = params.get('error');
    if (error) throw callbackError(sanitize(error, 80), sanitize(params.get('error_description') ?? '', 300), ctx);
    return;
  }
  if (response.status >= 400) throw authorizationPageError(response.status, errorPageText(response.body), ctx);
}

const bare = (url: string) => url.replace(/\/+$/, '');

/**
 * RFC 9207 against mix-up: a callback's `iss` must be the authority (the issuer discovery checked);
 * where the provider says it sends `iss` (Keycloak does), a callback without one is refused too.
 * A code from another issuer is never sent to this one's token endpoint.
 */
function checkIssuer(iss: string | undefined, ctx: SignInContext): void {
  if (iss === undefined ? !ctx.endpoints.issInResponse : bare(iss) === bare(ctx.authority.href)) return;
  throw new LoginError(
    'CALLBACK_ERROR',
    iss === undefined
      ? `The sign-in answer carries no iss, though ${bare(ctx.authority.href)} says it sends one (authorization_response_iss_parameter_supported): it was refused, its code not used.`
      : `The sign-in answer names the issuer ${sanitize(iss, 200)}, not ${bare(ctx.authority.href)}: it was refused, its code not used (RFC 9207, a mix-up of identity providers).`,
    'It may be a forged callback, or an answer from another sign-in in the same browser. Run dotstat-action login again, and finish the sign-in in the window it opens.',
  );
}

/** Signs a person in through a browser; resolves with the checked tokens. */
export async function browserSignIn(ctx: SignInContext, options: BrowserOptions): Promise<TokenSet> {
  const endpoint = ctx.endpoints.authorization;
  if (!endpoint)
    throw new LoginError('NO_FLOW', 'The discovery document names no authorization_endpoint: the browser flow cannot be used.', 'Use --flow device.');
  if (ctx.endpoints.pkceMethods && !ctx.endpoints.pkceMethods.includes('S256'))
    ctx.log.warning(
      `The provider does not list PKCE S256 (code_challenge_methods_supported: ${ctx.endpoints.pkceMethods.join(', ') || 'none'}); sending it anyway.`,
    );
  const pkce = createPkce();
  const state = createState();
  const listener = await listenForCallback(state, { timeoutMs: options.timeoutMs, signal: ctx.signal });
  try {
    const url = authorizationUrl(endpoint, ctx, listener.redirectUri, pkce, state);
    await checkAuthorizationPage(url, listener.redirectUri, ctx);
    ctx.log.debug(`Waiting for the sign-in on ${listener.redirectUri} (127.0.0.1 only) for ${Math.round(options.timeoutMs / 1000)} s.`);
    const opened = options.open ? await options.open(url.href) : false;
    ctx.log.info(
      opened ? 'A browser window was opened to sign in. If none appeared, open this URL:' : 'Open this URL in a browser on this machine to sign in:',
    );
    ctx.log.info(url.href);
    const answer = await listener.answer;
    if ('error' in answer) throw callbackError(answer.error, answer.description, ctx);
    ctx.secret(answer.code);
    checkIssuer(answer.iss, ctx);
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: ctx.clientId,
      code: answer.code,
      redirect_uri: listener.redirectUri,
      code_verifier: pkce.verifier,
    });
    try {
      const tokens = await requestToken(ctx.endpoints.token, { grant: 'authorization_code', form }, tokenContext(ctx, 'authorization_code'));
      // Only now does the browser's page say "Signed in"; any failure before this leaves it to close(), which says it failed.
      options.accept?.(tokens);
      listener.conclude(true);
      return tokens;
    } catch (error) {
      // Keycloak checks the user's offline_access role only here, at the exchange.
      const offline = error instanceof IdpError && (error.error === 'not_allowed' || error.error === 'invalid_scope');
      throw (offline && deviceError(error, ctx, 'the code exchange of the browser sign-in')) || error;
    }
  } finally {
    await listener.close();
  }
}
