import { describe, expect, it } from 'vitest';
import { transferOutputs } from '../../../src/report/results.js';
import { summaryMarkdown } from '../../../src/report/summary.js';
import type { RequestResult } from '../../../src/transfer/publish.js';
import { COUNT_LINE, success, transferConfig } from './builders.js';

const rows = (markdown: string) => markdown.split('\n').filter((line) => /^\| [^|-]/.test(line));

describe('summaryMarkdown()', () => {
  it('one table row per file: icon, file, size, request, status, outcome, duration, observations, log lines', () => {
    const results: RequestResult[] = [
      success(),
      success({
        file: 'data/b.xml',
        size: 2_500_000,
        requestId: 155,
        outcome: 'Warning',
        verdict: 'warning',
        durationMs: 3_000,
        logs: [{ level: 'WARN', message: 'Some attributes were not stored.' }],
      }),
      success({
        file: 'data/c.csv',
        size: 12,
        requestId: 156,
        executionStatus: 'TimedOut',
        outcome: 'Error',
        verdict: 'failed',
        durationMs: 125_000,
        logs: [],
        error: 'Request 156 (data/c.csv): the import timed out.',
      }),
      { file: 'data/d.csv', size: 999, logs: [], verdict: 'failed', error: 'Uploading data/d.csv: answered HTTP 400.\nCheck the dataflow.' },
      success({ file: 'data/e.csv', requestId: 157, executionStatus: undefined, outcome: undefined, verdict: 'pending', durationMs: undefined, logs: [] }),
    ];
    const markdown = summaryMarkdown(results, transferConfig());
    expect(
      markdown.startsWith(
        '### .Stat Import into `design`\n\n| | file | size | request | status | outcome | duration | observations | log lines |\n|---|---|---:|---:|---|---|---:|---:|---:|\n',
      ),
    ).toBe(true);
    expect(rows(markdown)).toEqual([
      '| ✅ | data/a.csv | 1.1 KB | 154 | Completed | Success | 1 min 5.4 s | 101 | 2 |',
      '| ⚠️ | data/b.xml | 2.5 MB | 155 | Completed | Warning | 3 s |  | 1 |',
      '| ❌ | data/c.csv | 12 B | 156 | TimedOut | Error | 2 min 5 s |  |  |',
      '| ❌ | data/d.csv | 999 B |  | not registered |  |  |  |  |',
      '| ⏳ | data/e.csv | 1.1 KB | 157 |  |  |  |  |  |',
    ]);
  });

  it('the log messages below the table, one collapsible section per file; the first line of an error in bold', () => {
    const markdown = summaryMarkdown(
      [
        success(),
        { file: 'data/d.csv', size: 999, logs: [], verdict: 'failed', error: 'Uploading data/d.csv: answered HTTP 400.\nCheck the dataflow.' },
        success({ file: 'data/e.csv', requestId: 157, logs: [] }),
      ],
      transferConfig(),
    );
    expect(markdown).toContain(
      ['<details><summary>data/a.csv — request 154</summary>', '', '- `NOTICE` Request received.', `- \`NOTICE\` ${COUNT_LINE}`, '', '</details>'].join('\n'),
    );
    expect(markdown).toContain(['<details><summary>data/d.csv</summary>', '', '**Uploading data/d.csv: answered HTTP 400.**', '', '', '</details>'].join('\n'));
    expect(markdown).not.toContain('Check the dataflow');
    // Nothing to show for a success without log lines.
    expect(markdown).not.toContain('data/e.csv — request 157');
  });

  it('validate-only: a Validation heading', () => {
    expect(summaryMarkdown([success()], transferConfig({ validateOnly: true }))).toMatch(/^### \.Stat Validation into `design`/);
  });

  it('a data space id with an underscore is shown as is in the heading (no visible backslash)', () => {
    expect(summaryMarkdown([success()], transferConfig({ dataspace: 'qa_ext' }))).toMatch(/^### \.Stat Import into `qa_ext`\n/);
  });

  it('server text cannot break the table: pipes, HTML, Markdown and newlines escaped', () => {
    const markdown = summaryMarkdown(
      [
        success({
          executionStatus: 'Completed|<b>x</b>',
          outcome: 'Success | `code` *bold* _it_ [link](http://evil)',
          logs: [{ level: 'ERR`OR', message: 'line one\nline two | <img src=x onerror=alert(1)> ::set-output name=x::y' }],
        }),
      ],
      transferConfig(),
    );
    const [row] = rows(markdown);
    expect(row).toBe(
      '| ✅ | data/a.csv | 1.1 KB | 154 | Completed\\|\\<b\\>x\\</b\\> | Success \\| \\`code\\` \\*bold\\* \\_it\\_ \\[link\\](http://evil) | 1 min 5.4 s |  | 1 |',
    );
    // The row still has exactly its 10 unescaped pipes.
    expect(row?.match(/(?<!\\)\|/g)).toHaveLength(10);
    expect(markdown).toContain("- `ERR'OR` line one line two \\| \\<img src=x onerror=alert(1)\\> :\u200b:set-output name=x:\u200b:y");
    expect(markdown).not.toMatch(/(?<!\\)<(img|b)\b/);
    expect(markdown).not.toMatch(/^::/m);
  });

  it('a file name in the collapsible section is HTML-escaped, not Markdown-escaped (backslashes would show there)', () => {
    const markdown = summaryMarkdown([success({ file: 'data/my_file<1>&.csv' })], transferConfig());
    expect(markdown).toContain('<details><summary>data/my_file&#60;1&#62;&#38;.csv — request 154</summary>');
    expect(rows(markdown)[0]).toContain('| data/my\\_file\\<1\\>&.csv |');
  });

  // Regression: the results output said 0.5 where the summary, rounding on its own, said 1 s.
  it.each([
    [450, '0.5 s', 0.5],
    [500, '0.5 s', 0.5],
    [1_449, '1.4 s', 1.4],
    [59_960, '1 min 0 s', 60],
    [125_049, '2 min 5 s', 125],
    [3_725_550, '62 min 5.6 s', 3725.6],
  ])('a duration of %i ms: %s in the summary, %d in the results output', (durationMs, shown, seconds) => {
    const result = success({ durationMs });
    expect(rows(summaryMarkdown([result], transferConfig()))[0]).toContain(`| ${shown} |`);
    const [json] = JSON.parse(transferOutputs([result]).results ?? '') as Array<{ durationSeconds: number }>;
    expect(json!.durationSeconds).toBe(seconds);
  });
});

describe('summaryMarkdown() w/ long logs', () => {
  /** A failed import whose log had `total` lines, of which these were kept: line 1, 2–51 and the last 10. */
  const longFailure = (i: number, total = 5_000): RequestResult => {
    const kept = [1, ...Array.from({ length: 50 }, (_, k) => k + 2), ...Array.from({ length: 10 }, (_, k) => total - 9 + k)];
    return success({
      file: `data/f${i}.csv`,
      requestId: 1000 + i,
      outcome: 'Error',
      verdict: 'failed',
      error: `Request ${1000 + i} (data/f${i}.csv): the import ended with outcome Error: see the Transfer log below.`,
      logs: kept.map((line) => ({
        level: line === 1 ? 'NOTICE' : 'ERROR',
        message: `Row ${line}: the value 'X' of dimension REF_AREA is not a code of codelist CL_AREA.`,
        line,
      })),
      logStats: { total, levels: { ERROR: total - 1, NOTICE: 1 }, omitted: total - kept.length },
      logFile: `/tmp/dotstat-logs/transfer-log-${1000 + i}.jsonl`,
    });
  };

  it('one file: the kept lines with a marker at the gap, and a note of what was left out and where the rest is', () => {
    const markdown = summaryMarkdown([longFailure(1, 20_000)], transferConfig());
    expect(markdown).toContain(
      "- `ERROR` Row 51: the value 'X' of dimension REF\\_AREA is not a code of codelist CL\\_AREA.\n- _… 19,939 lines not shown …_\n- `ERROR` Row 19991:",
    );
    expect(markdown).toContain(
      '_61 of 20,000 log lines shown (ERROR 19,999, NOTICE 1); 19,939 left out. The full log is in transfer-log-1001.jsonl (output transfer-log)._',
    );
  });

  it('50 files: the table whole and first, every block the same number of lines, all within the budget', () => {
    const results = Array.from({ length: 50 }, (_, i) => longFailure(i + 1));
    const budget = 200 * 1024;
    const markdown = summaryMarkdown(results, transferConfig(), budget);
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(budget);
    expect(markdown.split('\n').slice(4, 54)).toEqual(
      results.map((r) => expect.stringMatching(new RegExp(`^\\| ❌ \\| data/f${r.requestId! - 1000}\\.csv \\| .* \\| 5,000 \\|$`))),
    );
    const shown = [...markdown.matchAll(/_(\d+) of 5,000 log lines shown/g)].map((m) => Number(m[1]));
    expect(shown).toHaveLength(50);
    expect(new Set(shown).size).toBe(1);
    // The budget, not the per-file cap, decided: each block got about a fiftieth of what was left.
    expect(shown[0]).toBeGreaterThan(5);
    expect(shown[0]).toBeLessThan(61);
  });

  it('so many files that not even their blocks fit: the table whole, as many blocks as fit, and a count of the rest', () => {
    const results = Array.from({ length: 300 }, (_, i) => longFailure(i + 1));
    const budget = 64 * 1024;
    const markdown = summaryMarkdown(results, transferConfig(), budget);
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(budget);
    expect(markdown.split('\n').filter((line) => line.startsWith('| ❌ |'))).toHaveLength(300);
    const blocks = markdown.split('<details>').length - 1;
    expect(blocks).toBeGreaterThan(0);
    expect(blocks).toBeLessThan(300);
    expect(markdown).not.toContain('- `ERROR`');
    expect(markdown).toContain(`_The logs of ${300 - blocks} more files do not fit in the job summary: see the log groups and the full-log files._`);
  });
});
