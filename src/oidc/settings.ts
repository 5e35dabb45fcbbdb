/**
 * The identity-provider settings: where tokens come from, the client, the credentials, and the
 * grant they allow (`grant-type: auto` resolved here, before any request).
 */
import { InputError } from '../errors.js';
import type { InputName, RawSettings } from '../inputs.js';
import { parseEnum, parseUrl, read } from '../parse.js';

/** The permission a GitHub job needs to mint an ID token (keyless). */
export const PERMISSION_YAML = 'permissions:\n  id-token: write\n  contents: read';
/** The same, on one line (an input error's hint is one line). */
export const PERMISSION_YAML_INLINE = 'permissions: { id-token: write, contents: read }';

export type GrantType = 'password' | 'refresh_token' | 'client_credentials' | 'keyless' | SignInGrant;
/** The grants of `dotstat-action login` (a person signs in), never chosen by grant-type. */
export type SignInGrant = 'authorization_code' | 'device_code';

export interface IdpConfig {
  /** Realm (issuer) URL, for discovery; or undefined when `tokenUrl` is given. */
  readonly authority?: URL;
  readonly tokenUrl?: URL;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly username?: string;
  readonly password?: string;
  readonly refreshToken?: string;
  /** The grant chosen by `grant-type` (auto resolved). */
  readonly grant: GrantType;
  readonly scope?: string;
  /** keyless: the `aud` to mint the job's ID token for (default: the realm URL). */
  readonly audience?: string;
  /** keyless: an ID token given to the job (GitLab `id_tokens:`), instead of one minted per exchange. */
  readonly idToken?: string;
}

/** What the platform can do for keyless sign-in (GitHub mints ID tokens when the job may). */
export interface IdpContext {
  readonly canMintIdToken?: boolean;
}

export function parseIdp(raw: RawSettings, allowInsecureHttp: boolean, platform: IdpContext = {}): IdpConfig {
  const authority = normaliseAuthority(parseUrl(raw, 'authority', allowInsecureHttp));
  const tokenUrl = parseUrl(raw, 'token-url', allowInsecureHttp);
  if (authority && tokenUrl) {
    throw new InputError(
      'token-url',
      'conflicts with authority: set one of them, not both.',
      'Use authority (discovery finds the token endpoint), or token-url alone for a provider without discovery.',
    );
  }
  if (!authority && !tokenUrl) {
    throw new InputError('authority', 'is required (or token-url).', 'Set authority to the realm URL, e.g. https://keycloak.example.org/realms/OECD.');
  }
  const clientId = read(raw, 'client-id');
  if (!clientId) throw new InputError('client-id', 'is required.', 'Write the client id as Keycloak shows it under Clients, e.g. app.');
  if (/\s/.test(clientId)) throw new InputError('client-id', 'must not contain spaces.', 'Write the client id as Keycloak shows it under Clients, e.g. app.');
  const credentials = {
    clientSecret: read(raw, 'client-secret'),
    username: read(raw, 'username'),
    password: read(raw, 'password'),
    refreshToken: read(raw, 'refresh-token'),
    idToken: read(raw, 'id-token')?.trim(),
    canMintIdToken: platform.canMintIdToken ?? false,
  };
  const emptySecret =
    'A secret that does not exist (or is not available to this workflow, e.g. from a fork) reads as empty: check its name and where it is defined.';
  if (credentials.username && !credentials.password)
    throw new InputError('password', 'is required with username.', `Pass the password from a masked secret. ${emptySecret}`);
  if (credentials.password && !credentials.username)
    throw new InputError('username', 'is required with password.', `Pass the user name from a secret. ${emptySecret}`);
  const grant = chooseGrant(parseEnum(raw, 'grant-type', ['auto', 'password', 'refresh_token', 'client_credentials', 'keyless']), credentials);
  const scope = read(raw, 'scope')?.split(/\s+/).join(' ');
  const { canMintIdToken: _, ...given } = credentials;
  if (grant !== 'keyless') return { authority, tokenUrl, clientId, ...given, idToken: undefined, grant, scope };
  const audience = read(raw, 'audience')?.trim() || authority?.href.replace(/\/$/, '');
  if (!audience)
    throw new InputError(
      'audience',
      'is required for keyless sign-in with token-url.',
      'Set audience to the realm URL (https://keycloak.example.org/realms/OECD): Keycloak accepts only ID tokens whose aud is exactly that.',
    );
  return { authority, tokenUrl, clientId, ...given, grant, scope, audience };
}

/** Accepts the discovery document's URL too, and points at token-url when given a token endpoint. */
function normaliseAuthority(url: URL | undefined): URL | undefined {
  if (!url) return undefined;
  url.pathname = url.pathname.replace(/\/\.well-known\/openid-configuration$/, '');
  if (/\/protocol\/openid-connect\/token$/.test(url.pathname)) {
    throw new InputError(
      'authority',
      'is a token endpoint, not a realm URL.',
      `Set token-url to it instead, or authority to ${url.origin}${url.pathname.replace(/\/protocol\/openid-connect\/token$/, '')}.`,
    );
  }
  if (url.search)
    throw new InputError(
      'authority',
      'must not contain a ?query.',
      'Remove the ? and what follows it: authority is the realm URL, e.g. https://keycloak.example.org/realms/OECD.',
    );
  return url;
}

interface Credentials {
  readonly clientSecret?: string;
  readonly username?: string;
  readonly password?: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  readonly canMintIdToken?: boolean;
}

/** Resolves `auto`, and checks that the chosen grant has what it needs. */
export function chooseGrant(requested: 'auto' | Exclude<GrantType, SignInGrant>, c: Credentials): GrantType {
  if (requested === 'auto') {
    if (c.refreshToken) return 'refresh_token';
    if (c.username && c.password) return 'password';
    if (c.clientSecret) return 'client_credentials';
    if (c.idToken || c.canMintIdToken) return 'keyless';
    throw new InputError(
      'grant-type',
      'no credentials were given, so no grant can be used.',
      "Provide one of: refresh-token (a stored refresh token); username and password (password grant); or client-secret (a service account, client credentials grant). Pass them from masked secrets. Or sign in keyless with the job's own ID token: on GitHub give the job permissions: id-token: write; on GitLab declare id_tokens: DOTSTAT_ID_TOKEN with aud set to the realm URL.",
    );
  }
  if (requested === 'keyless') {
    if (c.idToken || c.canMintIdToken) return 'keyless';
    throw new InputError(
      'grant-type',
      'is keyless, but this job has no OpenID Connect ID token and cannot mint one.',
      `On GitHub, give the job (or the workflow) the permission to mint one: ${PERMISSION_YAML_INLINE}. On GitLab, declare it in the job: id_tokens: { DOTSTAT_ID_TOKEN: { aud: <the realm URL> } }. Elsewhere set DOTSTAT_ID_TOKEN.`,
    );
  }
  const needs: Record<Exclude<GrantType, 'keyless' | SignInGrant>, [InputName, string | undefined]> = {
    refresh_token: ['refresh-token', c.refreshToken],
    password: ['username', c.username && c.password],
    client_credentials: ['client-secret', c.clientSecret],
  };
  const [input, present] = needs[requested];
  if (!present) {
    throw new InputError(
      input,
      `is required for grant-type ${requested}.`,
      `Pass it from a masked secret (a secret that does not exist reads as empty), or set grant-type: auto to use the credentials that are given.`,
    );
  }
  return requested;
}
