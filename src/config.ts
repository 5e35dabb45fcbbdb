/**
 * Raw settings in, a typed and validated Config out. Everything that can be known to be wrong
 * before a request is sent fails here, naming the input, what was expected, and a fix.
 * Nothing else in the program reads settings or the environment.
 */
import { InputError } from './errors.js';
import { isLoopback } from './http/loopback.js';
import type { InputName, RawSettings } from './inputs.js';
import { INPUTS } from './inputs.js';
import { sanitize } from './text.js';
import { parseTransfer, type TransferConfig } from './transfer/settings.js';

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

export interface Config {
  readonly idp: IdpConfig;
  /** Undefined when the job only gets a token. */
  readonly transfer?: TransferConfig;
  readonly exportEnv?: string;
  readonly http: { readonly timeoutMs: number; readonly allowInsecureHttp: boolean };
}

const RESERVED_ENV = /^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|STATE_)|^(PATH|NODE_OPTIONS|HOME|CI)$/i;
const DEFAULTS = new Map<string, string>(INPUTS.map((input) => [input.name, input.default]));

/** A value quoted in a message: one line, capped (an input may hold anything, even a stray secret's length of text). */
export function shown(value: string): string {
  return `'${sanitize(value, 60)}'`;
}

/** The trimmed value, the input's default when empty, or undefined when both are empty. */
function read(raw: RawSettings, name: InputName): string | undefined {
  const value = raw(name)?.trim();
  if (value) return value;
  return DEFAULTS.get(name) || undefined;
}

export function parseBoolean(raw: RawSettings, name: InputName): boolean {
  const value = read(raw, name) ?? 'false';
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new InputError(name, `expected true or false, got ${shown(value)}.`, `Write true or false (or leave it empty for ${DEFAULTS.get(name) || 'false'}).`);
}

/** A number of seconds within [min, max], returned in milliseconds. */
export function parseSeconds(raw: RawSettings, name: InputName, min: number, max: number): number {
  const value = read(raw, name) ?? '';
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds) || seconds < min || seconds > max) {
    throw new InputError(
      name,
      `expected a number of seconds from ${min} to ${max}, got ${shown(value)}.`,
      `Write a plain number such as ${DEFAULTS.get(name) || min} (no unit, no sign), or leave it empty for the default.`,
    );
  }
  return Math.round(seconds * 1000);
}

export function parseEnum<T extends string>(raw: RawSettings, name: InputName, allowed: readonly T[]): T {
  const value = (read(raw, name) ?? '').toLowerCase();
  const match = allowed.find((option) => option.toLowerCase() === value);
  if (!match) {
    const fallback = DEFAULTS.get(name);
    throw new InputError(name, `expected one of ${allowed.join(', ')}; got ${shown(value)}.`, `Write one of: ${allowed.join(', ')}${fallback ? ` (or leave it empty for ${fallback})` : ''}.`);
  }
  return match;
}

/** An absolute http(s) URL without credentials, query or fragment. */
export function parseUrl(raw: RawSettings, name: InputName, allowInsecureHttp: boolean): URL | undefined {
  const value = read(raw, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(name, 'is not an absolute URL.', 'Write the full address, starting with https://.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(name, `must be an https:// URL, got a ${sanitize(url.protocol, 20)} URL.`, 'Write the full address, starting with https://.');
  }
  if (url.username || url.password) {
    throw new InputError(name, 'must not contain a user name or password.', 'Remove the user:password@ part; give credentials through the secret inputs.');
  }
  if (url.hash) throw new InputError(name, 'must not contain a #fragment.', 'Remove the # and what follows it.');
  if (url.protocol === 'http:' && !isLoopback(url) && !allowInsecureHttp) {
    throw new InputError(
      name,
      `uses plain http:// to ${url.host}: credentials and tokens would travel unencrypted.`,
      'Use the https:// address. Only on a trusted network, set allow-insecure-http: true.',
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

export function parseConfig(raw: RawSettings): Config {
  const allowInsecureHttp = parseBoolean(raw, 'allow-insecure-http');
  const timeoutMs = parseSeconds(raw, 'request-timeout', 1, 600);
  return {
    idp: parseIdp(raw, allowInsecureHttp),
    transfer: parseTransfer(raw, allowInsecureHttp),
    exportEnv: parseEnvName(raw, 'export-env'),
    http: { timeoutMs, allowInsecureHttp },
  };
}

function parseIdp(raw: RawSettings, allowInsecureHttp: boolean): IdpConfig {
  const authority = normaliseAuthority(parseUrl(raw, 'authority', allowInsecureHttp));
  const tokenUrl = parseUrl(raw, 'token-url', allowInsecureHttp);
  if (authority && tokenUrl) {
    throw new InputError('token-url', 'conflicts with authority: set one of them, not both.', 'Use authority (discovery finds the token endpoint), or token-url alone for a provider without discovery.');
  }
  if (!authority && !tokenUrl) {
    throw new InputError('authority', 'is required (or token-url).', 'Set authority to the realm URL, e.g. https://keycloak.example.org/realms/OECD.');
  }
  const clientId = read(raw, 'client-id') ?? 'app';
  if (/\s/.test(clientId)) throw new InputError('client-id', 'must not contain spaces.', 'Write the client id as Keycloak shows it under Clients, e.g. app.');
  const credentials = {
    clientSecret: read(raw, 'client-secret'),
    username: read(raw, 'username'),
    password: read(raw, 'password'),
    refreshToken: read(raw, 'refresh-token'),
  };
  const emptySecret = 'A secret that does not exist (or is not available to this workflow, e.g. from a fork) reads as empty: check its name and where it is defined.';
  if (credentials.username && !credentials.password) throw new InputError('password', 'is required with username.', `Pass the password from a masked secret. ${emptySecret}`);
  if (credentials.password && !credentials.username) throw new InputError('username', 'is required with password.', `Pass the user name from a secret. ${emptySecret}`);
  const grant = chooseGrant(parseEnum(raw, 'grant-type', ['auto', 'password', 'refresh_token', 'client_credentials']), credentials);
  const scope = read(raw, 'scope')?.split(/\s+/).join(' ');
  return { authority, tokenUrl, clientId, ...credentials, grant, scope };
}

/** Accepts the discovery document's URL too, and points at token-url when given a token endpoint. */
function normaliseAuthority(url: URL | undefined): URL | undefined {
  if (!url) return undefined;
  url.pathname = url.pathname.replace(/\/\.well-known\/openid-configuration$/, '');
  if (/\/protocol\/openid-connect\/token$/.test(url.pathname)) {
    throw new InputError('authority', 'is a token endpoint, not a realm URL.', `Set token-url to it instead, or authority to ${url.origin}${url.pathname.replace(/\/protocol\/openid-connect\/token$/, '')}.`);
  }
  if (url.search) throw new InputError('authority', 'must not contain a ?query.', 'Remove the ? and what follows it: authority is the realm URL, e.g. https://keycloak.example.org/realms/OECD.');
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

function parseEnvName(raw: RawSettings, name: InputName): string | undefined {
  const value = raw(name) === undefined ? DEFAULTS.get(name) : raw(name)?.trim();
  if (!value) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
    throw new InputError(name, `${shown(value)} is not a valid environment variable name (letters, digits and _, not starting with a digit).`, 'Use a name such as DOTSTAT_ACCESS_TOKEN, or leave it empty to export nothing.');
  }
  if (RESERVED_ENV.test(value)) throw new InputError(name, `${shown(value)} is reserved by the runner; choose another name.`, 'For example DOTSTAT_ACCESS_TOKEN (the default).');
  return value;
}
