/**
 * Review: an upload that fails after a progress line named it must not end with "Uploaded …"
 * (withProgress() ends its task whichever way the work ends), and the others in flight go on.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createProgress, MAX_GAP_MS } from '../../../src/report/progress.js';
import { withProgress } from '../../../src/transfer/timing.js';

const MB = 1_000_000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(new Date('2026-06-04T08:00:00Z'));
});
afterEach(() => vi.useRealTimers());

it('a long upload that fails mid-way says no "Uploaded" line; one that succeeds beside it does', async () => {
  const lines: string[] = [];
  const progress = createProgress({ line: (l) => lines.push(l) });
  let fail!: (e: Error) => void;
  let succeed!: () => void;
  const failing = withProgress(progress, 'upload', 'bad.csv', (onProgress) => {
    for (let s = 1; s <= 20; s++) {
      onProgress?.(s * MB, 40 * MB);
      vi.advanceTimersByTime(1000);
    }
    return new Promise<void>((_, reject) => (fail = reject));
  });
  const good = withProgress(progress, 'upload', 'good.csv', (onProgress) => {
    onProgress?.(40 * MB, 40 * MB);
    return new Promise<void>((resolve) => (succeed = resolve));
  });
  vi.advanceTimersByTime(MAX_GAP_MS);
  expect(lines.some((l) => l.includes('bad.csv'))).toBe(true);
  expect(lines.at(-1)).toContain('good.csv');
  fail(new Error('connection reset'));
  await expect(failing).rejects.toThrow('connection reset');
  expect(lines.filter((l) => l.startsWith('Uploaded'))).toEqual([]);
  succeed();
  await good;
  expect(lines.filter((l) => l.startsWith('Uploaded'))).toEqual([expect.stringMatching(/^Uploaded good\.csv: 40 MB in /)]);
});

it('a file in flight that has not begun sending (total not known yet) is never shown as 100%', () => {
  const lines: string[] = [];
  const progress = createProgress({ line: (l) => lines.push(l) });
  // Waiting for a renewed token or the service's 100 Continue: no byte counted yet.
  const waiting = progress.start('upload', 'slow.csv');
  vi.advanceTimersByTime(MAX_GAP_MS);
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain('100.0%');
  expect(lines[0]).toBe('Uploading slow.csv: starting');
  const moving = progress.start('upload', 'a.csv');
  for (let s = 1; s <= 10; s++) {
    moving.update(s * MB, 20 * MB);
    vi.advanceTimersByTime(1000);
  }
  expect(lines).toHaveLength(2);
  expect(lines[1]).toBe('Uploading 2 files: 10 MB of 20 MB (50.0%), 1.0 MB/s, 10 s left (slow.csv starting, a.csv 50.0%)');
  waiting.end();
  moving.end();
});

it('bytes counted after a task ended (an early answer while the body is still pulled) change no line', () => {
  const lines: string[] = [];
  const progress = createProgress({ line: (l) => lines.push(l) });
  const refused = progress.start('upload', 'refused.csv');
  const live = progress.start('upload', 'live.csv');
  refused.end(true);
  for (let s = 1; s <= 10; s++) {
    // The refused one's body is still read for a while after its answer.
    refused.update((s + 1) * 10 * MB, 100 * MB);
    live.update(s * MB, 20 * MB);
    vi.advanceTimersByTime(1000);
  }
  expect(lines).toEqual(['Uploading live.csv: 10 MB of 20 MB (50.0%), 1.0 MB/s, 10 s left']);
  live.end();
});
