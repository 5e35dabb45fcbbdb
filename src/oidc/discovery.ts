/**
 * OpenID Connect discovery: the realm URL's `.well-known/openid-configuration` names the token
 * endpoint, so users give the realm URL they already know (with or without Keycloak's legacy
 * `/auth` prefix) and the action finds the rest.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
import { ResponseError } from '../errors.js';
import { send, type HttpResponse, type HttpSettings } from '../http/client.js';
import { sanitize } from '../text.js';
import { withRetry, type RetryContext } from '../http/retry.js';
import { describeBody, expectJsonObject, where } from '../http/json.js';

export function discoveryUrl(authority: URL): URL {
  return new URL(`${authority.pathname.replace(/\/+$/, '')}/.well-known/openid-configuration`, authority);
}

/** Fetches the discovery document, checks that it is the authority's own, and returns its token endpoint. */
export async function discoverTokenEndpoint(authority: URL, http: HttpSettings, retry: RetryContext): Promise<URL> {
  const { document, response } = await discover(authority, http, retry);
  return tokenEndpointOf(document.token_endpoint, authority, response);
}

/** The discovery document (the authority's own, checked) and its token endpoint (on the authority's origin): for `login`. */
export async function discoverProvider(
  authority: URL,
  http: HttpSettings,
  retry: RetryContext,
): Promise<{ readonly tokenEndpoint: URL; readonly document: Record<string, unknown> }> {
  const { document, response } = await discover(authority, http, retry);
  return { tokenEndpoint: tokenEndpointOf(document.token_endpoint, authority, response), document };
}

/**
 * The revocation endpoint (RFC 7009) of the authority's own discovery document, under the same
 * rule as the token endpoint: on the authority's origin, or it is not trusted with a token.
 * Undefined when the document names none.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2 (revocation_endpoint)
 */
export async function discoverRevocationEndpoint(authority: URL, http: HttpSettings, retry: RetryContext): Promise<URL | undefined> {
  const { document, response } = await discover(authority, http, retry);
  if (document.revocation_endpoint === undefined) return undefined;
  return endpointOf(document.revocation_endpoint, 'revocation_endpoint', authority, response);
}

async function discover(authority: URL, http: HttpSettings, retry: RetryContext): Promise<{ document: Record<string, unknown>; response: HttpResponse }> {
  const url = discoveryUrl(authority);
  const response = await withRetry(
    'discovery',
    () => send({ method: 'GET', url, credentials: false, headers: { accept: 'application/json' }, signal: retry.signal }, http),
    retry,
  );
  const hint = realmUrlHint(authority);
  if (response.status !== 200) {
    throw new ResponseError(
      response.status,
      `OpenID Connect discovery failed: ${where(response)} answered HTTP ${response.status} (${describeBody(response)}).`,
      hint,
      'DISCOVERY_FAILED',
    );
  }
  const document = expectJsonObject(response, 'OpenID Connect discovery', hint);
  checkIssuer(document.issuer, authority, response);
  return { document, response };
}

/** The realm URL without a trailing slash: Keycloak's `issuer`, for a realm URL given as it is. */
const bare = (url: URL | string) => String(url).replace(/\/+$/, '');

/**
 * OpenID Connect Discovery §4.3: the issuer in the document must be the one it was fetched for.
 * Without this check, a document that a redirect or a compromised path served could name any
 * issuer, and with it any token endpoint.
 */
function checkIssuer(issuer: unknown, authority: URL, response: HttpResponse): void {
  if (typeof issuer === 'string' && bare(issuer) === bare(authority)) return;
  const named = typeof issuer === 'string' && issuer ? `names the issuer '${sanitize(issuer, 200)}'` : 'names no issuer';
  throw new ResponseError(
    200,
    `The discovery document at ${where(response)} ${named}, not the authority given (${bare(authority)}); its endpoints are not trusted.`,
    'Set authority to the realm URL exactly as the identity provider names it (its issuer, the iss claim of its tokens). If it is reached here under another name on purpose (a proxy, an internal host), set token-url to its token endpoint instead.',
    'ISSUER_MISMATCH',
  );
}

/**
 * Credentials go only to the authority's own origin: a token endpoint on another host, port or
 * scheme is refused (set token-url explicitly to send them there on purpose).
 */
function tokenEndpointOf(endpoint: unknown, authority: URL, response: HttpResponse): URL {
  return endpointOf(endpoint, 'token_endpoint', authority, response);
}

function endpointOf(endpoint: unknown, field: 'token_endpoint' | 'revocation_endpoint', authority: URL, response: HttpResponse): URL {
  const token = field === 'token_endpoint';
  const fix = token ? 'Set token-url to the token endpoint explicitly.' : 'Set revoke: never, or have the identity provider fix its discovery document.';
  if (typeof endpoint !== 'string' || endpoint === '') {
    throw new ResponseError(200, `The discovery document at ${where(response)} has no ${field}.`, fix, 'DISCOVERY_FAILED');
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ResponseError(200, `The discovery document at ${where(response)} has an invalid ${field}.`, fix, 'DISCOVERY_FAILED');
  }
  if (url.origin !== authority.origin) {
    throw new ResponseError(
      200,
      `The discovery document at ${where(response)} names a ${token ? 'token' : 'revocation'} endpoint on another origin (${sanitize(url.origin, 200)}) than the authority (${authority.origin}); no ${token ? 'credentials are' : 'token is'} sent there.`,
      token
        ? 'If the identity provider really issues tokens there, set token-url to that address explicitly (instead of authority).'
        : 'Nothing was revoked; the session ends on its own when it expires. Set revoke: never to skip this.',
      'TOKEN_ENDPOINT_ORIGIN',
    );
  }
  return url;
}

/** What authority must look like, for a discovery that failed. */
function realmUrlHint(authority: URL): string {
  const path = authority.pathname;
  const base = 'authority must be the realm URL, e.g. https://keycloak.example.org/realms/OECD';
  if (!/\/realms\/[^/]+$/.test(path)) return `${base}; this one does not end in /realms/<realm>.`;
  if (path.includes('/auth/realms/'))
    return `${base}. Keycloak 17 and later serve realms without the /auth prefix: try ${authority.origin}${path.replace('/auth/realms/', '/realms/')}.`;
  return `${base}. Check the realm name (it is case-sensitive); Keycloak 16 and older, or servers that kept the prefix, need /auth: try ${authority.origin}${path.replace('/realms/', '/auth/realms/')}.`;
}
