/** The job summary (GITHUB_STEP_SUMMARY): one table per run, the Transfer log messages below it. */
import { formatBytes, sanitize } from '../text.js';
import type { RequestResult } from '../transfer/publish.js';
import type { TransferConfig } from '../transfer/settings.js';
import { durationSeconds, observationsProcessed } from './results.js';

const ICONS = { success: '✅', warning: '⚠️', failed: '❌', pending: '⏳' } as const;

/** Text from a server inside a Markdown table cell: one line, no pipes, no HTML. */
function cell(text: string | undefined): string {
  if (!text) return '';
  return sanitize(text, 300).replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
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

export function summaryMarkdown(results: readonly RequestResult[], config: TransferConfig): string {
  const action = config.validateOnly ? 'Validation' : 'Import';
  const lines = [
    `### .Stat ${action} into ${code(config.dataspace)}`,
    '',
    '| | file | size | request | status | outcome | duration | observations |',
    '|---|---|---:|---:|---|---|---:|---:|',
  ];
  for (const r of results) {
    const sent = r.sentSize === undefined ? '' : ` (sent zipped: ${formatBytes(r.sentSize)})`;
    const size = r.size === undefined ? '' : `${formatBytes(r.size)}${sent}`;
    const observations = observationsProcessed(r.logs)?.toLocaleString('en-US') ?? '';
    lines.push(`| ${ICONS[r.verdict]} | ${cell(r.file)} | ${size} | ${r.requestId ?? ''} | ${cell(r.executionStatus ?? (r.requestId === undefined ? 'not registered' : ''))} | ${cell(r.outcome)} | ${duration(r.durationMs)} | ${observations} |`);
  }
  for (const r of results) {
    if (r.logs.length === 0 && !r.error) continue;
    lines.push('', `<details><summary>${htmlText(r.file)}${r.requestId === undefined ? '' : ` — request ${r.requestId}`}</summary>`, '');
    if (r.error) lines.push(`**${cell(r.error.split('\n')[0])}**`, '');
    for (const log of r.logs) lines.push(`- ${log.level ? `${code(log.level)} ` : ''}${cell(log.message)}`);
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}
