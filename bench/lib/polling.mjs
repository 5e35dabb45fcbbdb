// @ts-check
/**
 * Polling cost: a 10-minute import with time scaled down by SCALE, polled with the default
 * poll-interval (5 s) scaled the same way, so the schedule (5 s, ×1.5 each time, capped at 6×)
 * is the real one. Counts the status requests the simulator answered and how long after the
 * import's end the action reported it.
 */
import { rmSync } from 'node:fs';
import { stepEnv, uploadInputs } from './fixtures.mjs';
import { timed } from './proc.mjs';

/**
 * 1/50, not 1/60: poll-interval has a floor of 0.1 s, and 5 s / 60 would be 0.083 s. At 1/50 the
 * default 5 s becomes exactly 0.1 s and the 30 s cap 0.6 s.
 */
export const SCALE = 50;
export const REAL_IMPORT_S = 600;
export const REAL_POLL_S = 5;

/** The schedule the action follows (poll.ts): sleep, poll; the interval grows ×1.5 to 6× the first. */
export function expectedSchedule(/** @type {number} */ firstS, /** @type {number} */ untilS) {
  const cap = Math.max(firstS, Math.min(6 * firstS, 60));
  let at = 0;
  let interval = firstS;
  let polls = 0;
  while (at < untilS) {
    at += interval;
    polls += 1;
    interval = Math.min(cap, interval * 1.5);
  }
  return { polls, lastIntervalS: interval, cap };
}

/**
 * @param {{ idp: import('../../test/fixtures/idp.mjs').Idp, transfer: import('../../test/fixtures/transfer.mjs').Transfer, scratch: string }} s
 * @param {string} file a small file
 * @param {string} entry the action's bundle
 * @param {import('./proc.mjs').Wrap} wrap
 */
export async function measurePolling(s, file, entry, wrap) {
  const durationMs = (REAL_IMPORT_S * 1000) / SCALE;
  s.transfer.setScenario(() => ({ durationMs }));
  const pollsBefore = s.transfer.statusPolls;
  const inputs = uploadInputs(s.idp, s.transfer.baseUrl, file, { compress: 'none', 'poll-interval': String(REAL_POLL_S / SCALE) });
  const step = stepEnv(s.scratch, inputs);
  /** @type {number | undefined} */
  let reportedAt;
  const [command, args] = wrap([process.execPath, entry]);
  const result = await timed(command, args, {
    env: step.env,
    cwd: step.dir,
    scratch: s.scratch,
    timeoutMs: 60_000,
    onStdout: (text) => {
      if (reportedAt === undefined && /: Completed, outcome/.test(text)) reportedAt = Date.now();
    },
  });
  const outputs = step.outputs();
  rmSync(step.dir, { recursive: true, force: true });
  const upload = s.transfer.uploads.at(-1);
  if (result.code !== 0 || outputs.outcome !== 'Success' || !upload || reportedAt === undefined) {
    throw new Error(`the polling run failed (exit ${result.code}, outcome ${outputs.outcome}):\n${result.stdout.slice(-2000)}`);
  }
  const endedAt = upload.registeredAt + durationMs;
  const exitedAt = result.startedEpoch + result.wallMs;
  const schedule = expectedSchedule(REAL_POLL_S, REAL_IMPORT_S);
  return {
    scale: SCALE,
    statusRequests: s.transfer.statusPolls - pollsBefore,
    expectedPolls: schedule.polls,
    capS: schedule.cap,
    /** Seconds, in real-world terms (scaled-run milliseconds × SCALE / 1000). */
    reportDelayS: ((reportedAt - endedAt) * SCALE) / 1000,
    /** Milliseconds, as measured: the end of the run (results, summary, exit) is not scaled. */
    exitAfterReportMs: exitedAt - reportedAt,
  };
}
