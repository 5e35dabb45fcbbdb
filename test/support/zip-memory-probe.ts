/**
 * Zips 96 MiB of text that deflates to about half on two threads and prints, as JSON, the peak of
 * process.memoryUsage().arrayBuffers over what was held before (MiB), sampled while zipping.
 * Run by test/unit/transfer/zip-memory.test.ts on each runtime: `node --import tsx <this> <dir>`
 * (tsx is in the lockfile through @github/local-action, which runs the action's TypeScript with it).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipOneFile } from '../../src/transfer/zip.js';

const MiB = 2 ** 20;
const dir = process.argv[2] as string;
const source = join(dir, `half-random-${process.pid}.csv`);
// Hex digits: 4 bits of entropy per byte, so deflate halves it.
writeFileSync(source, randomBytes(48 * MiB).toString('hex'));
const before = process.memoryUsage().arrayBuffers;
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 2);
const result = await zipOneFile(source, 96 * MiB, 'data.csv', join(dir, `out-${process.pid}.zip`), { threads: 2 });
clearInterval(sampler);
console.log(JSON.stringify({ heldMiB: (peak - before) / MiB, compressedMiB: result.compressedSize / MiB, version: process.version }));
