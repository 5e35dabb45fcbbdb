/**
 * What a sign-in needs from the provider's discovery document: the token endpoint (checked as for
 * every grant: the authority's own origin), the authorization endpoint the browser opens, the
 * device authorization endpoint (RFC 8628 §4), and the PKCE methods it lists.
 */
import { ResponseError } from '../errors.js';
import { discoverProvider, discoveryUrl } from '../oidc/discovery.js';
import { sanitize } from '../text.js';
import type { HttpSettings } from '../http/client.js';
import type { RetryContext } from '../http/retry.js';

export interface SignInEndpoints {
  readonly token: URL;
  readonly authorization?: URL;
  readonly device?: URL;
  /** code_challenge_methods_supported; undefined when the document does not say. */
  readonly pkceMethods?: readonly string[];
  /** authorization_response_iss_parameter_supported (RFC 9207): every callback must then carry `iss`. */
  readonly issInResponse?: boolean;
}

/**
 * An endpoint the document names, under the token endpoint's rule: on the authority's own origin.
 * The browser is sent to the authorization endpoint and a person signs in on the page it serves;
 * the device endpoint tells them where to enter their code: a document that a proxy, a redirect or
 * a compromised path served must not send either elsewhere. Absent: undefined (that flow is not offered).
 */
function endpointOf(document: Record<string, unknown>, field: 'authorization_endpoint' | 'device_authorization_endpoint', authority: URL): URL | undefined {
  const value = document[field];
  if (value === undefined || value === null || value === '') return undefined;
  const where = discoveryUrl(authority).href;
  const url = typeof value === 'string' && /^https?:\/\//i.test(value) ? URL.parse(value) : null;
  if (!url)
    throw new ResponseError(
      200,
      `The discovery document at ${where} has an invalid ${field} (not an http(s) URL); no browser is sent there.`,
      'Check --authority: it must be the realm URL, e.g. https://keycloak.example.org/realms/OECD.',
      'DISCOVERY_FAILED',
    );
  if (url.origin !== authority.origin)
    throw new ResponseError(
      200,
      `The discovery document at ${where} names a ${field} on another origin (${sanitize(url.origin, 200)}) than the authority (${authority.origin}); nobody is sent to sign in there.`,
      "Set --authority to the realm URL on the host that serves Keycloak's own sign-in pages (Keycloak names them under the realm URL; a federated provider is reached from there by redirect). Where a proxy rewrites the host, set the realm's Frontend URL (Realm settings → General) to the public one.",
      'TOKEN_ENDPOINT_ORIGIN',
    );
  return url;
}

export async function discoverSignIn(authority: URL, http: HttpSettings, retry: RetryContext): Promise<SignInEndpoints> {
  const { tokenEndpoint, document } = await discoverProvider(authority, http, retry);
  const methods = document.code_challenge_methods_supported;
  return {
    token: tokenEndpoint,
    authorization: endpointOf(document, 'authorization_endpoint', authority),
    device: endpointOf(document, 'device_authorization_endpoint', authority),
    pkceMethods: Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string') : undefined,
    issInResponse: document.authorization_response_iss_parameter_supported === true,
  };
}
