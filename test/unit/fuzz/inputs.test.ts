/**
 * Input parsing under fuzzing: parseConfig() with arbitrary strings for every input, and the
 * command line's parseCli() with arbitrary argument lists and environments. Each returns a value
 * or throws an InputError, never anything else; what it returns keeps the promises of Config; and
 * a value given to a secret flag or an unknown flag is never echoed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCli, envName } from '../../../src/cli/args.js';
import { parseConfig, type Config } from '../../../src/config.js';
import { InputError } from '../../../src/errors.js';
import { INPUTS, SECRET_INPUTS, type InputName } from '../../../src/inputs.js';
import { nastyString, returnsOrThrowsOwn, UNPRINTABLE } from '../../support/arbitraries.js';

/** Values that pass or nearly pass, so that the fuzzer reaches past the first check of each input. */
const PLAUSIBLE: Partial<Record<InputName, readonly string[]>> = {
  authority: [
    'https://kc.example.org/realms/OECD',
    'http://127.0.0.1:8080/realms/x',
    'https://kc.example.org/auth/realms/OECD/',
    'https://kc.example.org/realms/OECD/.well-known/openid-configuration',
    'https://u:p@kc.example.org/realms/x',
    'http://kc.example.org/realms/x',
    'https://[::1]/realms/x',
  ],
  'token-url': ['https://kc.example.org/realms/OECD/protocol/openid-connect/token', 'http://localhost:1/token'],
  'client-id': ['app', 'my app', 'dotstat-publisher'],
  'client-secret': ['s3cret', ' '],
  username: ['alice', ' '],
  password: ['pw', '\n'],
  'refresh-token': ['eyJ.rt.x'],
  'grant-type': ['auto', 'password', 'refresh_token', 'client_credentials', 'keyless', 'PASSWORD', 'implicit'],
  'id-token': ['eyJ.id.x', ' '],
  audience: ['https://kc.example.org/realms/OECD', ' '],
  scope: ['openid offline_access', ' openid\n'],
  'export-env': ['DOTSTAT_ACCESS_TOKEN', '1X', 'GITHUB_TOKEN', 'path', ''],
  'request-timeout': ['30', '0', '600', '601', '1.5', '-1', '1e3'],
  'allow-insecure-http': ['true', 'false', 'yes', 'maybe'],
  'transfer-url': ['https://transfer.example.org/3', 'https://transfer.example.org', 'http://127.0.0.1:9/1.2', 'https://t.example.org/3?x=1'],
  dataspace: ['design', 'my space', 'stable.1'],
  file: ['out/*.csv', 'a.csv\n\nb.xml', '  '],
  'file-url': ['https://data.example.org/x.csv', '/srv/x.csv', 'https://u:p@d.example.org/x', 'https://d example.org/x'],
  'validate-only': ['true', 'no'],
  'validation-type': ['basic', 'Advanced', 'strict'],
  'target-version': ['live', 'PIT', 'draft'],
  'pit-release-date': [
    '2026-06-04T08:00:00Z',
    '2026-02-30T08:00:00Z',
    '2026-06-04',
    '2026-06-04T10:00+02:00',
    '9999-12-31T23:59:59.999-1400',
    '0000-01-01T00:00Z',
  ],
  'restoration-option-required': ['false', '1'],
  compress: ['auto', 'zip', 'none', 'gzip'],
  'compress-threshold': ['10MB', '1 GiB', '0', '1e3', '99999999999GB', '1.5kb'],
  wait: ['true', 'off'],
  'wait-timeout': ['3600', '86400', '86401', '0.5'],
  'poll-interval': ['5', '0.1', '0.05', '600'],
  'fail-on-warning': ['false', 'on'],
};

const valueOf = (name: InputName): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: nastyString(30) },
    { weight: 3, arbitrary: fc.constantFrom(...(PLAUSIBLE[name] ?? ['x'])) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(' ', '\n', '\t', '\r\n', ''), fc.constantFrom(...(PLAUSIBLE[name] ?? ['x'])), fc.constantFrom(' ', '\n', ''))
        .map(([a, v, b]) => `${a}${v}${b}`),
    },
  );

