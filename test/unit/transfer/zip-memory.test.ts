/**
 * The parallel zip's memory: zlib's output buffers are garbage once written, and V8 left about
 * 32 MiB of them (its young generation's threshold for buffers) before collecting, which was most
 * of the action's peak RSS growth while zipping. With a young-generation collection after every
 * 2 MiB written (src/transfer/collect.ts), what is held stays near the blocks in flight.
 *
 * The data is text that deflates to about half, so that zlib puts out ~48 MiB: more than V8's
 * threshold, in a couple of seconds. Memory, not time, is asserted: the peak of
 * process.memoryUsage().arrayBuffers, sampled while zipping, over what was held before.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { zipOneFile } from '../../../src/transfer/zip.js';

const dir = mkdtempSync(join(tmpdir(), 'dotstat-zip-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MiB = 2 ** 20;

it('zipping 96 MiB on two threads holds no more than ~16 MiB of buffers (blocks in flight, not dead output)', async () => {
  const source = join(dir, 'half-random.csv');
  // Hex digits: 4 bits of entropy per byte, so deflate halves it.
  writeFileSync(source, randomBytes(48 * MiB).toString('hex'));
  const before = process.memoryUsage().arrayBuffers;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 2);
  try {
    const result = await zipOneFile(source, 96 * MiB, 'data.csv', join(dir, 'out.zip'), { threads: 2 });
    expect(result.compressedSize).toBeGreaterThan(40 * MiB);
  } finally {
    clearInterval(sampler);
  }
  // Four 1 MiB input buffers, three blocks' output in 128 KiB buffers, 2 MiB between collections.
  expect((peak - before) / MiB).toBeLessThan(16);
}, 60_000);
