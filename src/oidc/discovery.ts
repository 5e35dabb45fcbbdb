/**
 * OpenID Connect discovery: the realm URL's `.well-known/openid-configuration` names the token
 * endpoint, so users give the realm URL they already know (with or without Keycloak's legacy
 * `/auth` prefix) and the action finds the rest.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
import { ResponseError } from '../errors.js';
import { send, type HttpSettings } from '../http/client.js';
import { withRetry, type RetryContext } from '../http/retry.js';
import { describeBody, expectJsonObject, where } from './json.js';

export function discoveryUrl(authority: URL): URL {
  return new URL(`${authority.pathname.replace(/\/+$/, '')}/.well-known/openid-configuration`, authority);
}

/** Fetches the discovery document and returns its token endpoint. */
export async function discoverTokenEndpoint(authority: URL, http: HttpSettings, retry: RetryContext): Promise<URL> {
  const url = discoveryUrl(authority);
  const response = await withRetry(
    'discovery',
    () => send({ method: 'GET', url, credentials: false, headers: { accept: 'application/json' }, signal: retry.signal }, http),
    retry,
  );
  const hint = hintFor(authority);
  if (response.status !== 200) {
    throw new ResponseError(
      response.status,
      `OpenID Connect discovery failed: ${where(response)} answered HTTP ${response.status} (${describeBody(response)}).`,
      hint,
      'DISCOVERY_FAILED',
    );
  }
  const document = expectJsonObject(response, 'OpenID Connect discovery', hint);
  const endpoint = document.token_endpoint;
  if (typeof endpoint !== 'string' || endpoint === '') {
    throw new ResponseError(200, `The discovery document at ${where(response)} has no token_endpoint.`, 'Set token-url to the token endpoint explicitly.', 'DISCOVERY_FAILED');
  }
  try {
    return new URL(endpoint);
  } catch {
    throw new ResponseError(200, `The discovery document at ${where(response)} has an invalid token_endpoint.`, 'Set token-url to the token endpoint explicitly.', 'DISCOVERY_FAILED');
  }
}

function hintFor(authority: URL): string {
  const path = authority.pathname;
  const base = 'authority must be the realm URL, e.g. https://keycloak.example.org/realms/OECD';
  if (!/\/realms\/[^/]+$/.test(path)) return `${base}; this one does not end in /realms/<realm>.`;
  if (path.includes('/auth/realms/')) return `${base}. Keycloak 17 and later serve realms without the /auth prefix: try ${authority.origin}${path.replace('/auth/realms/', '/realms/')}.`;
  return `${base}. Check the realm name (it is case-sensitive); Keycloak 16 and older, or servers that kept the prefix, need /auth: try ${authority.origin}${path.replace('/realms/', '/auth/realms/')}.`;
}