/** A configuration that passes, as a starting point the fuzzer then breaks in a few places. */
const VALID: Partial<Record<InputName, string>> = {
  authority: 'https://kc.example.org/realms/OECD',
  username: 'alice',
  password: 'pw',
  'transfer-url': 'https://transfer.example.org/3',
  dataspace: 'design',
  file: 'out/*.csv',
};
const mutation = fc.constantFrom(...INPUTS.map((i) => i.name)).chain((name) => fc.tuple(fc.constant(name), valueOf(name)));
const settings = fc.tuple(fc.boolean(), fc.array(mutation, { maxLength: 4 })).map(([upload, changes]) => {
  const values: Partial<Record<InputName, string>> = upload ? { ...VALID } : { authority: VALID.authority, username: 'alice', password: 'pw' };
  for (const [name, value] of changes) values[name] = value;
  return values;
});

function expectIdpKeepsItsPromises(idp: NonNullable<Config['idp']>): void {
  expect(Boolean(idp.authority) !== Boolean(idp.tokenUrl)).toBe(true);
  for (const url of [idp.authority, idp.tokenUrl]) {
    if (!url) continue;
    expect(['https:', 'http:']).toContain(url.protocol);
    expect(url.username + url.password + url.hash).toBe('');
  }
  expect(['password', 'refresh_token', 'client_credentials', 'keyless']).toContain(idp.grant);
  // Keyless: with no platform to mint one here, only with an ID token given, and always for an audience.
  if (idp.grant === 'keyless') expect(Boolean(idp.idToken) && Boolean(idp.audience?.trim())).toBe(true);
  else expect(idp.idToken).toBeUndefined();
  expect(idp.clientId).not.toMatch(/\s/);
}

function expectConfigKeepsItsPromises(config: Config): void {
  const { idp, transfer } = config;
  // No sign-in only when a hand-off is received, and then with its key.
  expect(idp !== undefined || (config.handoff?.received !== undefined && config.handoff.key.length === 32)).toBe(true);
  if (idp) expectIdpKeepsItsPromises(idp);
  for (const url of [transfer?.baseUrl]) {
    if (!url) continue;
    expect(['https:', 'http:']).toContain(url.protocol);
    expect(url.username + url.password + url.hash).toBe('');
  }
  expect(config.http.timeoutMs).toBeGreaterThanOrEqual(1000);
  expect(config.http.timeoutMs).toBeLessThanOrEqual(600_000);
  if (config.exportEnv !== undefined) expect(config.exportEnv).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  if (!transfer) return;
  expect(transfer.dataspace).toMatch(/^[A-Za-z0-9_.-]+$/);
  expect(transfer.patterns.length > 0 !== Boolean(transfer.fileUrl)).toBe(true);
  for (const pattern of transfer.patterns) expect(pattern).toBe(pattern.trim());
  expect(Number.isFinite(transfer.compressThresholdBytes) && transfer.compressThresholdBytes >= 0).toBe(true);
  expect(transfer.waitTimeoutMs).toBeGreaterThanOrEqual(1000);
  expect(transfer.pollIntervalMs).toBeGreaterThanOrEqual(100);
  if (transfer.pitReleaseDate !== undefined) {
    expect(transfer.targetVersion).toBe('pit');
    expect(new Date(transfer.pitReleaseDate).toISOString().replace(/\.000Z$/, 'Z')).toBe(transfer.pitReleaseDate);
  }
}

function expectGoodInputError(error: InputError): void {
  expect(error).toBeInstanceOf(InputError);
  expect(error.message).toMatch(/^Input '[^']+': /);
  expect(error.message, 'one line').not.toContain('\n');
  expect(error.message).not.toMatch(UNPRINTABLE);
  expect(error.message.length).toBeLessThan(600);
}

