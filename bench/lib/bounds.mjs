// @ts-check
/**
 * "What bounds it": for each target, what the time or memory goes into. Numbers in the form
 * {this run} come from the measurements above; the ones marked "(investigation)" were measured
 * while writing this benchmark (CPU profiles, process.memoryUsage() traces, and builds with one
 * change at a time in a copy of src/), on the machine described above with Node 20, and are not
 * re-measured by each run.
 */
import { find, mib, sec } from './report.mjs';

/** @typedef {import('./report.mjs').Results & { diagnostics: Record<string, { rssKiB: number, wallMs: number }>, list: ReturnType<typeof import('./report.mjs').targets> }} Context */

const INVESTIGATION = '(investigation)';

/** @param {Context} c */
function throughput(c) {
  const a100 = find(c.uploads, 100, 'action none');
  const c100 = find(c.uploads, 100, 'curl');
  const a1g = find(c.uploads, 1024, 'action none');
  const c1g = find(c.uploads, 1024, 'curl');
  const fixed = (a100.tokenMs ?? 0) + (a100.prepareMs ?? 0) + (a100.waitMs ?? 0);
  const shared = c.shared.find((r) => r.sizeMiB === 1024 && r.client === 'action none');
  const sharedCurl = c.shared.find((r) => r.sizeMiB === 1024 && r.client === 'curl');
  const j100 = c.uploads.find((r) => r.sizeMiB === 100 && r.client === 'curl job');
  const j1g = c.uploads.find((r) => r.sizeMiB === 1024 && r.client === 'curl job');
  const lines = [
    `**Throughput (target 1).** At 100 MiB the end-to-end ratio is bounded by fixed costs, not by the upload: curl's whole run takes ${sec(c100.wallMs)} s, while the action spends ${sec(fixed)} s outside the upload itself: ${sec(a100.tokenMs ?? 0)} s from spawn to the token (node's start, loading the bundle, discovery and the password grant), ${sec(a100.prepareMs ?? 0)} s from the token to the upload request's arrival (building the form, loading the form-data chunk, connecting), and ${sec(a100.waitMs ?? 0)} s from registration to exit (one poll-interval, 0.1 s, the smallest the input accepts, then one status request, the results and the summary). The upload phase itself runs at ${(c100.uploadMs / a100.uploadMs).toFixed(2)}× curl at 100 MiB and ${(c1g.uploadMs / a1g.uploadMs).toFixed(2)}× at 1 GiB, where the fixed costs matter less (${(c1g.wallMs / a1g.wallMs).toFixed(2)}× end to end). Over loopback the 100 MiB target could only be met with fixed costs under about ${sec(c100.wallMs * 0.25)} s, less than node's start plus loading the bundle; on a real link, where 100 MiB takes seconds, the same ${sec(fixed)} s weigh far less.`,
    `With the cores pinned, curl is bounded by the simulator, which hashes, counts and writes every byte on its one core: curl itself uses ${sec(c1g.cpuMs)} s of CPU for a ${sec(c1g.wallMs)} s run at 1 GiB, the action ${sec(a1g.cpuMs)} s over ${sec(a1g.wallMs)} s. The two upload phases differ by less than they vary from run to run: over the full runs made while writing this benchmark the action's 1 GiB upload phase came out between 0.81× and 1.14× curl's when the machine was otherwise quiet, and at 0.61× while another process was busy on the client's core ${INVESTIGATION}. Cutting the action's CPU by 40% (the buffer ring, now in src/transfer/multipart.ts) did not shorten its pinned upload measurably (2.07–2.29 s against 2.15–2.43 s, same session, measured before it landed) ${INVESTIGATION}, so pinned, the simulator's core is what bounds both.`,
  ];
  if (j100 && j1g) {
    lines.push(
      `Against a curl script doing the action's job (the password grant at the token endpoint, the upload, and one status request after the same 0.1 s; no discovery, no retries), the action does the whole job at ${(j100.wallMs / a100.wallMs).toFixed(2)}× the script's speed at 100 MiB (${sec(a100.wallMs)} s against the script's ${sec(j100.wallMs)} s) and at ${(j1g.wallMs / a1g.wallMs).toFixed(2)}× at 1 GiB. The wait for the outcome weighs the same on both sides; what is left is node's start and loading the bundle, about 0.1 s, plus the OpenID Connect discovery the script skips.`,
    );
  }
  if (shared && sharedCurl) {
    lines.push(
      `With the cores shared (${(sharedCurl.wallMs / shared.wallMs).toFixed(2)}× at 1 GiB), what bounds the action is its CPU per byte, which it takes from the simulator on this two-core machine: ${sec(a1g.cpuMs)} s of CPU per GiB against curl's ${sec(c1g.cpuMs)} s (pinned rows). A CPU profile of a 1 GiB upload, made when the upload still went through streams ${INVESTIGATION}: about 0.38 s was the kernel copying the file into each read buffer, on the main thread (libuv submits reads through io_uring, which completes page-cache reads inline); about 0.27 s was allocating a fresh 1 MiB buffer for every chunk and collecting it; the rest was spread over the stream hops and socket writes. The chunk size was not the lever (64 KiB chunks cost the same CPU); reusing buffers was: reading the file into a ring of four 1 MiB buffers and handing the multipart body to the HTTP client as an async iterable took the 1 GiB upload from 1.32–1.52 s to 0.79–0.91 s of CPU ${INVESTIGATION}. That change is now in src/transfer/multipart.ts, and the rows above measure it. On a runner whose Transfer service is elsewhere this CPU does not bound the upload: ${(1024 / (a1g.cpuMs / 1000)).toFixed(0)} MiB/s per core.`,
    );
  }
  return lines.join('\n\n');
}

