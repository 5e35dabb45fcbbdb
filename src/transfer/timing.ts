/**
 * Where one file's time went, as this job saw it on its own clock: zipping, uploading, and the
 * moments the wait saw it start and finish. The Transfer service's own times (executionStart,
 * executionEnd) are beside them in the result; ../report/phases.ts puts the two together.
 */
import type { ProgressKind, ProgressReporter } from '../report/progress.js';

/** Epoch milliseconds of this job's clock. */
export interface RequestTiming {
  readonly zipStartedAt?: number;
  readonly zipEndedAt?: number;
  readonly uploadStartedAt?: number;
  /** The upload ended: registered, or refused. */
  readonly uploadEndedAt?: number;
  /** A poll first saw it past Queued. */
  readonly startedAt?: number;
  /** A poll saw its terminal state. */
  readonly finishedAt?: number;
}

/** Runs one piece of work, its progress shown by `progress` (when there is one) until it ends, whichever way. */
export async function withProgress<T>(
  progress: ProgressReporter | undefined,
  kind: ProgressKind,
  name: string,
  work: (onProgress?: (done: number, total: number) => void) => Promise<T>,
  say?: (text: string) => void,
): Promise<T> {
  const task = progress?.start(kind, name, say);
  let ok = false;
  try {
    const result = await work(task && ((done, total) => task.update(done, total)));
    ok = true;
    return result;
  } finally {
    // A failed upload must not be said "Uploaded".
    task?.end(!ok);
  }
}
