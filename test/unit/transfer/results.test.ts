import { describe, expect, it } from 'vitest';
import { SECRETS } from '../../../src/secrets.js';
import { MAX_RESULT_LINES, observationsProcessed, transferOutputs, worst } from '../../../src/report/results.js';
import type { RequestResult } from '../../../src/transfer/publish.js';
import { COUNT_LINE, success } from '../../support/builders.js';

const warning = (id: number) => success({ requestId: id, file: `w${id}.csv`, outcome: 'Warning', verdict: 'warning' });
const failed = (id: number) =>
  success({ requestId: id, file: `f${id}.csv`, executionStatus: 'TimedOut', outcome: 'Error', verdict: 'failed', error: `Request ${id}: timed out.` });
const pending = (id: number) =>
  success({
    requestId: id,
    file: `p${id}.csv`,
    executionStatus: 'InProgress',
    outcome: 'None',
    verdict: 'pending',
    executionEnd: undefined,
    durationMs: undefined,
  });
const rejected: RequestResult = { file: 'r.csv', size: 10, logs: [], verdict: 'failed', error: 'Uploading r.csv: answered HTTP 400.\nCheck the dataflow.' };

describe('observationsProcessed()', () => {
  it.each<[string, number | undefined]>([
    [COUNT_LINE, 101],
    ['1,234,567 observations have been processed, of which ...', 1234567],
    ['1 observation has been processed.', 1],
    ['Dataflow DF(1.0): 12 observations have been processed.', 12],
    ['0 observations have been processed', 0],
    ['The data has been processed.', undefined],
    ['12 observations were rejected', undefined],
  ])('%j → %s', (message, count) => {
    expect(observationsProcessed([{ message: 'Request received.' }, { message }])).toBe(count);
  });

  it('the first count in the log wins; none in an empty log', () => {
    expect(observationsProcessed([{ message: '5 observations have been processed' }, { message: '7 observations have been processed' }])).toBe(5);
    expect(observationsProcessed([])).toBeUndefined();
  });
});

describe('worst()', () => {
  it('failed over pending over warning over success; the first of equals', () => {
    expect(worst([success(), warning(2), success()])?.requestId).toBe(2);
    expect(worst([warning(2), pending(3)])?.requestId).toBe(3);
    expect(worst([pending(3), failed(4), warning(2), failed(5)])?.requestId).toBe(4);
    expect(worst([])).toBeUndefined();
  });
});

describe('transferOutputs()', () => {
  it('all succeeded: ids one per line, Completed / Success', () => {
    const outputs = transferOutputs([success({ requestId: 1 }), success({ requestId: 2 })]);
    expect(outputs).toMatchObject({ 'request-id': '1\n2', 'execution-status': 'Completed', outcome: 'Success' });
  });

  it('the worst outcome wins: a warning among successes', () => {
    expect(transferOutputs([success({ requestId: 1 }), warning(2)])).toMatchObject({ 'execution-status': 'Completed', outcome: 'Warning' });
  });

  it('the worst outcome wins: a timed-out import', () => {
    expect(transferOutputs([warning(1), failed(2), success({ requestId: 3 })])).toMatchObject({
      'request-id': '1\n2\n3',
      'execution-status': 'TimedOut',
      outcome: 'Error',
    });
  });

  it('an upload that was refused: NotRegistered / Error, and no id for it', () => {
    expect(transferOutputs([rejected, success({ requestId: 3 })])).toMatchObject({ 'request-id': '3', 'execution-status': 'NotRegistered', outcome: 'Error' });
  });

  it('not waited for: status and outcome empty', () => {
    const notWaited = success({ executionStatus: undefined, outcome: undefined, verdict: 'pending', logs: [], durationMs: undefined });
    expect(transferOutputs([notWaited])).toMatchObject({ 'request-id': '154', 'execution-status': '', outcome: '' });
  });

  it('no result at all: every output empty', () => {
    expect(transferOutputs([])).toEqual({ 'request-id': '', 'execution-status': '', outcome: '', results: '[]', 'transfer-log': '' });
  });

  it('results: one JSON object per request, in order, with the documented keys', () => {
    const results = JSON.parse(transferOutputs([success(), rejected]).results ?? '') as unknown[];
    expect(results).toEqual([
      {
        file: 'data/a.csv',
        size: 1112,
        sentSize: 1112,
        requestId: 154,
        executionStatus: 'Completed',
        outcome: 'Success',
        verdict: 'success',
        executionStart: '2026-06-04T08:00:00Z',
        executionEnd: '2026-06-04T08:01:05Z',
        durationSeconds: 65.4,
        observationsProcessed: 101,
        error: null,
        logLines: 2,
        logLevels: { NOTICE: 2 },
        logsLeftOut: 0,
        logCut: null,
        logFile: null,
        logs: [
          { level: 'NOTICE', date: '2026-06-04T08:00:00Z', message: 'Request received.' },
          { level: 'NOTICE', date: '2026-06-04T08:01:05Z', message: COUNT_LINE },
        ],
      },
      {
        file: 'r.csv',
        size: 10,
        sentSize: 10,
        requestId: null,
        executionStatus: null,
        outcome: null,
        verdict: 'failed',
        executionStart: null,
        executionEnd: null,
        durationSeconds: null,
        observationsProcessed: null,
        error: 'Uploading r.csv: answered HTTP 400.\nCheck the dataflow.',
        logLines: 0,
        logLevels: {},
        logsLeftOut: 0,
        logCut: null,
        logFile: null,
        logs: [],
      },
    ]);
  });

  it('results: sentSize is the zipped size when the file was zipped', () => {
    const [first] = JSON.parse(transferOutputs([success({ size: 40_000_000, sentSize: 4_000_000 })]).results ?? '') as Array<{
      size: number;
      sentSize: number;
    }>;
    expect(first).toMatchObject({ size: 40_000_000, sentSize: 4_000_000 });
  });

  it('results: a log line without level or date gets nulls', () => {
    const [first] = JSON.parse(transferOutputs([success({ logs: [{ message: 'plain' }] })]).results ?? '') as Array<{ logs: unknown }>;
    expect(first?.logs).toEqual([{ level: null, date: null, message: 'plain' }]);
  });
});

