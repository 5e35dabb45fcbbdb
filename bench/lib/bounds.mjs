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
  const lines = [
    `**Throughput (target 1).** At 100 MiB the end-to-end ratio is bounded by fixed costs, not by the upload: curl's whole run takes ${sec(c100.wallMs)} s, while the action spends ${sec(fixed)} s outside the upload itself: ${sec(a100.tokenMs ?? 0)} s from spawn to the token (node's start, loading the bundle, discovery and the password grant), ${sec(a100.prepareMs ?? 0)} s from the token to the upload request's arrival (building the form, loading the form-data chunk, connecting), and ${sec(a100.waitMs ?? 0)} s from registration to exit (one poll-interval, 0.1 s, the smallest the input accepts, then one status request, the results and the summary). The upload phase itself runs at ${(c100.uploadMs / a100.uploadMs).toFixed(2)}× curl at 100 MiB and ${(c1g.uploadMs / a1g.uploadMs).toFixed(2)}× at 1 GiB, where the fixed costs matter less (${(c1g.wallMs / a1g.wallMs).toFixed(2)}× end to end). Over loopback the 100 MiB target could only be met with fixed costs under about ${sec(c100.wallMs * 0.25)} s, less than node's start plus loading the bundle; on a real link, where 100 MiB takes seconds, the same ${sec(fixed)} s weigh far less.`,
    `With the cores pinned, curl is bounded by the simulator, which hashes, counts and writes every byte on its one core: curl itself uses ${sec(c1g.cpuMs)} s of CPU for a ${sec(c1g.wallMs)} s run at 1 GiB, the action ${sec(a1g.cpuMs)} s over ${sec(a1g.wallMs)} s. The two upload phases differ by less than they vary from run to run: over the full runs made while writing this benchmark the action's 1 GiB upload phase came out between 0.81× and 1.14× curl's when the machine was otherwise quiet, and at 0.61× while another process was busy on the client's core ${INVESTIGATION}. Cutting the action's CPU by 40% (the buffer ring, now in src/transfer/multipart.ts) did not shorten its pinned upload measurably (2.07–2.29 s against 2.15–2.43 s, same session, measured before it landed) ${INVESTIGATION}, so pinned, the simulator's core is what bounds both.`,
  ];
  if (shared && sharedCurl) {
    lines.push(
      `With the cores shared (${(sharedCurl.wallMs / shared.wallMs).toFixed(2)}× at 1 GiB), what bounds the action is its CPU per byte, which it takes from the simulator on this two-core machine: ${sec(a1g.cpuMs)} s of CPU per GiB against curl's ${sec(c1g.cpuMs)} s (pinned rows). A CPU profile of a 1 GiB upload, made when the upload still went through streams ${INVESTIGATION}: about 0.38 s was the kernel copying the file into each read buffer, on the main thread (libuv submits reads through io_uring, which completes page-cache reads inline); about 0.27 s was allocating a fresh 1 MiB buffer for every chunk and collecting it; the rest was spread over the stream hops and socket writes. The chunk size was not the lever (64 KiB chunks cost the same CPU); reusing buffers was: reading the file into a ring of four 1 MiB buffers and handing the multipart body to undici as an async iterable took the 1 GiB upload from 1.32–1.52 s to 0.79–0.91 s of CPU ${INVESTIGATION}. That change is now in src/transfer/multipart.ts, and the rows above measure it. On a runner whose Transfer service is elsewhere this CPU does not bound the upload: ${(1024 / (a1g.cpuMs / 1000)).toFixed(0)} MiB/s per core.`,
    );
  }
  return lines.join('\n\n');
}

/** @param {Context} c */
function memory(c) {
  const d = c.diagnostics;
  const token = d.token?.rssKiB ?? NaN;
  const tokenLiftoff = d.tokenLiftoff?.rssKiB ?? NaN;
  const small = find(c.uploads, 10, 'action none');
  const big = find(c.uploads, 1024, 'action none');
  return [
    `**Peak RSS (target 1).** Before any upload the action already peaks at ${mib(token)} MiB (token-only run), against ${mib(d.floor?.rssKiB ?? NaN)} MiB for the floor bundle and ${mib(d.node?.rssKiB ?? NaN)} MiB for \`node -e 0\`. About ${mib(token - tokenLiftoff)} MiB of that is V8 recompiling undici's HTTP parser (llhttp, WebAssembly) with its optimizing tier once the first responses are parsed: the same run under \`node --liftoff-only\` peaks at ${mib(tokenLiftoff)} MiB. The floor never parses a response, so it never pays it. Node's own http client parses with the C llhttp and needs no WebAssembly: one GET peaks at 43 MiB with node:http and at 87 MiB with undici's request() ${INVESTIGATION}.`,
    `The upload itself now adds almost nothing and does not grow with the file (${mib(small.rssKiB)} → ${mib(big.rssKiB)} MiB from 10 MiB to 1 GiB): the file is read into four reused 1 MiB buffers (src/transfer/multipart.ts). Before that change every chunk was read into a new buffer, spent buffers stayed allocated until V8's external-memory heuristic started a collection, and the peak grew by about 24 MiB from 10 MiB to 1 GiB ${INVESTIGATION}. With compress zip the file first goes through yazl and deflate into a temporary zip (read stream → CRC-32 → deflate → file), which allocates a fresh buffer per chunk at every stage: a bare node script doing only that zip of 100 MiB peaks at about 88–91 MiB whatever the chunk size (64 KiB to 1 MiB) or level (1 or 6) ${INVESTIGATION}, so zipping, not sending, sets the zip rows' peak.`,
    `Measured effects: \`--liftoff-only\` alone brings the 1 GiB upload to ${mib(d.bigLiftoff?.rssKiB ?? NaN)} MiB (row above; as a change in src/ it would be \`v8.setFlagsFromString('--liftoff-only')\` at the top of main(), which Node documents as unsupported after start-up, or making the requests with node:http). Together with it, forcing a GC every 8 MiB sent (through \`--expose-gc\`) brought the peak to about 82–90 MiB (process.memoryUsage() samples) ${INVESTIGATION}. Reusing buffers does better without forcing anything, and landed: 91 MiB at 1 GiB on its own (rows above), and 77 MiB (1 GiB) and 69.5 MiB (10 MiB) together with \`--liftoff-only\` ${INVESTIGATION}. What remains above 100 MiB is compress zip (yazl's pipeline) on top of undici's 29 MiB; \`--liftoff-only\` is not applied because Node documents changing V8 flags after start-up as unsupported, and moving the HTTP layer to node:http (no WebAssembly) is the change that would remove it. Reusing a buffer is safe there because undici's writeIterable waits for the socket's 'drain' before it pulls the next chunk whenever a write is not taken at once, which is always the case for chunks larger than the socket's 16 KiB highWaterMark; the sha256 the simulator computed matched the file.`,
  ].join('\n\n');
}

