import { describe, expect, it } from 'vitest';
import { MAX_ANNOTATIONS, MAX_PRINTED_LINES, printTransferLogs } from '../../../src/report/transfer-log.js';
import type { RequestResult } from '../../../src/transfer/publish.js';
import { recordingLogger } from '../helpers.js';
import { success } from './builders.js';

/** A failed import whose kept lines are `kept` ERROR lines (and a WARN every tenth) out of `total`. */
const failure = (i: number, kept: number, total = kept): RequestResult =>
  success({
    file: `f${i}.csv`,
    requestId: i,
    outcome: 'Error',
    verdict: 'failed',
    error: `Request ${i} (f${i}.csv): the import ended with outcome Error: see the Transfer log below.`,
    logs: Array.from({ length: kept }, (_, k) => ({ level: k % 10 === 9 ? 'WARN' : 'ERROR', message: `row ${k + 1}`, line: k + 1 })),
    logStats: { total, levels: { ERROR: total - Math.floor(total / 10), WARN: Math.floor(total / 10) }, omitted: total - kept },
    logFile: `/tmp/transfer-log-${i}.jsonl`,
  });

describe('printTransferLogs()', () => {
  it(`one file: at most ${MAX_PRINTED_LINES} lines printed, a note of the rest and where it is, ${MAX_ANNOTATIONS - 1} errors (one is the step's own)`, async () => {
    const log = recordingLogger();
    await printTransferLogs([failure(1, 200, 5_000)], log);
    const info = log.lines.filter((l) => l.level === 'info').map((l) => l.message);
    expect(info.filter((m) => /^\[(ERROR|WARN)\] row/.test(m))).toHaveLength(MAX_PRINTED_LINES);
    expect(info).toContain(
      '(100 of 5,000 log lines shown (ERROR 4,500, WARN 500); 4,900 left out. The full log is in transfer-log-1.jsonl (output transfer-log).)',
    );
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(MAX_ANNOTATIONS - 1);
    expect(log.lines.filter((l) => l.level === 'warning')).toHaveLength(MAX_ANNOTATIONS);
    expect(info).toContain('(4,491 ERROR lines of this log are not repeated as annotations: GitHub shows 10 of each kind per step.)');
  });

  it("50 files: the step's ten of each kind shared among them, not ten per file", async () => {
    const log = recordingLogger();
    await printTransferLogs(
      Array.from({ length: 50 }, (_, i) => failure(i + 1, 61, 5_000)),
      log,
    );
    const errors = log.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(MAX_ANNOTATIONS - 1);
    // One each for the first files: a file's first error, rather than nine from one file.
    expect(errors.map((e) => e.annotation?.title)).toEqual(Array.from({ length: 9 }, (_, i) => `Transfer error: f${i + 1}.csv`));
    expect(log.lines.filter((l) => l.level === 'warning')).toHaveLength(MAX_ANNOTATIONS);
  });

  it('a short log: every line, no note', async () => {
    const log = recordingLogger();
    await printTransferLogs([failure(1, 3)], log);
    expect(log.lines.filter((l) => l.level === 'info').map((l) => l.message)).toEqual(['[ERROR] row 1', '[ERROR] row 2', '[ERROR] row 3']);
  });
});
