// @ts-check
/** The Markdown tables and the targets, from the measurements. */

/** @typedef {import('./uploads.mjs').Row} Row */

export const MiB = 2 ** 20;
/** The throttled link of part 2: 50 Mbit/s. */
export const LINK_BYTES_PER_SECOND = 50e6 / 8;
/** The whole run should take less than this. */
export const BUDGET_MS = 12 * 60_000;
/** Peak RSS may grow this much from 10 MiB to 1 GiB and still count as flat. */
export const FLAT_TOLERANCE_MIB = 10;
/** ... and this much from 1 GiB to 3 GiB, where a cost that grows with the file would show. */
export const GROWTH_TOLERANCE_MIB = 5;

export const sec = (/** @type {number} */ ms) => (ms / 1000).toFixed(2);
export const mib = (/** @type {number} */ kib) => (kib / 1024).toFixed(1);
const x = (/** @type {number} */ ratio) => `${ratio.toFixed(2)}×`;
const status = (/** @type {boolean} */ met) => (met ? '**MET**' : '**NOT MET**');
const size = (/** @type {number} */ sizeMiB) => (sizeMiB >= 1024 ? `${sizeMiB / 1024} GiB` : `${sizeMiB} MiB`);

/**
 * @param {string[]} head
 * @param {(string | number)[][]} rows
 */
