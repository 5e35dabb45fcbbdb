/**
 * What the bundles load at start. @actions/http-client (loaded by @actions/core) imports
 * ProxyAgent from undici at load time; the bundles give it src/vendor/undici-lazy.cjs instead
 * (tsconfig.json "paths"), so that undici is evaluated only if ProxyAgent is ever used.
 */
import { readFileSync } from 'node:fs';
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

it.each(['dist/index.js', 'dist/cli/index.js'])('%s: every import of undici goes through the stand-in', (file) => {
  const bundle = readFileSync(join(ROOT, file), 'utf8');
  // @actions/http-client's main module is in the action's bundle only (through @actions/core).
  if (!bundle.includes('./node_modules/@actions/http-client/lib/index.js')) return;
  expect(bundle).toContain('// EXTERNAL MODULE: ./src/vendor/undici-lazy.cjs');
  expect(bundle).not.toMatch(/EXTERNAL MODULE: \.\/node_modules\/undici\/index\.js\n/);
});
