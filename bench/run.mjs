#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: measures the bundled action (dist/index.js, run the way the GitHub runner runs
 * it) against curl and Python requests on generated SDMX-CSV files, on a throttled link, at cold
 * start and while polling a long import, all against the local identity provider and Transfer
 * simulator on 127.0.0.1. Prints a Markdown report and writes it to bench/RESULTS.md. Everything
 * it generates lives in os.tmpdir()/dotstat-bench-* and is removed at the end.
 * See bench/README.md for what each row means.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../scripts/lib/runner.mjs';
import { runAction, runNode, runTokenOnly, pythonRequests } from './lib/clients.mjs';
import { buildFloor, measureColdStart } from './lib/coldstart.mjs';
import { idp, transfer } from './lib/fixtures.mjs';
import { cpuBusy, describeMachine, waitForQuiet } from './lib/machine.mjs';
import { measureLongLogs } from './lib/long-log.mjs';
import { measurePolling } from './lib/polling.mjs';
import { canPin, direct, onCore, pinSelf } from './lib/proc.mjs';
import { render } from './lib/render.mjs';
import { BUDGET_MS, LINK_BYTES_PER_SECOND, longLogTable, longLogTargets, targetTable } from './lib/report.mjs';
import { createSections } from './lib/sections.mjs';
import { measureUploads } from './lib/uploads.mjs';
import { measureMany, MANY_MIB, LATENCY_MS } from './lib/many.mjs';
import { measureZip } from './lib/zip.mjs';
import { parallelSections } from './lib/render.mjs';
import { parallelBounds, parallelTargets } from './lib/parallel-report.mjs';

const SIZES_MIB = [10, 100, 1024];
/** Runs of the action (compress none) and curl, and of the action (zip) and Python, per size. */
const REPS = /** @type {Record<number, [number, number]>} */ ({ 10: [3, 3], 100: [3, 2], 1024: [3, 1] });
const COLD_RUNS = 15;
/** One run each of compress none and zip on a file this large shows whether memory grows with the file. */
const FLAT_MIB = 3072;

const log = (/** @type {string} */ line) => console.error(line);

/** @param {string} scratch */
function generateFiles(scratch) {
  const script = join(ROOT, 'scripts/make-sdmx-csv.mjs');
  /** @type {Record<number, string>} */
  const files = {};
  for (const mb of SIZES_MIB) {
    files[mb] = join(scratch, `data-${mb}mib.csv`);
    execFileSync(process.execPath, [script, '--mb', String(mb), '--out', files[mb]]);
  }
  const twoMiB = join(scratch, `data-${MANY_MIB}mib.csv`);
  execFileSync(process.execPath, [script, '--mb', String(MANY_MIB), '--out', twoMiB]);
  const small = join(scratch, 'data-small.csv');
  execFileSync(process.execPath, [script, '--rows', '1000', '--out', small]);
  const huge = join(scratch, `data-${FLAT_MIB}mib.csv`);
  execFileSync(process.execPath, [script, '--mb', String(FLAT_MIB), '--out', huge]);
  return { files, small, huge, twoMiB };
}

/**
 * @param {string} scratch
 * @param {(dispose: () => Promise<void>) => void} onDispose
 */
