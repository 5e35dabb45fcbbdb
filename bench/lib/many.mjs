// @ts-check
/**
 * Part 7: many files against a service far away. 50 SDMX-CSV files of 2 MiB, sent to a Transfer
 * simulator that answers every request 100 ms later (latencyMs), by the action (upload-concurrency
 * 4, the default, and 1), by a sequential curl loop, and by the Python clients .Stat users use:
 * the seed's requests flow, pysdmx's StatUploader and dotstat_io's Client, each in a loop over the
 * files as they are written to be used (one file after another). Every run must leave 50 uploads
 * registered on the simulator.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/runner.mjs';
import { passwordToken, stepEnv, uploadInputs } from './fixtures.mjs';
import { cleanEnv, median, timed } from './proc.mjs';

export const MANY_FILES = 50;
export const MANY_MIB = 2;
export const LATENCY_MS = 100;

/**
 * @typedef {object} ManyRow
 * @property {string} client
 * @property {number[]} wallMs every run's
 * @property {number} medianMs
 * @property {number} cpuMs the last run's user + system CPU
 * @property {number} rssKiB the highest
 * @property {number} sentMiB per run, what the simulator received (file parts)
 * @property {string} what how it was driven
 */

/**
 * @typedef {object} Peer
 * @property {string} name
 * @property {string} [version]
 * @property {string} [reason] why it is not run
 */

const REQUESTS_LOOP = `import os, sys, requests
url = sys.argv[1]
headers = {'Authorization': 'Bearer ' + os.environ['DOTSTAT_TOKEN']}
for path in sys.argv[2:]:
    with open(path, 'rb') as f:
        r = requests.post(url, files={'file': f}, data={'dataspace': 'design'}, headers=headers)
    if not r.ok:
        sys.exit('%d %s' % (r.status_code, r.text))
`;

// pysdmx submits a Dataset, not a file: each file is read with pandas into a PandasDataset with a
// Schema for the dataflow (made here, as a user without the structure file would), and pysdmx
// writes it out again as SDMX-CSV 2.0.
const PYSDMX_LOOP = `import os, sys
import pandas as pd
from pysdmx.api.stat import StatUploader
from pysdmx.io.pd import PandasDataset
from pysdmx.model import Component, Components, Concept, DataType, Role, Schema
dims = ['REF_AREA', 'FREQ', 'MEASURE', 'UNIT_MEASURE', 'PRICE_BASE', 'TIME_PERIOD']
components = [Component(id=i, required=True, role=Role.DIMENSION, concept=Concept(id=i), local_dtype=DataType.STRING) for i in dims]
components.append(Component(id='OBS_VALUE', required=True, role=Role.MEASURE, concept=Concept(id='OBS_VALUE'), local_dtype=DataType.DOUBLE))
components.append(Component(id='OBS_STATUS', required=False, role=Role.ATTRIBUTE, concept=Concept(id='OBS_STATUS'), local_dtype=DataType.STRING, attachment_level='O'))
schema = Schema(context='dataflow', agency='OECD.SDD.NAD', id='DSD_NAMAIN1@DF_QNA_EXPENDITURE', version='1.0', components=Components(components))
uploader = StatUploader('http://127.0.0.1:9/unused', sys.argv[1], dataspace='design', token=os.environ['DOTSTAT_TOKEN'])
for path in sys.argv[2:]:
    data = pd.read_csv(path, dtype=str).drop(columns=['DATAFLOW'])
    result = uploader.submit_data(PandasDataset(structure=schema, data=data))
    if not result.success or result.request_id is None:
        sys.exit('not registered: %r' % (result,))
`;

// dotstat_io waits for each import's outcome with two fixed 3 s sleeps a file (and 3 s between
// polls): 50 files would take more than 300 s of sleeping alone. They are replaced by no wait, so
// what is measured is its requests: the upload, then status polls until the import has ended.
const DOTSTAT_IO_LOOP = `import os, sys
import dotstat_io.client as dio
dio.sleep = lambda seconds: None
client = dio.Client.init_with_access_token(os.environ['DOTSTAT_TOKEN'])
for path in sys.argv[2:]:
    result = client.upload_data_file(sys.argv[1], path, 'design', 0)
    if 'Outcome: Success' not in result:
        sys.exit(result)
`;

