/**
 * sanitize() and excerpt() under fuzzing: whatever a server sends, what is printed is one line
 * with no workflow command (`::` anywhere, `##[` anywhere), no control character, no ANSI escape,
 * no half of a surrogate pair, and capped; and it is computed in linear time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerpt, sanitize } from '../../../src/text.js';
import { createTerminalPlatform } from '../../../src/platform/terminal.js';
import { SecretRegistry } from '../../../src/secrets.js';
import { nastyString, UNPRINTABLE } from './arbitraries.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function expectSafeLine(out: string, maxLength: number): void {
  expect(out).not.toContain('::');
  expect(out).not.toContain('##[');
  expect(out).not.toMatch(UNPRINTABLE);
  expect(out).not.toMatch(/[\r\n]/);
  expect(out).not.toMatch(LONE_SURROGATE);
  expect(out).toBe(out.trim());
  expect(out.length).toBeLessThanOrEqual(maxLength + 1);
}

describe('sanitize() w/ arbitrary text', () => {
  it('one printable line, no command, capped', () => {
    fc.assert(
      fc.property(nastyString(200), fc.integer({ min: 1, max: 300 }), (text, max) => {
        expectSafeLine(sanitize(text, max), max);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps ordinary text as it is', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .,;!?()'"/-]{0,80}[A-Za-z0-9.]$/), (text) => {
        fc.pre(!/\s{2}/.test(text));
        expect(sanitize(text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent below the cap', () => {
    fc.assert(
      fc.property(nastyString(100), (text) => {
        const once = sanitize(text, 10_000);
        expect(sanitize(once, 10_000)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe('excerpt() w/ arbitrary bodies', () => {
  it('one printable line, no command, capped', () => {
    const html = fc
      .array(fc.oneof(nastyString(20), fc.constantFrom('<title>', '</title>', '<script>', '</script>', '<style>', '<p>', '<', '>', '<title x="1">')), {
        maxLength: 20,
      })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(html, nastyString(200)), fc.integer({ min: 1, max: 300 }), (body, max) => {
        expectSafeLine(excerpt(body, max), max);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the terminal adapter w/ arbitrary messages', () => {
  it('every line it writes is safe, whatever it is asked to print', async () => {
    await fc.assert(
      fc.asyncProperty(nastyString(120), nastyString(30), async (message, title) => {
        const lines: string[] = [];
        const platform = createTerminalPlatform(new SecretRegistry(), { debug: true, write: (line) => lines.push(line) });
        platform.info(message);
        platform.warning(message, { title });
        platform.error(message, { title });
        platform.debug(message);
        await platform.group(title, async () => undefined);
        for (const line of lines) {
          expect(line.trimStart().startsWith('::')).toBe(false);
          expect(line).not.toContain('##[');
          expect(line).not.toMatch(UNPRINTABLE);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Regression: the patterns used to backtrack on hostile text (1 MiB is what the client reads):
 * an error page of `<title` repeated took minutes in excerpt().
 */
describe('linear time on 1 MiB of hostile text', () => {
  const MIB = 1 << 20;
  it.each([
    ['<title without >', '<title'],
    ['<script never closed', '<script'],
    ['< without >', '<'],
    ['ESC ] never terminated', '\u001b]'],
    ['ESC [ with parameters only', '\u001b[0;'],
    ['colons', ':'],
    ['hashes and brackets', '##['],
    ['spaces', ' '],
  ])('%s', (_title, unit) => {
    const body = unit.repeat(Math.ceil(MIB / unit.length));
    const started = performance.now();
    excerpt(body);
    sanitize(body, MIB);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
