/**
 * The status parser under fuzzing: parseStatus() with arbitrary bodies returns a RequestStatus
 * whose printed fields are safe single lines, or throws a ResponseError; what the poll loop and
 * the reports then do with any such status (running or not, verdict, explanation, observation
 * count) never throws; and the observation count is read in linear time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResponseError } from '../../../src/errors.js';
import type { HttpResponse } from '../../../src/http/client.js';
import { observationsProcessed } from '../../../src/report/results.js';
import { explainFailure, verdictOf } from '../../../src/transfer/outcome.js';
import { isRunning, parseStatus } from '../../../src/transfer/status.js';
import { jsonish, nastyString, returnsOrThrowsOwn, UNPRINTABLE } from './arbitraries.js';

const URL_ = new URL('https://transfer.example.org/3/status/request');
const state = fc.oneof(fc.constantFrom('Queued', 'InProgress', 'Completed', 'TimedOut', 'Canceled', 'Paused', 'completed ', ''), nastyString(20), jsonish);
const outcome = fc.oneof(fc.constantFrom('Success', 'Warning', 'Error', 'None', 'Maybe'), nastyString(20), jsonish);
const logEntry = fc.oneof(
  fc.record(
    {
      level: fc.oneof(fc.constantFrom('ERROR', 'WARN', 'NOTICE'), nastyString(10), jsonish),
      message: fc.oneof(nastyString(60), jsonish),
      date: fc.oneof(nastyString(20), jsonish),
    },
    { requiredKeys: [] },
  ),
  fc.record({ Message: nastyString(30), logLevel: nastyString(8), dateTime: nastyString(8) }, { requiredKeys: [] }),
  jsonish,
);
const statusBody = fc.record(
  {
    executionStatus: state,
    ExecutionStatus: state,
    outcome,
    executionOutcome: outcome,
    executionStart: fc.oneof(nastyString(20), jsonish),
    executionEnd: jsonish,
    logs: fc.oneof(fc.array(logEntry, { maxLength: 6 }), jsonish),
  },
  { requiredKeys: [] },
);
const body: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: statusBody.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: nastyString(60) },
);

function safeField(value: string | undefined, max: number): void {
  if (value === undefined) return;
  expect(value).not.toBe('');
  expect(value).not.toMatch(UNPRINTABLE);
  expect(value).not.toContain('::');
  expect(value).not.toContain('##[');
  expect(value.length).toBeLessThanOrEqual(max + 1);
}

describe('parseStatus() w/ arbitrary bodies', () => {
  it('returns a status w/ safe printed fields, or throws a ResponseError; nothing downstream throws', () => {
    let parsed = 0;
    fc.assert(
      fc.property(body, fc.constantFrom(200, 201), (text, status) => {
        const response: HttpResponse = { status, headers: { 'content-type': 'application/json' }, body: text, url: URL_ };
        const result = returnsOrThrowsOwn(() => parseStatus(response));
        if (result instanceof Error) {
          expect(result).toBeInstanceOf(ResponseError);
          expect(['NOT_JSON', 'BAD_STATUS']).toContain((result as ResponseError).code);
          expect(result.message).not.toMatch(UNPRINTABLE);
          return;
        }
        parsed += 1;
        safeField(result.executionStatus, 60);
        safeField(result.outcome, 60);
        safeField(result.executionStart, 40);
        safeField(result.executionEnd, 40);
        expect(Array.isArray(result.logs)).toBe(true);
        for (const log of result.logs) {
          expect(typeof log.message).toBe('string');
          safeField(log.level, 20);
          safeField(log.date, 40);
        }
        expect(typeof isRunning(result)).toBe('boolean');
        expect(['success', 'warning', 'failed', 'pending']).toContain(verdictOf(result));
        expect(explainFailure(result)).not.toMatch(UNPRINTABLE);
        const count = observationsProcessed(result.logs);
        if (count !== undefined) expect(Number.isFinite(count)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    expect(parsed).toBeGreaterThan(100);
  });
});

describe('observationsProcessed()', () => {
  it('reads back any count written the way the service writes it', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), nastyString(20), fc.boolean(), (n, before, grouped) => {
        const number = grouped ? n.toLocaleString('en-US') : String(n);
        expect(observationsProcessed([{ message: `${before} Dataflow X: ${number} observations have been processed, of which ${n} were inserts.` }])).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('linear time on a megabyte of digits and spaces (regression: the pattern backtracked for hours)', () => {
    for (const message of ['1 '.repeat(500_000), `${'9,'.repeat(300_000)}9 observation`, ' '.repeat(1 << 20)]) {
      const started = performance.now();
      expect(observationsProcessed([{ message }])).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
