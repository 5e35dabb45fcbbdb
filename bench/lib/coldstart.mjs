// @ts-check
/**
 * Cold start: how long the action takes from process start to its first HTTP request, against the
 * fair floor, an ncc bundle that only imports @actions/core and logs a line (its whole run, exit
 * included), and bare `node -e 0`. The first request is OpenID Connect discovery, answered by a
 * node:http server here that notes its arrival time. The three are run in turn, so a slow moment
 * of the machine falls on all of them alike.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../../scripts/lib/runner.mjs';
import { stepEnv, USER } from './fixtures.mjs';
import { cleanEnv, launch, median } from './proc.mjs';

/**
 * Builds the floor bundle once: `import * as core from '@actions/core'; core.info('hello')`.
 * @param {string} scratch
 * @returns {string} the bundle's path
 */
export function buildFloor(scratch) {
  const dir = join(scratch, 'floor');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'floor.mjs'), "import * as core from '@actions/core';\ncore.info('hello');\n");
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const ncc = join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
  execFileSync(process.execPath, [ncc, 'build', 'floor.mjs', '-o', 'out', '--target', 'es2022', '--quiet'], { cwd: dir, stdio: 'ignore' });
  return join(dir, 'out/index.mjs');
}

/**
 * @param {string[]} argv
 * @param {string} cwd
 */
async function wallOnce(argv, cwd) {
  const child = launch(process.execPath, argv, { env: cleanEnv({ HOME: cwd }), cwd });
  return (await child.exited) - child.startedAt;
}

/**
 * @param {{ scratch: string, entry: string, floor: string, file: string, runs: number }} o
 *   entry: the action's bundle; file: an existing file for the `file` input (an upload job)
 */
export async function measureColdStart(o) {
  /** @type {((at: number) => void) | undefined} */
  let arrived;
  const server = createServer((_req, res) => {
    arrived?.(performance.now());
    res.writeHead(503, { 'retry-after': '60' }).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://127.0.0.1:${port}`;
  const inputs = { authority: `${origin}/realms/OECD`, ...USER, 'transfer-url': `${origin}/3`, dataspace: 'design', file: o.file };
  /** @type {{ node: number[], floor: number[], action: number[] }} */
  const times = { node: [], floor: [], action: [] };
  try {
    for (let i = 0; i < o.runs; i++) {
      times.node.push(await wallOnce(['-e', '0'], o.scratch));
      times.floor.push(await wallOnce([o.floor], o.scratch));
      const step = stepEnv(o.scratch, inputs);
      const first = new Promise((resolve) => (arrived = resolve));
      const child = launch(process.execPath, [o.entry], { env: step.env, cwd: step.dir });
      const at = await Promise.race([first, child.exited.then(() => NaN)]);
      if (Number.isNaN(at)) throw new Error('the action exited before sending any request');
      times.action.push(/** @type {number} */ (at) - child.startedAt);
      child.kill();
      await child.exited;
      rmSync(step.dir, { recursive: true, force: true });
    }
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(() => resolve(undefined)));
  }
  return { nodeMs: median(times.node), floorMs: median(times.floor), actionMs: median(times.action), runs: o.runs, times };
}
