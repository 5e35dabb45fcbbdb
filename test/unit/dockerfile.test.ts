/**
 * The component's image cannot be built here (no Docker engine): its Dockerfile is checked for
 * shape instead. Node.js 24 as the base, the packed command line installed offline from the
 * build context, nothing fetched from the network, a non-root user, no entrypoint in front of
 * GitLab's shell, and the tarball name the pipeline's `npm pack` makes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/runner.mjs';

/** Instructions as [KEYWORD, arguments], continuation lines joined, comments dropped. */
function instructions(text: string): Array<[string, string]> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return [keyword.toUpperCase(), rest.join(' ')];
    });
}

const dockerfile = instructions(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const all = (keyword: string) => dockerfile.filter(([k]) => k === keyword).map(([, args]) => args);
const KEYWORDS = new Set(['ARG', 'FROM', 'LABEL', 'COPY', 'RUN', 'ENTRYPOINT', 'USER', 'WORKDIR', 'CMD', 'ENV']);

describe('Dockerfile of the component image', () => {
  it('is made of known instructions, with one stage based on Node.js 24', () => {
    for (const [keyword] of dockerfile) expect(KEYWORDS.has(keyword), keyword).toBe(true);
    expect(all('FROM')).toEqual(['${NODE_IMAGE}']);
    expect(all('ARG')).toContain('NODE_IMAGE=node:24-alpine');
  });

  it('installs the packed tarball offline, and fetches nothing', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(all('ARG')).toContain(`VERSION=${version}`);
    expect(all('COPY')).toEqual(['dotstat-action-${VERSION}.tgz /tmp/dotstat-action.tgz']);
    const run = all('RUN').join('\n');
    expect(run).toMatch(/npm install --global --offline .*\/tmp\/dotstat-action\.tgz/);
    expect(run).toContain('dotstat-action --version');
    expect(run).not.toMatch(/\b(curl|wget|apk add|apt-get|npx)\b/);
    expect(all('ADD')).toEqual([]);
  });

  it('runs as the non-root user node, with no entrypoint in front of the job script', () => {
    const users = all('USER');
    expect(users.at(-1)).toBe('node');
    expect(dockerfile.findIndex(([k]) => k === 'USER')).toBeGreaterThan(dockerfile.findIndex(([k]) => k === 'RUN'));
    expect(all('ENTRYPOINT')).toEqual(['[]']);
  });

  it('.dockerignore sends only the tarball as the build context', () => {
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(ignore).toEqual(['*', '!dotstat-action-*.tgz']);
  });
});
