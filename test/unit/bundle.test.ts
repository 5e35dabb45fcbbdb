/**
 * What dist/ holds and what it loads at start. The action and the command line are one bundle
 * (dist/index.js and its chunks; dist/cli.js only loads it). @actions/http-client (loaded by
 * @actions/core) imports ProxyAgent from undici at load time; the bundle gives it
 * src/vendor/undici-stand-in.cjs instead (tsconfig.json "paths"), so undici is not in dist/.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../e2e/harness.js';

const require = createRequire(import.meta.url);
const bundles = readdirSync(join(ROOT, 'dist')).filter((name) => name.endsWith('.js'));
const read = (name: string) => readFileSync(join(ROOT, 'dist', name), 'utf8');

it('the stand-in loads no undici, and its ProxyAgent says why it cannot be used', () => {
  const stand = require(join(ROOT, 'src/vendor/undici-stand-in.cjs')) as { ProxyAgent: new () => unknown };
  expect(() => new stand.ProxyAgent()).toThrow("dotstat-action does not bundle undici: @actions/http-client's ProxyAgent (for fetch()) is not available.");
});

it('every import of undici in dist/ goes to the stand-in, and no chunk holds undici', () => {
  const importers = bundles.filter((name) => read(name).includes('./node_modules/@actions/http-client/lib/index.js'));
  expect(importers.length, '@actions/http-client is in some chunk of dist/').toBeGreaterThan(0);
  for (const name of importers) expect(read(name), name).toContain('// EXTERNAL MODULE: ./src/vendor/undici-stand-in.cjs');
  for (const name of bundles) expect(read(name), name).not.toContain('./node_modules/undici/');
});

it('nothing in the action calls the one function of @actions/http-client that would need undici', () => {
  const uses = execFileSync('grep', ['-rlE', 'getAgentDispatcher|ProxyAgent', join(ROOT, 'src')], { encoding: 'utf8' })
    .trim()
    .split('\n');
  expect(uses.map((path) => path.slice(ROOT.length + 1))).toEqual(['src/vendor/undici-stand-in.cjs']);
});

it('the core is bundled once: dist/cli.js only marks the run as the command line and loads dist/index.js', () => {
  const cli = read('cli.js');
  expect(cli.split('\n').filter((line) => line && !line.startsWith('//'))).toEqual([
    '#!/usr/bin/env node',
    "globalThis[Symbol.for('dotstat-action.command-line')] = true;",
    "await import('./index.js');",
  ]);
  // One copy of the core's modules in all of dist/.
  for (const module of ['./src/run.ts', './src/config.ts', './src/http/client.ts', './src/cli/args.ts']) {
    expect(
      bundles.filter((name) => read(name).includes(`;// CONCATENATED MODULE: ${module}`) || read(name).includes(`// ${module}`)).length,
      module,
    ).toBeLessThanOrEqual(1);
  }
});

it('dist/index.js does not load @actions/core at start (only the GitHub adapter, lazily, does)', () => {
  expect(read('index.js')).not.toContain('./node_modules/@actions/core/lib/core.js');
  expect(bundles.some((name) => read(name).includes('./node_modules/@actions/core/lib/core.js'))).toBe(true);
});
