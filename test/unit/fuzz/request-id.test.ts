/**
 * The request-id parser under fuzzing: parseRegistration() with arbitrary bodies never throws,
 * and finds either no id or a safe, non-negative integer; an id the service states plainly is
 * always found; and it runs in linear time on a hostile megabyte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRegistration } from '../../../src/transfer/request-id.js';
import { jsonish, nastyString, returnsOrThrowsOwn } from './arbitraries.js';

const id = fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom(0, 154, 999_999_999_999_999));
const body: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({ message: fc.oneof(nastyString(60), jsonish), requestId: jsonish, RequestId: jsonish, id: jsonish, success: jsonish }, { requiredKeys: [] })
    .map((v) => JSON.stringify(v)),
  fc.tuple(nastyString(20), fc.oneof(id.map(String), nastyString(8)), nastyString(20)).map(([a, n, b]) => JSON.stringify({ message: `${a}ID ${n}${b}` })),
  fc.json(),
  nastyString(80),
);

describe('parseRegistration() w/ arbitrary bodies', () => {
  it('never throws; the id is undefined or a safe non-negative integer', () => {
    fc.assert(
      fc.property(body, (text) => {
        const result = returnsOrThrowsOwn(() => parseRegistration(text));
        expect(result).not.toBeInstanceOf(Error);
        const { requestId, message } = result as ReturnType<typeof parseRegistration>;
        expect(typeof message).toBe('string');
        if (requestId !== undefined) {
          expect(Number.isSafeInteger(requestId)).toBe(true);
          expect(requestId).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('finds an id stated in any of the known wordings or keys', () => {
    const stated = fc.oneof(
      id.map((n) => [n, { message: `The request with ID ${n} was successfully registered.` }] as const),
      id.map((n) => [n, { message: `Successfully registered request with ID: ${n}` }] as const),
      id.map((n) => [n, { requestId: n, success: true, message: 'anything' }] as const),
      id.map((n) => [n, { requestId: String(n), message: 'The request with ID 1 was registered' }] as const),
      id.map((n) => [n, { RequestId: n }] as const),
    );
    fc.assert(
      fc.property(stated, ([n, value]) => {
        expect(parseRegistration(JSON.stringify(value)).requestId).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('finds no id in an id that is not a number', () => {
    const notNumber = fc.oneof(
      fc.stringMatching(/^\d{1,5}[a-z]\w{0,4}$/),
      fc.stringMatching(/^[a-z]{1,6}$/),
      fc.stringMatching(/^\d{16,25}$/),
      fc.stringMatching(/^-\d{1,5}$/),
    );
    fc.assert(
      fc.property(notNumber, (value) => {
        expect(parseRegistration(JSON.stringify({ requestId: value, message: `The request with ID ${value} was registered` })).requestId).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('linear time on "ID" and a megabyte of spaces (regression: the pattern backtracked for minutes)', () => {
    for (const text of [`ID${' '.repeat(1 << 20)}x`, 'ID '.repeat(350_000), `ID:${' \t'.repeat(500_000)}`]) {
      const started = performance.now();
      expect(parseRegistration(JSON.stringify({ message: text })).requestId).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
