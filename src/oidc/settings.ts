/**
 * The identity-provider settings: where tokens come from, the client, the credentials, and the
 * grant they allow (`grant-type: auto` resolved here, before any request).
 */
import { InputError } from '../errors.js';
import type { InputName, RawSettings } from '../inputs.js';
import { parseEnum, parseUrl, read } from '../parse.js';

export type GrantType = 'password' | 'refresh_token' | 'client_credentials';

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
}

export function parseIdp(raw: RawSettings, allowInsecureHttp: boolean): IdpConfig {
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
  };
  const emptySecret =
    'A secret that does not exist (or is not available to this workflow, e.g. from a fork) reads as empty: check its name and where it is defined.';
  if (credentials.username && !credentials.password)
    throw new InputError('password', 'is required with username.', `Pass the password from a masked secret. ${emptySecret}`);
  if (credentials.password && !credentials.username)
    throw new InputError('username', 'is required with password.', `Pass the user name from a secret. ${emptySecret}`);
  const grant = chooseGrant(parseEnum(raw, 'grant-type', ['auto', 'password', 'refresh_token', 'client_credentials']), credentials);
  const scope = read(raw, 'scope')?.split(/\s+/).join(' ');
  return { authority, tokenUrl, clientId, ...credentials, grant, scope };
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
}

/** Resolves `auto`, and checks that the chosen grant has what it needs. */
export function chooseGrant(requested: 'auto' | GrantType, c: Credentials): GrantType {
  if (requested === 'auto') {
    if (c.refreshToken) return 'refresh_token';
    if (c.username && c.password) return 'password';
    if (c.clientSecret) return 'client_credentials';
    throw new InputError(
      'grant-type',
      'no credentials were given, so no grant can be used.',
      'Provide one of: refresh-token (a stored refresh token); username and password (password grant); or client-secret (a service account, client credentials grant). Pass them from masked secrets.',
    );
  }
  const needs: Record<GrantType, [InputName, string | undefined]> = {
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
