/**
 * What a finished request means for the step. Success passes; Warning passes with a warning (or
 * fails with fail-on-warning); Error, TimedOut, Canceled, Failed and anything unknown fail.
 */
import type { RequestStatus } from './status.js';

export type Verdict = 'success' | 'warning' | 'failed' | 'pending';

export const VERDICT_RANK: Readonly<Record<Verdict, number>> = { success: 0, warning: 1, pending: 2, failed: 3 };

export function verdictOf(status: RequestStatus): Verdict {
  const execution = status.executionStatus.toLowerCase();
  const outcome = (status.outcome ?? '').toLowerCase();
  if (execution === 'queued' || execution === 'inprogress') return 'pending';
  if (outcome === 'error' || execution !== 'completed') return 'failed';
  if (outcome === 'success') return 'success';
  if (outcome === 'warning') return 'warning';
  return 'failed';
}

/** Why a request failed, in words, for the error message. */
export function explainFailure(status: RequestStatus): string {
  const execution = status.executionStatus;
  const outcome = status.outcome ?? 'none';
  switch (execution.toLowerCase()) {
    case 'timedout':
      return 'the import timed out on the Transfer service (execution status TimedOut); large files may need the operator to raise its time limit';
    case 'canceled':
    case 'cancelled':
      return 'the import was cancelled on the Transfer service (execution status Canceled)';
    case 'failed':
      return 'the import failed on the Transfer service (execution status Failed)';
    case 'completed':
      return outcome.toLowerCase() === 'error'
        ? 'the import ended with outcome Error: see the Transfer log below'
        : `the import completed with an unexpected outcome '${outcome}'`;
    default:
      return `the request ended in an unknown state (execution status '${execution}', outcome '${outcome}')`;
  }
}
