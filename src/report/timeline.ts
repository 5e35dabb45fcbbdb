/**
 * The job summary's timeline: a Mermaid `gantt` block, which GitHub renders in job summaries, with
 * one bar per phase per file (./phases.ts). Past MAX_TIMELINE_FILES it stays readable: the slowest
 * files get their own rows, the others share one row whose bars span all of theirs, and a line
 * under it says so. Times are the job's clock in epoch milliseconds (`dateFormat x`), and the axis
 * shows clock time in the reader's own time zone.
 * @see https://mermaid.js.org/syntax/gantt.html
 */
import { SECRETS } from '../secrets.js';
import type { RequestResult } from '../transfer/publish.js';
import { phasesOf, type Phase, type PhaseName } from './phases.js';

/** Files with a row of their own, at most (the last row is then the others together). */
export const MAX_TIMELINE_FILES = 12;
const ORDER: readonly PhaseName[] = ['zip', 'upload', 'queued', 'processing'];
/** Mermaid's own tags colour the phases apart: the wait is the service's, the rest this job's. */
const TAGS: Record<PhaseName, string> = { zip: 'done, ', upload: 'done, ', queued: '', processing: 'active, ' };

/**
 * A name in a gantt line: Mermaid reads `:` as the start of a task's data, `#` and `;` as the end
 * of a line, `%%` as a comment; none of them, and no line break, may pass. Redacted first.
 */
function label(text: string, max = 60): string {
  const clean = SECRETS.redact(text)
    // eslint-disable-next-line no-control-regex -- control characters end or break a gantt line
    .replace(/[\u0000-\u001f\u007f-\u009f:;#%<>{}"`\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
  return cut || 'file';
}

/** The timeline as Markdown lines (a fenced block and its note), or none for fewer than two files. */
export function timelineMarkdown(results: readonly RequestResult[]): string[] {
  const rows = results.map((r) => ({ r, phases: phasesOf(r) })).filter((row) => row.phases.length > 0);
  if (rows.length < 2) return [];
  const span = (phases: readonly Phase[]) => Math.max(...phases.map((p) => p.end)) - Math.min(...phases.map((p) => p.start));
  let shown = rows;
  let rest: typeof rows = [];
  if (rows.length > MAX_TIMELINE_FILES) {
    const slowest = new Set([...rows].sort((a, b) => span(b.phases) - span(a.phases)).slice(0, MAX_TIMELINE_FILES - 1));
    shown = rows.filter((row) => slowest.has(row));
    rest = rows.filter((row) => !slowest.has(row));
  }
  // Compact: a file's phases follow each other, so they share its one row; the names get room.
  const config = ['---', 'config:', '  gantt:', '    displayMode: compact', '    leftPadding: 200', '---'];
  const lines = ['', '```mermaid', ...config, 'gantt', '  title Where the time went', '  dateFormat x', '  axisFormat %H:%M:%S', '  todayMarker off'];
  for (const { r, phases } of shown) {
    lines.push(`  section ${label(r.requestId === undefined ? r.file : `${r.file} (${r.requestId})`)}`);
    for (const phase of phases) lines.push(bar(phase));
  }
  if (rest.length > 0) {
    lines.push(`  section ${rest.length} other files`);
    for (const name of ORDER) {
      const of = rest.flatMap((row) => row.phases.filter((p) => p.name === name));
      if (of.length) lines.push(bar({ name, start: Math.min(...of.map((p) => p.start)), end: Math.max(...of.map((p) => p.end)) }));
    }
  }
  lines.push('```');
  if (rest.length > 0)
    lines.push(
      '',
      `_The timeline shows the ${shown.length} slowest of ${rows.length} files; the other ${rest.length} share the last row, each bar spanning all of theirs. The table above lists every file._`,
    );
  return lines;
}

/** One bar; a phase shorter than a millisecond still gets one, so that Mermaid draws it. */
function bar(phase: Phase): string {
  const start = Math.round(phase.start);
  return `  ${phase.name} :${TAGS[phase.name]}${start}, ${Math.max(start + 1, Math.round(phase.end))}`;
}