/** @param {Context} c */
function zipping(c) {
  const z100 = find(c.uploads, 100, 'action zip');
  const z1g = find(c.uploads, 1024, 'action zip');
  const none = find(c.throttled, 100, 'action none');
  const zip = find(c.throttled, 100, 'action zip');
  return `**Zip (target 2).** On the 50 Mbit/s link compress none is bounded by the link (${sec(none.uploadMs)} s for 100 MiB at 6.25 MB/s), compress zip by zipping (${sec(zip.prepareMs ?? NaN)} s, both cores free) plus sending ${(zip.sentBytes / 2 ** 20).toFixed(1)} MiB (${sec(zip.uploadMs)} s). On a fast link zipping dominates (${sec(z100.prepareMs ?? NaN)} s from the token to the upload's start for 100 MiB and ${sec(z1g.prepareMs ?? NaN)} s for 1 GiB, on one core). It has two parts ${INVESTIGATION}: deflate at level 6 (compressionLevel in src/transfer/compress.ts; node's zlib takes 1.28 s per 100 MiB of this CSV at level 6 and 0.42 s at level 1, for 8% more bytes), and yazl's CRC-32, computed in JavaScript by buffer-crc32 on the main thread (0.68 s per 100 MiB in a CPU profile; zlib.crc32, native since Node 20.15, takes 0.05 s). Level 1 in a copy of src/ took zipping and sending 100 MiB from 2.8 s to 1.7 s on one core and the throttled run from 3.6 s to 3.0 s; the native CRC-32 (yazl's buffer-crc32 swapped for a zlib.crc32 shim) saved about 0.3 s per 100 MiB.`;
}

/** @param {Context} c */
function coldStart(c) {
  const ratio = c.cold.actionMs / c.cold.floorMs;
  return `**Cold start (target 3).** ${c.cold.actionMs.toFixed(0)} ms to the first request against ${c.cold.floorMs.toFixed(0)} ms for the floor's whole run (${ratio.toFixed(2)}×; \`node -e 0\` alone takes ${c.cold.nodeMs.toFixed(0)} ms). Most of both is loading code that the action and the floor share: @actions/core imports @actions/http-client, which imports ProxyAgent from 'undici', and that evaluates all of undici, fetch, WebSocket and the cache API included (about 56 ms of module evaluation in a CPU profile of the action) ${INVESTIGATION}; V8 then compiles each bundle as one ES module (about 30 ms for either). What the action adds on top, from timestamps in an instrumented copy ${INVESTIGATION}: evaluating its own modules (about 10 ms), parsing the configuration and checking the file (5–9 ms), and undici's first request, about 10 ms from request() to the bytes reaching the server (measured standalone, the same whether or not the WebAssembly parser had finished compiling). Together about 25–30 ms, which is close to 20% of the floor: over seven runs of this section while writing the benchmark the ratio landed between 0.98 and 1.34 ${INVESTIGATION}. Cutting it would mean loading less at start (the undici cost is fixed while @actions/core is imported), or starting discovery before the file checks.`;
}

/** @param {Context} c */
function polling(c) {
  const p = c.polling;
  return `**Polling (target 4).** The schedule fixes both numbers: polls at 5, 12.5, 23.75, 40.6 and 65.9 s, then every ${p.capS} s, give ${p.expectedPolls} polls by the end of a 600 s import, and the end is seen at the first poll after it, at most one capped interval (${p.capS} s) late. Measured: ${p.statusRequests} status requests, completion reported ${p.reportDelayS.toFixed(1)} s after the end (real-world seconds; the HTTP round trips are scaled up with everything else, so this errs long).`;
}

/** @param {Context} c */
export function bounds(c) {
  return [throughput(c), memory(c), zipping(c), coldStart(c), polling(c)].join('\n\n');
}
