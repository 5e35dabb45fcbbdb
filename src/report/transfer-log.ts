/**
 * The Transfer log of each request, in a collapsible group per file; WARN and ERROR lines also
 * become annotations. Every message is server text: sanitised before it is printed, so it cannot
 * forge a workflow command or an annotation.
 */
import type { Logger } from '../platform/types.js';
import { sanitize } from '../text.js';
import type { RequestResult } from '../transfer/publish.js';

export async function printTransferLogs(results: readonly RequestResult[], log: Logger): Promise<void> {
  for (const result of results) {
    if (result.logs.length === 0) continue;
    const title = `Transfer log: ${sanitize(result.file, 200)} (request ${result.requestId}, ${result.executionStatus ?? 'unknown'}${result.outcome ? `/${result.outcome}` : ''})`;
    await log.group(title, async () => {
      for (const entry of result.logs) {
        const level = sanitize(entry.level ?? '', 20).toUpperCase();
        const line = `${entry.date ? `${sanitize(entry.date, 40)} ` : ''}${level ? `[${level}] ` : ''}${sanitize(entry.message, 2000)}`;
        log.info(line);
        const annotation = { title: `Transfer ${level.startsWith('WARN') ? 'warning' : 'error'}: ${sanitize(result.file, 200)}` };
        if (level.startsWith('WARN')) log.warning(sanitize(entry.message, 2000), annotation);
        else if (level.startsWith('ERR') || level === 'FATAL') log.error(sanitize(entry.message, 2000), annotation);
      }
    });
  }
}
