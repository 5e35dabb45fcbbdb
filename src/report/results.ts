/**
 * What the Transfer results mean together: the worst verdict, the step outputs, and the numbers a
 * person looks for in the log (observations processed). The `results` output carries each log's
 * counts and its first lines, never the log itself: GitHub drops all of a job's outputs past 1 MB,
 * and the full log is in the file named by `transfer-log`.
 */
import { SECRETS } from '../secrets.js';
import { VERDICT_RANK } from '../transfer/outcome.js';
import type { RequestResult } from '../transfer/publish.js';
import { processedCount, type TransferLog } from '../transfer/log-digest.js';
import { RESULTS_BUDGET_CHARS } from '../platform/limits.js';
import { fairShares } from './budget.js';
import { statsOf } from './log-excerpt.js';

/** Log lines of one request in `results`, at most. */
export const MAX_RESULT_LINES = 20;
/** A message longer than this is cut in `results`. Kept messages were redacted when read, so the cut cannot split a secret. */
const MAX_RESULT_MESSAGE = 1000;

/** "101 observations have been processed" → 101: the first count in the log. */
export function observationsProcessed(logs: readonly TransferLog[]): number | undefined {
  for (const log of logs) {
    const count = processedCount(log.message);
    if (count !== undefined) return count;
  }
  return undefined;
}

/**
 * A duration in seconds, rounded to 0.1 s: the one rounding behind both the `results` output
 * (durationSeconds) and the job summary, so that the two never disagree.
 */
export function durationSeconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** The count read from the whole log as it streamed in, or from the kept lines. */
export function observationsOf(result: RequestResult): number | undefined {
  return result.logStats?.observationsProcessed ?? observationsProcessed(result.logs);
}

export function worst(results: readonly RequestResult[]): RequestResult | undefined {
  return [...results].sort((a, b) => VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict])[0];
}

/** The step outputs of the Transfer part, as strings. */
export function transferOutputs(results: readonly RequestResult[], budget = RESULTS_BUDGET_CHARS): Record<string, string> {
  const bad = worst(results);
  const registered = results.filter((r) => r.requestId !== undefined);
  return {
    'request-id': registered.map((r) => String(r.requestId)).join('\n'),
    'execution-status': bad ? (bad.executionStatus ?? (bad.requestId === undefined ? 'NotRegistered' : '')) : '',
    outcome: bad ? (bad.outcome ?? (bad.verdict === 'failed' ? 'Error' : '')) : '',
    results: resultsJson(results, budget),
    'transfer-log': results.flatMap((r) => (r.logFile ? [r.logFile] : [])).join('\n'),
  };
}

/** The `results` array within `budget` characters: each request's fields first, then log lines shared fairly. */
function resultsJson(results: readonly RequestResult[], budget: number): string {
  const bare = results.map((r) => toJson(r, []));
  const fixed = JSON.stringify(bare).length;
  const lines = results.map((r) => r.logs.slice(0, MAX_RESULT_LINES).map(logJson));
  const wants = lines.map((l) => l.reduce((sum, line) => sum + JSON.stringify(line).length + 1, 0));
  const shares = fairShares(wants, budget - fixed);
  return JSON.stringify(results.map((r, i) => toJson(r, within(lines[i]!, shares[i]!))));
}

function within<T>(lines: readonly T[], budget: number): T[] {
  let used = 0;
  return lines.filter((line) => (used += JSON.stringify(line).length + 1) <= budget);
}

/**
 * Server text, redacted before it is cut and before JSON escapes it: once escaped, a secret with
 * a quote or a backslash in it would be in a form no mask matches.
 */
const text = (value: string | undefined): string | null => (value === undefined ? null : SECRETS.redact(value));

function logJson(log: TransferLog) {
  const whole = SECRETS.redact(log.message);
  const message = whole.length > MAX_RESULT_MESSAGE ? `${whole.slice(0, MAX_RESULT_MESSAGE)}…` : whole;
  return { level: text(log.level), date: text(log.date), message };
}

function toJson(result: RequestResult, logs: ReturnType<typeof logJson>[]) {
  const stats = statsOf(result);
  return {
    file: text(result.file),
    size: result.size ?? null,
    sentSize: result.sentSize ?? result.size ?? null,
    requestId: result.requestId ?? null,
    executionStatus: text(result.executionStatus),
    outcome: text(result.outcome),
    verdict: result.verdict,
    executionStart: result.executionStart ?? null,
    executionEnd: result.executionEnd ?? null,
    durationSeconds: result.durationMs === undefined ? null : durationSeconds(result.durationMs),
    observationsProcessed: observationsOf(result) ?? null,
    error: text(result.error),
    logLines: stats.total,
    logLevels: stats.levels,
    logsLeftOut: stats.total - logs.length,
    logCut: stats.cut ?? null,
    logFile: result.logFile ?? null,
    logs,
  };
}
