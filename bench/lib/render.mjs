// @ts-check
/** The Markdown report of one benchmark run (bench/RESULTS.md). */
import { bounds } from './bounds.mjs';
import { LATENCY_MS, MANY_FILES, MANY_MIB } from './many.mjs';
import { manyTable, parallelBounds, parallelTargets, peerNotes, zipTable } from './parallel-report.mjs';
import { BUDGET_MS, LINK_BYTES_PER_SECOND, longLogTable, mib, sec, table, targetTable, targets, uploadTable } from './report.mjs';

/** @param {Awaited<ReturnType<typeof import('../run.mjs').measure>>} m */
export function render(m) {
  const { machine, bytesOf, results: r, diagnostics: d, python, elapsedMs, load } = m;
  const pct = (/** @type {number} */ f) => `${(f * 100).toFixed(0)}%`;
  const busiest = Math.max(0, ...Object.values(load.others));
  const busyNote =
    busiest > 0.1
      ? `\n**Other processes used up to ${pct(busiest)} of the machine's CPU during a section (see each section): those numbers are less reliable than usual.**\n`
      : '';
  const during = (/** @type {string} */ name) => {
    const again =
      load.repeated[name] === undefined ? '' : ` (run twice: others used ${pct(load.repeated[name] ?? 0)} during the first attempt; the quieter one is shown)`;
    return `Other processes used ${pct(load.others[name] ?? 0)} of the machine's CPU during this section${again}.`;
  };
  const list = [...targets(r, d), ...parallelTargets(r.zip, r.many)];
  const p = r.polling;
  const throttleRows = r.throttled.map((row) => [
    row.client,
    sec(row.wallMs),
    (row.sentBytes / 2 ** 20).toFixed(1),
    sec(row.prepareMs ?? 0),
    sec(row.uploadMs),
    mib(row.rssKiB),
  ]);
  return `# Benchmark results

Written by \`npm run bench\` (bench/run.mjs); see bench/README.md for what each row means.
The whole run took ${(elapsedMs / 1000).toFixed(0)} s${elapsedMs > BUDGET_MS ? ` (**over the ${BUDGET_MS / 60_000}-minute budget**)` : ''}.

## Machine

| | |
| --- | --- |
| Date | ${machine.date} |
| Node | ${machine.node} |
| CPU | ${machine.cpu} |
| Cores | ${machine.cores} |
| Memory | ${machine.memory} |
| OS | ${machine.os} |
| curl | ${machine.curl} |
| Python | ${machine.python} |
| Bundle measured | ${machine.bundle} |
| CPU used by other processes | ${pct(load.before)} before the run${load.waitedMs > 3000 ? ` (after waiting ${(load.waitedMs / 1000).toFixed(0)} s for it to settle)` : ''}, at most ${pct(busiest)} during a section, ${pct(load.after)} after it (/proc/stat less this process and its children) |
${busyNote}
## Targets

${targetTable(list)}

## 1. Uploads to the Transfer simulator

SDMX-CSV from scripts/make-sdmx-csv.mjs; simulator with maxBodyBytes 4e9 and imports that finish 50 ms
after registration; the action with poll-interval 0.1 s. ${r.pinned ? 'The simulator and the IdP (this process) are pinned to core 0 and each client to core 1, as if they ran on two machines; otherwise the simulator, which hashes, counts and writes every byte, takes CPU from the client.' : 'Not pinned to cores (taskset unavailable or a single core).'}
Wall time is the client's whole run, nothing subtracted: for the action it includes node's start-up, OpenID Connect
discovery and the token request, and waiting for the first status poll (0.1 s, then the report).
"Upload phase" is the simulator's view of the upload request: its arrival to the request being registered.
Peak RSS is /usr/bin/time's maximum resident set size (MiB = 2^20 bytes). ${during('uploads')}
${python.ok ? '' : `\nPython requests was skipped: ${python.reason}.\n`}
${uploadTable(r.uploads, bytesOf)}
${r.shared.length ? `\nThe action against curl with the cores shared (nothing pinned; the simulator competes with the client). ${during('shared')}\n\n${uploadTable(r.shared, bytesOf)}\n` : ''}
Memory of the action's parts (peak RSS, same pinning):

${table(
  ['Process', 'Peak RSS MiB', 'Wall s'],
  [
    ['node -e 0', mib(d.node.rssKiB), sec(d.node.wallMs)],
    ['floor bundle (@actions/core + core.info)', mib(d.floor.rssKiB), sec(d.floor.wallMs)],
    ['action, token only (no upload)', mib(d.token.rssKiB), sec(d.token.wallMs)],
    ['action, token only, node --liftoff-only (no optimising WebAssembly compiler)', mib(d.tokenLiftoff.rssKiB), sec(d.tokenLiftoff.wallMs)],
    ['action, 3 GiB, compress none (one run)', mib(d.hugeNone.rssKiB), sec(d.hugeNone.wallMs)],
    ['action, 3 GiB, compress zip (one run)', mib(d.hugeZip.rssKiB), sec(d.hugeZip.wallMs)],
  ],
)}

## 2. Throttled link: 50 Mbit/s, 100 MiB

The simulator reads request bodies at ${LINK_BYTES_PER_SECOND / 1e6} MB/s. Nothing pinned. ${during('throttled')}

${table(['Client', 'Wall s', 'Sent MiB', 'Token → upload starts s (zipping)', 'Upload phase s', 'Peak RSS MiB'], throttleRows)}

## 3. Cold start

Median of ${r.cold.runs} runs each, run in turn, nothing pinned. The action runs an upload job's inputs (a file to upload,
transfer-url) and its first request is OpenID Connect discovery; the floor is an ncc bundle of
\`import * as core from '@actions/core'; core.info('hello')\`, timed from spawn to exit. ${during('cold')}

${table(
  ['What', 'Median ms', 'Min–max ms'],
  [
    ['node -e 0 (spawn → exit)', r.cold.nodeMs.toFixed(0), range(r.cold.times.node)],
    ['floor bundle (spawn → exit)', r.cold.floorMs.toFixed(0), range(r.cold.times.floor)],
    ['action (spawn → first request arrives)', r.cold.actionMs.toFixed(0), range(r.cold.times.action)],
  ],
)}

## 4. Polling a 10-minute import

Time scaled by 1/${p.scale}: the import lasts ${600 / p.scale} s and poll-interval is ${5 / p.scale} s (the default 5 s, scaled), so
the action follows the real schedule (5 s, ×1.5 each poll, capped at ${p.capS} s). Delays are given in real-world
seconds (measured × ${p.scale}); HTTP round trips, which do not shrink with the scale, are multiplied too, so this errs long. ${during('polling')}

${table(
  [
    'Status requests',
    'By the schedule alone',
    'Completion reported after the import ended (real s)',
    'Interval at that point (real s)',
    'Report → exit (ms, unscaled)',
  ],
  [[p.statusRequests, p.expectedPolls, p.reportDelayS.toFixed(1), p.capS, p.exitAfterReportMs.toFixed(0)]],
)}

## 5. A failed import with a long log

The simulator answers Completed/Error with a log of ERROR lines of about 150 characters, generated and sent as a
stream; the action reads it as a stream, writes every line to its full-log file and keeps only counts and the first
and last lines of each level. Nothing pinned. ${during('long-log')}

${r.longLog ? longLogTable(r.longLog) : 'Not measured.'}

${parallelSections(r.zip, r.many, during)}

## What bounds it

${bounds({ ...r, diagnostics: d, list })}

${parallelBounds(r.zip, r.many, load.others)}
`;
}

