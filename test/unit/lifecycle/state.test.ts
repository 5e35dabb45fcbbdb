import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { defaultStatePath, privateFolder, readState, StateKeeper, tokensOf, writeState } from '../../../src/lifecycle/state.js';

const dir = mkdtempSync(join(tmpdir(), 'dotstat-state-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = parseConfig(
  (name) => ({ authority: 'https://kc.example.org/realms/r', username: 'u', password: 'the-password', 'client-secret': 'cs' })[name as string],
);
const tokens = {
  accessToken: 'a1',
  tokenType: 'Bearer',
  expiresIn: 300,
  expiresAt: new Date('2026-12-04T01:05:00Z'),
  refreshToken: 'r1',
  grant: 'password' as const,
};

describe('the job state', () => {
  it('StateKeeper: mode 0600, the newest refresh token kept across an answer without one, never the password', () => {
    const path = join(dir, 'kept.json');
    const keeper = new StateKeeper(path, config, (m) => {
      throw new Error(m);
    });
    keeper.keep(tokens);
    keeper.keep({ ...tokens, accessToken: 'a2', refreshToken: undefined, grant: 'refresh_token' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const state = readState(path);
    expect(state).toMatchObject({
      accessToken: 'a2',
      refreshToken: 'r1',
      openedWith: 'password',
      tokenGrant: 'refresh_token',
      clientSecret: 'cs',
      revoke: 'auto',
    });
    expect(readFileSync(path, 'utf8')).not.toContain('the-password');
    expect(tokensOf(state!).expiresAt?.toISOString()).toBe('2026-12-04T01:05:00.000Z');
  });

  it('StateKeeper: a state that cannot be written is one warning, and the job goes on', () => {
    const warnings: string[] = [];
    const keeper = new StateKeeper(join(dir, 'no-such-folder', 'state.json'), config, (m) => warnings.push(m));
    keeper.keep(tokens);
    keeper.keep(tokens);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("Cannot keep the job's state in");
    expect(warnings[0]).toContain('The job goes on');
  });

  it('refuses a state readable by others, a link, and text it did not write; none at all is undefined', () => {
    const open = join(dir, 'open.json');
    writeState(open, readState(join(dir, 'kept.json'))!);
    chmodSync(open, 0o644);
    expect(() => readState(open)).toThrow('is readable by others (mode 644)');
    const link = join(dir, 'link.json');
    symlinkSync(open, link);
    expect(() => readState(link)).toThrow('is a symbolic link');
    expect(() => writeState(link, readState(join(dir, 'kept.json'))!)).toThrow('it is a symbolic link');
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, 'secret-looking garbage', { mode: 0o600 });
    expect(() => readState(junk)).toThrow('is not one this version wrote');
    expect(readState(join(dir, 'absent.json'))).toBeUndefined();
  });

  it("the private folder: RUNNER_TEMP, else one of this user's own (0700); one open to others is refused", () => {
    expect(privateFolder({ RUNNER_TEMP: dir })).toBe(dir);
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const env = { TMPDIR: tmp };
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const own = privateFolder({});
      expect(statSync(own).mode & 0o777).toBe(0o700);
      expect(defaultStatePath({ CI_JOB_ID: '42' })).toBe(join(own, 'dotstat-state-42.json'));
      chmodSync(own, 0o755);
      expect(() => privateFolder(env)).toThrow('is not this user');
    } finally {
      process.env.TMPDIR = saved;
    }
  });
});

describe('readState(): what a state holds is checked as a sign-in checks its settings', () => {
  const good = {
    version: 1,
    tokenUrl: 'https://kc.example.org/realms/r/protocol/openid-connect/token',
    clientId: 'app',
    grant: 'password',
    openedWith: 'password',
    revoke: 'auto',
    http: { timeoutMs: 30_000, allowInsecureHttp: false },
    accessToken: 'AT-SECRET',
    tokenType: 'Bearer',
    expiresAt: '2026-12-04T01:05:00.000Z',
    expiresIn: 300,
    refreshToken: 'RT-SECRET',
    tokenGrant: 'password',
    handedOff: false,
  };
  const planted = (name: string, change: Record<string, unknown>) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify({ ...good, ...change }), { mode: 0o600 });
    return path;
  };

  it('the control: a state as this version writes it is read', () => {
    expect(readState(planted('good', {}))).toMatchObject({ accessToken: 'AT-SECRET' });
    expect(readState(planted('good-store', { store: { target: { kind: 'github-secret', scope: 'repository', name: 'RT' }, token: 'x' } }))).toBeDefined();
  });

  it.each([
    ['plain http to another host, without allow-insecure-http', { tokenUrl: 'http://evil.example/token' }, 'token-url'],
    ['a user:password@ in the authority', { tokenUrl: undefined, authority: 'https://u:p@kc.example.org/realms/r' }, 'authority'],
    ['a file: URL', { tokenUrl: 'file:///etc/passwd' }, 'token-url'],
    ['not a URL', { tokenUrl: 'not a url' }, 'token-url'],
    ['no endpoint at all', { tokenUrl: undefined }, 'no authority'],
    ['no http settings', { http: undefined }, 'http'],
    ['an end that is no date', { expiresAt: 'garbage' }, 'expiresAt'],
    ['a refresh token that is no string', { refreshToken: 42 }, 'refreshToken'],
    ['an unknown revoke policy', { revoke: 'sometimes' }, 'revoke'],
    ['a store target with a dot segment', { store: { target: { kind: 'github-secret', scope: 'repository', repository: '../..', name: 'RT' } } }, 'store'],
    ['a store target of another kind', { store: { target: { kind: 'url', url: 'https://evil.example' } } }, 'store'],
  ])('refused: %s, naming the field, never quoting a secret', (name, change, field) => {
    const path = planted(name.replace(/\W+/g, '-'), change);
    let message = '';
    try {
      readState(path);
    } catch (error) {
      message = (error as Error & { describe(): string }).describe();
    }
    expect(message).toContain('is not one this version wrote');
    expect(message).toContain(field);
    expect(message).not.toMatch(/AT-SECRET|RT-SECRET/);
  });
});
