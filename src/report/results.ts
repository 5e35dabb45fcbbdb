/**
 * What the Transfer results mean together: the worst verdict, the step outputs, and the numbers a
 * person looks for in the log (observations processed).
 */
import { VERDICT_RANK } from '../transfer/outcome.js';
import type { RequestResult } from '../transfer/publish.js';
import type { TransferLog } from '../transfer/status.js';

const PROCESSED = /\sobservations? (?:have|has) been processed/i;
/** The number just before the phrase, read from a short tail: the phrase is found first. */
const COUNT_AT_END = /(\d(?:[\d,. ]{0,20}\d)?)\s*$/;

/**
 * "101 observations have been processed" → 101, from the Transfer log. Found in two linear steps:
 * a single pattern with the number before the phrase backtracked for minutes on a log message of
 * digits and spaces that never says "observations".
 */
export function observationsProcessed(logs: readonly TransferLog[]): number | undefined {
  for (const log of logs) {
    const at = PROCESSED.exec(log.message)?.index;
    if (at === undefined) continue;
    const match = COUNT_AT_END.exec(log.message.slice(Math.max(0, at - 24), at + 1));
    if (match) return Number(match[1]!.replace(/[,. ]/g, ''));
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

export function worst(results: readonly RequestResult[]): RequestResult | undefined {
  return [...results].sort((a, b) => VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict])[0];
}

/** The step outputs of the Transfer part, as strings. */
export function transferOutputs(results: readonly RequestResult[]): Record<string, string> {
  const bad = worst(results);
  const registered = results.filter((r) => r.requestId !== undefined);
  return {
    'request-id': registered.map((r) => String(r.requestId)).join('\n'),
    'execution-status': bad ? (bad.executionStatus ?? (bad.requestId === undefined ? 'NotRegistered' : '')) : '',
    outcome: bad ? (bad.outcome ?? (bad.verdict === 'failed' ? 'Error' : '')) : '',
    results: JSON.stringify(results.map(toJson)),
  };
}

function toJson(result: RequestResult) {
  return {
    file: result.file,
    size: result.size ?? null,
    sentSize: result.sentSize ?? result.size ?? null,
    requestId: result.requestId ?? null,
    executionStatus: result.executionStatus ?? null,
    outcome: result.outcome ?? null,
    verdict: result.verdict,
    executionStart: result.executionStart ?? null,
    executionEnd: result.executionEnd ?? null,
    durationSeconds: result.durationMs === undefined ? null : durationSeconds(result.durationMs),
    observationsProcessed: observationsProcessed(result.logs) ?? null,
    error: result.error ?? null,
    logs: result.logs.map((log) => ({ level: log.level ?? null, date: log.date ?? null, message: log.message })),
  };
}
