/**
 * Keyless sign-in: the CI job's own OpenID Connect ID token is the client's credential (Keycloak's
 * "Signed JWT – Federated" client authenticator, 26.6+). The request is `client_credentials` with
 * the ID token as `client_assertion`; no secret is stored anywhere.
 *
 * The ID token is a secret: it is registered (masked) the moment it is obtained, before anything
 * else is done with it, and only its claims, never the token, appear in a message.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2 (JWT client authentication)
 */
import { DotstatError, IdpError } from '../errors.js';
import type { IdpConfig } from './settings.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Mints an ID token for this audience (GitHub's runner endpoint); absent where the job cannot mint. */
export type MintIdToken = (audience: string) => Promise<string>;

/** The claims Keycloak matches, and those that name the repository or project by immutable id. */
export interface AssertionClaims {
  readonly iss?: string;
  readonly sub?: string;
  readonly aud?: string;
  readonly iat?: number;
  readonly exp?: number;
  readonly jti?: string;
  /** repository_id, repository_owner_id (GitHub); project_id, namespace_id (GitLab); ref_protected. */
  readonly ids: Readonly<Record<string, string>>;
}

const ID_CLAIMS = ['repository_id', 'repository_owner_id', 'project_id', 'namespace_id', 'ref_protected', 'environment'] as const;

/** A JWT's payload, not verified (Keycloak verifies it): for messages and the setup text only. */
export function assertionClaims(jwt: string): AssertionClaims {
  let payload: Record<string, unknown> = {};
  try {
    payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    // Not a JWT: every claim reads as absent, and Keycloak's refusal says the rest.
  }
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const aud = Array.isArray(payload.aud) ? payload.aud.map(String).join(' ') : str(payload.aud);
  const ids: Record<string, string> = {};
  for (const name of ID_CLAIMS) {
    const value = str(payload[name]);
    if (value !== undefined) ids[name] = value;
  }
  return { iss: str(payload.iss), sub: str(payload.sub), aud, iat: num(payload.iat), exp: num(payload.exp), jti: str(payload.jti), ids };
}

/**
 * The ID token for one exchange: the given one (GitLab's `id_tokens:`, the same for the whole
 * job), or a fresh one minted for the audience (GitHub, before each exchange). Masked at once.
 */
export async function obtainAssertion(idp: IdpConfig, mint: MintIdToken | undefined, secret: (value: string) => void): Promise<string> {
  if (idp.idToken) return idp.idToken;
  if (!mint) {
    throw new DotstatError(
      'KEYLESS_NO_ID_TOKEN',
      'Keyless sign-in needs an OpenID Connect ID token of this job, and none was given.',
      'On GitLab, declare it in the job (id_tokens: DOTSTAT_ID_TOKEN: aud: <the realm URL>); elsewhere set DOTSTAT_ID_TOKEN (the id-token input).',
    );
  }
  const token = await mint(idp.audience ?? '');
  secret(token);
  return token;
}

/** The request with its assertion; the claims are kept for the error message, the token is not. */
export function withAssertion<R extends { readonly form: URLSearchParams }>(request: R, assertion: string): R {
  const form = new URLSearchParams(request.form);
  form.set('client_assertion', assertion);
  return { ...request, form };
}

const SAME_401 =
  'Keycloak answers this one refusal for three causes it does not tell apart: (1) no client has jwt.credential.sub equal to this token\'s sub, or its jwt.credential.issuer is not the identity provider of this iss; (2) no identity provider trusts this iss (it needs "Supports client assertions" on, and issuer set to exactly this iss); (3) the signature does not verify with that provider\'s JWKS (check its JWKS URL and "Validate signatures").';

/** What to check for each refusal of a keyless exchange; the token's claims, never the token, are quoted. */
export function keylessHint(error: IdpError, claims: AssertionClaims, idp: IdpConfig): string {
  const d = error.errorDescription.toLowerCase();
  const seen = `This job's token: iss ${claims.iss ?? '(none)'}, sub ${claims.sub ?? '(none)'}, aud ${claims.aud ?? '(none)'}.`;
  if (d.includes('reuse')) {
    return `${seen} This ID token was already used once, and the identity provider accepts each token once. A GitLab token is minted at job start and used again for each renewal: turn on "Supports client assertion reuse" (supportsClientAssertionReuse) on the Keycloak identity provider of ${claims.iss ?? 'this issuer'}, or get a new token per job.`;
  }
  if (d.includes('audience')) {
    return `${seen} Keycloak expects aud to be exactly its realm URL as seen from the request (${idp.authority?.href.replace(/\/$/, '') ?? 'the realm URL'}): set audience to it (on GitLab: id_tokens: … aud:), with the same host name as authority.`;
  }
  if (d.includes('too far in the past')) {
    const age = claims.iat === undefined ? '' : ` It was issued ${Math.round(Date.now() / 1000 - claims.iat)} s ago.`;
    return `${seen}${age} The identity provider refuses assertions older than its maximum assertion age (300 s by default). A GitLab token is minted at job start: raise "Max assertion expiration" (fedClientAssertionMaxExp, seconds) on the Keycloak identity provider of ${claims.iss ?? 'this issuer'} to the job's timeout.`;
  }
  if (d.includes('not active')) {
    const when = claims.exp === undefined ? '' : ` It expired at ${new Date(claims.exp * 1000).toISOString()}.`;
    return `${seen}${when} The ID token has expired: get a fresh one (on GitLab the token lives as long as the job's timeout).`;
  }
  if (d.includes('does not match authenticated client')) {
    return `${seen} The client whose jwt.credential.sub is this sub is not client-id '${idp.clientId}': set client-id to that client.`;
  }
  if (d.includes('jti')) return `${seen} The token has no jti claim, which Keycloak requires: this issuer's tokens cannot be used for keyless sign-in.`;
  if (error.error === 'unauthorized_client')
    return `${seen} Client '${idp.clientId}' does not use the "Signed JWT - Federated" authenticator (federated-jwt): set client-id to the keyless client.`;
  if (error.error === 'invalid_client') return `${seen} ${SAME_401}`;
  return `${seen} See the identity provider's message above.`;
}

/** The refusal of a keyless exchange, with its hint; other errors pass unchanged. */
export function keylessError(error: unknown, claims: AssertionClaims, idp: IdpConfig): unknown {
  if (!(error instanceof IdpError)) return error;
  return new IdpError(error.status, error.error, error.errorDescription, error.message, keylessHint(error, claims, idp));
}
