/**
 * The shapes of secret the hostile-world suite crosses with every sink (test/hostile/sinks.test.ts,
 * test/hostile/report-sinks.test.ts), and the forms in which a server may echo one.
 */
/** Passwords with every character that an escape, a cleaning or an encoding changes. */
export const SHAPES: ReadonlyArray<readonly [string, string]> = [
  ['*', 'pa*ss*word-0001'],
  ['[ ]', 'pa[ss]word-0002'],
  ['_', 'pa_ss_word-0003'],
  ['%', 'pa%20ss%word-0004'],
  ['spaces', 'pa ss  word-0005'],
  ['unicode', 'pässwörd-ü-0006'],
  ['::', 'pa::ss::word-0007'],
  ['" and \\', 'pa"ss\\word-0008'],
  ['| and `', 'pa|ss`word-0009'],
  ['< & >', 'pa<ss>&word-0010'],
];

/** The forms in which a server may echo a secret. */
export function echoes(secret: string): Record<string, string> {
  return {
    raw: secret,
    'URL-encoded': encodeURIComponent(secret),
    base64: Buffer.from(secret).toString('base64'),
    'JSON-escaped': JSON.stringify(secret).slice(1, -1),
    'Markdown-escaped': secret.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`),
    'HTML-escaped': secret.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`),
    // Forms other encoders write (found by review): lower-cased as Keycloak does user names, named
    // entities, JSON as ASCII-only encoders write it, percent-encoding in lower-case hex.
    'lower-cased': secret.toLowerCase(),
    'HTML named entities': secret.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c),
    'JSON as ASCII': JSON.stringify(secret)
      .slice(1, -1)
      .replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .replace(/\//g, '\\/'),
    'lower-case percent hex': encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    // Cut in half by the 2000-character cap of a log line, and by the 300 of a summary cell.
    'cut at 2000': `${'y'.repeat(1992)} ${secret}`,
    'cut at 300': `${'z'.repeat(292)} ${secret}`,
  };
}
