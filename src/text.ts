/**
 * Text that came from a server (error descriptions, Transfer log messages, HTML pages) is quoted
 * in our log. It must not be able to take over the CI job: a line starting with `::` is a GitHub
 * workflow command (`::add-mask::`, `::stop-commands::`, `::set-output`), ANSI escapes can forge
 * or hide output, and a newline starts a new, unchecked line. `sanitize()` neutralises all three.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** One line of server text, safe to print: no control characters, no workflow command, capped. */
export function sanitize(text: string, maxLength = 500): string {
  // eslint-disable-next-line no-control-regex
  let out = text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(CONTROL, ' ');
  out = out.replace(/\r?\n|\r|\t/g, ' ').replace(/\s{2,}/g, ' ').trim();
  // `::` anywhere could become a line start after wrapping by the runner; break every occurrence.
  // A lookahead, so that ':::' is broken twice and no '::' survives.
  out = out.replace(/:(?=:)/g, ':\u200b');
  if (out.length > maxLength) out = `${out.slice(0, maxLength)}…`;
  return out;
}

/** A short, readable excerpt of a non-JSON body (an HTML error page, a proxy's message). */
export function excerpt(body: string, maxLength = 200): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = title ?? body.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ');
  return sanitize(text, maxLength);
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
