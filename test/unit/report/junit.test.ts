/**
 * junitXml(): valid JUnit XML, read back by a real JUnit parser (Python's junitparser, the one
 * many CI tools' scripts use, over the standard library's XML parser); where Python or the
 * package is missing, one line says so and the parse is skipped, the rest still runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { junitXml } from '../../../src/report/junit.js';
import { SECRETS } from '../../../src/secrets.js';
import type { RequestResult } from '../../../src/transfer/publish.js';
import { success, transferConfig } from '../../support/builders.js';

const dir = mkdtempSync(join(tmpdir(), 'dotstat-junit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PARSE = `
import json, sys
from junitparser import JUnitXml, Failure, Error, Skipped
xml = JUnitXml.fromfile(sys.argv[1])
out = []
for suite in xml:
    for case in suite:
        results = [{"kind": type(r).__name__, "message": r.message, "type": r.type, "text": r.text} for r in case.result]
        out.append({"suite": suite.name, "tests": suite.tests, "failures": suite.failures, "errors": suite.errors, "name": case.name, "classname": case.classname, "time": case.time, "results": results, "out": case.system_out})
print(json.dumps(out))
`;
const python = spawnSync('python3', ['-c', 'import junitparser'], { encoding: 'utf8' });
// CI installs it and sets DOTSTAT_REQUIRE_TOOLS=1: there the test runs, and fails without it.
const noParser =
  python.status === 0 || process.env.DOTSTAT_REQUIRE_TOOLS === '1'
    ? undefined
    : `junitparser not importable (pip install junitparser): ${(python.stderr || python.error?.message || '').trim().split('\n').at(-1)}`;
if (noParser) console.log(`JUnit parse skipped: ${noParser}`);

function parse(xml: string): Array<Record<string, unknown> & { results: Array<Record<string, string>> }> {
  const path = join(dir, `report-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(path, xml);
  const result = spawnSync('python3', ['-c', PARSE, path], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

const T0 = Date.parse('2026-06-04T08:00:00Z');
const timing = { uploadStartedAt: T0, uploadEndedAt: T0 + 2000, startedAt: T0 + 5000, finishedAt: T0 + 67_000 };
const results: RequestResult[] = [
  success({ timing }),
  success({
    file: 'data/bad <&> "b".csv',
    requestId: 155,
    outcome: 'Error',
    verdict: 'failed',
    error: 'Request 155 (data/bad.csv): completed with outcome Error.',
    logs: [
      { level: 'ERROR', date: '2026-06-04T08:01:00Z', message: 'Row 2: unknown code \u0001 "X" & <Y>' },
      { level: 'ERROR', date: '2026-06-04T08:01:00Z', message: 'Row 3: ]]> done' },
    ],
    timing,
  }),
  {
    file: 'data/c.csv',
    size: 10,
    logs: [],
    verdict: 'failed',
    error: "Uploading data/c.csv: the Transfer service answered HTTP 400 (Dataspace 'x' not found).",
    timing: { uploadStartedAt: T0, uploadEndedAt: T0 + 100 },
  },
];

describe('junitXml()', () => {
  it.skipIf(noParser)('one test case per file; a failed import is a failure w/ its Transfer log; no outcome is an error', () => {
    const cases = parse(junitXml(results, transferConfig()));
    expect(cases.map((c) => [c.name, c.classname, c.results.map((r) => r.kind)])).toEqual([
      ['data/a.csv', 'dotstat.design', []],
      ['data/bad <&> "b".csv', 'dotstat.design', ['Failure']],
      ['data/c.csv', 'dotstat.design', ['Error']],
    ]);
    expect(cases[0]).toMatchObject({ suite: '.Stat import into design', tests: 3, failures: 1, errors: 1, time: 67 });
    const failure = cases[1]!.results[0]!;
    expect(failure.message).toBe('Request 155 (data/bad.csv): completed with outcome Error.');
    expect(failure.type).toBe('Completed/Error');
    expect(failure.text).toContain('2026-06-04T08:01:00Z ERROR Row 2: unknown code \ufffd "X" & <Y>');
    expect(failure.text).toContain('Row 3: ]]> done');
    expect(failure.text).toContain('uploaded in 2 s');
    expect(cases[2]!.results[0]!.message).toContain('HTTP 400');
    expect(cases[0]!.out).toContain('processing 1 min');
  });

  it('w/ fail-on-warning a warning is a failure; w/o waiting a case is skipped', () => {
    const warned = success({ outcome: 'Warning', verdict: 'warning' });
    expect(junitXml([warned], transferConfig({ failOnWarning: true }))).toMatch(
      /<failure message="Request 154 \(data\/a.csv\) finished with outcome Warning \(fail-on-warning is set\)\."/,
    );
    expect(junitXml([warned], transferConfig())).not.toContain('<failure');
    expect(junitXml([{ file: 'a.csv', requestId: 9, logs: [], verdict: 'pending' }], transferConfig({ wait: false }))).toContain(
      '<skipped message="request 9: not waited for (wait is false)"/>',
    );
  });

  it('no secret: redacted before it is escaped, in every text and attribute', () => {
    const secret = 'pa<ss>&"word-junit';
    SECRETS.add(secret);
    const echoed = success({
      file: `data/${secret}.csv`,
      outcome: `Error ${secret}`,
      verdict: 'failed',
      error: `failed for ${secret}`,
      logs: [{ level: 'ERROR', message: `echo ${secret} / ${encodeURIComponent(secret)}` }],
    });
    const xml = junitXml([echoed], transferConfig());
    for (const form of [secret, 'pa&lt;ss&gt;&amp;&quot;word', encodeURIComponent(secret), 'pa<ss']) expect(xml).not.toContain(form);
    expect(xml).toContain('echo *** / ***');
  });
});
