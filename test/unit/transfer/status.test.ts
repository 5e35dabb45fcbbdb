import { describe, expect, it } from 'vitest';
import { ResponseError } from '../../../src/errors.js';
import type { HttpResponse } from '../../../src/http/client.js';
import { isRunning, parseStatus, StatusReader, type RequestStatus, type StatusReadOptions, type TransferLog } from '../../../src/transfer/status.js';

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
    const status = parseStatus(
      response({
        requestId: 154,
        executionStatus: 'Completed',
        outcome: 'Success',
        executionStart: '2026-06-04T08:00:00Z',
        executionEnd: '2026-06-04T08:01:00Z',
        logs: [{ date: '2026-06-04T08:01:00Z', level: 'NOTICE', message: '101 observations have been processed' }],
      }),
    );
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
    expect(status).toEqual({
      executionStatus: 'InProgress',
      outcome: undefined,
      executionStart: undefined,
      executionEnd: undefined,
      logs: [],
      logStats: { total: 0, levels: {}, omitted: 0 },
      logFile: undefined,
    });
  });

  it('logs as strings and as objects of several shapes; unreadable items dropped', () => {
    const status = parseStatus(
      response({
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
      }),
    );
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

describe('StatusReader', () => {
  const head = { status: 200, headers: { 'content-type': 'application/json' }, url: URL_ };
  const statusText = (lines: number, fields = '"executionStatus":"Completed","outcome":"Error",') =>
    `{${fields}"logs":[${Array.from({ length: lines }, (_, i) => JSON.stringify({ level: 'ERROR', message: `row ${i + 1}` })).join(',')}]}`;
  /** A sink that records what it was given and how it ended. */
  const recordingSink = () => {
    const sink = {
      lines: [] as TransferLog[],
      ended: '' as '' | 'closed' | 'discarded',
      write: (e: TransferLog) => void sink.lines.push(e),
      close: () => ((sink.ended = 'closed'), '/tmp/x.jsonl'),
      discard: () => void (sink.ended = 'discarded'),
    };
    return sink;
  };
  async function read(body: Buffer, options: Partial<StatusReadOptions> = {}, chunk = 4096) {
    const reader = new StatusReader(head, { redact: (t) => t, ...options });
    const chunks = Array.from({ length: Math.ceil(body.length / chunk) }, (_, i) => body.subarray(i * chunk, (i + 1) * chunk));
    await reader.consume(chunks);
    return reader.status();
  }

  it('every line goes to the sink as it is read; the file is kept when the answer was read whole', async () => {
    const sink = recordingSink();
    const status = await read(Buffer.from(statusText(1_000)), { sink }, 7);
    expect(sink.lines.map((l) => l.line)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(sink.ended).toBe('closed');
    expect(status).toMatchObject({
      executionStatus: 'Completed',
      outcome: 'Error',
      logFile: '/tmp/x.jsonl',
      logStats: { total: 1_000, levels: { ERROR: 1_000 }, omitted: 940 },
    });
    expect(status.logs).toHaveLength(60);
  });

  it('past maxBytes, after the verdict: reading stops, the verdict and the lines read are kept, the cut said', async () => {
    const sink = recordingSink();
    const body = Buffer.from(statusText(1_000));
    const status = await read(body, { sink, maxBytes: 8_192 }, 4_096);
    expect(status.executionStatus).toBe('Completed');
    expect(status.outcome).toBe('Error');
    expect(status.logStats?.cut).toBe('the answer is larger than 8192 bytes; reading stopped after 12288 bytes');
    expect(status.logStats?.total).toBe(sink.lines.length);
    // Every item complete in the first 8,192 bytes (each one ends with "}), and not one more.
    expect(sink.lines.length).toBe(body.subarray(0, 8_192).toString().split('"}').length - 1);
    expect(sink.ended).toBe('closed');
  });

  it('past maxBytes before the verdict (the log first): RESPONSE_TOO_LARGE, and the file is dropped', async () => {
    const sink = recordingSink();
    const body = Buffer.from(`{"logs":${statusText(1_000, '').slice(8, -1)},"executionStatus":"Completed"}`);
    const reader = new StatusReader(head, { redact: (t) => t, sink, maxBytes: 8_192 });
    await reader.consume([body.subarray(0, 4_096), body.subarray(4_096, 8_192), body.subarray(8_192)]);
    const error = failure(() => reader.status());
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect(error.message).toBe(
      'The answer from https://transfer.example.org/3/status/request (HTTP 200) was cut before its status was read: the answer is larger than 8192 bytes.',
    );
    expect(sink.ended).toBe('discarded');
  });

  it('one value longer than maxValueBytes: reading stops there the same way', async () => {
    const body = Buffer.from(`{"executionStatus":"Completed","outcome":"Success","logs":[{"message":"ok"},{"message":"${'a'.repeat(50_000)}"}]}`);
    const status = await read(body, { maxValueBytes: 10_000 });
    expect(status).toMatchObject({
      executionStatus: 'Completed',
      outcome: 'Success',
      logStats: { total: 1, cut: expect.stringMatching(/^one value in the answer is longer than 10000 bytes; reading stopped after \d+ bytes$/) },
    });
  });

  it('a body that is not JSON: NOT_JSON quoting its start, and the file is dropped', async () => {
    const sink = recordingSink();
    const reader = new StatusReader({ ...head, headers: { 'content-type': 'text/html' } }, { redact: (t) => t, sink });
    const error = await reader.consume([Buffer.from('<html><head><title>Sign in</title></head>'), Buffer.alloc(100_000, ' ')]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).message).toContain('answered HTTP 200 with something that is not a JSON object (text/html: "Sign in")');
    expect(sink.ended).toBe('discarded');
  });

  it('an answer cut off mid-way (the connection closed): the error passes through, the file is dropped', async () => {
    const sink = recordingSink();
    const reader = new StatusReader(head, { redact: (t) => t, sink });
    async function* cut() {
      yield Buffer.from('{"executionStatus":"Completed","logs":[{"message":"a"}');
      throw new Error('socket hang up');
    }
    await expect(reader.consume(cut())).rejects.toThrow('socket hang up');
    expect(sink.ended).toBe('discarded');
  });
});
