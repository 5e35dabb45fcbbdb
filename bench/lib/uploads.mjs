// @ts-check
/**
 * The upload measurements: every size with every client (runs interleaved, so a slow moment of the
 * machine does not fall on one client only), the action against curl with the cores shared, and
 * the throttled link.
 */
import { runAction, runCurl, runCurlJob, runPython } from './clients.mjs';
import { median } from './proc.mjs';

/** @typedef {import('./clients.mjs').Run} Run */
/** @typedef {import('./clients.mjs').Services} Services */
/** @typedef {'action none' | 'action zip' | 'curl' | 'curl job' | 'python requests'} Client */

/**
 * @typedef {object} Row
 * @property {number} sizeMiB
 * @property {Client} client
 * @property {number} runs
 * @property {number} wallMs median
 * @property {number} uploadMs median
 * @property {number} rssKiB the highest of the runs
 * @property {number} cpuMs median
 * @property {number} sentBytes
 * @property {number} [tokenMs] median
 * @property {number} [prepareMs] median
 * @property {number} [waitMs] median
 */

/**
 * @param {number} sizeMiB
 * @param {Client} client
 * @param {Run[]} runs
 * @returns {Row}
 */
function summarize(sizeMiB, client, runs) {
  const med = (/** @type {(r: Run) => number | undefined} */ pick) => {
    const values = runs.map(pick).filter((v) => v !== undefined);
    return values.length ? median(/** @type {number[]} */ (values)) : undefined;
  };
  return {
    sizeMiB,
    client,
    runs: runs.length,
    wallMs: med((r) => r.wallMs) ?? NaN,
    uploadMs: med((r) => r.uploadMs) ?? NaN,
    rssKiB: Math.max(...runs.map((r) => r.rssKiB)),
    cpuMs: med((r) => r.cpuMs) ?? NaN,
    sentBytes: runs[0]?.sentBytes ?? 0,
    tokenMs: med((r) => r.tokenMs),
    prepareMs: med((r) => r.prepareMs),
    waitMs: med((r) => r.waitMs),
  };
}

/**
 * @param {Services} s
 * @param {Client} client
 * @param {string} file
 */
function once(s, client, file) {
  if (client === 'curl') return runCurl(s, file);
  if (client === 'curl job') return runCurlJob(s, file);
  if (client === 'python requests') return runPython(s, file);
  return runAction(s, file, client === 'action zip' ? 'zip' : 'none');
}

/**
 * @typedef {object} Plan
 * @property {number} sizeMiB
 * @property {string} file
 * @property {number} reps runs of the action (none), curl and the curl job
 * @property {number} otherReps runs of the action (zip) and Python
 */

/**
 * Runs each plan's clients, interleaved, and returns one row per size and client.
 * @param {Services} s
 * @param {readonly Plan[]} plans
 * @param {readonly Client[]} clients
 * @param {(line: string) => void} log
 * @returns {Promise<Row[]>}
 */
export async function measureUploads(s, plans, clients, log) {
  /** @type {Row[]} */
  const rows = [];
  for (const plan of plans) {
    /** @type {Map<Client, Run[]>} */
    const runs = new Map(clients.map((c) => [c, []]));
    const most = Math.max(plan.reps, plan.otherReps);
    for (let rep = 0; rep < most; rep++) {
      for (const client of clients) {
        const reps = client === 'action none' || client.startsWith('curl') ? plan.reps : plan.otherReps;
        if (rep >= reps) continue;
        const run = await once(s, client, plan.file);
        log(`  ${plan.sizeMiB} MiB  ${client.padEnd(15)} ${(run.wallMs / 1000).toFixed(2)} s  ${(run.rssKiB / 1024).toFixed(0)} MiB`);
        runs.get(client)?.push(run);
      }
    }
    for (const [client, list] of runs) rows.push(summarize(plan.sizeMiB, client, list));
  }
  return rows;
}
