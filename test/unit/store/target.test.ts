import { lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileStore } from '../../../src/store/file.js';
import { parseStoreTarget } from '../../../src/store/target.js';
import { UNPRINTABLE } from '../../support/arbitraries.js';

describe('parseStoreTarget', () => {
  it.each([
    ['file:/tmp/x', { kind: 'file', path: '/tmp/x' }],
    ['github-secret:DOTSTAT_REFRESH_TOKEN', { kind: 'github-secret', scope: 'repository', name: 'DOTSTAT_REFRESH_TOKEN' }],
    ['github-secret:o/r/RT', { kind: 'github-secret', scope: 'repository', repository: 'o/r', name: 'RT' }],
    ['github-secret:o/r/env/prod/RT', { kind: 'github-secret', scope: 'environment', repository: 'o/r', environment: 'prod', name: 'RT' }],
    ['github-secret:org/stats/RT', { kind: 'github-secret', scope: 'organization', organization: 'stats', name: 'RT' }],
    ['gitlab-variable:RT', { kind: 'gitlab-variable', project: undefined, name: 'RT' }],
    ['gitlab-variable:group/sub/proj/RT', { kind: 'gitlab-variable', project: 'group/sub/proj', name: 'RT' }],
    ['gitlab-variable:42/RT', { kind: 'gitlab-variable', project: '42', name: 'RT' }],
  ])('%s', (text, target) => {
    expect(parseStoreTarget(text, 'write-back')).toEqual(target);
  });

  it.each([
    ['', 'no kind of store given'],
    ['vault:x', '"vault" is not a kind of store'],
    ['file:', 'needs a path'],
    ['github-secret:GITHUB_TOKEN', 'is not a GitHub secret name'],
    ['github-secret:1ABC', 'is not a GitHub secret name'],
    ['github-secret:o//RT', 'an empty or unusual part'],
    ['github-secret:a/b/c/d/RT', 'is not a GitHub secret target'],
    ['gitlab-variable:my-var', 'is not a GitLab variable name'],
    ['gitlab-variable:a b/RT', 'is not a GitLab project ID or path'],
    // A dot segment would be resolved away in the request's URL: /repos/../../actions/secrets/RT
    // is /actions/secrets/RT, /projects/../variables/RT is /api/v4/variables/RT, another endpoint.
    ['github-secret:../../RT', 'an empty or unusual part'],
    ['github-secret:o/./RT', 'an empty or unusual part'],
    ['github-secret:org/../RT', 'an empty or unusual part'],
    ['github-secret:o/r/env/../RT', 'an empty or unusual part'],
    ['gitlab-variable:../RT', 'is not a GitLab project ID or path'],
    ['gitlab-variable:group/./RT', 'is not a GitLab project ID or path'],
  ])('refuses %j, naming the input and the forms', (text, why) => {
    expect(() => parseStoreTarget(text, 'write-back')).toThrow(why);
    expect(() => parseStoreTarget(text, 'write-back')).toThrow(/^write-back: .* It takes one of: file:PATH, github-secret:NAME/);
  });

  // Found by the fuzzer (seed 344474597): a C1 control character in the kind went into the message as it was.
  it.each([
    ['a C1 control in the kind', '\u0085:x', 'a kind of store'],
    ['a bidi override in a secret name', 'github-secret:\u202eRT', 'a GitHub secret name'],
    ['an ANSI escape in a variable name', 'gitlab-variable:RT\u001b[31m', 'a GitLab variable name'],
    ['a bidi isolate in a project path', 'gitlab-variable:g\u2066/RT', 'a GitLab project ID or path'],
    ['a 500-character kind', `vault${'x'.repeat(500)}:x`, 'a kind of store'],
  ])('quotes %s in one printable line, capped', (_, text, why) => {
    const message = (() => {
      try {
        parseStoreTarget(text, 'write-back');
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain(why);
    expect(message).not.toMatch(UNPRINTABLE);
    expect(message.length).toBeLessThan(400);
  });
});

describe('fileStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-'));

  it('writes the token with mode 0600 and says so', async () => {
    const path = join(dir, 'rt');
    writeFileSync(path, 'old', { mode: 0o644 });
    const receipt = await fileStore(path).write('new-token');
    expect(readFileSync(path, 'utf8')).toBe('new-token\n');
    expect(lstatSync(path).mode & 0o777).toBe(0o600);
    expect(receipt).toEqual({ where: `the file ${path}`, confirmed: 'mode 0600' });
  });

  it('refuses a symbolic link, leaving its target alone', async () => {
    const target = join(dir, 'target');
    writeFileSync(target, 'keep');
    const link = join(dir, 'link');
    symlinkSync(target, link);
    await expect(fileStore(link).write('secret-value')).rejects.toThrow(/it is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('keep');
  });

  it('names the path and the fix, never the value, when the folder is missing', async () => {
    const error = await fileStore(join(dir, 'nope', 'rt'))
      .write('secret-value')
      .catch((e: Error) => e);
    expect(String(error)).toMatch(/\(ENOENT\): check that its folder exists/);
    expect(String(error)).not.toContain('secret-value');
  });
});
