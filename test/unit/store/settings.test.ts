import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import type { InputName } from '../../../src/inputs.js';
import { parseRefreshTokenStore } from '../../../src/store/settings.js';
import { HTTP } from '../../support/unit.js';

const parse = (settings: Partial<Record<InputName, string>>, env: Record<string, string> = {}) => parseRefreshTokenStore((name) => settings[name], HTTP, env);

describe('parseRefreshTokenStore()', () => {
  it('none set: no store', () => {
    expect(parse({})).toBeUndefined();
    expect(parse({ 'refresh-token-store': '  ' })).toBeUndefined();
  });

  it('opens each kind, with the token and the CI variables', () => {
    expect(parse({ 'refresh-token-store': 'file:rt' })?.where).toMatch(/^the file \/.*\/rt$/);
    expect(parse({ 'refresh-token-store': 'github-secret:RT', 'store-token': 't' }, { GITHUB_REPOSITORY: 'o/r' })?.where).toBe(
      'the GitHub Actions secret RT of o/r',
    );
    expect(
      parse({ 'refresh-token-store': ' gitlab-variable:RT ', 'store-token': 't' }, { CI_API_V4_URL: 'https://gitlab.example.org/api/v4', CI_PROJECT_ID: '9' })
        ?.where,
    ).toBe('the CI/CD variable RT of project 9');
  });

  it.each([
    [{ 'store-token': 't' }, "Input 'store-token': is set, but refresh-token-store is not"],
    [{ 'refresh-token-store': 'vault:x' }, `Input 'refresh-token-store': "vault" is not a kind of store. It takes one of: file:PATH`],
    [{ 'refresh-token-store': 'github-secret:RT' }, "Input 'store-token': is required to write the GitHub Actions secret RT of o/r."],
    [{ 'refresh-token-store': 'gitlab-variable:RT', 'store-token': 'job' }, "Input 'store-token': holds this job's CI_JOB_TOKEN"],
  ] as const)('refuses %j, naming the input', (settings, message) => {
    const env = { GITHUB_REPOSITORY: 'o/r', CI_API_V4_URL: 'https://gitlab.example.org/api/v4', CI_PROJECT_ID: '9', CI_JOB_TOKEN: 'job' };
    expect(() => parse(settings, env)).toThrow(InputError);
    expect(() => parse(settings, env)).toThrow(message);
  });

  it('refuses a file target that is a symbolic link, a folder, or in a folder that does not exist, before any request', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-settings-'));
    writeFileSync(join(dir, 'target'), 'x');
    symlinkSync(join(dir, 'target'), join(dir, 'link'));
    expect(() => parse({ 'refresh-token-store': `file:${join(dir, 'link')}` })).toThrow(`${join(dir, 'link')} is a symbolic link.`);
    expect(() => parse({ 'refresh-token-store': `file:${dir}` })).toThrow(`${dir} is a directory.`);
    expect(() => parse({ 'refresh-token-store': `file:${join(dir, 'missing', 'rt')}` })).toThrow(`the folder ${join(dir, 'missing')} does not exist.`);
  });

  it('a file target starting with ~ is refused with the fix: nothing here expands it (it would be a folder named ~)', () => {
    expect(() => parse({ 'refresh-token-store': 'file:~/.dotstat/refresh-token' })).toThrow(
      "Input 'refresh-token-store': file:~/.dotstat/refresh-token starts with ~, which is not expanded here.",
    );
    expect(() => parse({ 'refresh-token-store': 'file:~/.dotstat/refresh-token' })).toThrow(InputError);
  });
});