const CURL_LOOP = `set -eu
for f in "$@"; do
  curl -sS --fail-with-body -o /dev/null -H "@$AUTH_HEADER" -F dataspace=design -F "file=@$f" "$URL"
done
`;

/** The Python interpreter for the .Stat clients: BENCH_PYTHON, or python3. */
export const benchPython = () => process.env.BENCH_PYTHON || 'python3';

/**
 * Which Python peers can run here, each with its version or the reason it cannot.
 * @returns {Peer[]}
 */
export function pythonPeers() {
  const probe = (/** @type {string} */ name, /** @type {string} */ code, /** @type {string} */ missing) => {
    try {
      const version = execFileSync(benchPython(), ['-c', code], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      return { name, version };
    } catch (error) {
      const last = String(/** @type {any} */ (error).stderr ?? error)
        .trim()
        .split('\n')
        .pop();
      return { name, reason: `${missing} (${last})` };
    }
  };
  return [
    probe('python requests', 'import requests; print("requests " + requests.__version__)', 'requests is not installed: pip install requests'),
    probe(
      'pysdmx',
      'import importlib.metadata as m, pysdmx.api.stat; print("pysdmx " + m.version("pysdmx") + " with pysdmx.api.stat")',
      "pysdmx's .Stat module (pysdmx.api.stat) is in no PyPI release; install bis-med-it/pysdmx at commit acb671f1 (branch cr-450) with its [data] extra",
    ),
    probe(
      'dotstat_io',
      'import importlib.metadata as m, dotstat_io.client; print("dotstat_io " + m.version("dotstat_io"))',
      'pip install dotstat_io (it needs libkrb5-dev for a dependency)',
    ),
  ];
}

/**
 * @param {import('./clients.mjs').Services} s
 * @param {string} sample a 2 MiB file
 * @param {(line: string) => void} log
 * @param {number} [reps] runs of the action and the curl loop (the others run once)
 */
export async function measureMany(s, sample, log, reps = 2) {
  const dir = join(s.scratch, 'many');
  mkdirSync(dir, { recursive: true });
  const files = Array.from({ length: MANY_FILES }, (_, i) => {
    const path = join(dir, `table-${String(i + 1).padStart(2, '0')}.csv`);
    copyFileSync(sample, path);
    return path;
  });
  const peers = pythonPeers();
  const ok = (/** @type {string} */ name) => peers.some((p) => p.name === name && !p.reason);
  const importUrl = `${s.transfer.baseUrl}/import/sdmxFile`;

  /** @type {Map<string, ManyRow>} */
  const rows = new Map();
  /**
   * One run of a client: every file registered, the simulator's store emptied after.
   * @param {string} client
   * @param {string} what
   * @param {(files: string[]) => Promise<{ code: number | null, wallMs: number, cpuMs: number, rssKiB: number, stdout: string, stderr: string }>} run
   */
  const measure = async (client, what, run) => {
    log(`   ${client}…`);
    const before = s.transfer.uploads.length;
    const result = await run(files);
    const uploads = s.transfer.uploads.slice(before);
    if (result.code !== 0 || uploads.length !== MANY_FILES)
      throw new Error(
        `${client}: exit ${result.code}, ${uploads.length} of ${MANY_FILES} registered\n${result.stdout.slice(-1500)}\n${result.stderr.slice(-1500)}`,
      );
    await Promise.all(uploads.map((u) => (u.file ? unlink(u.file.path).catch(() => undefined) : undefined)));
    const row = rows.get(client) ?? { client, what, wallMs: [], medianMs: 0, cpuMs: 0, rssKiB: 0, sentMiB: 0 };
    row.wallMs.push(result.wallMs);
    row.medianMs = median(row.wallMs);
    row.cpuMs = result.cpuMs;
    row.rssKiB = Math.max(row.rssKiB, result.rssKiB);
    row.sentMiB = uploads.reduce((sum, u) => sum + (u.file?.size ?? 0), 0) / 2 ** 20;
    rows.set(client, row);
  };

  const action = (/** @type {Record<string, string>} */ more) => async (/** @type {string[]} */ list) => {
    const step = stepEnv(s.scratch, uploadInputs(s.idp, s.transfer.baseUrl, list.join('\n'), { compress: 'none', ...more }));
    const result = await timed(process.execPath, [s.entry], { env: step.env, cwd: step.dir, scratch: s.scratch, timeoutMs: 180_000 });
    rmSync(step.dir, { recursive: true, force: true });
    return result;
  };
  const withToken = async (/** @type {Record<string, string>} */ extra = {}) => cleanEnv({ DOTSTAT_TOKEN: await passwordToken(s.idp), ...extra });
  const python = (/** @type {string} */ name, /** @type {string} */ code, /** @type {string} */ url) => async (/** @type {string[]} */ list) => {
    const script = join(s.scratch, `${name}.py`);
    writeFileSync(script, code);
    return timed(benchPython(), [script, url, ...list], { env: await withToken(), cwd: ROOT, scratch: s.scratch, timeoutMs: 300_000 });
  };
  const curlLoop = async (/** @type {string[]} */ list) => {
    const header = join(s.scratch, 'many-auth-header');
    writeFileSync(header, `Authorization: Bearer ${await passwordToken(s.idp)}\n`, { mode: 0o600 });
    try {
      return await timed('bash', ['-c', CURL_LOOP, 'curl-loop', ...list], {
        env: cleanEnv({ AUTH_HEADER: header, URL: importUrl }),
        cwd: ROOT,
        scratch: s.scratch,
      });
    } finally {
      rmSync(header, { force: true });
    }
  };

  const ACTION = 'action, upload-concurrency 4 (default), wait false';
  const CURL = 'curl loop';
  // Interleaved, so that a busy moment on the machine does not fall on one client only.
  /** The most uploads the simulator had at once during the action's first run (the simulator is fresh). */
  let peak = 0;
  for (let rep = 0; rep < reps; rep++) {
    await measure(ACTION, 'node dist/index.js, 50 files in `file`, compress none, wait false: token, the uploads, the report', action({ wait: 'false' }));
    if (rep === 0) peak = s.transfer.peakUploads;
    await measure(CURL, 'bash: one `curl -F file=@…` after another, token fetched beforehand', curlLoop);
  }
  await measure('action, upload-concurrency 1, wait false', 'the same, one file after another', action({ wait: 'false', 'upload-concurrency': '1' }));
  if (ok('python requests'))
    await measure(
      'python requests loop',
      "the seed's flow (`requests.post(files=…)`) in a loop, token fetched beforehand",
      python('requests_loop', REQUESTS_LOOP, importUrl),
    );
  if (ok('pysdmx'))
    await measure(
      'pysdmx StatUploader',
      '`StatUploader.submit_data()` in a loop: each file read with pandas into a PandasDataset (a Schema made by hand), re-written by pysdmx as SDMX-CSV 2.0',
      python('pysdmx_loop', PYSDMX_LOOP, s.transfer.baseUrl),
    );
  await measure(
    'action, upload-concurrency 4, wait true',
    'the action as usually run: the uploads, then every request followed to its outcome (status requests one after another)',
    action({ 'poll-interval': '0.1' }),
  );
  if (ok('dotstat_io'))
    await measure(
      'dotstat_io Client',
      '`Client.upload_data_file()` in a loop, its fixed 3 s sleeps removed: each upload, then status requests until the import has ended',
      python('dotstat_io_loop', DOTSTAT_IO_LOOP, importUrl),
    );
  rmSync(dir, { recursive: true, force: true });
  return { rows: [...rows.values()], peers, peak, action: ACTION, curl: CURL };
}
