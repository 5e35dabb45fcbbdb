/**
 * The job summary (GITHUB_STEP_SUMMARY): one table per run, always first and always whole, then
 * the Transfer log of each file in a collapsible block, as many lines as fit in the summary's
 * budget, shared fairly among the files (./budget.ts). GitHub refuses a summary past 1024 KiB
 * whole, so the table must never be what pays for a long log.
 */
import { formatBytes, sanitize } from '../text.js';
import type { RequestResult } from '../transfer/publish.js';
import type { TransferConfig } from '../transfer/settings.js';
import { SUMMARY_BUDGET_BYTES } from '../platform/limits.js';
import { fairShares } from './budget.js';
import { formatCount, gapBefore, leftOutNote, statsOf } from './log-excerpt.js';
import { durationSeconds, observationsOf } from './results.js';
import { formatDuration, formatRate } from './figures.js';
import { phaseMs, phasesOf, sentBytes } from './phases.js';
import { timelineMarkdown } from './timeline.js';

const ICONS = { success: '✅', warning: '⚠️', failed: '❌', pending: '⏳' } as const;
/** Lines of one file's log in the summary, at most: past that a person opens the full log. */
export const MAX_SUMMARY_LINES = 100;

/** Text from a server inside a Markdown table cell: one line, no pipes, no HTML. */
function cell(text: string | undefined, maxLength = 300): string {
  if (!text) return '';
  return sanitize(text, maxLength).replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
}

/** Text inside a code span, where a backslash escape would show: no backticks instead. */
function code(text: string): string {
  return `\`${sanitize(text, 100).replace(/`/g, "'")}\``;
}

/** Text inside an HTML element (<summary>), where Markdown escapes would show: HTML escapes. */
function htmlText(text: string): string {
  return sanitize(text, 300).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The `results` output's durationSeconds, as a person reads it: 0.5 s, 1 min 5.4 s. */
function duration(ms: number | undefined): string {
  if (ms === undefined) return '';
  const seconds = durationSeconds(ms);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round((seconds - minutes * 60) * 10) / 10} s`;
}

/** How a gap between two kept lines starts: such a line is no log line. */
const GAP = '- _…';
const bytes = (lines: readonly string[]) => lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);

export function summaryMarkdown(results: readonly RequestResult[], config: TransferConfig, budget = SUMMARY_BUDGET_BYTES): string {
  const table = [...tableOf(results, config), ...timeTable(results), ...timelineMarkdown(results)];
  const withLog = results.filter((r) => r.logs.length > 0 || r.error || statsOf(r).total > 0 || statsOf(r).cut);
  const lines = withLog.map(logLines);
  // Each block's frame (its title, error and note) is paid first; the log lines share the rest.
  const frames = withLog.map((r) => bytes(frame(r, 0).flat()));
  const room = budget - bytes(table) - frames.reduce((a, b) => a + b, 0);
  if (room < 0) return `${[...table, ...framesOnly(withLog, frames, budget - bytes(table))].join('\n')}\n`;
  const shares = fairShares(
    lines.map((l) => bytes(l.slice(0, MAX_SUMMARY_LINES))),
    room,
  );
  const blocks = withLog.flatMap((r, i) => {
    const shown = fitting(lines[i]!, shares[i]!);
    const [head, tail] = frame(r, shown.filter((line) => !line.startsWith(GAP)).length);
    return [...head, ...shown, ...tail];
  });
  return `${[...table, ...blocks].join('\n')}\n`;
}

/** So many files that not even each one's frame fits: as many frames as do, and a count of the rest. */
function framesOnly(results: readonly RequestResult[], sizes: readonly number[], room: number): string[] {
  const out: string[] = [];
  let left = room - 300;
  let dropped = 0;
  for (const [i, r] of results.entries()) {
    if (sizes[i]! > left) {
      dropped += 1;
      continue;
    }
    out.push(...frame(r, 0).flat());
    left -= sizes[i]!;
  }
  if (dropped > 0) out.push('', `_The logs of ${formatCount(dropped)} more files do not fit in the job summary: see the log groups and the full-log files._`);
  return out;
}

function tableOf(results: readonly RequestResult[], config: TransferConfig): string[] {
  const action = config.validateOnly ? 'Validation' : 'Import';
  const lines = [
    `### .Stat ${action} into ${code(config.dataspace)}`,
    '',
    '| | file | size | request | status | outcome | duration | observations | log lines |',
    '|---|---|---:|---:|---|---|---:|---:|---:|',
  ];
  for (const r of results) {
    const sent = r.sentSize === undefined ? '' : ` (sent zipped: ${formatBytes(r.sentSize)})`;
    const size = r.size === undefined ? '' : `${formatBytes(r.size)}${sent}`;
    const observations = observationsOf(r)?.toLocaleString('en-US') ?? '';
    const total = statsOf(r).total;
    lines.push(
      `| ${ICONS[r.verdict]} | ${cell(r.file)} | ${size} | ${r.requestId ?? ''} | ${cell(r.executionStatus ?? (r.requestId === undefined ? 'not registered' : ''))} | ${cell(r.outcome)} | ${duration(r.durationMs)} | ${observations} | ${total ? formatCount(total) : ''} |`,
    );
  }
  return lines;
}

