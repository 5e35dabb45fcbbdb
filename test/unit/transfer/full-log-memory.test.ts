/**
 * The full-log file's buffer holds bytes, not a string. Kept as one growing string, up to 64 KiB
 * of lines outlived every young-generation collection, and about one run in three V8 doubled its
 * young generation over them: 18 MiB more at the peak RSS of a 200,000-line log (bench part 5).
 * Asserted without timing: what a young-generation collection leaves in V8's new space after the
 * sink took 300 lines (about 45 KB, less than one flush) is what it left before, near enough.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { afterAll, expect, it } from 'vitest';
import { fullLogPath, fullLogs } from '../../../src/report/full-log.js';
import { collectYoungGarbage } from '../../../src/transfer/collect.js';

const dir = mkdtempSync(join(tmpdir(), 'dotstat-full-log-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes live in the young generation after a collection. */
function youngLive(): number {
  collectYoungGarbage();
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_used_size ?? NaN;
}

it('lines waiting in the buffer are no JavaScript strings: a young-generation collection frees them', () => {
  const logs = fullLogs({ dir, redact: (text) => text, warn: () => undefined });
  const writeLines = (sink: ReturnType<typeof logs>) => {
    for (let n = 1; n <= 300; n++) {
      sink.write({
        line: n,
        level: 'ERROR',
        date: '2026-06-04T08:00:00Z',
        message: `row ${n}: ${'the observation value is not valid for the dimension '.repeat(2)}`,
      });
    }
  };
  // Once first, so that what V8 keeps for code it has run (feedback, caches) is there before.
  const warm = logs(0);
  writeLines(warm);
  warm.close();
  const sink = logs(1);
  sink.write({ line: 0, message: 'opens the file' });
  youngLive();
  const before = youngLive();
  writeLines(sink);
  const after = youngLive();
  expect(after - before).toBeLessThan(16 * 1024);
  sink.close();
  expect(readFileSync(fullLogPath(dir, 1), 'utf8').split('\n')).toHaveLength(302);
});

it('writes lines that straddle the buffer, multi-byte text and a line longer than the buffer, byte for byte', () => {
  const sink = fullLogs({ dir, redact: (text) => text, warn: () => undefined })(2);
  const messages = [
    ...Array.from({ length: 2_000 }, (_, n) => `ligne ${n} : la valeur « ${'é€😀'.repeat(n % 7)} » n’est pas valide`),
    'x'.repeat(200_000),
    'après',
  ];
  messages.forEach((message, n) => sink.write({ line: n + 1, message }));
  sink.close();
  const lines = readFileSync(fullLogPath(dir, 2), 'utf8').split('\n');
  expect(lines.pop()).toBe('');
  expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(messages);
});
