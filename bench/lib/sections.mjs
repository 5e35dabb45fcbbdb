// @ts-check
/**
 * The benchmark shares its machine with whatever else runs there (a build, a test run). Each
 * section notes how much of the CPU other processes used while it ran; when that was more than
 * MAX_OTHERS and the time budget allows, the section waits for the machine to settle and runs
 * once more, and the quieter attempt is kept. The report says so either way.
 */
import { interference, waitForQuiet } from './machine.mjs';

export const MAX_OTHERS = 0.1;

/**
 * @param {(line: string) => void} log
 * @param {number} deadline epoch ms after which no section is repeated
 */
export function createSections(log, deadline) {
  /** @type {Record<string, number>} share of the CPU others used during the kept attempt */
  const others = {};
  /** @type {Record<string, number>} the same for a first attempt that was run again */
  const repeated = {};

  /**
   * @template T
   * @param {string} name
   * @param {() => Promise<T>} run
   * @returns {Promise<T>}
   */
  async function section(name, run) {
    /** @type {{ value: T, share: number } | undefined} */
    let kept;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const started = Date.now();
      const stop = interference();
      const value = await run();
      const share = stop();
      if (!kept || share < kept.share) kept = { value, share };
      const took = Date.now() - started;
      if (share <= MAX_OTHERS || attempt === 2 || Date.now() + 30_000 + took > deadline) break;
      repeated[name] = share;
      log(`   other processes used ${(share * 100).toFixed(0)}% of the CPU during "${name}"; running it again`);
      await waitForQuiet(log, 30_000);
    }
    others[name] = kept?.share ?? 0;
    return /** @type {T} */ (kept?.value);
  }

  return { section, others, repeated };
}