/** @param {Context} c */
function memory(c) {
  const d = c.diagnostics;
  const token = d.token?.rssKiB ?? NaN;
  const tokenLiftoff = d.tokenLiftoff?.rssKiB ?? NaN;
  const none10 = find(c.uploads, 10, 'action none');
  const none1g = find(c.uploads, 1024, 'action none');
  const zip10 = find(c.uploads, 10, 'action zip');
  const zip1g = find(c.uploads, 1024, 'action zip');
  return [
    `**Peak RSS (target 1).** Most of the action's memory is node itself: \`node -e 0\` peaks at ${mib(d.node?.rssKiB ?? NaN)} MiB, nearly all of it pages of the node binary (RssFile in /proc/self/status: 37–41 MiB in every run sampled) ${INVESTIGATION}. The token-only run peaks at ${mib(token)} MiB, less than the floor bundle's ${mib(d.floor?.rssKiB ?? NaN)} MiB, because the bundles do not evaluate undici: @actions/core loads @actions/http-client, which imports undici's ProxyAgent when it loads, and the bundle hands it src/vendor/undici-stand-in.cjs instead, so undici is never loaded (nothing here uses ProxyAgent). That took about 8 MiB and 30 ms off every start (floor-sized bundles, with and without) ${INVESTIGATION}. Under \`node --liftoff-only\` the same run peaks at ${mib(tokenLiftoff)} MiB: no WebAssembly is compiled any more. When the requests went through undici, V8 re-compiling its WebAssembly HTTP parser with the optimising tier cost about 29 MiB (token only: 85.2 MiB, and 56.4 MiB under --liftoff-only); node:http's parser is native code, and moving to it is what brought the action under the target.`,
    `Compress none: the file is read into four reused 1 MiB buffers (src/transfer/multipart.ts), and each chunk is written only once the socket has taken the one before (src/http/client.ts), so nothing is allocated per byte sent. The peak does not grow with the file: ${mib(none1g.rssKiB)} MiB at 1 GiB, ${mib(d.hugeNone?.rssKiB ?? NaN)} MiB at 3 GiB. From 10 MiB (${mib(none10.rssKiB)} MiB) to 1 GiB it rises once, and that is warm-up, not the file: sampling /proc/self/status every 100 ms through a 3 GiB upload, the anonymous memory rises by about 10 MiB over the first 4 s of sending, then holds still for the remaining 2 GiB and more ${INVESTIGATION}. Part of it is glibc's per-thread malloc arenas (MALLOC_ARENA_MAX=1 takes 4 MiB off the 1 GiB peak), the rest V8 compiling the hot path; a 10 MiB upload is over before either happens. Neither can be set from inside the action.`,
    `Compress zip: the file is first zipped into a temporary file by src/transfer/zip.ts (pinned to one core here, its single-stream path: two reused read buffers, zlib's native crc32, deflate writing 8 KiB chunks straight to disk; part 6 gives the parallel path's peak), then that file is sent as above. Zip rows: ${mib(zip10.rssKiB)} MiB at 10 MiB, ${mib(zip1g.rssKiB)} MiB at 1 GiB, ${mib(d.hugeZip?.rssKiB ?? NaN)} MiB at 3 GiB. What zipping adds is zlib's output: each chunk is garbage once written, and V8 frees it at its next collection. The chunk size decides how much piles up in between ${INVESTIGATION}: with 256 KiB or 1 MiB chunks about 30 MiB did (process.memoryUsage().arrayBuffers sawing between 5 and 28 MiB), and the 1 GiB zip row peaked at 97–102 MiB; with 16 KiB chunks (zlib's default) up to 19 MiB did, for 88–93 MiB; with 8 KiB chunks, 84–85 MiB, and 4 KiB 82.6 MiB, all at the same speed. Gathering the chunks into one reused buffer before writing made it worse (93 MiB with 16 KiB chunks), because with fewer JavaScript objects made, V8 collected less often. Because it depends on when V8 happens to collect, the zip rows' peak scatters by several MiB from run to run whatever the size: with 8 KiB chunks, three full runs gave 83.4, 84.0 and 76.4 MiB at 1 GiB and 79.7, 79.9 and 84.7 MiB at 3 GiB ${INVESTIGATION}, so one run's difference between the two (the 'does not grow' row, one run each) is within that scatter. Before src/transfer/zip.ts, yazl zipped: its pipeline allocated a fresh buffer per chunk at every stage and peaked at 100–111 MiB in these rows.`,
  ].join('\n\n');
}

