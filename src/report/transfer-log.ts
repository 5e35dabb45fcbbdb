/**
 * The Transfer log of each request, in a collapsible group per file; WARN and ERROR lines also
 * become annotations. Every message is server text: sanitised before it is printed, so it cannot
 * forge a workflow command or an annotation.
 */
import type { Logger } from '../platform/types.js';
import { sanitize } from '../text.js';
import type { RequestResult } from '../transfer/publish.js';

/**
 * Annotations of one kind per request. GitHub shows at most ten of each kind per step; a log of
 * thousands of ERROR lines would otherwise bury the step's own failure under them.
 */
export const MAX_ANNOTATIONS = 10;

export async function printTransferLogs(results: readonly RequestResult[], log: Logger): Promise<void> {
  for (const result of results) {
    if (result.logs.length === 0) continue;
    const title = `Transfer log: ${sanitize(result.file, 200)} (request ${result.requestId}, ${result.executionStatus ?? 'unknown'}${result.outcome ? `/${result.outcome}` : ''})`;
    await log.group(title, async () => {
      const count = { warning: 0, error: 0 };
      for (const entry of result.logs) {
        const level = sanitize(entry.level ?? '', 20).toUpperCase();
        const message = sanitize(entry.message, 2000);
        log.info(`${entry.date ? `${sanitize(entry.date, 40)} ` : ''}${level ? `[${level}] ` : ''}${message}`);
        const kind = level.startsWith('WARN') ? 'warning' : level.startsWith('ERR') || level === 'FATAL' ? 'error' : undefined;
        if (!kind || ++count[kind] > MAX_ANNOTATIONS) continue;
        log[kind](message, { title: `Transfer ${kind}: ${sanitize(result.file, 200)}` });
      }
      for (const kind of ['warning', 'error'] as const) {
        const more = count[kind] - MAX_ANNOTATIONS;
        if (more > 0) log.info(`(${more} more ${kind === 'warning' ? 'WARN' : 'ERROR'} lines of this log are not repeated as annotations.)`);
      }
    });
  }
}