/**
 * Parts 6 and 7, also printed alone by \`npm run bench -- --only zip\` / \`--only many\`.
 * @param {Awaited<ReturnType<typeof import('./zip.mjs').measureZip>> | undefined} z
 * @param {Awaited<ReturnType<typeof import('./many.mjs').measureMany>> | undefined} m
 * @param {(name: string) => string} during
 */
export function parallelSections(z, m, during) {
  return `## 6. Parallel zip: 1 GiB, compress zip

The 1 GiB SDMX-CSV file of part 1, zipped by the action (compress zip, deflate level 6) with both cores (the
default: four 1 MiB blocks at once on libuv's pool), with one thread (UV_THREADPOOL_SIZE=2 leaves the zip one thread of libuv's pool:
the single-stream path, the zip as it was before this one, "today"), and with the action pinned to one core
(taskset -c 0); and by Debian's pigz at the same level (\`pigz --zip -6 -p N -c FILE > OUT\`). "Zip s" is, for
the action, the time from its token to the upload's arrival (zipping the file, then building the request and
connecting: a few ms), and for pigz its whole run. Each zip the action sent is read back from the simulator's
store by Python's zipfile (testzip: every CRC) and \`unzip -t\`, and its entry compared byte for byte with the
file (\`unzip -p | cmp\`) on its first run, and every later run must give the same bytes (SHA-256). Before each run
\`sync\` writes back what the one before wrote (about 100 MB), so that the kernel does not do it during the run. The four
compared on both cores run in ${z?.rows.find((r) => r.client.startsWith('action zip (2'))?.runs?.length ?? 0} interleaved rounds (action, one thread, pigz -p 2, pigz -p 1, then
again) and are compared by their medians; the one-core pair runs in ${z?.rows.find((r) => r.client.endsWith('(one core)'))?.runs?.length ?? 0} interleaved rounds, compared the same way; the action on Node 24 (the
runner's runtime, fetched by scripts/node24.mjs) once each. Nothing else pinned. ${during('zip')}

${z ? zipTable(z) : 'Not measured.'}

## 7. Many files: ${MANY_FILES} × ${MANY_MIB} MiB, each request answered ${LATENCY_MS} ms later

The simulator answers every request (uploads and status requests) ${LATENCY_MS} ms after it has handled it, as a
service far away would (its answers are otherwise the same). Every client sends the same ${MANY_FILES} files and
each run must leave ${MANY_FILES} registered uploads; the action and the curl loop run ${m?.rows[0]?.wallMs.length ?? 0}
times, interleaved, the others once. "Action is … faster" is the client's wall time over the action's (with wait
false for the clients that only upload, with wait true for dotstat_io, which waits for each outcome). Nothing pinned. ${during('many')}

${
  m
    ? `${manyTable(m)}

The Python clients:

${peerNotes(m)}`
    : 'Not measured.'
}`;
}

/** @param {number[]} values */
function range(values) {
  return `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
}
