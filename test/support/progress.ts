/** Reading progress lines back out of a log, for the tests of long work. */

/** "12.0 MB" → bytes, in the decimal units of formatBytes. */
function bytesOf(text: string): number {
  const [value, unit] = text.split(' ') as [string, string];
  return Number(value) * ({ B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 }[unit] ?? NaN);
}

/** The progress lines of one file in a log: percentage and rate of each. */
export function progressLines(log: string, verb: 'Uploading' | 'Zipping', file: string): Array<{ percent: number; rate: number; done: number }> {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(
    `^${verb} ${escaped}: ([\\d.]+ [KMGT]?B) of ([\\d.]+ [KMGT]?B) \\(([\\d.]+)%\\), ([\\d.]+ [KMGT]?B)/s, (.+ left|time left unknown)$`,
    'gm',
  );
  return [...log.matchAll(pattern)].map((m) => ({ done: bytesOf(m[1]!), percent: Number(m[3]), rate: bytesOf(m[4]!) }));
}
