/**
 * Shared fast-check arbitraries for the parser fuzz tests: strings biased towards what breaks
 * parsers and logs (workflow commands, ANSI escapes, newlines, lone surrogates, huge numbers).
 */
import fc from 'fast-check';
import { DotstatError } from '../../../src/errors.js';

/** Fragments a hostile server or a careless user would send. */
export const NASTY = [
  '::',
  ':::',
  '::add-mask::x',
  '::stop-commands::abc',
  '::set-output name=x::y',
  '::error::forged',
  '::warning file=x::forged',
  '##[',
  '##[error]forged',
  '##[add-mask]x',
  '#',
  ':',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\u001b[31m',
  '\u001b[0K',
  '\u001b]0;t\u0007',
  '\u001b',
  '\u0000',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '\u200b',
  '\ud800',
  '\udc00',
  '\ud83d\ude00',
  ' ',
  '  ',
  '%0A',
  '%25',
  '"',
  "'",
  '\\',
  '<',
  '>',
  '<title>',
  '</title>',
  '<script>',
  '{',
  '}',
  '[',
  ']',
  'null',
  'true',
  '-1',
  '0',
  '1e400',
  'NaN',
  'Infinity',
  '9007199254740993',
  '99999999999999999999',
  '1.5',
  '.5',
  '0x10',
  '07',
  'ID',
  'ID 154',
  'ID: 5',
  'https://',
  'http://127.0.0.1',
  'user:pass@',
  '?q=1',
  '#frag',
  '/',
  '..',
  '*',
  '?',
  'é',
  '日本',
];

/** Any string: arbitrary UTF-16 (lone surrogates included), mixed with the nasty fragments. */
export const nastyString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 6 })), { maxLength: 8 }).map((parts) => parts.join('')),
  );

/** Any JSON value, and the odd shapes JSON parsers see in the wild. */
export const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  nastyString(),
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e20, -0, 2 ** 53 + 2, Number.MAX_VALUE, '', ' ', '300', '-5', 'abc', [], {}),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Calls fn; passes when it returns or throws one of the project's errors, fails on anything else. */
export function returnsOrThrowsOwn<T>(fn: () => T): T | DotstatError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DotstatError) return error;
    throw new Error(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}, not a DotstatError`, { cause: error });
  }
}

/** Printable: no C0/C1 control character, no line separator, no bidirectional control. */
// eslint-disable-next-line no-control-regex
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
