import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { LOGIN_OPTIONS, loginHelp, parseLogin } from '../../../src/cli/login-args.js';
import { chooseFlow, noBrowserHere } from '../../../src/login/choose.js';
import { browserCommand } from '../../../src/login/open.js';

const BOTH = { token: new URL('https://kc/t'), authorization: new URL('https://kc/a'), device: new URL('https://kc/d') };
const AUTHORITY = ['--authority', 'https://keycloak.example.org/realms/OECD'];

describe('chooseFlow()', () => {
  it.each([
    [{ DISPLAY: ':0' }, 'linux', BOTH, 'browser', 'a browser can be opened here', 'device'],
    [{}, 'darwin', BOTH, 'browser', 'a browser can be opened here', 'device'],
    [{}, 'linux', BOTH, 'device', 'no browser can be opened here: there is no display', 'browser'],
    [{ DISPLAY: ':0', SSH_CONNECTION: '1 2 3 4' }, 'linux', BOTH, 'device', 'this is an SSH session', 'browser'],
    [{ CI: 'true', DISPLAY: ':0' }, 'linux', BOTH, 'device', 'this is a CI job', 'browser'],
    [{}, 'linux', { ...BOTH, device: undefined }, 'browser', 'the provider has no device flow', undefined],
    [{ DISPLAY: ':0' }, 'linux', { ...BOTH, authorization: undefined }, 'device', 'no authorization endpoint', undefined],
  ] as const)('%o on %s: %s', (env, platform, endpoints, flow, why, fallback) => {
    const choice = chooseFlow('auto', endpoints, env, platform);
    expect(choice.flow).toBe(flow);
    expect(choice.why).toContain(why);
    expect(choice.fallback).toBe(fallback);
  });

  it('--flow wins, without a fallback', () => {
    expect(chooseFlow('device', BOTH, { DISPLAY: ':0' }, 'linux')).toEqual({ flow: 'device', why: 'as --flow asked' });
  });

  it('no browser is ever opened on CI', () => {
    expect(noBrowserHere({ GITHUB_ACTIONS: 'true' }, 'darwin')).toBe('this is a CI job');
    expect(noBrowserHere({ GITLAB_CI: 'true' }, 'win32')).toBe('this is a CI job');
  });

  it('browserCommand(): $BROWSER, else the platform opener', () => {
    expect(browserCommand({ BROWSER: 'firefox:chromium' }, 'linux')).toEqual(['firefox']);
    expect(browserCommand({}, 'linux')).toEqual(['xdg-open']);
    expect(browserCommand({}, 'darwin')).toEqual(['open']);
    expect(browserCommand({}, 'win32')).toEqual(['rundll32', 'url.dll,FileProtocolHandler']);
  });
});

describe('parseLogin()', () => {
  it('the defaults: client app, scope openid, auto, a 300 s wait, a browser opened', () => {
    const o = parseLogin([...AUTHORITY, '--store', 'file:tok'], {});
    expect(o).toMatchObject({
      clientId: 'app',
      scope: 'openid',
      flow: 'auto',
      timeoutMs: 300_000,
      open: true,
      offline: false,
      store: { kind: 'file', path: 'tok' },
    });
  });

  it('--offline adds offline_access; DOTSTAT_* variables are read; the flag wins', () => {
    const o = parseLogin(['--offline', '--client-id', 'web', '--scope', 'groups openid'], {
      DOTSTAT_AUTHORITY: 'https://kc.example.org/realms/x',
      DOTSTAT_CLIENT_ID: 'app',
      DOTSTAT_STORE: 'gitlab-variable:T',
    });
    expect(o.scope).toBe('openid offline_access groups');
    expect(o.clientId).toBe('web');
    expect(o.store).toEqual({ kind: 'gitlab-variable', project: undefined, name: 'T' });
  });

  it.each([
    [[...AUTHORITY], 'store', 'is required: login must put the refresh token somewhere'],
    [['--store', 'file:t'], 'authority', 'is required for login'],
    [[...AUTHORITY, '--store', 'nope:x'], 'store', '"nope" is not a kind of store'],
    [[...AUTHORITY, '--print', '--flow', 'sideways'], 'flow', 'expected auto, browser or device'],
    [[...AUTHORITY, '--print', '--timeout', '0'], 'timeout', 'from 1 to 3600'],
    [[...AUTHORITY, '--print', 'eyJhbGciOiJSUzI1NiJ9.secret'], 'argument 5', 'it is not shown, in case it is a secret'],
    [[...AUTHORITY, '--print', '--password=hunter2'], 'argument 5', 'it is not shown'],
    [['--authority', 'http://kc.example.org/realms/x', '--print'], 'authority', 'plain http://'],
  ])('%j: refused, naming %s', (argv, input, text) => {
    let error: unknown;
    try {
      parseLogin(argv, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as InputError).message).toContain(text);
    expect((error as InputError).message).not.toContain('hunter2');
    expect((error as InputError).message).not.toContain('eyJ');
  });

  it('--json wins over --print', () => {
    expect(parseLogin([...AUTHORITY, '--print', '--json'], {}).print).toBe('json');
  });
});

describe('loginHelp()', () => {
  it('names every option, its variable, and that --store or --print/--json is needed', () => {
    const text = loginHelp();
    for (const o of LOGIN_OPTIONS) {
      expect(text).toContain(`--${o.name}`);
      if (o.env) expect(text).toContain(o.env);
    }
    expect(text).toContain('Needs --store, or --print / --json.');
  });
});