describe('parseConfig() w/ arbitrary strings for every input', () => {
  it('returns a Config that keeps its promises, or throws an InputError', () => {
    let parsed = 0;
    fc.assert(
      fc.property(settings, (values) => {
        const result = returnsOrThrowsOwn(() => parseConfig((name) => values[name]));
        if (result instanceof Error) return expectGoodInputError(result as InputError);
        parsed += 1;
        expectConfigKeepsItsPromises(result);
      }),
      { numRuns: 1000 },
    );
    // The fuzzer got past the checks often enough to test what comes after them.
    expect(parsed).toBeGreaterThan(100);
  });

  it('w/ every input arbitrary at once', () => {
    const everything = fc.record(
      Object.fromEntries(INPUTS.map((input) => [input.name, valueOf(input.name)])) as Record<InputName, fc.Arbitrary<string | undefined>>,
    );
    fc.assert(
      fc.property(everything, (values) => {
        const result = returnsOrThrowsOwn(() => parseConfig((name) => values[name]));
        if (result instanceof Error) expectGoodInputError(result as InputError);
        else expectConfigKeepsItsPromises(result);
      }),
      { numRuns: 500 },
    );
  });

  it('a configuration that passes still passes w/ whitespace around every value', () => {
    const valid = fc.record({
      authority: fc.constantFrom('https://kc.example.org/realms/OECD', 'http://127.0.0.1:1/realms/x'),
      username: fc.stringMatching(/^[a-z]{1,8}$/),
      password: fc.stringMatching(/^[!-~]{1,12}$/),
      'request-timeout': fc.integer({ min: 1, max: 600 }).map(String),
      'transfer-url': fc.constant('https://transfer.example.org/3'),
      dataspace: fc.stringMatching(/^[A-Za-z0-9_.-]{1,10}$/),
      file: fc.constant('out/*.csv'),
      'poll-interval': fc.constantFrom('0.1', '5', '60'),
    });
    const space = fc.constantFrom('', ' ', '\n', '\t', '\r\n', '  \n');
    fc.assert(
      fc.property(valid, space, space, (values, before, after) => {
        const plain = parseConfig((name) => (values as Partial<Record<InputName, string>>)[name]);
        const padded = parseConfig((name) => {
          const value = (values as Partial<Record<InputName, string>>)[name];
          return value === undefined ? undefined : `${before}${value}${after}`;
        });
        expect(padded).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });
});

const FLAG_NAMES = [...INPUTS.map((i) => i.name), 'dotenv', 'token-file', 'debug', 'no-wait', 'no-debug', 'pasword', 'authorty', 'x'];
const token: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...FLAG_NAMES).map((name) => `--${name}`),
  fc.tuple(fc.constantFrom(...FLAG_NAMES), nastyString(12)).map(([name, value]) => `--${name}=${value}`),
  fc.constantFrom('exec', '--', '-h', '--help', '--version', '-v', '-x', 'true', 'false', ''),
  nastyString(12),
);
const environment = fc.dictionary(fc.constantFrom(...INPUTS.map((i) => envName(i.name)), 'GITLAB_CI', 'DOTSTAT_DEBUG', 'DOTSTAT_DOTENV'), nastyString(20), {
  maxKeys: 6,
});

describe('parseCli() w/ arbitrary arguments and environment', () => {
  it('returns options whose settings parse (or not) like any input, or throws an InputError', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), environment, (argv, env) => {
        const options = returnsOrThrowsOwn(() => parseCli(argv, env));
        if (options instanceof Error) return expectGoodInputError(options as InputError);
        // A secret comes from the environment only, whatever the flags say.
        for (const name of SECRET_INPUTS) expect(options.settings(name)).toBe(env[envName(name)]);
        const config = returnsOrThrowsOwn(() => parseConfig(options.settings));
        if (config instanceof Error) expectGoodInputError(config as InputError);
      }),
      { numRuns: 1000 },
    );
  });

  it('never echoes a value given to a secret flag or to an unknown flag', () => {
    const MARKER = 'Zq9Marker7secret';
    const hostile = fc.oneof(
      fc.constantFrom(...SECRET_INPUTS, 'pasword', 'clientsecret', 'refresh_token', 'x').map((name) => [`--${name}=${MARKER}`]),
      fc.constantFrom(...SECRET_INPUTS, 'pasword', 'client_secret').map((name) => [`--${name}`, MARKER]),
      fc.constant([MARKER]),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 4 }), hostile, fc.array(token, { maxLength: 3 }), (before, bad, after) => {
        fc.pre(!before.includes('exec'));
        const result = returnsOrThrowsOwn(() => parseCli([...before, ...bad, ...after], {}));
        if (result instanceof Error) expect((result as InputError).describe()).not.toContain(MARKER);
      }),
      { numRuns: 500 },
    );
  });
});
