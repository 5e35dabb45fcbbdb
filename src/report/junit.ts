/**
 * The JUnit XML report, for GitLab's `artifacts:reports:junit` (the pipeline's Tests tab and the
 * merge request widget) and any CI that reads JUnit: one test suite, one test case per file.
 * A failed import is a `<failure>` whose text is the error and the first lines of its Transfer
 * log; a file that never got an outcome (refused upload, unreadable status, the wait stopped) is
 * an `<error>`; one not waited for is `<skipped>`. Every text is redacted first, then stripped of
 * what XML 1.0 cannot hold, then escaped: a secret escaped first would no longer match its mask.
 * @see https://github.com/testmoapp/junitxml (the format as CI tools read it)
 * @see https://docs.gitlab.com/ci/testing/unit_test_reports/
 */
import { SECRETS } from '../secrets.js';
import type { RequestResult } from '../transfer/publish.js';
import type { TransferConfig } from '../transfer/settings.js';
import { fairShares } from './budget.js';
import { leftOutNote } from './log-excerpt.js';
import { phasesOf, phaseText } from './phases.js';

/** Log lines of one file in the report, at most, and the bytes all of them share. */
export const MAX_JUNIT_LINES = 200;
export const JUNIT_BUDGET_BYTES = 2 * 1024 * 1024;

/** What XML 1.0 cannot hold at all: control characters but tab and line breaks, lone surrogates, U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex -- these are the characters XML cannot hold
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex -- an escape sequence starts with one
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** Text as XML character data or an attribute value: redacted, cleaned, escaped. */
export function xmlText(text: string): string {
  return SECRETS.redact(SECRETS.redact(text).replace(ANSI, '').replace(NOT_XML, '\ufffd')).replace(
    /[&<>"'\r]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c] ?? c,
  );
}

/** An attribute value on one line. */
const attr = (text: string, max = 500) => xmlText(text.replace(/\s+/g, ' ').trim().slice(0, max));

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

function elapsedMs(r: RequestResult): number {
  const phases = phasesOf(r);
  return phases.length ? Math.max(...phases.map((p) => p.end)) - Math.min(...phases.map((p) => p.start)) : 0;
}

function logText(r: RequestResult, budget: number): string {
  const lines: string[] = [];
  let used = 0;
  for (const log of r.logs.slice(0, MAX_JUNIT_LINES)) {
    const line = [log.date, log.level, log.message].filter(Boolean).join(' ');
    used += Buffer.byteLength(line) + 1;
    if (used > budget) break;
    lines.push(line);
  }
  const note = leftOutNote(r, lines.length);
  return [...lines, ...(note ? ['', note] : [])].join('\n');
}

type Kind = 'failure' | 'error' | 'skipped' | 'passed';

function kindOf(r: RequestResult, config: TransferConfig): Kind {
  if (r.verdict === 'warning') return config.failOnWarning ? 'failure' : 'passed';
  if (r.verdict === 'success') return 'passed';
  if (r.verdict === 'pending') return config.wait && r.error ? 'error' : 'skipped';
  // Failed: the import's own outcome, or no outcome at all (refused, unreadable, stopped).
  return r.executionStatus !== undefined && !/could not be read/.test(r.error ?? '') ? 'failure' : 'error';
}

export function junitXml(results: readonly RequestResult[], config: TransferConfig): string {
  const kinds = results.map((r) => kindOf(r, config));
  const count = (kind: Kind) => kinds.filter((k) => k === kind).length;
  const wants = results.map((r) => r.logs.slice(0, MAX_JUNIT_LINES).reduce((sum, log) => sum + Buffer.byteLength(log.message) + 40, 0));
  const shares = fairShares(wants, JUNIT_BUDGET_BYTES);
  const total = results.reduce((sum, r) => sum + elapsedMs(r), 0);
  const suite = `.Stat ${config.validateOnly ? 'validation' : 'import'} into ${config.dataspace}`;
  const counts = `tests="${results.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" time="${seconds(total)}"`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dotstat-action" ${counts}>`,
    `  <testsuite name="${attr(suite)}" ${counts} timestamp="${new Date().toISOString().slice(0, 19)}">`,
  ];
  for (const [i, r] of results.entries()) {
    const kind = kinds[i] as Kind;
    const open = `    <testcase classname="${attr(`dotstat.${config.dataspace}`)}" name="${attr(r.file)}" file="${attr(r.file)}" time="${seconds(elapsedMs(r))}"`;
    const state = [r.requestId === undefined ? 'not registered' : `request ${r.requestId}`, r.executionStatus, r.outcome].filter(Boolean).join(', ');
    const about = [state, phaseText(r)].filter(Boolean).join('; ');
    const log = logText(r, shares[i] ?? 0);
    if (kind === 'passed') {
      out.push(`${open}>`, `      <system-out>${xmlText([about, log].filter(Boolean).join('\n\n'))}</system-out>`, '    </testcase>');
      continue;
    }
    if (kind === 'skipped') {
      out.push(`${open}>`, `      <skipped message="${attr(`${state}: not waited for (wait is false)`)}"/>`, '    </testcase>');
      continue;
    }
    const message = r.error?.split('\n')[0] ?? `Request ${r.requestId} (${r.file}) finished with outcome ${r.outcome ?? 'unknown'} (fail-on-warning is set).`;
    const type = kind === 'failure' ? [r.executionStatus, r.outcome].filter(Boolean).join('/') : 'NoOutcome';
    const body = [r.error ?? message, about, log].filter(Boolean).join('\n\n');
    out.push(`${open}>`, `      <${kind} message="${attr(message)}" type="${attr(type)}">${xmlText(body)}</${kind}>`, '    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}