/**
 * Where the time went, per file: each phase of ./phases.ts, the upload's rate (the figures the
 * progress lines use), and the Transfer service's own timestamps as it gave them.
 */
function timeTable(results: readonly RequestResult[]): string[] {
  const timed = results.map((r) => ({ r, phases: phasesOf(r) })).filter(({ phases }) => phases.length > 0);
  if (timed.length === 0) return [];
  const lines = [
    '',
    '#### Where the time went',
    '',
    '| file | zip | upload | rate | queued | processing | service start | service end |',
    '|---|---:|---:|---:|---:|---:|---|---|',
  ];
  const ms = (value: number | undefined) => (value === undefined ? '' : formatDuration(value));
  for (const { r, phases } of timed) {
    const upload = phaseMs(phases, 'upload');
    const bytes = sentBytes(r);
    const rate = upload && bytes !== undefined ? formatRate(bytes, upload) : '';
    lines.push(
      `| ${cell(r.file)} | ${ms(phaseMs(phases, 'zip'))} | ${ms(upload)} | ${rate} | ${ms(phaseMs(phases, 'queued'))} | ${ms(phaseMs(phases, 'processing'))} | ${cell(r.executionStart, 40)} | ${cell(r.executionEnd, 40)} |`,
    );
  }
  return lines;
}

/** A file's block around its log lines: [head, tail]; `shown` is the number of log lines between. */
function frame(r: RequestResult, shown: number): [string[], string[]] {
  const head = ['', `<details><summary>${htmlText(r.file)}${r.requestId === undefined ? '' : ` — request ${r.requestId}`}</summary>`, ''];
  if (r.error) head.push(`**${cell(r.error.split('\n')[0])}**`, '');
  const note = leftOutNote(r, shown);
  const tail = [...(note ? ['', `_${cell(note, 1000)}_`] : []), '', '</details>'];
  return [head, tail];
}

/** The log as Markdown list items, with a marker where kept lines do not follow each other. */
function logLines(r: RequestResult): string[] {
  const out: string[] = [];
  r.logs.forEach((log, i) => {
    const gap = gapBefore(log, r.logs[i - 1]);
    if (gap > 0) out.push(`${GAP} ${formatCount(gap)} lines not shown …_`);
    out.push(`- ${log.level ? `${code(log.level)} ` : ''}${cell(log.message)}`);
  });
  return out;
}

/** The first lines that fit in `budget` bytes (at most MAX_SUMMARY_LINES), never ending on a gap marker. */
function fitting(lines: readonly string[], budget: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const line of lines.slice(0, MAX_SUMMARY_LINES)) {
    used += Buffer.byteLength(line) + 1;
    if (used > budget) break;
    out.push(line);
  }
  while (out.at(-1)?.startsWith(GAP)) out.pop();
  return out;
}
