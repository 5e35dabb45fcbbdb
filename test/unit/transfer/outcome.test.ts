import { describe, expect, it } from 'vitest';
import { explainFailure, verdictOf, VERDICT_RANK, type Verdict } from '../../../src/transfer/outcome.js';
import type { RequestStatus } from '../../../src/transfer/status.js';

const status = (executionStatus: string, outcome?: string): RequestStatus => ({ executionStatus, outcome, logs: [] });

describe('verdictOf()', () => {
  const cases: Array<[string, string | undefined, Verdict]> = [
    ['Completed', 'Success', 'success'],
    ['Completed', 'Warning', 'warning'],
    ['Completed', 'Error', 'failed'],
    ['Completed', 'None', 'failed'],
    ['Completed', undefined, 'failed'],
    ['completed', 'success', 'success'],
    ['TimedOut', 'Error', 'failed'],
    ['TimedOut', undefined, 'failed'],
    ['Canceled', 'None', 'failed'],
    ['Failed', 'Error', 'failed'],
    // An unknown terminal status fails, even with a good outcome.
    ['Archived', 'Success', 'failed'],
    ['Queued', 'None', 'pending'],
    ['InProgress', undefined, 'pending'],
    ['inprogress', 'Success', 'pending'],
  ];
  it.each(cases)('%s / %s → %s', (execution, outcome, verdict) => {
    expect(verdictOf(status(execution, outcome))).toBe(verdict);
  });

  it('ranks failed worst, then pending, warning, success', () => {
    const order = (['success', 'warning', 'pending', 'failed'] as const).map((v) => VERDICT_RANK[v]);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(4);
  });
});

describe('explainFailure()', () => {
  const cases: Array<[string, string | undefined, string]> = [
    [
      'TimedOut',
      'Error',
      'the import timed out on the Transfer service (execution status TimedOut); large files may need the operator to raise its time limit',
    ],
    ['Canceled', undefined, 'the import was cancelled on the Transfer service (execution status Canceled)'],
    ['Cancelled', undefined, 'the import was cancelled on the Transfer service (execution status Canceled)'],
    ['Failed', 'Error', 'the import failed on the Transfer service (execution status Failed)'],
    ['Completed', 'Error', 'the import ended with outcome Error: see the Transfer log below'],
    ['Completed', 'None', "the import completed with an unexpected outcome 'None'"],
    ['Completed', undefined, "the import completed with an unexpected outcome 'none'"],
    ['Archived', 'Success', "the request ended in an unknown state (execution status 'Archived', outcome 'Success')"],
  ];
  it.each(cases)('%s / %s', (execution, outcome, text) => {
    expect(explainFailure(status(execution, outcome))).toBe(text);
  });
});
