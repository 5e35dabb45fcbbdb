// @ts-check
/**
 * Part 6: the parallel zip. The action zips a 1 GiB SDMX-CSV file (compress zip) with both cores,
 * with one thread (UV_THREADPOOL_SIZE=2 leaves the zip one thread: the single-stream path, the
 * zip as it was before the parallel one), and pinned to one core (taskset -c 0), with and without
 * that one thread; pigz --zip at the same level with 2 threads and with 1, in the same run; and,
 * where scripts/node24.mjs has fetched it, the action on Node 24, the runner's runtime.
 *
 * The machine's speed varies from minute to minute (other tenants of its host), so the four
 * compared on both cores run in interleaved rounds (action, one thread, pigz -p 2, pigz -p 1, then
 * again) and each is reported by its median, with every round's ratio. The first zip of each
 * action variant is checked with Python's zipfile and `unzip -t`, and its entry compared byte for
 * byte with the file; each later one must be the same bytes (SHA-256).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, rmSync, statSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { stepEnv, uploadInputs } from './fixtures.mjs';
import { node24 } from '../../scripts/node24.mjs';
import { cleanEnv, direct, median, onCore, timed } from './proc.mjs';

/**
 * Interleaved rounds of the four compared on both cores, and of the one-core pair; one on Node 24.
 * Five: in a run of three rounds the same parallel zip took 4.49 to 5.50 s while the single
 * stream, which needs one core, moved by 1% (this machine's share of its host's second core
 * varies); the median of five is steadier.
 */
export const ZIP_ROUNDS = 5;
const ONE_CORE_ROUNDS = 3;

