import { describe, expect, it } from 'vitest';
import { JsonShapeError, JsonWalker, type LogItem, type Primitive } from '../../../src/transfer/json-walker.js';

/** Walks `text`, `chunk` bytes at a time; returns what was reported, or the error. */
function walk(text: string, chunk = 1 << 20): { fields: [string, Primitive][]; items: LogItem[]; error?: string } {
  const fields: [string, Primitive][] = [];
  const items: LogItem[] = [];
  const walker = new JsonWalker('logs', new Set(['message', 'level']), { field: (k, v) => fields.push([k, v]), item: (i) => items.push(i) });
  const bytes = Buffer.from(text);
  try {
    for (let at = 0; at < bytes.length; at += chunk) walker.write(bytes.subarray(at, at + chunk));
    walker.end();
  } catch (error) {
    if (!(error instanceof JsonShapeError)) throw error;
    return { fields, items, error: error.message };
  }
  return { fields, items };
}

describe('JsonWalker', () => {
  it('top-level primitives and the log items, one byte at a time (UTF-8 and escapes split across chunks)', () => {
    const text = JSON.stringify({
      executionStatus: 'Completed',
      n: 1.5,
      ok: true,
      none: null,
      logs: ['plain', { level: 'ERROR', message: 'Zürich \u2028 "quoted" 🚀', extra: 'dropped' }],
    });
    expect(walk(text, 1)).toEqual({
      fields: [
        ['executionStatus', 'Completed'],
        ['n', 1.5],
        ['ok', true],
        ['none', null],
      ],
      items: ['plain', { level: 'ERROR', message: 'Zürich \u2028 "quoted" 🚀' }],
    });
  });

  it('skips what it was not asked for, at any depth, without building it', () => {
    const text =
      '{"meta":{"a":[1,{"b":[2,3]}],"executionStatus":"nested"},"logs":[[1,2],{"message":"m","level":{"x":1}}],"other":[{"message":"not a log"}],"outcome":"Error"}';
    expect(walk(text)).toEqual({ fields: [['outcome', 'Error']], items: [{ message: 'm' }] });
  });

  it('the log before the status fields: order does not matter', () => {
    expect(walk('{"logs":[{"message":"first"}],"executionStatus":"Completed"}')).toEqual({
      fields: [['executionStatus', 'Completed']],
      items: [{ message: 'first' }],
    });
  });

  it.each([
    ['<html>', /Unexpected "<"/],
    ['', /empty body/],
    ['[{"executionStatus":"Completed"}]', /not a JSON object/],
    ['"Completed"', /not a JSON object/],
    ['{"executionStatus":"Completed"', /ended before its JSON object/],
    ['{"a" "b"}', /^a value where colon was expected$/],
    ['{"a":1,}', /^an unexpected closing brace$/],
    ['{"a":[1,]}', /^an unexpected closing bracket$/],
    ['{"a":1 "b":2}', /^a value where comma-or-end was expected$/],
    ['{"a":1]', /unexpected closing bracket/],
    ['{} {}', /more data after the JSON object/],
    [`{"a":${'['.repeat(70)}${']'.repeat(70)}}`, /nested deeper than 64 levels/],
  ])('%j → %s', (text, error) => {
    expect(walk(text).error).toMatch(error);
  });

  it('pendingBytes: the size of a value still being read', () => {
    const walker = new JsonWalker('logs', new Set(), { field: () => undefined, item: () => undefined });
    walker.write(Buffer.from('{"a":"'));
    walker.write(Buffer.alloc(10_000, 'x'));
    // From the last token, the colon at offset 4, to the end: the string's quote and 10,000 bytes.
    expect(walker.pendingBytes).toBe(10_002);
    walker.write(Buffer.from('"}'));
    expect(walker.complete).toBe(true);
  });
});
