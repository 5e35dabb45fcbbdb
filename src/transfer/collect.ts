/**
 * Asks V8 for a young-generation collection: what the parallel zip (./zip.ts) calls after every
 * few MiB of deflated output it has written.
 *
 * zlib hands its output to JavaScript in fresh buffers, and each is garbage once written. V8 frees
 * them only at a collection, and the zip makes few JavaScript objects, so collections come seldom:
 * on its own V8 waits until the young generation's buffers reach about 32 MiB (twice its default
 * semi-space) and the action's peak RSS grew by that much (bench/RESULTS.md, part 6). A
 * collection every 2 MiB keeps the dead output near 2 MiB, for a scavenge of well under a
 * millisecond each time (about 50 per GiB zipped).
 *
 * `gc` is V8's own function, which V8 puts in each new context once `--expose-gc` is set: the flag
 * is set at the first call and one context made for it, the way jest's leak detector gets it
 * (jest-leak-detector). A `gc` already there (node --expose-gc) is used as it is.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options: { type: 'minor'; execution: 'sync' }) => void;

let collector: Gc | undefined;

/** Runs a young-generation collection now. */
export function collectYoungGarbage(): void {
  collector ??= exposeGc();
  collector({ type: 'minor', execution: 'sync' });
}

function exposeGc(): Gc {
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === 'function') return existing as Gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Gc;
}
