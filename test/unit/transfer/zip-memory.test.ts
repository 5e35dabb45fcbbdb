/**
 * The parallel zip's memory: zlib's output buffers are garbage once written, and V8 left about
 * 32 MiB of them (its young generation's threshold for buffers) before collecting, which was most
 * of the action's peak RSS growth while zipping. With a collection after every 2 MiB written
 * (src/transfer/collect.ts), what is held stays near the blocks in flight.
 *
 * On each runtime: the machine's Node, and Node 24, the one action.yml names (where
 * scripts/node24.mjs has fetched it; CI requires it). A young-generation collection is enough on
 * Node 20 and not on Node 24, whose V8 moves the buffers in flight to the old generation: 25 MiB
 * held there. test/support/zip-memory-probe.ts zips 96 MiB of text that deflates to about half,
 * so that zlib puts out ~48 MiB, more than V8's threshold, in a couple of seconds; memory, not
 * time, is asserted: the peak of process.memoryUsage().arrayBuffers, sampled while zipping, over
 * what was held before.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { node24, NODE24_VERSION } from '../../../scripts/node24.mjs';
import { ROOT } from '../../support/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'dotstat-zip-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NODE24 = node24();
const required = process.env.DOTSTAT_REQUIRE_TOOLS === '1';
const runtimes = [
  { name: `this machine's Node (${process.version})`, binary: process.execPath as string | undefined },
  ...(NODE24 || required ? [{ name: `Node ${NODE24_VERSION}`, binary: NODE24 }] : []),
];

it.each(runtimes)(
  'zipping 96 MiB on two threads holds no more than ~16 MiB of buffers (blocks in flight, not dead output): $name',
  ({ binary }) => {
    expect(binary, `Node ${NODE24_VERSION} is not fetched: node scripts/node24.mjs --fetch`).toBeDefined();
    const probe = spawnSync(binary as string, ['--import', 'tsx', join(ROOT, 'test/support/zip-memory-probe.ts'), dir], { cwd: ROOT, encoding: 'utf8' });
    expect(probe.status, probe.stderr).toBe(0);
    const { heldMiB, compressedMiB } = JSON.parse(probe.stdout) as { heldMiB: number; compressedMiB: number };
    expect(compressedMiB).toBeGreaterThan(40);
    // Five 1 MiB input buffers, four blocks' output in 128 KiB buffers, 2 MiB between collections.
    expect(heldMiB).toBeLessThan(16);
  },
  60_000,
);
