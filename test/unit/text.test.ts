import { describe, expect, it } from 'vitest';
import { SECRETS } from '../../src/secrets.js';
import { excerpt, formatBytes, sanitize } from '../../src/text.js';

const ZWSP = '\u200b';

describe('sanitize()', () => {
  it.each([
    ['plain text', 'Invalid user credentials', 'Invalid user credentials'],
    ['::add-mask:: at the start', '::add-mask::secret', `:${ZWSP}:add-mask:${ZWSP}:secret`],
    ['::stop-commands:: after spaces', '   ::stop-commands::x', `:${ZWSP}:stop-commands:${ZWSP}:x`],
    ['a command after a newline', 'ok\n::add-mask::x', `ok :${ZWSP}:add-mask:${ZWSP}:x`],
    [':: anywhere', 'a::b', `a:${ZWSP}:b`],
    ['a command split by an ANSI escape', ':\u001b[0m:add-mask::x', `:${ZWSP}:add-mask:${ZWSP}:x`],
    ['ANSI colours', '\u001b[31mred\u001b[0m text', 'red text'],
    ['other control characters', 'a\u0000b\u0007c\u009bd', 'a b c d'],
    ['CR, LF, CRLF and tabs', 'one\r\ntwo\nthree\rfour\tfive', 'one two three four five'],
    ['Unicode line separators', 'one\u2028two\u2029three', 'one two three'],
    ['runs of spaces', '  a    b  ', 'a b'],
    ['a legacy ##[command] in the middle of a line', 'ok ##[add-mask]x and ###[error]y', `ok #${ZWSP}#[add-mask]x and ##${ZWSP}#[error]y`],
    ['an OSC sequence (window title, hyperlink)', 'a\u001b]0;title\u0007b \u001b]8;;https://x\u001b\\c', 'ab c'],
    ['bidirectional controls', 'abc\u202eevil\u2066x\u2069', 'abc evil x'],
    ['half a surrogate pair', 'a\ud800b', 'a\ufffdb'],
  ])('%s', (_title, input, expected) => {
    expect(sanitize(input)).toBe(expected);
  });

  it('never leaves "::" in the output', () => {
    const out = sanitize('::a:::b::::c\n::d');
    expect(out).not.toContain('::');
    expect(out).not.toMatch(/^::/);
  });

  it('caps the length w/o cutting a surrogate pair in two', () => {
    expect(sanitize('ab\ud83d\ude00', 3)).toBe('ab…');
  });

  it('caps the length', () => {
    expect(sanitize('x'.repeat(600))).toBe(`${'x'.repeat(500)}…`);
    expect(sanitize('abcdef', 3)).toBe('abc…');
    expect(sanitize('abc', 3)).toBe('abc');
  });
});

describe('excerpt()', () => {
  it.each([
    ['an HTML <title>', '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>', '502 Bad Gateway'],
    ['a <title> w/ attributes', '<title lang="en">Not Found</title><p>more</p>', 'Not Found'],
    ['HTML w/o title', '<html><body><h1>Oops</h1><p>it broke</p></body></html>', 'Oops it broke'],
    ['scripts and styles dropped', '<style>h1{color:red}</style><script>var secret = 1;</script><p>Hello</p>', 'Hello'],
    ['plain text', 'Service Unavailable', 'Service Unavailable'],
    ['a command in a title', '<title>::add-mask::x</title>', `:${ZWSP}:add-mask:${ZWSP}:x`],
    ['empty', '', ''],
  ])('%s', (_title, body, expected) => {
    expect(excerpt(body)).toBe(expected);
  });

  it('caps the length', () => {
    expect(excerpt('y'.repeat(300))).toBe(`${'y'.repeat(200)}…`);
    expect(excerpt('y'.repeat(300), 10)).toBe(`${'y'.repeat(10)}…`);
  });
});

describe('formatBytes()', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 KB'],
    [1536, '1.5 KB'],
    [930_000, '930 KB'],
    [1_200_000, '1.2 MB'],
    [5_000_000_000, '5.0 GB'],
    [2e15, '2000 TB'],
  ])('%i', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

// Regression (hostile review): a secret that sanitize() changed (a space collapsed, a zero-width
// space put into '::') or cut at its cap no longer matched its mask, and was printed.
describe('sanitize() and excerpt() redact the process secrets before they touch a character', () => {
  const secrets = ['two  spaces-secret-1', 'colons::secret-2', 'tab\tand\nline-secret-3', 'cut-at-the-cap-secret-4', 'split-by-an-escape-5'];
  for (const secret of secrets) SECRETS.add(secret);

  it.each([
    ['two spaces', 'echo two  spaces-secret-1 end', 'echo *** end'],
    ['::', 'echo colons::secret-2 end', 'echo *** end'],
    ['a tab and a newline', 'echo tab\tand\nline-secret-3 end', 'echo *** end'],
    ['an ANSI escape inside it', 'echo split-by-\u001b[0man-escape-5 end', 'echo *** end'],
  ])('a secret w/ %s', (_title, text, expected) => {
    expect(sanitize(text)).toBe(expected);
  });

  it('a secret across the length cap: no first part is left', () => {
    const text = `${'x'.repeat(290)} cut-at-the-cap-secret-4 and more`;
    const out = sanitize(text, 300);
    expect(out).toBe(`${'x'.repeat(290)} *** and m…`);
    expect(out).not.toContain('cut-at');
  });

  it('excerpt(): a secret across its 64 KiB scan', () => {
    const page = `${'y'.repeat(64 * 1024 - 10)} cut-at-the-cap-secret-4`;
    expect(excerpt(page, 100_000)).not.toContain('cut-at');
  });
});
