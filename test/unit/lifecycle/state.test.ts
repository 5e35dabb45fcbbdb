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