/**
 * @typedef {object} ZipRow
 * @property {string} client
 * @property {number} wallMs the whole run (the median over the runs, in a row of measureZip())
 * @property {number} zipMs the action: token answered → upload request arrives (zipping, then building the request); pigz: its whole run (median)
 * @property {number} cpuMs (median)
 * @property {number} rssKiB (the highest of the runs)
 * @property {number} zipBytes the archive's size
 * @property {{ python: boolean, unzip: boolean, identical: boolean, detail: string }} [valid] the action's zips only: the first run's checks, and every later run the same bytes
 * @property {string} [sha256] the action's zips: of the archive
 * @property {number[]} [runs] zipMs of each run, in order
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

/** @param {string} path */
async function sha256(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * @param {import('./clients.mjs').Services} s
 * @param {string} file
 * @param {string} client
 * @param {{ env?: Record<string, string>, wrap?: import('./proc.mjs').Wrap, validate?: boolean }} how validate: check the zip with Python, unzip and cmp (the first run of a variant)
 * @returns {Promise<ZipRow>}
 */
export async function actionZip(s, file, client, how) {
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
  const valid = how.validate === false ? undefined : check(upload.file.path, file);
  const digest = await sha256(upload.file.path);
  await unlink(upload.file.path).catch(() => undefined);
  return {
    client,
    wallMs: result.wallMs,
    zipMs: arrived.at - token.at,
    cpuMs: result.cpuMs,
    rssKiB: result.rssKiB,
    zipBytes: upload.file.size,
    valid,
    sha256: digest,
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
 * One row from the runs of one client: medians of the times, the highest peak, the first run's
 * checks, and whether every run made the same bytes.
 * @param {ZipRow[]} runs
 * @returns {ZipRow}
 */
function summarise(runs) {
  const [first] = runs;
  if (!first) throw new Error('no runs');
  const same = runs.every((r) => r.sha256 === first.sha256 && r.zipBytes === first.zipBytes);
  const valid = first.valid && {
    ...first.valid,
    identical: first.valid.identical && same,
    detail: same ? first.valid.detail : `${first.valid.detail}; the runs made different zips`,
  };
  return {
    client: first.client,
    wallMs: median(runs.map((r) => r.wallMs)),
    zipMs: median(runs.map((r) => r.zipMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    rssKiB: Math.max(...runs.map((r) => r.rssKiB)),
    zipBytes: Math.max(...runs.map((r) => r.zipBytes)),
    ...(valid ? { valid } : {}),
    ...(first.sha256 ? { sha256: first.sha256 } : {}),
    runs: runs.map((r) => r.zipMs),
  };
}

/**
 * @param {import('./clients.mjs').Services} s
 * @param {string} file the 1 GiB file
 * @param {(line: string) => void} log
 */
export async function measureZip(s, file, log) {
  const hasPigz = pigzVersion() !== '';
  const newest = node24();
  /** @type {Map<string, ZipRow[]>} */
  const runs = new Map();
  /** @param {string} client @param {(validate: boolean) => Promise<ZipRow>} run */
  const step = async (client, run) => {
    const done = runs.get(client) ?? [];
    log(`   ${client} (run ${done.length + 1})…`);
    // The run before wrote about 100 MB (the simulator's copy of the zip, or pigz's output): written
    // back to disk now, not by the kernel during this run.
    execFileSync('sync');
    done.push(await run(done.length === 0));
    runs.set(client, done);
  };
  const oneThread = { UV_THREADPOOL_SIZE: '2' };
  for (let round = 0; round < ZIP_ROUNDS; round++) {
    await step('action zip (2 threads)', (validate) => actionZip(s, file, 'action zip (2 threads)', { validate }));
    await step('action zip, one thread (the single-stream path)', (validate) =>
      actionZip(s, file, 'action zip, one thread (the single-stream path)', { env: oneThread, validate }),
    );
    if (hasPigz) await step('pigz --zip -6 -p 2', () => pigz(s, file, 2));
    if (hasPigz) await step('pigz --zip -6 -p 1', () => pigz(s, file, 1));
  }
  for (let round = 0; round < ONE_CORE_ROUNDS; round++) {
    await step('action zip, taskset -c 0 (one core)', (validate) => actionZip(s, file, 'action zip, taskset -c 0 (one core)', { wrap: onCore('0'), validate }));
    await step('action zip, taskset -c 0, one thread (today under the same limit)', (validate) =>
      actionZip(s, file, 'action zip, taskset -c 0, one thread (today under the same limit)', { wrap: onCore('0'), env: oneThread, validate }),
    );
  }
  if (newest) {
    /** @type {import('./proc.mjs').Wrap} */
    const onNode24 = (argv) => [newest, argv.slice(1)];
    await step('action zip on Node 24 (2 threads)', (validate) => actionZip(s, file, 'action zip on Node 24 (2 threads)', { wrap: onNode24, validate }));
    await step('action zip on Node 24, one thread', (validate) =>
      actionZip(s, file, 'action zip on Node 24, one thread', { wrap: onNode24, env: oneThread, validate }),
    );
  }
  // What loading the bundle costs each runtime: the action with no inputs stops at its first check.
  /** @param {string} binary */
  const loaded = async (binary) => (await timed(binary, [s.entry], { env: cleanEnv(), cwd: s.scratch, scratch: s.scratch })).rssKiB;
  const baseline = { machine: await loaded(process.execPath), node24: newest ? await loaded(newest) : undefined };
  return {
    rows: [...runs.values()].map(summarise),
    baseline,
    pigz: pigzVersion(),
    node24: newest ? execFileSync(newest, ['--version'], { encoding: 'utf8' }).trim() : '',
    /** Each round's single-stream time over the parallel one's, in order. */
    roundRatios: (runs.get('action zip, one thread (the single-stream path)') ?? []).map(
      (r, i) => r.zipMs / (runs.get('action zip (2 threads)')?.[i]?.zipMs ?? NaN),
    ),
    /** Each round's pigz -p 2 time over the action's. */
    pigzRatios: (runs.get('pigz --zip -6 -p 2') ?? []).map((r, i) => r.zipMs / (runs.get('action zip (2 threads)')?.[i]?.zipMs ?? NaN)),
  };
}
