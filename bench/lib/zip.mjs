// @ts-check
/**
 * Part 6: the parallel zip. The action zips a 1 GiB SDMX-CSV file (compress zip) with both cores,
 * with one thread (UV_THREADPOOL_SIZE=2 leaves the zip one thread: the single-stream path, the
 * zip as it was before the parallel one), and pinned to one core (taskset -c 0), with and without
 * that one thread; pigz --zip at
 * the same level with 2 threads and with 1, in the same run. Each zip the action sent is checked
 * with Python's zipfile and `unzip -t`, and its entry compared byte for byte with the file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { stepEnv, uploadInputs } from './fixtures.mjs';
import { cleanEnv, direct, onCore, timed } from './proc.mjs';

/**
 * @typedef {object} ZipRow
 * @property {string} client
 * @property {number} wallMs the whole run
 * @property {number} zipMs the action: token answered → upload request arrives (zipping, then building the request); pigz: its whole run
 * @property {number} cpuMs
 * @property {number} rssKiB
 * @property {number} zipBytes the archive's size
 * @property {{ python: boolean, unzip: boolean, identical: boolean, detail: string }} [valid] the action's zips only
 */

const PYTHON_CHECK = `import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    [info] = z.infolist()
    bad = z.testzip()
    print('ok' if bad is None and info.file_size == int(sys.argv[2]) else 'bad %r %d' % (bad, info.file_size))
`;

/**
 * Whether the archive is valid for Python's zipfile and for unzip, and holds the file byte for byte.
 * @param {string} archive
 * @param {string} file
 */
function check(archive, file) {
  const size = statSync(file).size;
  const py = spawnSync('python3', ['-c', PYTHON_CHECK, archive, String(size)], { encoding: 'utf8' });
  const unzip = spawnSync('unzip', ['-tq', archive], { encoding: 'utf8' });
  // The entry streamed out of unzip and compared with the file, without holding either in memory.
  const cmp = spawnSync('bash', ['-c', 'unzip -p "$1" | cmp - "$2"', 'cmp', archive, file], { encoding: 'utf8' });
  return {
    python: py.stdout.trim() === 'ok',
    unzip: unzip.status === 0,
    identical: cmp.status === 0,
    detail: [py.stdout.trim() || py.stderr.trim(), unzip.stdout.trim() || unzip.stderr.trim(), cmp.stdout.trim() || cmp.stderr.trim() || 'identical'].join(
      '; ',
    ),
  };
}

/**
 * @param {import('./clients.mjs').Services} s
 * @param {string} file
 * @param {string} client
 * @param {{ env?: Record<string, string>, wrap?: import('./proc.mjs').Wrap }} how
 * @returns {Promise<ZipRow>}
 */
async function actionZip(s, file, client, how) {
  const step = stepEnv(s.scratch, uploadInputs(s.idp, s.transfer.baseUrl, file, { compress: 'zip' }));
  const before = s.transfer.requests.length;
  const idpBefore = s.idp.requests.length;
  const result = await timed(...(how.wrap ?? direct)([process.execPath, s.entry]), { env: { ...step.env, ...how.env }, cwd: step.dir, scratch: s.scratch });
  const outputs = step.outputs();
  rmSync(step.dir, { recursive: true, force: true });
  if (result.code !== 0 || outputs.outcome !== 'Success') throw new Error(`the action failed (exit ${result.code}):\n${result.stdout.slice(-2000)}`);
  const arrived = s.transfer.requests.slice(before).find((r) => /\/import\/sdmxfile/i.test(r.path));
  const upload = s.transfer.uploads.at(-1);
  const token = s.idp.requests.slice(idpBefore).find((r) => r.path.endsWith('/token'));
  if (!arrived || !upload?.file || !token) throw new Error('the simulator registered no zip for this run');
  const valid = check(upload.file.path, file);
  await unlink(upload.file.path).catch(() => undefined);
  return {
    client,
    wallMs: result.wallMs,
    zipMs: arrived.at - token.at,
    cpuMs: result.cpuMs,
    rssKiB: result.rssKiB,
    zipBytes: upload.file.size,
    valid,
  };
}

/**
 * @param {import('./clients.mjs').Services} s
 * @param {string} file
 * @param {number} threads
 * @returns {Promise<ZipRow>}
 */
async function pigz(s, file, threads) {
  const out = join(s.scratch, `pigz-${threads}.zip`);
  const result = await timed('bash', ['-c', 'pigz --zip -6 -p "$1" -c "$2" > "$3"', 'pigz', String(threads), file, out], {
    env: cleanEnv(),
    cwd: s.scratch,
    scratch: s.scratch,
  });
  if (result.code !== 0) throw new Error(`pigz failed: ${result.stderr}`);
  const zipBytes = statSync(out).size;
  rmSync(out, { force: true });
  return { client: `pigz --zip -6 -p ${threads}`, wallMs: result.wallMs, zipMs: result.wallMs, cpuMs: result.cpuMs, rssKiB: result.rssKiB, zipBytes };
}

export function pigzVersion() {
  try {
    return execFileSync('pigz', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return '';
  }
}

/**
 * @param {import('./clients.mjs').Services} s
 * @param {string} file the 1 GiB file
 * @param {(line: string) => void} log
 */
export async function measureZip(s, file, log) {
  const hasPigz = pigzVersion() !== '';
  /** @type {ZipRow[]} */
  const rows = [];
  const step = async (/** @type {string} */ what, /** @type {() => Promise<ZipRow>} */ run) => {
    log(`   ${what}…`);
    rows.push(await run());
  };
  await step('action zip, both cores', () => actionZip(s, file, 'action zip (2 threads)', {}));
  if (hasPigz) await step('pigz -p 2', () => pigz(s, file, 2));
  await step('action zip, one thread', () => actionZip(s, file, 'action zip, one thread (the single-stream path)', { env: { UV_THREADPOOL_SIZE: '2' } }));
  if (hasPigz) await step('pigz -p 1', () => pigz(s, file, 1));
  await step('action zip, taskset -c 0', () => actionZip(s, file, 'action zip, taskset -c 0 (one core)', { wrap: onCore('0') }));
  await step('action zip, taskset -c 0, one thread', () =>
    actionZip(s, file, 'action zip, taskset -c 0, one thread (today under the same limit)', { wrap: onCore('0'), env: { UV_THREADPOOL_SIZE: '2' } }),
  );
  return { rows, pigz: pigzVersion() };
}
