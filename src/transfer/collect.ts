/**
 * Asks V8 for a collection now: what the parallel zip (./zip.ts) does after every few MiB of
 * deflated output it has written.
 *
 * zlib hands its output to JavaScript in fresh buffers, and each is garbage once written. V8 frees
 * them only at a collection, and the zip makes few JavaScript objects, so collections come seldom:
 * on its own V8 waits until the young generation's buffers reach about 32 MiB (twice its default
 * semi-space) and the action's peak RSS grew by that much (bench/RESULTS.md, part 6).
 *
 * The zip asks for a full collection, not a young-generation one. On Node 20 either frees the
 * written buffers; on Node 24 (V8 13.6), the runtime action.yml names, a young-generation
 * collection moves the buffers still in flight to the old generation, where they wait for a full
 * one: zipping 96 MiB held 25 MiB of buffers against 8-9 MiB (test/unit/transfer/zip-memory.test.ts
 * runs on both runtimes), and a 1 GiB zip peaked at 121-134 MiB RSS against 69-73 (bench/README.md).
 * The heap is a few MiB, so a full collection is cheap: no difference in the zip's time or CPU could
 * be measured.
 *
 * `gc` is V8's own function, which V8 puts in each new context once `--expose-gc` is set: the flag
 * is set at the first call and one context made for it, the way jest's leak detector gets it
 * (jest-leak-detector). A `gc` already there (node --expose-gc) is used as it is.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options: { type: 'minor' | 'major'; execution: 'sync' }) => void;

let collector: Gc | undefined;

/** Runs a full collection now. */
export function collectGarbage(): void {
  gc()({ type: 'major', execution: 'sync' });
}

/** Runs a young-generation collection now (the tests use it to see what the young generation holds). */
export function collectYoungGarbage(): void {
  gc()({ type: 'minor', execution: 'sync' });
}

function gc(): Gc {
  collector ??= exposeGc();
  return collector;
}

function exposeGc(): Gc {
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === 'function') return existing as Gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Gc;
}
