#!/usr/bin/env node
// @ts-check
/**
 * `npm run build`: bundles the action (src/main.ts → dist/index.js, what action.yml runs) and the
 * command line (src/cli.ts → dist/cli.js, the package's bin) with ncc, into the one dist/ folder.
 * Both bundles split what a run may not need into the same lazily loaded chunks (the Transfer
 * upload, the report), and ncc names a chunk after its content's modules: the command line's
 * build writes the same chunk files as the action's. They are kept once, and the build fails if
 * two chunks of the same name ever differ, rather than let one bundle load the other's code.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const ncc = join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js');

/** @param {string[]} args */
function run(args) {
  execFileSync(process.execPath, [ncc, 'build', ...args, '--target', 'es2022'], { cwd: ROOT, stdio: 'inherit' });
}

rmSync(DIST, { recursive: true, force: true });
run(['src/main.ts', '-o', 'dist', '--license', 'licenses.txt']);

const cli = mkdtempSync(join(tmpdir(), 'dotstat-build-cli-'));
try {
  run(['src/cli.ts', '-o', cli]);
  for (const name of readdirSync(cli)) {
    const from = join(cli, name);
    if (name === 'index.js') {
      renameSync(from, join(DIST, 'cli.js'));
      chmodSync(join(DIST, 'cli.js'), 0o755);
    } else if (name === 'package.json') {
      continue; // dist/package.json already says "type": "module"
    } else if (!existsSync(join(DIST, name))) {
      copyFileSync(from, join(DIST, name));
    } else if (!readFileSync(from).equals(readFileSync(join(DIST, name)))) {
      throw new Error(`dist/${name}: the action's and the command line's builds wrote different chunks under one name; build them into separate folders again.`);
    }
  }
} finally {
  rmSync(cli, { recursive: true, force: true });
}
