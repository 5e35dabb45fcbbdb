import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { phaseLines, phasesOf } from '../../../src/report/phases.js';
import { writeReports } from '../../../src/report/report-files.js';
import { summaryMarkdown } from '../../../src/report/summary.js';
import { createTerminalPlatform } from '../../../src/platform/terminal.js';
import { SecretRegistry } from '../../../src/secrets.js';
import { success, transferConfig } from '../../support/builders.js';

const T0 = Date.parse('2026-06-04T08:00:00Z');
const at = (s: number) => T0 + s * 1000;

describe('phasesOf()', () => {
  it("the service's processing time, placed no later than the poll that saw it running", () => {
    // Registered at 10 s, seen running at 15 s, seen finished at 100 s; the service says 60 s of processing.
    const r = success({
      executionStart: '2026-06-04T09:00:00Z',
      executionEnd: '2026-06-04T09:01:00Z',
      timing: { zipStartedAt: at(0), zipEndedAt: at(4), uploadStartedAt: at(4), uploadEndedAt: at(10), startedAt: at(15), finishedAt: at(100) },
    });
    expect(phasesOf(r).map((p) => [p.name, (p.start - T0) / 1000, (p.end - T0) / 1000])).toEqual([
      ['zip', 0, 4],
      ['upload', 4, 10],
      ['queued', 10, 15],
      ['processing', 15, 75],
    ]);
  });

  it('w/o the service times (or ones that do not fit): what the polls saw; a request still running: only its queue', () => {
    const timing = { uploadStartedAt: at(0), uploadEndedAt: at(1), startedAt: at(6), finishedAt: at(30) };
    const phases = (over: object) =>
      phasesOf(success({ executionStart: undefined, executionEnd: undefined, timing, ...over })).map((p) => [p.name, (p.end - p.start) / 1000]);
    expect(phases({})).toEqual([
      ['upload', 1],
      ['queued', 5],
      ['processing', 24],
    ]);
    expect(phases({ executionStart: '2026-06-04T08:00:00Z', executionEnd: '2026-06-04T09:00:00Z' })).toEqual(phases({}));
    expect(phases({ executionStart: 'garbage', executionEnd: 'x' })).toEqual(phases({}));
    expect(phases({ timing: { ...timing, finishedAt: undefined } })).toEqual([
      ['upload', 1],
      ['queued', 5],
    ]);
  });

  it('phaseLines(): one line per file, in the figures of the summary', () => {
    const r = success({
      sentSize: 2_000_000,
      timing: { zipStartedAt: at(0), zipEndedAt: at(2), uploadStartedAt: at(2), uploadEndedAt: at(4), startedAt: at(5), finishedAt: at(70) },
    });
    expect(phaseLines([r])).toEqual([
      'Where the time went:',
      'Request 154 (data/a.csv): zipped in 2 s, uploaded in 2 s (1.0 MB/s), queued 1 s, processing 1 min 5 s.',
    ]);
    expect(summaryMarkdown([r], transferConfig())).toContain(
      '| data/a.csv | 2 s | 2 s | 1.0 MB/s | 1 s | 1 min 5 s | 2026-06-04T08:00:00Z | 2026-06-04T08:01:05Z |',
    );
  });
});

describe('writeReports()', () => {
  it('writes both files, redacted; a path that is a link is refused w/ a warning, its target untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dotstat-reports-'));
    try {
      const secrets = new SecretRegistry();
      secrets.add('report-secret-1');
      const printed: string[] = [];
      const platform = createTerminalPlatform(secrets, { debug: false, write: (line) => printed.push(line) });
      const results = [success({ file: 'data/report-secret-1.csv' })];
      writeReports(
        results,
        transferConfig(),
        { summaryFile: join(dir, 'out/summary.md'), junitFile: join(dir, 'junit.xml') },
        summaryMarkdown(results, transferConfig()),
        platform,
      );
      expect(readFileSync(join(dir, 'out/summary.md'), 'utf8')).toContain('data/***.csv');
      expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('name="data/***.csv"');
      writeFileSync(join(dir, 'target'), 'keep');
      symlinkSync(join(dir, 'target'), join(dir, 'link.xml'));
      writeReports(results, transferConfig(), { junitFile: join(dir, 'link.xml') }, '', platform);
      expect(readFileSync(join(dir, 'target'), 'utf8')).toBe('keep');
      expect(printed.at(-1)).toMatch(
        /^Warning: The junit-file .*link\.xml could not be written \(it is a symbolic link\)\. The job's result does not depend on it\.$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
