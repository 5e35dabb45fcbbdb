/**
 * What the bundles load at start. @actions/http-client (loaded by @actions/core) imports
 * ProxyAgent from undici at load time; the bundles give it src/vendor/undici-lazy.cjs instead
 * (tsconfig.json "paths"), so that undici is evaluated only if ProxyAgent is ever used.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../e2e/harness.js';

const require = createRequire(import.meta.url);

it('the stand-in hands out the real ProxyAgent, and loads undici only when asked for it', () => {
  const undiciPath = require.resolve('undici/index.js');
  const shimPath = join(ROOT, 'src/vendor/undici-lazy.cjs');
  delete require.cache[undiciPath];
  const shim = require(shimPath) as { ProxyAgent: unknown };
  expect(require.cache[undiciPath], 'undici loaded with the stand-in').toBeUndefined();
  const { ProxyAgent } = require('undici') as { ProxyAgent: unknown };
  expect(shim.ProxyAgent).toBe(ProxyAgent);
});

const bundles = readdirSync(join(ROOT, 'dist')).filter((name) => name.endsWith('.js'));
const read = (name: string) => readFileSync(join(ROOT, 'dist', name), 'utf8');

it('every import of undici in dist/ goes through the stand-in', () => {
  const importers = bundles.filter((name) => read(name).includes('./node_modules/@actions/http-client/lib/index.js'));
  expect(importers.length, '@actions/http-client is in some chunk of dist/').toBeGreaterThan(0);
  for (const name of importers) {
    expect(read(name), name).toContain('// EXTERNAL MODULE: ./src/vendor/undici-lazy.cjs');
    expect(read(name), name).not.toMatch(/EXTERNAL MODULE: \.\/node_modules\/undici\/index\.js\n/);
  }
});

it.each(['index.js', 'cli.js'])('dist/%s does not load @actions/core at start (only the GitHub adapter, lazily, does)', (entry) => {
  expect(read(entry)).not.toContain('./node_modules/@actions/core/lib/core.js');
  expect(bundles.some((name) => read(name).includes('./node_modules/@actions/core/lib/core.js'))).toBe(true);
});
