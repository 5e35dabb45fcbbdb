/**
 * A failed import with thousands of errors, run through dist/index.js as the runner runs it: the
 * Transfer simulator answers Completed/Error with logs of 2,000, 20,000 and 200,000 ERROR lines
 * (about 40 MB, streamed), and 50 files at 5,000 lines each. Whatever the log, the verdict is the
 * service's, the job summary stays under GitHub's 1024 KiB with the whole table first, the outputs
 * stay far under 1 MB, annotations within ten per kind, the error message short, and the full
 * log is in a file, every line of it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { errorMessage, failedImportLog } from '../fixtures/long-log.mjs';
import { startTransfer, type Transfer } from '../fixtures/transfer.mjs';
import { expectNoLeaks, ROOT, runAction, type RunResult } from '../support/harness.js';

const PASSWORD = 'alice-password';
const SUMMARY_LIMIT = 1024 * 1024;

let idp: Idp;
let transfer: Transfer;
let work: string;

beforeAll(async () => {
  idp = await startIdp();
  transfer = await startTransfer({ verifyToken: (t) => idp.verifyAccessToken(t) });
  work = mkdtempSync(join(tmpdir(), 'dotstat-e2e-long-'));
  mkdirSync(join(work, 'many'));
  copyFileSync(join(ROOT, 'test/data/sample-sdmx-csv-1.0.csv'), join(work, 'one.csv'));
  for (let i = 1; i <= 50; i++) copyFileSync(join(ROOT, 'test/data/sample-sdmx-csv-1.0.csv'), join(work, `many/f${String(i).padStart(2, '0')}.csv`));
});
afterAll(async () => {
  await transfer.close();
  await idp.close();
  rmSync(work, { recursive: true, force: true });
});

interface LongRun {
  readonly result: RunResult;
  /** The full-log files the run left in RUNNER_TEMP, by name. */
  readonly files: Map<string, string>;
  readonly ids: number[];
}

