import { describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.js';
import { chooseGrant } from '../../src/oidc/settings.js';
import { InputError } from '../../src/errors.js';
import type { InputName } from '../../src/inputs.js';

type Settings = Partial<Record<InputName, string>>;

const AUTHORITY = 'https://keycloak.example.org/realms/OECD';
const base: Settings = { authority: AUTHORITY, username: 'alice', password: 'alice-password' };

const raw = (settings: Settings) => (name: InputName) => settings[name];
const parse = (settings: Settings): Config => parseConfig(raw(settings));

/** The InputError that parsing these settings throws (fails the test when none is thrown). */
function inputError(settings: Settings): InputError {
  try {
    parse(settings);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, but the settings were accepted');
}

describe('parseConfig() defaults', () => {
  it('w/ only authority and credentials', () => {
    const config = parse(base);
    expect(config.idp?.authority?.href).toBe(AUTHORITY);
    expect(config.idp?.tokenUrl).toBeUndefined();
    expect(config.idp?.clientId).toBe('app');
    expect(config.idp?.grant).toBe('password');
    expect(config.idp?.scope).toBeUndefined();
    expect(config.exportEnv).toBe('DOTSTAT_ACCESS_TOKEN');
    expect(config.http).toEqual({ timeoutMs: 30_000, allowInsecureHttp: false });
  });

  it('empty strings mean unset', () => {
    const config = parse({ ...base, 'client-id': '', 'grant-type': '', 'request-timeout': '', scope: '', 'client-secret': '', 'allow-insecure-http': '' });
    expect(config.idp?.clientId).toBe('app');
    expect(config.idp?.grant).toBe('password');
    expect(config.idp?.clientSecret).toBeUndefined();
    expect(config.http).toEqual({ timeoutMs: 30_000, allowInsecureHttp: false });
  });

  it('trims whitespace from every input', () => {
    const config = parse({
      authority: `  ${AUTHORITY}/  `,
      'client-id': ' dotstat ',
      username: ' alice\n',
      password: '\tpw ',
      scope: '  openid \n offline_access ',
      'request-timeout': ' 12 ',
      'export-env': ' MY_TOKEN ',
      'grant-type': ' Password ',
    });
    expect(config.idp?.authority?.href).toBe(AUTHORITY);
    expect(config.idp).toMatchObject({ clientId: 'dotstat', username: 'alice', password: 'pw', scope: 'openid offline_access', grant: 'password' });
    expect(config.http.timeoutMs).toBe(12_000);
    expect(config.exportEnv).toBe('MY_TOKEN');
  });
});

describe('parseConfig() authority and token-url', () => {
  it.each([
    ['realm URL', AUTHORITY, AUTHORITY],
    ['trailing slashes', `${AUTHORITY}//`, AUTHORITY],
    ['legacy /auth prefix', 'https://keycloak.siscc.org/auth/realms/OECD', 'https://keycloak.siscc.org/auth/realms/OECD'],
    ['discovery document URL', `${AUTHORITY}/.well-known/openid-configuration`, AUTHORITY],
    ['discovery document URL w/ slash', `${AUTHORITY}/.well-known/openid-configuration/`, AUTHORITY],
    ['loopback http', 'http://localhost:8080/realms/dev', 'http://localhost:8080/realms/dev'],
    ['loopback http by address', 'http://127.0.0.1:8080/realms/dev', 'http://127.0.0.1:8080/realms/dev'],
    ['loopback http IPv6', 'http://[::1]:8080/realms/dev', 'http://[::1]:8080/realms/dev'],
  ])('authority w/ %s', (_title, given, expected) => {
    expect(parse({ ...base, authority: given }).idp?.authority?.href).toBe(expected);
  });

  it('token-url alone skips discovery', () => {
    const tokenUrl = `${AUTHORITY}/protocol/openid-connect/token`;
    const config = parse({ ...base, authority: undefined, 'token-url': tokenUrl });
    expect(config.idp?.authority).toBeUndefined();
    expect(config.idp?.tokenUrl?.href).toBe(tokenUrl);
  });

  it.each([
    ['no scheme', 'keycloak.example.org/realms/OECD', 'is not an absolute URL', 'starting with https://'],
    ['relative path', '/realms/OECD', 'is not an absolute URL', 'starting with https://'],
    ['garbage', 'https://', 'is not an absolute URL', 'starting with https://'],
    ['ftp scheme', 'ftp://keycloak.example.org/realms/OECD', 'must be an https:// URL, got a ftp: URL', undefined],
    ['fragment', `${AUTHORITY}#top`, 'must not contain a #fragment', undefined],
    ['query', `${AUTHORITY}?kc_idp_hint=x`, 'must not contain a ?query', undefined],
  ])('authority w/ %s is refused', (_title, authority, message, hint) => {
    const error = inputError({ ...base, authority });
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.input).toBe('authority');
    expect(error.message).toBe(`Input 'authority': ${message}.`);
    if (hint) expect(error.hint).toContain(hint);
  });

  it.each(['authority', 'token-url'] as const)('%s w/ user:password@ is refused without quoting it', (name) => {
    const error = inputError({ ...base, authority: undefined, [name]: 'https://admin:hunter2-secret@keycloak.example.org/realms/OECD' });
    expect(error.input).toBe(name);
    expect(error.message).toBe(`Input '${name}': must not contain a user name or password.`);
    expect(error.hint).toContain('Remove the user:password@ part');
    expect(error.describe()).not.toContain('hunter2');
  });

  it.each(['authority', 'token-url'] as const)('%s w/ http:// to another host is refused', (name) => {
    const error = inputError({ ...base, authority: undefined, [name]: 'http://keycloak.example.org/realms/OECD' });
    expect(error.input).toBe(name);
    expect(error.message).toContain('plain http:// to keycloak.example.org');
    expect(error.hint).toContain('allow-insecure-http: true');
  });

  it('http:// to another host w/ allow-insecure-http: true', () => {
    const config = parse({ ...base, authority: 'http://keycloak.internal/realms/OECD', 'allow-insecure-http': 'true' });
    expect(config.idp?.authority?.href).toBe('http://keycloak.internal/realms/OECD');
    expect(config.http.allowInsecureHttp).toBe(true);
  });

  it('a host that only looks like loopback is not loopback', () => {
    expect(inputError({ ...base, authority: 'http://127.0.0.1.nip.io/realms/OECD' }).message).toContain('plain http://');
    expect(inputError({ ...base, authority: 'http://localhost.example.org/realms/OECD' }).message).toContain('plain http://');
  });

  it('authority given a token endpoint points at token-url', () => {
    const error = inputError({ ...base, authority: `${AUTHORITY}/protocol/openid-connect/token` });
    expect(error.input).toBe('authority');
    expect(error.message).toBe("Input 'authority': is a token endpoint, not a realm URL.");
    expect(error.hint).toBe(`Set token-url to it instead, or authority to ${AUTHORITY}.`);
  });

  it('both authority and token-url', () => {
    const error = inputError({ ...base, 'token-url': `${AUTHORITY}/protocol/openid-connect/token` });
    expect(error.input).toBe('token-url');
    expect(error.message).toBe("Input 'token-url': conflicts with authority: set one of them, not both.");
  });

  it('neither authority nor token-url', () => {
    const error = inputError({ ...base, authority: undefined });
    expect(error.input).toBe('authority');
    expect(error.message).toBe("Input 'authority': is required (or token-url).");
    expect(error.hint).toContain('/realms/');
  });
});

describe('parseConfig() grant and credentials', () => {
  it('unknown grant-type', () => {
    const error = inputError({ ...base, 'grant-type': 'implicit' });
    expect(error.input).toBe('grant-type');
    expect(error.message).toBe("Input 'grant-type': expected one of auto, password, refresh_token, client_credentials, keyless; got 'implicit'.");
  });

  it.each([
    ['password', { authority: AUTHORITY, 'client-secret': 's3cret' }, 'username'],
    ['refresh_token', base, 'refresh-token'],
    ['client_credentials', base, 'client-secret'],
  ] as const)('grant-type %s w/o its credentials names the missing input', (grant, settings, input) => {
    const error = inputError({ ...settings, 'grant-type': grant });
    expect(error.input).toBe(input);
    expect(error.message).toBe(`Input '${input}': is required for grant-type ${grant}.`);
  });

  it('username w/o password', () => {
    const error = inputError({ authority: AUTHORITY, username: 'alice' });
    expect(error.input).toBe('password');
    expect(error.message).toBe("Input 'password': is required with username.");
  });

  it('password w/o username', () => {
    const error = inputError({ authority: AUTHORITY, password: 'alice-password' });
    expect(error.input).toBe('username');
    expect(error.message).toBe("Input 'username': is required with password.");
  });

  it('client-id w/ a space', () => {
    expect(inputError({ ...base, 'client-id': 'my app' }).input).toBe('client-id');
  });

  it.each([
    ['refresh_token over password and client_credentials', { 'refresh-token': 'rt', username: 'u', password: 'p', 'client-secret': 's' }, 'refresh_token'],
    ['password over client_credentials', { username: 'u', password: 'p', 'client-secret': 's' }, 'password'],
    ['client_credentials w/ only a secret', { 'client-secret': 's' }, 'client_credentials'],
    ['refresh_token w/ only a refresh token', { 'refresh-token': 'rt' }, 'refresh_token'],
  ] as const)('auto picks %s', (_title, credentials, grant) => {
    expect(parse({ authority: AUTHORITY, ...credentials }).idp?.grant).toBe(grant);
  });

  it('auto w/o any credentials lists what to provide', () => {
    const error = inputError({ authority: AUTHORITY });
    expect(error.input).toBe('grant-type');
    expect(error.message).toContain('no credentials were given');
    for (const what of ['refresh-token', 'username and password', 'client-secret']) expect(error.hint).toContain(what);
  });

  it('an explicit grant wins over auto order', () => {
    expect(parse({ ...base, 'refresh-token': 'rt', 'grant-type': 'password' }).idp?.grant).toBe('password');
  });

  it('chooseGrant() w/ explicit grant and what it needs', () => {
    expect(chooseGrant('client_credentials', { clientSecret: 's' })).toBe('client_credentials');
    expect(() => chooseGrant('password', { username: 'u' })).toThrow("Input 'username': is required for grant-type password.");
  });
});

describe('parseConfig() request-timeout', () => {
  it.each([
    ['30', 30_000],
    ['1', 1_000],
    ['600', 600_000],
    ['2.5', 2_500],
  ])('%s seconds', (value, ms) => {
    expect(parse({ ...base, 'request-timeout': value }).http.timeoutMs).toBe(ms);
  });

  it.each(['abc', '-5', '0', '0.5', '601', '1e3', '99999999999999999999', 'Infinity', 'NaN', '10s', '0x10'])('refuses %s', (value) => {
    const error = inputError({ ...base, 'request-timeout': value });
    expect(error.input).toBe('request-timeout');
    expect(error.message).toBe(`Input 'request-timeout': expected a number of seconds from 1 to 600, got '${value}'.`);
  });
});

describe('parseConfig() allow-insecure-http', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['yes', true],
    ['on', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['no', false],
    ['off', false],
    ['0', false],
    ['', false],
  ])('%j is %s', (value, expected) => {
    expect(parse({ ...base, 'allow-insecure-http': value }).http.allowInsecureHttp).toBe(expected);
  });

  it.each(['maybe', 'tru', 'y'])('refuses %j', (value) => {
    const error = inputError({ ...base, 'allow-insecure-http': value });
    expect(error.input).toBe('allow-insecure-http');
    expect(error.message).toBe(`Input 'allow-insecure-http': expected true or false, got '${value}'.`);
  });
});