export function table(head, rows) {
  const line = (/** @type {(string | number)[]} */ cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** @param {Row} row */
function phases(row) {
  if (row.tokenMs === undefined) return '';
  const prepare = row.client === 'action zip' ? 'zip+send' : 'send';
  return `start+token ${sec(row.tokenMs)} / ${prepare} ${sec(row.prepareMs ?? NaN)} / wait+exit ${sec(row.waitMs ?? NaN)}`;
}

/**
 * @param {readonly Row[]} rows
 * @param {Record<number, number>} bytesOf file size by sizeMiB
 */
export function uploadTable(rows, bytesOf) {
  return table(
    [
      'File',
      'Client',
      'Runs',
      'Wall s (median)',
      'MiB/s (wall)',
      'Upload phase s',
      'MiB/s (upload)',
      'Client CPU s',
      'Peak RSS MiB (max)',
      'Sent MiB',
      'Action phases s',
    ],
    rows.map((r) => {
      const bytes = bytesOf[r.sizeMiB] ?? NaN;
      return [
        size(r.sizeMiB),
        r.client,
        r.runs,
        sec(r.wallMs),
        (bytes / MiB / (r.wallMs / 1000)).toFixed(0),
        sec(r.uploadMs),
        (bytes / MiB / (r.uploadMs / 1000)).toFixed(0),
        sec(r.cpuMs),
        mib(r.rssKiB),
        (r.sentBytes / MiB).toFixed(1),
        phases(r),
      ];
    }),
  );
}

/**
 * @param {readonly Row[]} rows
 * @param {number} sizeMiB
 * @param {string} client
 */
export function find(rows, sizeMiB, client) {
  const row = rows.find((r) => r.sizeMiB === sizeMiB && r.client === client);
  if (!row) throw new Error(`no measurement for ${client} at ${sizeMiB} MiB`);
  return row;
}

/**
 * @typedef {object} Results
 * @property {Row[]} uploads
 * @property {Row[]} shared
 * @property {Row[]} throttled
 * @property {{ nodeMs: number, floorMs: number, actionMs: number, runs: number }} cold
 * @property {Awaited<ReturnType<typeof import('./polling.mjs').measurePolling>>} polling
 * @property {boolean} pinned
 * @property {import('./long-log.mjs').LongLogRow[]} [longLog]
 */

/**
 * One line per target: what was measured against what was asked, and whether it was met.
 * @param {Results} r
 * @returns {{ target: string, measured: string, met: boolean }[]}
 */
export function targets(r, /** @type {Record<string, { rssKiB: number }> | undefined} */ d = undefined) {
  /** @type {{ target: string, measured: string, met: boolean }[]} */
  const out = [];
  for (const sizeMiB of [100, 1024]) {
    const action = find(r.uploads, sizeMiB, 'action none');
    const curl = find(r.uploads, sizeMiB, 'curl');
    const wall = curl.wallMs / action.wallMs;
    const upload = curl.uploadMs / action.uploadMs;
    out.push({
      target: `1. Throughput, action (none) vs curl, ${size(sizeMiB)}, end to end (wall; the action's includes start-up, token and one poll) ≥ 0.8×`,
      measured: x(wall),
      met: wall >= 0.8,
    });
    out.push({
      target: `1. Throughput, action (none) vs curl, ${size(sizeMiB)}, upload phase only (simulator's view) ≥ 0.8×`,
      measured: x(upload),
      met: upload >= 0.8,
    });
    const job = r.uploads.find((row) => row.sizeMiB === sizeMiB && row.client === 'curl job');
    if (job) {
      const same = job.wallMs / action.wallMs;
      out.push({
        target: `1. Same job, action (none) vs a curl script (token, upload, one status request), ${size(sizeMiB)}, end to end ≥ 0.8×`,
        measured: x(same),
        met: same >= 0.8,
      });
    }
    const sharedAction = r.shared.find((s) => s.sizeMiB === sizeMiB && s.client === 'action none');
    const sharedCurl = r.shared.find((s) => s.sizeMiB === sizeMiB && s.client === 'curl');
    if (sharedAction && sharedCurl) {
      const ratio = sharedCurl.wallMs / sharedAction.wallMs;
      out.push({ target: `1. Same, ${size(sizeMiB)}, end to end, cores shared with the simulator ≥ 0.8×`, measured: x(ratio), met: ratio >= 0.8 });
    }
  }
  const actionRows = r.uploads
    .filter((row) => row.client.startsWith('action'))
    .map((row) => ({ label: `${size(row.sizeMiB)} ${row.client.slice(7)}`, rssKiB: row.rssKiB }));
  if (d?.hugeNone && d.hugeZip) actionRows.push({ label: '3 GiB none', rssKiB: d.hugeNone.rssKiB }, { label: '3 GiB zip', rssKiB: d.hugeZip.rssKiB });
  const worst = Math.max(...actionRows.map((row) => row.rssKiB));
  out.push({
    target: '1. Peak RSS of the action ≤ 100 MB (95.4 MiB) at every size (compress none and zip)',
    measured: actionRows.map((row) => `${row.label}: ${mib(row.rssKiB)}`).join('; ') + ` (worst ${mib(worst)})`,
    met: worst * 1024 <= 100e6,
  });
  for (const mode of ['none', 'zip']) {
    const small = find(r.uploads, 10, `action ${mode}`);
    const big = find(r.uploads, 1024, `action ${mode}`);
    const growth = (big.rssKiB - small.rssKiB) / 1024;
    out.push({
      target: `1. Peak RSS flat from 10 MiB to 1 GiB (compress ${mode}; growth ≤ ${FLAT_TOLERANCE_MIB} MiB)`,
      measured: `${mib(small.rssKiB)} → ${mib(big.rssKiB)} MiB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)})`,
      met: growth <= FLAT_TOLERANCE_MIB,
    });
    const huge = d?.[mode === 'none' ? 'hugeNone' : 'hugeZip'];
    if (huge) {
      const more = (huge.rssKiB - big.rssKiB) / 1024;
      out.push({
        target: `1. Peak RSS does not grow with the file: 1 GiB → 3 GiB (compress ${mode}; growth ≤ ${GROWTH_TOLERANCE_MIB} MiB)`,
        measured: `${mib(big.rssKiB)} → ${mib(huge.rssKiB)} MiB (${more >= 0 ? '+' : ''}${more.toFixed(1)})`,
        met: more <= GROWTH_TOLERANCE_MIB,
      });
    }
  }
  const none = find(r.throttled, 100, 'action none');
  const zip = find(r.throttled, 100, 'action zip');
  const speedup = none.wallMs / zip.wallMs;
  out.push({
    target: '2. 50 Mbit/s link, 100 MiB: compress zip ≥ 3× faster than none, end to end',
    measured: `${sec(none.wallMs)} s vs ${sec(zip.wallMs)} s = ${x(speedup)}`,
    met: speedup >= 3,
  });
  const cold = r.cold.actionMs / r.cold.floorMs;
  out.push({
    target: "3. Cold start: process start → first request ≤ 1.2× the floor bundle's whole run",
    measured: `${r.cold.actionMs.toFixed(0)} ms vs ${r.cold.floorMs.toFixed(0)} ms = ${x(cold)}`,
    met: cold <= 1.2,
  });
  const p = r.polling;
  out.push({
    target: '4. 10-minute import: ≤ 40 status requests',
    measured: `${p.statusRequests} (the schedule alone: ${p.expectedPolls})`,
    met: p.statusRequests <= 40,
  });
  out.push({
    target: `4. Completion seen ≤ one poll interval after the import ends (${p.capS} s at that point)`,
    measured: `${p.reportDelayS.toFixed(1)} s`,
    met: p.reportDelayS <= p.capS,
  });
  out.push(...longLogTargets(r.longLog));
  return out;
}

/** @param {ReturnType<typeof targets>} list */
export function targetTable(list) {
  return table(
    ['Target', 'Measured', 'Status'],
    list.map((t) => [t.target, t.measured, status(t.met)]),
  );
}

/**
 * The long-log targets: the memory budget holds for a 200,000-line status answer, and the reports
 * stay within GitHub's limits (summary < 1024 KiB, all outputs < 500,000 characters).
 * @param {import('./long-log.mjs').LongLogRow[] | undefined} rows
 */
export function longLogTargets(rows = []) {
  const biggest = rows.at(-1);
  if (!biggest) return [];
  const lines = biggest.lines.toLocaleString('en-US');
  return [
    {
      target: `5. Peak RSS of a failed import with a ${lines}-line log (${(biggest.fileBytes / 1e6).toFixed(0)} MB written to its file) ≤ 100 MB (95.4 MiB)`,
      measured: `${mib(biggest.rssKiB)} MiB`,
      met: biggest.rssKiB * 1024 <= 100e6,
    },
    {
      target: `5. Job summary < 1024 KiB and all outputs < 500,000 characters, ${lines} lines`,
      measured: `${(biggest.summaryBytes / 1024).toFixed(1)} KiB; ${biggest.outputsChars.toLocaleString('en-US')} characters`,
      met: biggest.summaryBytes < 1024 * 1024 && biggest.outputsChars < 500_000,
    },
  ];
}

/** @param {import('./long-log.mjs').LongLogRow[]} rows */
export function longLogTable(rows) {
  return table(
    ['Log lines', 'Wall s', 'Peak RSS MiB', 'Full-log file MB (lines)', 'Summary KiB', 'Outputs (characters)'],
    rows.map((r) => [
      r.lines.toLocaleString('en-US'),
      sec(r.wallMs),
      mib(r.rssKiB),
      `${(r.fileBytes / 1e6).toFixed(1)} (${r.fileLines.toLocaleString('en-US')})`,
      (r.summaryBytes / 1024).toFixed(1),
      r.outputsChars.toLocaleString('en-US'),
    ]),
  );
}
