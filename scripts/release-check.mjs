#!/usr/bin/env node
// @ts-check
/**
 * `node scripts/release-check.mjs TAG`: refuses a release whose version is not the same
 * everywhere it is written down. Run by both release pipelines before anything is published:
 * .github/workflows/release.yml (tags vX.Y.Z) and .gitlab-ci.yml (tags X.Y.Z, the CI/CD Catalog's
 * form). Without TAG it checks the files against package.json alone.
 *
 * The version must agree in: the tag, package.json, the command line's --version
 * (src/cli/help.ts), the component's default image (templates/dotstat.yml, which pins the image
 * this release's pipeline builds), the Dockerfile's default and CHANGELOG.md, which must have a
 * section for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const IMAGE = 'registry.gitlab.com/sis-cc/dotstat-action';
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** @param {string} path */
const read = (path) => readFileSync(join(ROOT, path), 'utf8');

/**
 * Every disagreement, as a sentence; empty when the release may go ahead.
 * @param {string | undefined} tag `vX.Y.Z` (GitHub) or `X.Y.Z` (GitLab), or undefined
 * @param {(path: string) => string} [readFile]
 * @returns {string[]}
 */
export function releaseProblems(tag, readFile = read) {
  const problems = [];
  const version = /** @type {{ version: string }} */ (JSON.parse(readFile('package.json'))).version;
  if (!SEMVER.test(version)) problems.push(`package.json: version ${version} is not X.Y.Z.`);
  if (tag !== undefined) {
    const bare = tag.replace(/^v/, '');
    if (!SEMVER.test(bare)) problems.push(`Tag ${tag} is not vX.Y.Z (GitHub) or X.Y.Z (GitLab).`);
    else if (bare !== version) problems.push(`Tag ${tag} is not package.json's version ${version}.`);
  }
  const cli = /export const VERSION = '([^']+)'/.exec(readFile('src/cli/help.ts'))?.[1];
  if (cli !== version) problems.push(`src/cli/help.ts: VERSION is ${cli ?? 'missing'}, not ${version}.`);
  const component = readFile('templates/dotstat.yml');
  const image = /^ {4}image:\n(?: {6}.*\n)*? {6}default: (\S+)$/m.exec(component)?.[1];
  if (image !== `${IMAGE}:${version}`) problems.push(`templates/dotstat.yml: the image input's default is ${image ?? 'missing'}, not ${IMAGE}:${version}.`);
  const docker = /^ARG VERSION=(\S+)$/m.exec(readFile('Dockerfile'))?.[1];
  if (docker !== version) problems.push(`Dockerfile: ARG VERSION is ${docker ?? 'missing'}, not ${version}.`);
  if (!readFile('CHANGELOG.md').includes(`\n## [${version}]`)) problems.push(`CHANGELOG.md: no "## [${version}]" section.`);
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const tag = process.argv[2] || undefined;
  const problems = releaseProblems(tag);
  if (problems.length > 0) {
    console.error(`Not releasing${tag ? ` ${tag}` : ''}:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    process.exit(1);
  }
  const version = JSON.parse(read('package.json')).version;
  console.log(`Release ${tag ?? version}: package.json, the command line, the component's image (${IMAGE}:${version}), the Dockerfile and CHANGELOG.md agree.`);
}