describe('parseConfig() export-env', () => {
  it('absent means the default name', () => {
    expect(parse(base).exportEnv).toBe('DOTSTAT_ACCESS_TOKEN');
  });

  it.each(['', '   '])('%j means none', (value) => {
    expect(parse({ ...base, 'export-env': value }).exportEnv).toBeUndefined();
  });

  it.each(['TOKEN', '_token', 'My_Token_2'])('accepts %s', (value) => {
    expect(parse({ ...base, 'export-env': value }).exportEnv).toBe(value);
  });

  it.each(['2TOKEN', 'MY-TOKEN', 'MY TOKEN', 'TOKEN=x', 'TÖKEN'])('refuses the invalid name %j', (value) => {
    const error = inputError({ ...base, 'export-env': value });
    expect(error.input).toBe('export-env');
    expect(error.message).toContain('is not a valid environment variable name');
  });

  it.each(['GITHUB_TOKEN', 'RUNNER_TEMP', 'ACTIONS_RUNTIME_TOKEN', 'INPUT_PASSWORD', 'STATE_X', 'PATH', 'path', 'NODE_OPTIONS', 'HOME', 'CI'])(
    'refuses the reserved name %s',
    (value) => {
      const error = inputError({ ...base, 'export-env': value });
      expect(error.input).toBe('export-env');
      expect(error.message).toBe(`Input 'export-env': '${value}' is reserved by the runner; choose another name.`);
    },
  );
});

describe('parseConfig() scope', () => {
  it('collapses any whitespace to single spaces', () => {
    expect(parse({ ...base, scope: 'openid\toffline_access\n  email' }).idp?.scope).toBe('openid offline_access email');
  });
});