describe('transferOutputs() w/ long logs', () => {
  const longFailure = (i: number): RequestResult =>
    success({
      file: `f${i}.csv`,
      requestId: i,
      outcome: 'Error',
      verdict: 'failed',
      logs: Array.from({ length: 61 }, (_, k) => ({ level: 'ERROR', message: `${'x'.repeat(1_500)} row ${k + 1}`, line: k + 1 })),
      logStats: { total: 5_000, levels: { ERROR: 5_000 }, omitted: 4_939 },
      logFile: `/tmp/transfer-log-${i}.jsonl`,
    });

  it(`each request: its counts, at most ${MAX_RESULT_LINES} first lines, messages cut at 1,000 characters`, () => {
    const [entry] = JSON.parse(transferOutputs([longFailure(1)]).results ?? '') as Array<Record<string, unknown> & { logs: { message: string }[] }>;
    expect(entry).toMatchObject({
      logLines: 5_000,
      logLevels: { ERROR: 5_000 },
      logsLeftOut: 5_000 - MAX_RESULT_LINES,
      logCut: null,
      logFile: '/tmp/transfer-log-1.jsonl',
    });
    expect(entry?.logs).toHaveLength(MAX_RESULT_LINES);
    expect(entry?.logs[0]?.message).toBe(`${'x'.repeat(1_000)}…`);
  });

  it('50 requests in a small budget: within it, the same number of lines for each, and the full-log paths in transfer-log', () => {
    const results = Array.from({ length: 50 }, (_, i) => longFailure(i + 1));
    const outputs = transferOutputs(results, 100_000);
    expect(outputs.results!.length).toBeLessThanOrEqual(100_000);
    const parsed = JSON.parse(outputs.results ?? '') as Array<{ logs: unknown[]; logsLeftOut: number }>;
    const counts = new Set(parsed.map((p) => p.logs.length));
    expect(counts.size).toBe(1);
    const [count] = [...counts];
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(MAX_RESULT_LINES);
    expect(parsed[0]?.logsLeftOut).toBe(5_000 - count!);
    expect(outputs['transfer-log']).toBe(results.map((r) => r.logFile).join('\n'));
  });
});

// Regression (review): the results output was JSON-encoded before it was redacted, so a secret with
// a quote or a backslash, quoted JSON-escaped by the service, came out escaped twice: a form no
// mask matches.
describe('transferOutputs() redacts server text before JSON escapes it', () => {
  it('a secret echoed JSON-escaped in a log message, the error, the outcome', () => {
    const secret = 'pa"ss\\word-results-1';
    SECRETS.add(secret);
    const echoed = JSON.stringify(secret).slice(1, -1);
    const result = success({
      outcome: `Error for ${secret}`,
      error: `Request 154: refused ${echoed}`,
      logs: [{ level: 'ERROR', message: `Rejected payload {"password":"${echoed}"}` }],
    });
    const json = transferOutputs([result]).results ?? '';
    const [parsed] = JSON.parse(json) as Array<{ outcome: string; error: string; logs: Array<{ message: string }> }>;
    expect(parsed?.outcome).toBe('Error for ***');
    expect(parsed?.error).toBe('Request 154: refused ***');
    expect(parsed?.logs[0]?.message).toBe('Rejected payload {"password":"***"}');
    expect(json).not.toContain('ss\\\\word-results');
  });
});