async function runWithLogs(file: string, lines: number): Promise<LongRun> {
  transfer.setScenario(() => ({ durationMs: 0, executionStatus: 'Completed', outcome: 'Error', longLog: failedImportLog(lines) }));
  const temp = mkdtempSync(join(tmpdir(), 'dotstat-e2e-long-temp-'));
  const before = transfer.uploads.length;
  try {
    const result = await runAction(
      { authority: idp.issuer, username: 'alice', password: PASSWORD, 'transfer-url': transfer.url, dataspace: 'design', file, 'poll-interval': '0.1' },
      { cwd: work, env: { RUNNER_TEMP: temp }, timeoutMs: 120_000 },
    );
    const bearer = transfer.requests.map((r) => /^Bearer (\S+)$/.exec(String(r.headers.authorization ?? ''))?.[1]).filter((t): t is string => Boolean(t));
    expectNoLeaks(result, [PASSWORD, ...new Set(bearer)], { outputs: ['access-token', 'refresh-token', 'id-token'], env: ['DOTSTAT_ACCESS_TOKEN'] });
    const dir = join(temp, 'dotstat-logs');
    const files = new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
    // In the files' order (their names sort as the files do): uploaded several at once, they are registered as they arrive.
    const uploads = transfer.uploads.slice(before).sort((a, b) => (a.file?.filename ?? '').localeCompare(b.file?.filename ?? ''));
    return { result, files, ids: uploads.map((u) => u.id) };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The limits every run must keep, whatever the log. */
function expectWithinLimits(run: LongRun, files: readonly string[], lines: number): void {
  const { result } = run;
  expect(result.code, result.stdout.slice(-3000)).toBe(1);
  expect(result.outputs['execution-status']).toBe('Completed');
  expect(result.outputs.outcome).toBe('Error');
  // The summary: under GitHub's limit, the heading and the whole table first, one row per file in order.
  expect(Buffer.byteLength(result.summary)).toBeLessThan(SUMMARY_LIMIT);
  const head = result.summary.split('\n').slice(0, 4 + files.length);
  expect(head.slice(0, 4)).toEqual([
    '### .Stat Import into `design`',
    '',
    '| | file | size | request | status | outcome | duration | observations | log lines |',
    '|---|---|---:|---:|---|---|---:|---:|---:|',
  ]);
  head
    .slice(4)
    .forEach((row, i) =>
      expect(row).toMatch(
        new RegExp(
          `^\\| ❌ \\| ${files[i]!.replace(/[.]/g, '\\.')} \\| 1\\.1 KB \\| ${run.ids[i]} \\| Completed \\| Error \\| [\\d.]+ s \\|  \\| ${lines.toLocaleString('en-US')} \\|$`,
        ),
      ),
    );
  // Every output together far under GitHub's 1 MB per job (counted in UTF-16 code units).
  const outputs = Object.values(result.outputs).reduce((sum, value) => sum + value.length, 0);
  expect(outputs).toBeLessThan(500_000);
  const annotations = (kind: string) => result.stdout.split('\n').filter((line) => line.startsWith(`::${kind}`));
  // GitHub's ten errors: nine from the logs (shared among the files) and the step's own failure.
  expect(annotations('error')).toHaveLength(10);
  expect(annotations('warning')).toHaveLength(0);
  // The step's own error (the last annotation): short, naming the failure and where the logs are.
  const reasons = run.ids.slice(0, 5).map((id, i) => `%0A- Request ${id} (${files[i]}): the import ended with outcome Error: see the Transfer log below.`);
  const more = files.length > 5 ? `%0A- and ${files.length - 5} more: see the job summary.` : '';
  const n = files.length;
  expect(annotations('error').at(-1)).toBe(
    `::error::${n} of ${n} request${n === 1 ? '' : 's'} failed:${reasons.join('')}${more}%0ATheir Transfer logs have ${(n * lines).toLocaleString('en-US')} lines: the job summary and the log groups show the first lines of each, the files of output transfer-log all of them.`,
  );
}

/** Every line of the log, in order, as the service sent it. */
function expectFullLog(text: string, lines: number): void {
  const rows = text.split('\n');
  expect(rows.pop()).toBe('');
  expect(rows).toHaveLength(lines);
  const log = failedImportLog(lines);
  rows.forEach((row, i) => {
    const parsed = JSON.parse(row) as { line: number; level: string; message: string };
    if (parsed.line !== i + 1 || parsed.message !== log.entry(i + 1).message) expect(parsed).toMatchObject({ line: i + 1, message: log.entry(i + 1).message });
  });
}

describe('a failed import with a long log', () => {
  it.each([2_000, 20_000, 200_000])("%i lines: the service's verdict, every report within its limit, the full log in a file", async (lines) => {
    const run = await runWithLogs('one.csv', lines);
    expectWithinLimits(run, ['one.csv'], lines);
    const { result, ids } = run;
    const name = `transfer-log-${ids[0]}.jsonl`;
    expect(result.outputs['transfer-log']).toMatch(new RegExp(`/dotstat-logs/${name}$`));
    expectFullLog(run.files.get(name) ?? '', lines);
    // The results output: counts and the first lines, not the log.
    const [entry] = JSON.parse(result.outputs.results ?? '') as Array<{
      logLines: number;
      logLevels: Record<string, number>;
      logsLeftOut: number;
      logs: { message: string }[];
    }>;
    expect(entry).toMatchObject({ logLines: lines, logLevels: { NOTICE: 1, ERROR: lines - 1 }, logsLeftOut: lines - 20 });
    expect(entry?.logs[1]?.message).toBe(errorMessage(2));
    // The summary and the log group: the first lines, and how many were left out.
    expect(result.summary).toContain(`- \`ERROR\` ${errorMessage(2).replace(/_/g, '\\_')}`);
    expect(result.summary).toContain(`of ${lines.toLocaleString('en-US')} log lines shown (ERROR ${(lines - 1).toLocaleString('en-US')}, NOTICE 1)`);
    // Kept: the NOTICE line, the first 50 and the last 10 ERROR lines.
    expect(result.stdout).toContain(
      `(61 of ${lines.toLocaleString('en-US')} log lines shown (ERROR ${(lines - 1).toLocaleString('en-US')}, NOTICE 1); ${(lines - 61).toLocaleString('en-US')} left out. The full log is in ${name} (output transfer-log).)`,
    );
  });

  it('50 files at 5,000 lines each: one summary under the limit, the 50 rows first, the logs shared fairly', async () => {
    const files = Array.from({ length: 50 }, (_, i) => `many/f${String(i + 1).padStart(2, '0')}.csv`);
    const run = await runWithLogs('many/*.csv', 5_000);
    expectWithinLimits(run, files, 5_000);
    expect(run.files.size).toBe(50);
    for (const id of run.ids) expectFullLog(run.files.get(`transfer-log-${id}.jsonl`) ?? '', 5_000);
    // Fair: every file's block shows the same number of lines.
    const shown = [...run.result.summary.matchAll(/_([\d,]+) of 5,000 log lines shown/g)].map((m) => m[1]);
    expect(shown).toHaveLength(50);
    expect(new Set(shown).size).toBe(1);
    expect(run.result.outputs['transfer-log']?.split('\n')).toHaveLength(50);
  });

  it("12 files all refused at upload: ten error annotations (nine uploads and the step's own), the rest plain lines", async () => {
    transfer.setScenario(() => ({ reject: 'Dataflow OECD:DF_X(1.0) does not exist.' }));
    const files = Array.from({ length: 12 }, (_, i) => `many/f${String(i + 1).padStart(2, '0')}.csv`);
    const result = await runAction(
      {
        authority: idp.issuer,
        username: 'alice',
        password: PASSWORD,
        'transfer-url': transfer.url,
        dataspace: 'design',
        file: files.join('\n'),
        'poll-interval': '0.1',
      },
      { cwd: work, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors).toHaveLength(10);
    expect(errors.slice(0, 9).map((line) => /title=Upload failed%3A ([^:]+)::/.exec(line)?.[1])).toEqual(files.slice(0, 9));
    for (const file of files.slice(9)) expect(result.stdout).toMatch(new RegExp(`^Error: Uploading ${file.replace('.', '\\.')}: `, 'm'));
    expect(errors[9]).toMatch(/^::error::12 of 12 requests failed:/);
  });
});
