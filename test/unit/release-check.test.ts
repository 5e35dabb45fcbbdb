import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGE, releaseProblems } from '../../scripts/release-check.mjs';
import { ROOT } from '../../scripts/lib/runner.mjs';

const real = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const version = (JSON.parse(real('package.json')) as { version: string }).version;
/** The real files, with one of them rewritten. */
const withFile = (name: string, edit: (text: string) => string) => (path: string) => (path === name ? edit(real(path)) : real(path));

describe('releaseProblems()', () => {
  it('the files in this commit agree with package.json, and with its tag in both forms', () => {
    expect(releaseProblems(undefined)).toEqual([]);
    expect(releaseProblems(version)).toEqual([]);
    expect(releaseProblems(`v${version}`)).toEqual([]);
  });

  it.each([
    ['9.9.9', "Tag 9.9.9 is not package.json's version"],
    ['v1.2', 'Tag v1.2 is not vX.Y.Z (GitHub) or X.Y.Z (GitLab).'],
    ['latest', 'Tag latest is not vX.Y.Z'],
  ])('tag %s: refused', (tag, problem) => {
    expect(releaseProblems(tag).join('\n')).toContain(problem);
  });

  it.each([
    ['templates/dotstat.yml', (t: string) => t.replace(`${IMAGE}:${version}`, `${IMAGE}:latest`), `the image input's default is ${IMAGE}:latest`],
    ['src/cli/help.ts', (t: string) => t.replace(`VERSION = '${version}'`, "VERSION = '0.0.9'"), 'src/cli/help.ts: VERSION is 0.0.9'],
    ['Dockerfile', (t: string) => t.replace(`ARG VERSION=${version}`, 'ARG VERSION=0.0.9'), 'Dockerfile: ARG VERSION is 0.0.9'],
    ['CHANGELOG.md', (t: string) => t.replace(`## [${version}]`, '## [0.0.9]'), `CHANGELOG.md: no "## [${version}]" section.`],
  ])('%s out of step: refused', (file, edit, problem) => {
    expect(releaseProblems(version, withFile(file, edit)).join('\n')).toContain(problem);
  });
});
