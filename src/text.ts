/**
 * Text that came from a server (error descriptions, Transfer log messages, HTML pages) is quoted
 * in our log. It must not be able to take over the CI job: a line starting with `::` is a GitHub
 * workflow command (`::add-mask::`, `::stop-commands::`, `::set-output`), and so is `##[command]`
 * *anywhere* in a line (the runner still parses the legacy form); ANSI escapes can forge or hide
 * output, bidirectional controls can make a line read differently from what it holds, and a
 * newline starts a new, unchecked line. `sanitize()` neutralises all of them.
 * Every pattern here runs on up to 1 MiB of hostile text, so each one is linear: no two
 * quantifiers that can match the same characters in a row (see the ReDoS regression tests).
 * Both functions redact the process's secrets (../secrets.ts) before they change a character: a
 * secret that has lost a space, gained a zero-width space or been cut in half no longer matches.
 * @see https://github.com/actions/runner/blob/main/src/Runner.Common/ActionCommand.cs
 */
import { SECRETS } from './secrets.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
/** C0 and C1 controls (tab and newline are handled apart), line separators, bidirectional controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
/** Half of a surrogate pair without its other half: not text, and printed as garbage. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ZWSP = '\u200b';

/** One line of server text, safe to print: no control characters, no workflow command, capped. */
export function sanitize(text: string, maxLength = 500): string {
  let out = SECRETS.redact(text)
    .replace(ANSI, '')
    .replace(/\r\n|\n|\r|\t/g, ' ')
    .replace(CONTROL, ' ')
    .replace(LONE_SURROGATE, '\ufffd');
  // Once more: dropping an escape or a newline may have joined the halves of a secret.
  out = SECRETS.redact(out.replace(/\s{2,}/g, ' ').trim());
  // `::` anywhere could become a line start after wrapping by the runner; break every occurrence.
  // A lookahead, so that ':::' is broken twice and no '::' survives. The same for '##['.
  out = out.replace(/:(?=:)/g, `:${ZWSP}`).replace(/#(?=#\[)/g, `#${ZWSP}`);
  if (out.length > maxLength) {
    // Never cut a surrogate pair in two.
    const end = /[\ud800-\udbff]/.test(out.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
    out = `${out.slice(0, Math.max(0, end))}…`;
  }
  return out;
}

/** An error page's title sits near its start; reading more only costs time. */
const EXCERPT_SCAN = 64 * 1024;

/** A short, readable excerpt of a non-JSON body (an HTML error page, a proxy's message). */
export function excerpt(body: string, maxLength = 200): string {
  // Redacted before the cut: a secret across the cut would leave its first part behind.
  const head = SECRETS.redact(body).slice(0, EXCERPT_SCAN);
  const title = /<title\b[^<>]*>([^<]*)<\/title>/i.exec(head)?.[1];
  const text = title ?? dropElements(head, ['script', 'style']).replace(/<[^<>]*>/g, ' ');
  return sanitize(text, maxLength);
}

/** Removes `<script>…</script>` and `<style>…</style>` (an unclosed one runs to the end), in linear time. */
function dropElements(html: string, names: readonly string[]): string {
  const lower = html.toLowerCase();
  let out = '';
  let at = 0;
  for (;;) {
    let start = -1;
    let name = '';
    for (const candidate of names) {
      const i = lower.indexOf(`<${candidate}`, at);
      if (i >= 0 && (start < 0 || i < start)) [start, name] = [i, candidate];
    }
    if (start < 0) return out + html.slice(at);
    out += `${html.slice(at, start)} `;
    const close = lower.indexOf(`</${name}>`, start);
    if (close < 0) return out;
    at = close + name.length + 3;
  }
}

/** Human-readable size: 1.2 MB, 930 KB, 12 B. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1000;
    unit += 1;
  } while (value >= 1000 && unit < units.length - 1);
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
