/**
 * The streaming walker under fuzzing, against JSON.parse as the oracle: for any JSON text, split
 * into chunks anywhere (inside a UTF-8 sequence, an escape, a number), the walker reports exactly
 * the top-level primitives and the log items that JSON.parse finds, or rejects what JSON.parse
 * rejects or what is no object. It never throws anything but its own JsonShapeError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonShapeError, JsonWalker, type LogItem, type Primitive } from '../../../src/transfer/json-walker.js';
import { nastyString } from './arbitraries.js';

const ITEM_KEYS = new Set(['message', 'level']);

function walk(bytes: Buffer, cuts: readonly number[]): { fields: [string, Primitive][]; items: LogItem[] } | 'rejected' {
  const fields: [string, Primitive][] = [];
  const items: LogItem[] = [];
  const walker = new JsonWalker('logs', ITEM_KEYS, { field: (k, v) => fields.push([k, v]), item: (i) => items.push(i) });
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  try {
    let at = 0;
    for (const point of [...points, bytes.length]) {
      walker.write(bytes.subarray(at, point));
      at = point;
    }
    walker.end();
    return { fields, items };
  } catch (error) {
    if (error instanceof JsonShapeError) return 'rejected';
    throw error;
  }
}

/** What the walker should report, read from the whole value. */
function expected(text: string): ReturnType<typeof walk> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'rejected';
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'rejected';
  const isPrimitive = (v: unknown): v is Primitive => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  const entries = Object.entries(value as Record<string, unknown>);
  const logs = (value as Record<string, unknown>).logs;
  const items = Array.isArray(logs)
    ? logs.flatMap((item): LogItem[] => {
        if (isPrimitive(item)) return [item];
        if (!item || typeof item !== 'object' || Array.isArray(item)) return [];
        return [Object.fromEntries(Object.entries(item).filter(([k, v]) => ITEM_KEYS.has(k) && isPrimitive(v))) as Record<string, Primitive>];
      })
    : [];
  return { fields: entries.filter((e): e is [string, Primitive] => isPrimitive(e[1])), items };
}

const status = fc.record(
  {
    executionStatus: fc.oneof(fc.constantFrom('Completed', 'InProgress'), nastyString(10)),
    outcome: fc.jsonValue({ maxDepth: 1 }),
    logs: fc.oneof(
      fc.array(
        fc.oneof(
          fc.record({ level: nastyString(6), message: nastyString(30), extra: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        { maxLength: 8 },
      ),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    other: fc.jsonValue({ maxDepth: 4 }),
  },
  { requiredKeys: [] },
);
/** Unique keys only: with duplicates JSON.parse keeps the last, the walker reports each (both fine, but not comparable). */
const text = fc.oneof(
  { weight: 5, arbitrary: status.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: nastyString(40) },
  { weight: 1, arbitrary: status.chain((v) => fc.nat(40).map((n) => JSON.stringify(v).slice(0, -1 - (n % 5)))) },
);

describe('JsonWalker (fuzzed against JSON.parse)', () => {
  it('any text, cut into chunks anywhere: the same fields and items as JSON.parse, or rejected when JSON.parse rejects it or it is no object', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (json, cuts) => {
        const got = walk(Buffer.from(json, 'utf8'), cuts);
        const want = expected(json);
        // A lone surrogate becomes U+FFFD in UTF-8: compare with the text as bytes decode it.
        expect(got).toEqual(want === 'rejected' ? want : expected(Buffer.from(json, 'utf8').toString('utf8')));
      }),
      { numRuns: 1000 },
    );
  });
});
