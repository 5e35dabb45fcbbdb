/**
 * The Transfer log of each request, in a collapsible group per file: its first lines (at most
 * MAX_PRINTED_LINES), a note of how many are left out and where the full log is. WARN and ERROR
 * lines also become annotations, within GitHub's ten of each kind for the whole step, shared among
 * the files. Every message is server text: sanitised before it is printed, so it cannot forge a
 * workflow command or an annotation.
 */
import type { Logger } from '../platform/types.js';
import { sanitize } from '../text.js';
import type { RequestResult } from '../transfer/publish.js';
import type { TransferLog } from '../transfer/status.js';
import { ANNOTATIONS_PER_KIND, fairShares } from './budget.js';
import { formatCount, gapBefore, leftOutNote, statsOf } from './log-excerpt.js';

/** Annotations of one kind per step (GitHub shows no more): the logs share what the step's own leave. */
export const MAX_ANNOTATIONS = ANNOTATIONS_PER_KIND;
/** Lines of one request's log printed in its group, at most. */
export const MAX_PRINTED_LINES = 100;

type Kind = 'warning' | 'error';

function kindOf(log: TransferLog): Kind | undefined {
  const level = sanitize(log.level ?? '', 20).toUpperCase();
  if (level.startsWith('WARN')) return 'warning';
  return level.startsWith('ERR') || level === 'FATAL' ? 'error' : undefined;
}

/**
 * What the step itself annotates besides the logs: one error when it fails, one for each file
 * whose upload or status failed (said as it happened), and one warning per import that warned.
 */
function reserved(results: readonly RequestResult[]): Record<Kind, number> {
  const failed = results.filter((r) => r.verdict === 'failed');
  const announced = failed.filter((r) => r.requestId === undefined || r.error?.includes('its status could not be read'));
  return { error: (failed.length > 0 ? 1 : 0) + announced.length, warning: Math.min(MAX_ANNOTATIONS, results.filter((r) => r.verdict === 'warning').length) };
}

/** Annotations each result may raise from its log, per kind: the step's budget shared fairly. */
function allowances(results: readonly RequestResult[]): Record<Kind, number[]> {
  const taken = reserved(results);
  const share = (kind: Kind) =>
    fairShares(
      results.map((r) => r.logs.filter((log) => kindOf(log) === kind).length),
      MAX_ANNOTATIONS - taken[kind],
    );
  return { warning: share('warning'), error: share('error') };
}

export async function printTransferLogs(results: readonly RequestResult[], log: Logger): Promise<void> {
  const allowed = allowances(results);
  for (const [i, result] of results.entries()) {
    const stats = statsOf(result);
    if (stats.total === 0 && !stats.cut) continue;
    const title = `Transfer log: ${sanitize(result.file, 200)} (request ${result.requestId}, ${result.executionStatus ?? 'unknown'}${result.outcome ? `/${result.outcome}` : ''})`;
    await log.group(title, async () => printOne(result, log, { warning: allowed.warning[i] ?? 0, error: allowed.error[i] ?? 0 }));
  }
}

function printOne(result: RequestResult, log: Logger, allowed: Record<Kind, number>): void {
  const annotated = { warning: 0, error: 0 };
  const printed = result.logs.slice(0, MAX_PRINTED_LINES);
  printed.forEach((entry, i) => {
    const gap = gapBefore(entry, printed[i - 1]);
    if (gap > 0) log.info(`… ${formatCount(gap)} lines not printed …`);
    const level = sanitize(entry.level ?? '', 20).toUpperCase();
    const message = sanitize(entry.message, 2000);
    log.info(`${entry.date ? `${sanitize(entry.date, 40)} ` : ''}${level ? `[${level}] ` : ''}${message}`);
    const kind = kindOf(entry);
    if (!kind || annotated[kind] >= allowed[kind]) return;
    annotated[kind] += 1;
    log[kind](message, { title: `Transfer ${kind}: ${sanitize(result.file, 200)}` });
  });
  const note = leftOutNote(result, printed.length);
  if (note) log.info(`(${note})`);
  const stats = statsOf(result);
  for (const kind of ['warning', 'error'] as const) {
    const label = kind === 'warning' ? 'WARN' : 'ERROR';
    const lines = Object.entries(stats.levels).reduce((sum, [level, count]) => sum + (kindOf({ level, message: '' }) === kind ? count : 0), 0);
    const more = lines - annotated[kind];
    if (more > 0)
      log.info(`(${formatCount(more)} ${label} lines of this log are not repeated as annotations: GitHub shows ${MAX_ANNOTATIONS} of each kind per step.)`);
  }
}