/** @param {Context} c */
function zipping(c) {
  const z100 = find(c.uploads, 100, 'action zip');
  const z1g = find(c.uploads, 1024, 'action zip');
  const none = find(c.throttled, 100, 'action none');
  const zip = find(c.throttled, 100, 'action zip');
  return `**Zip (target 2).** On the 50 Mbit/s link compress none is bounded by the link (${sec(none.uploadMs)} s for 100 MiB at 6.25 MB/s), compress zip by zipping (${sec(zip.prepareMs ?? NaN)} s, both cores free) plus sending ${(zip.sentBytes / 2 ** 20).toFixed(1)} MiB (${sec(zip.uploadMs)} s). On a fast link zipping dominates (${sec(z100.prepareMs ?? NaN)} s from the token to the upload's start for 100 MiB and ${sec(z1g.prepareMs ?? NaN)} s for 1 GiB, on one core: pinned to core 1, the action takes the single-stream path; part 6 measures the parallel zip), and zipping is deflate at level 6: a bare script zipping 1 GiB of this CSV spends 13.4 s of its 13.6 s on the CPU, whether zlib writes 8 KiB, 16 KiB or 256 KiB chunks ${INVESTIGATION}; the CRC-32 (zlib.crc32, native) takes about 0.05 s per 100 MiB. Level 1 would zip about three times faster for 8% more bytes; it is not used because the zipped size is what the service's request limit (about 30 MB) applies to, and 8% more can turn a file that fits into a 413.`;
}

/** @param {Context} c */
function coldStart(c) {
  const ratio = c.cold.actionMs / c.cold.floorMs;
  return `**Cold start (target 3).** ${c.cold.actionMs.toFixed(0)} ms to the first request against ${c.cold.floorMs.toFixed(0)} ms for the floor's whole run (${ratio.toFixed(2)}×; \`node -e 0\` alone takes ${c.cold.nodeMs.toFixed(0)} ms). The floor pays for evaluating all of undici, which @actions/http-client imports when @actions/core loads it (about 56 ms of module evaluation in a CPU profile) ${INVESTIGATION}; the action's bundle gives @actions/http-client a stand-in for undici (src/vendor/undici-stand-in.cjs), and spends that time instead on what the floor does not do: evaluating its own modules, parsing the configuration and checking the file, and opening the first connection with node:http. Before the stand-in, the ratio landed between 0.98 and 1.34 over seven runs of this section ${INVESTIGATION}.`;
}

/** @param {Context} c */
function polling(c) {
  const p = c.polling;
  return `**Polling (target 4).** The schedule fixes both numbers: polls at 5, 12.5, 23.75, 40.6 and 65.9 s, then every ${p.capS} s, give ${p.expectedPolls} polls by the end of a 600 s import, and the end is seen at the first poll after it, at most one capped interval (${p.capS} s) late. Measured: ${p.statusRequests} status requests, completion reported ${p.reportDelayS.toFixed(1)} s after the end (real-world seconds; the HTTP round trips are scaled up with everything else, so this errs long).`;
}

/** @param {Context} c */
function longLog(c) {
  const rows = c.longLog ?? [];
  const biggest = rows.at(-1);
  if (!biggest) return '';
  const small = rows[0] ?? biggest;
  return `**Long log (target 5).** The status answer is never held whole: it is read as it arrives through a streaming JSON tokenizer (@streamparser/json), and each log item is redacted, counted for the reports and written to the full-log file before the next one is parsed, so the ${biggest.lines.toLocaleString('en-US')}-line answer (${(biggest.fileBytes / 1e6).toFixed(0)} MB written) peaks at ${mib(biggest.rssKiB)} MiB against ${mib(small.rssKiB)} MiB for ${small.lines.toLocaleString('en-US')} lines, in ${sec(biggest.wallMs)} s. The file is written through one 64 KiB byte buffer (src/report/full-log.ts), so each line's string dies young. Before that the buffer was a growing string: up to 64 KiB of lines outlived each young-generation collection, and about one run in three V8 doubled its young generation over them (heapTotal 44 MiB instead of 26 MiB): the peak was bimodal, 82–86 or 102–105 MiB over 32 runs, and is 72–76 MiB since ${INVESTIGATION}.`;
}

/** @param {Context} c */
export function bounds(c) {
  return [throughput(c), memory(c), zipping(c), coldStart(c), polling(c), longLog(c)].filter(Boolean).join('\n\n');
}
