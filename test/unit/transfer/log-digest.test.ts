import { describe, expect, it } from 'vitest';
import { KEEP_FIRST, KEEP_LAST, LogDigest, MAX_KEPT_CHARS, MAX_LEVELS, processedCount } from '../../../src/transfer/log-digest.js';

const add = (digest: LogDigest, level: string | undefined, message: string) => digest.add({ level, message, line: digest.total + 1 });

describe('LogDigest', () => {
  it('a short log is kept whole, in order, with its counts', () => {
    const digest = new LogDigest((t) => t);
    add(digest, 'NOTICE', 'received');
    add(digest, 'ERROR', 'bad row');
    add(digest, undefined, 'no level');
    expect(digest.result()).toEqual({
      logs: [
        { level: 'NOTICE', message: 'received', line: 1 },
        { level: 'ERROR', message: 'bad row', line: 2 },
        { level: undefined, message: 'no level', line: 3 },
      ],
      stats: { total: 3, levels: { NOTICE: 1, ERROR: 1, '': 1 }, omitted: 0, cut: undefined, observationsProcessed: undefined },
    });
  });

  it('a long log: the first KEEP_FIRST and last KEEP_LAST lines of each level, the rest counted', () => {
    const digest = new LogDigest((t) => t);
    add(digest, 'NOTICE', 'received');
    for (let n = 2; n <= 5_000; n++) add(digest, n % 1000 === 0 ? 'warn' : 'ERROR', `row ${n}`);
    const { logs, stats } = digest.result('cut here');
    const lines = (level: string) => logs.filter((l) => l.level === level).map((l) => l.line);
    expect(lines('NOTICE')).toEqual([1]);
    const errors = Array.from({ length: 5_000 }, (_, i) => i + 1).filter((n) => n > 1 && n % 1000 !== 0);
    expect(lines('ERROR')).toEqual([...errors.slice(0, KEEP_FIRST), ...errors.slice(-KEEP_LAST)]);
    expect(lines('warn')).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(stats).toEqual({
      total: 5_000,
      levels: { NOTICE: 1, ERROR: 4_994, WARN: 5 },
      omitted: 5_000 - 1 - 60 - 5,
      cut: 'cut here',
      observationsProcessed: undefined,
    });
    expect(logs.map((l) => l.line)).toEqual([...logs.map((l) => l.line)].sort((a, b) => a! - b!));
  });

  it(`at most ${MAX_LEVELS} levels are counted apart; the rest as OTHER`, () => {
    const digest = new LogDigest((t) => t);
    for (let n = 1; n <= 100; n++) add(digest, `L${n}`, 'm');
    const { levels } = digest.result().stats;
    expect(Object.keys(levels)).toHaveLength(MAX_LEVELS);
    expect(levels.OTHER).toBe(100 - (MAX_LEVELS - 1));
  });

  it('kept messages are redacted before a long one is cut: no part of a secret survives the cut', () => {
    const secret = 'S3cret-value-that-spans-the-cut';
    const digest = new LogDigest((t) => t.split(secret).join('***'));
    add(digest, 'ERROR', `${'x'.repeat(MAX_KEPT_CHARS - 10)}${secret}`);
    add(digest, 'ERROR', `short ${secret}`);
    const [long, short] = digest.result().logs;
    expect(long?.message).toBe(`${'x'.repeat(MAX_KEPT_CHARS - 10)}***`);
    expect(short?.message).toBe('short ***');
  });

  it('the observation count is read from the whole log as it passes, not only the kept lines', () => {
    const digest = new LogDigest((t) => t);
    for (let n = 1; n <= 200; n++) add(digest, 'NOTICE', `step ${n}`);
    add(digest, 'NOTICE', '1,234 observations have been processed');
    for (let n = 1; n <= 20; n++) add(digest, 'NOTICE', `after ${n}`);
    expect(digest.result().stats.observationsProcessed).toBe(1234);
  });
});

describe('processedCount()', () => {
  it.each<[string, number | undefined]>([
    ['101 observations have been processed, of which …', 101],
    ['1 observation has been processed.', 1],
    ['The data has been processed.', undefined],
    [`${'1 '.repeat(50_000)}x`, undefined],
  ])('%j → %s', (message, count) => expect(processedCount(message.slice(0, 200_000))).toBe(count));
});
