/**
 * Heartbeats of the wait: while a request's state stays the same, one line a minute says that it
 * is still running, and for how long since it was registered ("Request 154 (x.csv): still
 * InProgress after 4 min"), so that a slow import is told from a hung job. The poll loop
 * (./poll.ts) calls `round()` after each round of polls, with the clock's time; a state change is
 * a line of its own (printed by the loop), and the minute counts again from there.
 */
import type { Logger } from '../platform/types.js';
import { formatElapsed } from '../report/figures.js';

/** One heartbeat a minute per request. */
export const HEARTBEAT_MS = 60_000;
/** A round this much before the minute counts for it: polls at a 60 s interval must not skip one. */
const EARLY_MS = 2000;
/** Requests named in one round, at most; the rest are counted in one line. */
export const MAX_HEARTBEAT_LINES = 10;

interface Watched {
  readonly requestId: number;
  readonly name: string;
  readonly registeredAt?: number;
  readonly status?: { readonly executionStatus: string };
}

export class Heartbeat {
  readonly #seen = new Map<number, { status: string; since: number; next: number }>();

  constructor(
    private readonly log: Pick<Logger, 'info'>,
    /** A minute; shorter only in tests. */
    private readonly everyMs = HEARTBEAT_MS,
  ) {}

  /** Says, for each request still running whose state has not changed for a minute, that it still runs. */
  round(running: readonly Watched[], now: number): void {
    const due: Array<{ request: Watched; status: string; since: number }> = [];
    for (const request of running) {
      const status = request.status?.executionStatus ?? 'not checked yet';
      const seen = this.#seen.get(request.requestId);
      if (!seen || seen.status !== status) {
        this.#seen.set(request.requestId, { status, since: seen?.since ?? request.registeredAt ?? now, next: now + this.everyMs });
        continue;
      }
      if (now < seen.next - EARLY_MS) continue;
      due.push({ request, status, since: seen.since });
      seen.next = Math.max(seen.next + this.everyMs, now + this.everyMs / 2);
    }
    const named = due.length > MAX_HEARTBEAT_LINES ? due.slice(0, MAX_HEARTBEAT_LINES - 1) : due;
    for (const { request, status, since } of named) {
      this.log.info(`Request ${request.requestId} (${request.name}): still ${status} after ${formatElapsed(now - since)}`);
    }
    if (named.length < due.length) {
      const rest = due.slice(named.length);
      const counts = new Map<string, number>();
      for (const { status } of rest) counts.set(status, (counts.get(status) ?? 0) + 1);
      const states = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
      this.log.info(`${rest.length} more requests still running (${states}); the longest for ${formatElapsed(now - Math.min(...rest.map((r) => r.since)))}`);
    }
  }
}
