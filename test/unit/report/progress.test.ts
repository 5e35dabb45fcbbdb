import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgress, type BarState } from '../../../src/report/progress.js';

const MB = 1_000_000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(new Date('2026-06-04T08:00:00Z'));
});
afterEach(() => vi.useRealTimers());

/** Runs `seconds` of work at `perSecond` bytes a second, one second at a time. */
function advance(task: { update(done: number, total: number): void }, state: { done: number }, total: number, perSecond: number, seconds: number) {
  for (let i = 0; i < seconds; i++) {
    state.done = Math.min(total, state.done + perSecond);
    task.update(state.done, total);
    vi.advanceTimersByTime(1000);
  }
}

describe('createProgress()', () => {
  it('a short upload (under 10 s) prints no line at all', () => {
    const lines: string[] = [];
    const progress = createProgress({ line: (l) => lines.push(l) });
    const task = progress.start('upload', 'a.csv');
    advance(task, { done: 0 }, 9 * MB, MB, 9);
    task.end();
    vi.advanceTimersByTime(60_000);
    expect(lines).toEqual([]);
  });

  it('a long upload: a line every 10 s when a tenth is done in that time, w/ bytes, %, rate and time left; then how it went', () => {
    const lines: string[] = [];
    const progress = createProgress({ line: (l) => lines.push(l) });
    const task = progress.start('upload', 'big.csv');
    advance(task, { done: 0 }, 40 * MB, MB, 40);
    task.end();
    expect(lines).toEqual([
      'Uploading big.csv: 10 MB of 40 MB (25.0%), 1.0 MB/s, 30 s left',
      'Uploading big.csv: 20 MB of 40 MB (50.0%), 1.0 MB/s, 20 s left',
      'Uploading big.csv: 30 MB of 40 MB (75.0%), 1.0 MB/s, 10 s left',
      'Uploading big.csv: 40 MB of 40 MB (100.0%), 1.0 MB/s, 0 s left',
      'Uploaded big.csv: 40 MB in 40 s (1.0 MB/s).',
    ]);
  });

  it('a slow one (a tenth takes longer than 10 s): a line each tenth, and at least one a minute', () => {
    const lines: string[] = [];
    const progress = createProgress({ line: (l) => lines.push(l) });
    const task = progress.start('zip', 'huge.csv');
    const state = { done: 0 };
    advance(task, state, 1000 * MB, 5 * MB, 40); // a tenth every 20 s
    expect(lines).toEqual([
      'Zipping huge.csv: 100 MB of 1.0 GB (10.0%), 5.0 MB/s, 3 min left',
      'Zipping huge.csv: 200 MB of 1.0 GB (20.0%), 5.0 MB/s, 2 min 40 s left',
    ]);
    advance(task, state, 1000 * MB, 0, 61); // stalled: still a line within the minute
    expect(lines.at(-1)).toBe('Zipping huge.csv: 200 MB of 1.0 GB (20.0%), 0 B/s, time left unknown');
    task.end();
    expect(lines).toHaveLength(3); // a zip's end is said by its caller
  });

  it('several files in flight: one line per period for all of them, by kind, each file with its share', () => {
    const lines: string[] = [];
    const progress = createProgress({ line: (l) => lines.push(l) });
    const tasks = ['a.csv', 'b.csv', 'c.csv', 'd.csv', 'e.csv'].map((name) => progress.start('upload', name));
    const zip = progress.start('zip', 'f.csv');
    const states = tasks.map(() => ({ done: 0 }));
    for (let s = 0; s < 10; s++) {
      tasks.forEach((task, i) => {
        states[i]!.done += (i + 1) * 100_000;
        task.update(states[i]!.done, 10 * MB);
      });
      zip.update((s + 1) * 2 * MB, 100 * MB);
      vi.advanceTimersByTime(1000);
    }
    expect(lines).toEqual([
      'Zipping f.csv: 20 MB of 100 MB (20.0%), 2.0 MB/s, 40 s left; Uploading 5 files: 15 MB of 50 MB (30.0%), 1.5 MB/s, 23 s left (a.csv 10.0%, b.csv 20.0%, c.csv 30.0%, d.csv 40.0%, 1 more)',
    ]);
  });

  it('a retried upload starts again from 0 and its rate does not go negative', () => {
    const lines: string[] = [];
    const progress = createProgress({ line: (l) => lines.push(l) });
    const task = progress.start('upload', 'a.csv');
    const state = { done: 0 };
    advance(task, state, 100 * MB, 5 * MB, 5);
    state.done = 0;
    advance(task, state, 100 * MB, 5 * MB, 6);
    expect(lines).toEqual(['Uploading a.csv: 25 MB of 100 MB (25.0%), 5.0 MB/s, 15 s left']);
  });

  it('in a terminal: the bar is drawn and cleared, and no line is printed', () => {
    const lines: string[] = [];
    const drawn: BarState[] = [];
    let cleared = 0;
    const progress = createProgress({ line: (l) => lines.push(l), bar: { draw: (s) => drawn.push(s), clear: () => void cleared++ } });
    const task = progress.start('upload', 'big.csv');
    advance(task, { done: 0 }, 40 * MB, MB, 20);
    task.end();
    expect(lines).toEqual([]);
    expect(drawn.length).toBeGreaterThan(50);
    expect(drawn.at(-1)).toEqual({ fraction: 0.5, label: 'uploading big.csv', figures: '20 MB / 40 MB, 1.0 MB/s, 20 s left' });
    expect(cleared).toBe(1);
  });
});