export async function measure(scratch, onDispose) {
  const started = Date.now();
  // A copy: dist/ may be rebuilt while this runs, and every row must measure the same bundle.
  const dist = join(scratch, 'dist');
  cpSync(join(ROOT, 'dist'), dist, { recursive: true });
  const entry = join(dist, 'index.js');
  const python = pythonRequests();
  const machine = describeMachine(dist, python.ok ? `Python requests ${python.version}` : `Python requests not available (${python.reason})`);
  log(`dotstat-action benchmark, ${machine.date}: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`);
  const quiet = await waitForQuiet(log);

  log('Generating SDMX-CSV files…');
  const { files, small, huge, twoMiB } = generateFiles(scratch);
  /** @type {Record<number, number>} */
  const bytesOf = Object.fromEntries(SIZES_MIB.map((mb) => [mb, statSync(files[mb] ?? '').size]));
  const floor = buildFloor(scratch);

  const storeDir = join(scratch, 'store');
  mkdirSync(storeDir);
  const identity = await idp();
  const sim = await transfer(identity, storeDir);
  const slow = await transfer(identity, storeDir, { readBytesPerSecond: LINK_BYTES_PER_SECOND });
  const far = await transfer(identity, storeDir, { latencyMs: LATENCY_MS });
  onDispose(async () => {
    await Promise.allSettled([sim.close(), slow.close(), far.close()]);
    await identity.close();
  });
  const pinned = os.cpus().length >= 2 && canPin();
  const base = { idp: identity, transfer: sim, scratch, entry, wrap: direct };

  const { section, others, repeated } = createSections(log, started + BUDGET_MS - 60_000);
  const clients = /** @type {const} */ (['action none', 'curl', 'curl job', 'action zip', 'python requests']);
  const plans = SIZES_MIB.map((mb) => ({ sizeMiB: mb, file: files[mb] ?? '', reps: REPS[mb]?.[0] ?? 1, otherReps: REPS[mb]?.[1] ?? 1 }));
  const pinnedServices = { ...base, wrap: pinned ? onCore('1') : direct };

  const { uploads, diagnostics } = await section('uploads', async () => {
    log(`1. Uploads${pinned ? ' (simulator on core 0, clients on core 1)' : ''}…`);
    if (pinned) pinSelf('0');
    try {
      const rows = await measureUploads(pinnedServices, plans, python.ok ? clients : clients.slice(0, 4), log);
      log('   memory diagnostics…');
      const parts = {
        node: await runNode(pinnedServices, ['-e', '0']),
        floor: await runNode(pinnedServices, [floor]),
        token: await runTokenOnly(pinnedServices),
        tokenLiftoff: await runTokenOnly(pinnedServices, ['--liftoff-only']),
        hugeNone: await runAction(pinnedServices, huge, 'none'),
        hugeZip: await runAction(pinnedServices, huge, 'zip'),
      };
      return { uploads: rows, diagnostics: parts };
    } finally {
      if (pinned) pinSelf(`0-${os.cpus().length - 1}`);
    }
  });

  // Removed only now: a busy machine makes the section run twice, and the second run needs it too.
  rmSync(huge, { force: true });

  const shared = !pinned
    ? []
    : await section('shared', () => {
        log('1b. Action vs curl with the cores shared…');
        return measureUploads(
          base,
          plans.slice(1).map((p) => ({ ...p, otherReps: 0 })),
          ['action none', 'curl'],
          log,
        );
      });

  const throttled = await section('throttled', () => {
    log('2. Throttled link (50 Mbit/s)…');
    return measureUploads({ ...base, transfer: slow }, [{ sizeMiB: 100, file: files[100] ?? '', reps: 1, otherReps: 1 }], ['action none', 'action zip'], log);
  });

  const cold = await section('cold', () => {
    log('3. Cold start…');
    return measureColdStart({ scratch, entry, floor, file: small, runs: COLD_RUNS });
  });

  const polling = await section('polling', () => {
    log('4. Polling a 10-minute import, time scaled down…');
    return measurePolling(base, small, entry, direct);
  });

  const longLog = await section('long-log', () => {
    log('5. A failed import with a long log…');
    return measureLongLogs(base, small, entry, direct);
  });

  const zip = await section('zip', () => {
    log('6. Parallel zip, 1 GiB…');
    return measureZip(base, files[1024] ?? '', log);
  });

  const many = await section('many', () => {
    log(`7. Many files, each request answered ${LATENCY_MS} ms later…`);
    return measureMany({ ...base, transfer: far }, twoMiB, log);
  });

  const results = { uploads, shared, throttled, cold, polling, pinned, longLog, zip, many };
  const busyAfter = await cpuBusy();
  const elapsedMs = Date.now() - started;
  return {
    machine,
    bytesOf,
    results,
    diagnostics,
    python,
    elapsedMs,
    load: { before: quiet.busy, waitedMs: quiet.waitedMs, after: busyAfter, others, repeated },
  };
}

