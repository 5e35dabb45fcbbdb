import { describe, expect, it } from 'vitest';
import { summaryMarkdown } from '../../../src/report/summary.js';
import type { RequestResult } from '../../../src/transfer/publish.js';
import { COUNT_LINE, success, transferConfig } from './builders.js';

const rows = (markdown: string) => markdown.split('\n').filter((line) => /^\| [^|-]/.test(line));

describe('summaryMarkdown()', () => {
  it('one table row per file: icon, file, size, request, status, outcome, duration, observations, log lines', () => {
    const results: RequestResult[] = [
      success(),
      success({ file: 'data/b.xml', size: 2_500_000, requestId: 155, outcome: 'Warning', verdict: 'warning', durationMs: 3_000, logs: [{ level: 'WARN', message: 'Some attributes were not stored.' }] }),
      success({ file: 'data/c.csv', size: 12, requestId: 156, executionStatus: 'TimedOut', outcome: 'Error', verdict: 'failed', durationMs: 125_000, logs: [], error: 'Request 156 (data/c.csv): the import timed out.' }),
      { file: 'data/d.csv', size: 999, logs: [], verdict: 'failed', error: 'Uploading data/d.csv: answered HTTP 400.\nCheck the dataflow.' },
      success({ file: 'data/e.csv', requestId: 157, executionStatus: undefined, outcome: undefined, verdict: 'pending', durationMs: undefined, logs: [] }),
    ];
    const markdown = summaryMarkdown(results, transferConfig());
    expect(markdown.startsWith('### .Stat Import into `design`\n\n| | file | size | request | status | outcome | duration | observations | log lines |\n|---|---|---:|---:|---|---|---:|---:|---:|\n')).toBe(true);
    expect(rows(markdown)).toEqual([
      '| ✅ | data/a.csv | 1.1 KB | 154 | Completed | Success | 1 min 5 s | 101 | 2 |',
      '| ⚠️ | data/b.xml | 2.5 MB | 155 | Completed | Warning | 3 s |  | 1 |',
      '| ❌ | data/c.csv | 12 B | 156 | TimedOut | Error | 2 min 5 s |  |  |',
      '| ❌ | data/d.csv | 999 B |  | not registered |  |  |  |  |',
      '| ⏳ | data/e.csv | 1.1 KB | 157 |  |  |  |  |  |',
    ]);
  });

  it('the log messages below the table, one collapsible section per file; the first line of an error in bold', () => {
    const markdown = summaryMarkdown([
      success(),
      { file: 'data/d.csv', size: 999, logs: [], verdict: 'failed', error: 'Uploading data/d.csv: answered HTTP 400.\nCheck the dataflow.' },
      success({ file: 'data/e.csv', requestId: 157, logs: [] }),
    ], transferConfig());
    expect(markdown).toContain(['<details><summary>data/a.csv — request 154</summary>', '', '- `NOTICE` Request received.', `- \`NOTICE\` ${COUNT_LINE}`, '', '</details>'].join('\n'));
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
    const markdown = summaryMarkdown([
      success({
        executionStatus: 'Completed|<b>x</b>',
        outcome: 'Success | `code` *bold* _it_ [link](http://evil)',
        logs: [
          { level: 'ERR`OR', message: 'line one\nline two | <img src=x onerror=alert(1)> ::set-output name=x::y' },
        ],
      }),
    ], transferConfig());
    const [row] = rows(markdown);
    expect(row).toBe('| ✅ | data/a.csv | 1.1 KB | 154 | Completed\\|\\<b\\>x\\</b\\> | Success \\| \\`code\\` \\*bold\\* \\_it\\_ \\[link\\](http://evil) | 1 min 5 s |  | 1 |');
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
});
