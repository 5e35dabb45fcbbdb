/** Shared pieces for the Transfer unit tests: a TransferConfig and RequestResults to vary. */
import type { RequestResult } from '../../src/transfer/publish.js';
import type { TransferConfig } from '../../src/transfer/settings.js';

export function transferConfig(overrides: Partial<TransferConfig> = {}): TransferConfig {
  return {
    baseUrl: new URL('https://transfer.example.org/3'),
    dataspace: 'design',
    patterns: ['data/*.csv'],
    validateOnly: false,
    validationType: 'basic',
    targetVersion: 'live',
    restorationOptionRequired: false,
    compress: 'auto',
    compressThresholdBytes: 10_000_000,
    uploadConcurrency: 4,
    wait: true,
    waitTimeoutMs: 60_000,
    pollIntervalMs: 100,
    failOnWarning: false,
    ...overrides,
  };
}

export const COUNT_LINE =
  '101 observations have been processed, of which 101 observations were inserts, 0 observations were updates and 0 observations were deletions.';

export function success(overrides: Partial<RequestResult> = {}): RequestResult {
  return {
    file: 'data/a.csv',
    size: 1112,
    requestId: 154,
    executionStatus: 'Completed',
    outcome: 'Success',
    executionStart: '2026-06-04T08:00:00Z',
    executionEnd: '2026-06-04T08:01:05Z',
    logs: [
      { level: 'NOTICE', date: '2026-06-04T08:00:00Z', message: 'Request received.' },
      { level: 'NOTICE', date: '2026-06-04T08:01:05Z', message: COUNT_LINE },
    ],
    verdict: 'success',
    durationMs: 65_400,
    ...overrides,
  };
}
