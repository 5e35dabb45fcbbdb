/**
 * What a sign-in needs from the provider's discovery document: the token endpoint (checked as for
 * every grant: the authority's own origin), the authorization endpoint the browser opens, the
 * device authorization endpoint (RFC 8628 §4), and the PKCE methods it lists.
 */
import { discoverProvider } from '../oidc/discovery.js';
import type { HttpSettings } from '../http/client.js';
import type { RetryContext } from '../http/retry.js';

export interface SignInEndpoints {
  readonly token: URL;
  readonly authorization?: URL;
  readonly device?: URL;
  /** code_challenge_methods_supported; undefined when the document does not say. */
  readonly pkceMethods?: readonly string[];
}

const urlOf = (value: unknown): URL | undefined => {
  if (typeof value !== 'string' || !/^https?:\/\//.test(value)) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

export async function discoverSignIn(authority: URL, http: HttpSettings, retry: RetryContext): Promise<SignInEndpoints> {
  const { tokenEndpoint, document } = await discoverProvider(authority, http, retry);
  const methods = document.code_challenge_methods_supported;
  return {
    token: tokenEndpoint,
    authorization: urlOf(document.authorization_endpoint),
    device: urlOf(document.device_authorization_endpoint),
    pkceMethods: Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string') : undefined,
  };
}
