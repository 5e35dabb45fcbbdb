/**
 * What every report says about a log it shows only part of: how many lines the log has, of which
 * levels, how many are left out, whether the service's answer was cut, and where the whole log is.
 * One wording for the summary, the log groups, the `results` output and the error message.
 */
import { basename } from 'node:path';
import type { RequestResult } from '../transfer/publish.js';
import type { LogStats, TransferLog } from '../transfer/status.js';

const n = (count: number) => count.toLocaleString('en-US');

/** The counts of a result's log; a result built without them (nothing was cut) counts its lines. */
export function statsOf(result: Pick<RequestResult, 'logs' | 'logStats'>): LogStats {
  if (result.logStats) return result.logStats;
  const levels: Record<string, number> = {};
  for (const log of result.logs) levels[(log.level ?? '').toUpperCase()] = (levels[(log.level ?? '').toUpperCase()] ?? 0) + 1;
  return { total: result.logs.length, levels, omitted: 0 };
}

/** "ERROR 5,000, NOTICE 2" (most frequent first; lines without a level as "no level"). */
export function levelCounts(stats: LogStats): string {
  return Object.entries(stats.levels)
    .sort((a, b) => b[1] - a[1])
    .map(([level, count]) => `${level || 'no level'} ${n(count)}`)
    .join(', ');
}

/**
 * The note under a partial log, or undefined when all of it was shown. `shown` is the number of
 * lines the report printed; `where` says how the reader finds the full log.
 */
export function leftOutNote(result: Pick<RequestResult, 'logs' | 'logStats' | 'logFile'>, shown: number, where = fullLogWhere(result)): string | undefined {
  const stats = statsOf(result);
  const left = stats.total - shown;
  if (left <= 0 && !stats.cut) return undefined;
  const parts = [`${n(shown)} of ${n(stats.total)} log lines shown (${levelCounts(stats)}); ${n(Math.max(0, left))} left out.`];
  if (stats.cut) parts.push(`The service's answer was cut (${stats.cut}): lines after that point were not read.`);
  if (where) parts.push(where);
  return parts.join(' ');
}

/** Where the whole log is, for a note. */
export function fullLogWhere(result: Pick<RequestResult, 'logFile'>): string | undefined {
  return result.logFile ? `The full log is in ${basename(result.logFile)} (output transfer-log).` : undefined;
}

/** The lines between two kept lines that are not kept: 0 when they follow each other. */
export function gapBefore(log: TransferLog, previous: TransferLog | undefined): number {
  if (log.line === undefined || previous?.line === undefined) return 0;
  return Math.max(0, log.line - previous.line - 1);
}

export { n as formatCount };
