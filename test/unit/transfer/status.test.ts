import { describe, expect, it } from 'vitest';
import { ResponseError } from '../../../src/errors.js';
import type { HttpResponse } from '../../../src/http/client.js';
import { isRunning, parseStatus, type RequestStatus } from '../../../src/transfer/status.js';

const URL_ = new URL('https://transfer.example.org/3/status/request');

function response(body: unknown, contentType = 'application/json'): HttpResponse {
  return { status: 200, headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body), url: URL_ };
}

function failure(fn: () => unknown): ResponseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ResponseError) return error;
    throw error;
  }
  throw new Error('expected a ResponseError');
}

describe('parseStatus()', () => {
  it('a finished request, as the service writes it', () => {
    const status = parseStatus(response({
      requestId: 154,
      executionStatus: 'Completed',
      outcome: 'Success',
      executionStart: '2026-06-04T08:00:00Z',
      executionEnd: '2026-06-04T08:01:00Z',
      logs: [{ date: '2026-06-04T08:01:00Z', level: 'NOTICE', message: '101 observations have been processed' }],
    }));
    expect(status).toEqual<RequestStatus>({
      executionStatus: 'Completed',
      outcome: 'Success',
      executionStart: '2026-06-04T08:00:00Z',
      executionEnd: '2026-06-04T08:01:00Z',
      logs: [{ level: 'NOTICE', date: '2026-06-04T08:01:00Z', message: '101 observations have been processed', line: 1 }],
      logStats: { total: 1, levels: { NOTICE: 1 }, omitted: 0, cut: undefined, observationsProcessed: 101 },
      logFile: undefined,
    });
  });

  it('unknown values are kept as they are', () => {
    const status = parseStatus(response({ executionStatus: 'Archived', outcome: 'Partial', logs: [] }));
    expect(status).toMatchObject({ executionStatus: 'Archived', outcome: 'Partial' });
  });

  it('w/ PascalCase and executionOutcome names', () => {
    expect(parseStatus(response({ ExecutionStatus: 'Queued' })).executionStatus).toBe('Queued');
    expect(parseStatus(response({ executionStatus: 'Completed', executionOutcome: 'Warning' })).outcome).toBe('Warning');
  });

  it('null, empty and missing fields become undefined; logs default to []', () => {
    const status = parseStatus(response({ executionStatus: 'InProgress', outcome: null, executionStart: '', executionEnd: null }));
    expect(status).toEqual({ executionStatus: 'InProgress', outcome: undefined, executionStart: undefined, executionEnd: undefined, logs: [], logStats: { total: 0, levels: {}, omitted: 0 }, logFile: undefined });
  });

  it('logs as strings and as objects of several shapes; unreadable items dropped', () => {
    const status = parseStatus(response({
      executionStatus: 'Completed',
      logs: [
        'plain text line',
        { Message: 'pascal case', logLevel: 'WARN', dateTime: '2026-06-04T08:00:00Z' },
        { message: 'typed', type: 'ERROR' },
        { level: 'INFO' },
        { message: '' },
        null,
        42,
      ],
    }));
    expect(status.logs).toEqual([
      { message: 'plain text line', line: 1 },
      { message: 'pascal case', level: 'WARN', date: '2026-06-04T08:00:00Z', line: 2 },
      { message: 'typed', level: 'ERROR', date: undefined, line: 3 },
    ]);
  });

  it('logs that are not an array are ignored', () => {
    expect(parseStatus(response({ executionStatus: 'Completed', logs: 'oops' })).logs).toEqual([]);
  });

  it('missing executionStatus → BAD_STATUS', () => {
    const error = failure(() => parseStatus(response({ outcome: 'Success' })));
    expect(error.code).toBe('BAD_STATUS');
    expect(error.message).toBe('The status answer from https://transfer.example.org/3/status/request has no executionStatus.');
    expect(failure(() => parseStatus(response({ executionStatus: 3 }))).code).toBe('BAD_STATUS');
  });

  it('HTML body (a sign-in page answered with 200) → NOT_JSON naming the page', () => {
    const error = failure(() => parseStatus(response('<!DOCTYPE html><html><head><title>Sign in</title></head><body></body></html>', 'text/html')));
    expect(error.code).toBe('NOT_JSON');
    expect(error.status).toBe(200);
    expect(error.message).toContain('answered HTTP 200 with something that is not a JSON object (text/html: "Sign in")');
  });

  it('a JSON array is not a status → NOT_JSON', () => {
    expect(failure(() => parseStatus(response([{ executionStatus: 'Completed' }]))).code).toBe('NOT_JSON');
  });
});

describe('isRunning()', () => {
  it.each([
    ['Queued', true],
    ['InProgress', true],
    ['inprogress', true],
    ['Completed', false],
    ['TimedOut', false],
    ['Archived', false],
  ])('%s → %s', (executionStatus, running) => {
    expect(isRunning({ executionStatus, logs: [] })).toBe(running);
  });
});