/**
 * `npm run bench -- --only long-log`: part 5 alone, printed and not written to RESULTS.md (the
 * other parts take minutes and gigabytes of disk).
 * @param {string} scratch
 */
async function longLogOnly(scratch) {
  const entry = join(scratch, 'index.js');
  cpSync(join(ROOT, 'dist'), scratch, { recursive: true });
  const identity = await idp();
  const storeDir = join(scratch, 'store');
  mkdirSync(storeDir);
  const sim = await transfer(identity, storeDir);
  try {
    const rows = await measureLongLogs({ idp: identity, transfer: sim, scratch }, join(ROOT, 'test/data/sample-sdmx-csv-1.0.csv'), entry, direct);
    console.log(`${longLogTable(rows)}\n\n${targetTable(longLogTargets(rows))}`);
  } finally {
    await sim.close();
    await identity.close();
  }
}

/**
 * `npm run bench -- --only zip` or `--only many`: part 6 or 7 alone, printed with its targets and
 * what bounds it, not written to RESULTS.md.
 * @param {string} scratch
 * @param {'zip' | 'many'} part
 */
async function parallelOnly(scratch, part) {
  const dist = join(scratch, 'dist');
  cpSync(join(ROOT, 'dist'), dist, { recursive: true });
  const entry = join(dist, 'index.js');
  const mb = part === 'zip' ? 1024 : MANY_MIB;
  const file = join(scratch, `data-${mb}mib.csv`);
  execFileSync(process.execPath, [join(ROOT, 'scripts/make-sdmx-csv.mjs'), '--mb', String(mb), '--out', file]);
  const identity = await idp();
  const storeDir = join(scratch, 'store');
  mkdirSync(storeDir);
  const sim = await transfer(identity, storeDir, part === 'many' ? { latencyMs: LATENCY_MS } : {});
  try {
    const s = { idp: identity, transfer: sim, scratch, entry, wrap: direct };
    const zip = part === 'zip' ? await measureZip(s, file, log) : undefined;
    const many = part === 'many' ? await measureMany(s, file, log) : undefined;
    const { targetTable } = await import('./lib/report.mjs');
    console.log(`${parallelSections(zip, many, () => '')}

${targetTable(parallelTargets(zip, many))}

${parallelBounds(zip, many, {})}`);
  } finally {
    await sim.close();
    await identity.close();
  }
}

async function main() {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('dist/index.js is missing: run npm run build first.');
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (only === 'zip' || only === 'many') {
    const scratch = mkdtempSync(join(os.tmpdir(), 'dotstat-bench-'));
    try {
      return await parallelOnly(scratch, only);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  if (process.argv.includes('--only') && process.argv.includes('long-log')) {
    const scratch = mkdtempSync(join(os.tmpdir(), 'dotstat-bench-'));
    try {
      return await longLogOnly(scratch);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const scratch = mkdtempSync(join(os.tmpdir(), 'dotstat-bench-'));
  /** @type {(() => Promise<void>)[]} */
  const disposers = [];
  const cleanUp = async () => {
    for (const dispose of disposers.splice(0)) await dispose().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  };
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const measured = await measure(scratch, (dispose) => disposers.push(dispose));
    const markdown = render(measured);
    writeFileSync(join(ROOT, 'bench/RESULTS.md'), markdown);
    console.log(markdown);
    log(`Wrote bench/RESULTS.md (${(measured.elapsedMs / 1000).toFixed(0)} s).`);
  } finally {
    await cleanUp();
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
});
