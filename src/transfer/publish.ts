/**
 * The Transfer part of the job: register every file (each one is its own request, and a failure
 * of one does not stop the others), then follow all of them to their outcome.
 *
 * Files are uploaded by a bounded pool (upload-concurrency at once, taken in the files' order);
 * each upload is registerOne(), and its result is kept at its file's place, so the results and
 * the reports keep the order of the files whatever order the uploads end in. So do the log lines:
 * each file's lines are held until the files before it are done, and the first file not done
 * logs as it goes (as GNU parallel's --keep-order), so the log reads as if the uploads were made
 * one after another, and the error annotations go to the first files. Zipping, which uses
 * every core on its own (./zip.ts), is done for one file at a time while the others upload.
 */
import { DotstatError, TransferError } from '../errors.js';
import type { Logger } from '../platform/types.js';
import { ANNOTATIONS_PER_KIND } from '../platform/limits.js';
import type { LogStats, RequestStatus, TransferLog } from './status.js';
import { verdictOf, explainFailure, type Verdict } from './outcome.js';
import { howToCheck, waitForAll, type PollContext, type Tracked } from './poll.js';
import type { TransferConfig } from './settings.js';
import { register, sourceName, type UploadContext, type UploadProgress, type UploadSource } from './upload.js';
import { formatBytes } from '../text.js';
import { shouldZip, zipToTemp, type ZippedFile } from './compress.js';
import type { ProgressReporter } from '../report/progress.js';
import { inOrder } from './in-order.js';
import { withProgress, type RequestTiming } from './timing.js';

export interface RequestResult {
  readonly file: string;
  readonly size?: number;
  /** Bytes sent, when the file was zipped before sending. */
  readonly sentSize?: number;
  readonly requestId?: number;
  readonly executionStatus?: string;
  readonly outcome?: string;
  readonly executionStart?: string;
  readonly executionEnd?: string;
  /** The kept lines of the Transfer log (the first and last of each level). */
  readonly logs: readonly TransferLog[];
  /** Counts of the whole log; absent when no status was read. */
  readonly logStats?: LogStats;
  /** The file holding the whole log, redacted. */
  readonly logFile?: string;
  readonly verdict: Verdict;
  /** Why it failed (or why its outcome is not known), as a person reads it. */
  readonly error?: string;
  /** From registration to the moment the terminal state was seen. */
  readonly durationMs?: number;
  /** Where the time went, on this job's clock. */
  readonly timing?: RequestTiming;
}

export interface PublishContext extends PollContext, UploadContext {
  /** Called once all requests are registered, before waiting: their ids must not be lost. */
  readonly onRegistered: (ids: readonly number[]) => void;
  /** Where a file is zipped before it is sent. */
  readonly tempDir: string;
  /** Shows the progress of zips and uploads. */
  readonly progress?: ProgressReporter;
}

export interface PublishResult {
  readonly results: readonly RequestResult[];
  /** Waiting stopped early (wait-timeout or cancellation): reported after the results. */
  readonly stopped?: DotstatError;
}

interface Entry {
  readonly source: UploadSource;
  /** Bytes sent when the file was zipped first. */
  readonly sentSize?: number;
  readonly tracked?: Tracked & { readonly registeredAt: number };
  readonly error?: DotstatError;
  readonly timing: RequestTiming;
}

/**
 * The uploads and polls of all files together raise at most this many error annotations: GitHub
 * shows ten per step, and the step's own failure needs the last one. Past it, the same words are
 * plain log lines.
 */
export const MAX_ERROR_ANNOTATIONS = ANNOTATIONS_PER_KIND - 1;

function cappedErrors(log: Logger, max: number): Logger {
  let left = max;
  return { ...log, error: (message, annotation) => (left-- > 0 ? log.error(message, annotation) : log.info(`Error: ${message}`)) };
}

export async function publish(config: TransferConfig, sources: readonly UploadSource[], given: PublishContext): Promise<PublishResult> {
  const ctx: PublishContext = { ...given, log: cappedErrors(given.log, MAX_ERROR_ANNOTATIONS) };
  const { entries, stopped: cancelled } = await uploadAll(config, sources, ctx);
  let stopped = cancelled;
  const tracked = entries.flatMap((e) => (e.tracked ? [e.tracked] : []));
  ctx.onRegistered(tracked.map((t) => t.requestId));
  if (!stopped && config.wait && tracked.length > 0) {
    ctx.log.info(`Waiting for ${tracked.length === 1 ? 'the request' : `${tracked.length} requests`} to finish (at most ${config.waitTimeoutMs / 1000} s)…`);
    try {
      await waitForAll(tracked, config, ctx);
    } catch (error) {
      if (!(error instanceof TransferError) || (error.code !== 'WAIT_TIMEOUT' && error.code !== 'CANCELLED')) throw error;
      stopped = error;
    }
  }
  return { results: entries.map((entry) => resultOf(entry, config)), stopped };
}

/**
 * Runs registerOne() for every source, at most config.uploadConcurrency at once, starting them in
 * the files' order; returns one entry per source, in that order. On cancellation no more start:
 * the uploads under way end as they end (registered, or interrupted), the rest are not uploaded.
 * An unexpected error (a bug, not a DotstatError) stops the pool too and is thrown once the uploads
 * under way have ended.
 */
async function uploadAll(config: TransferConfig, sources: readonly UploadSource[], ctx: PublishContext): Promise<{ entries: Entry[]; stopped?: DotstatError }> {
  const entries: (Entry | undefined)[] = new Array<Entry | undefined>(sources.length).fill(undefined);
  const interrupted = new Set<number>();
  const zipOneAtATime = lock();
  const logs = inOrder(ctx.log, sources.length);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const aborted = () => ctx.retry.signal?.aborted === true;
  const worker = async () => {
    while (next < sources.length && !failure && !aborted() && interrupted.size === 0) {
      const index = next++;
      try {
        entries[index] = await registerOne(sources[index] as UploadSource, config, { ...ctx, log: logs.of(index) }, zipOneAtATime);
      } catch (error) {
        // A file whose zip or upload had not begun is simply not uploaded (left undefined).
        if (error instanceof NotStarted) continue;
        if (aborted()) interrupted.add(index);
        else failure ??= { error };
      } finally {
        logs.done(index);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(config.uploadConcurrency, sources.length)) }, worker));
  logs.flush();
  if (failure) throw failure.error;
  if (interrupted.size === 0 && entries.every((entry) => entry !== undefined)) return { entries: entries as Entry[] };
  // Cancelled mid-upload: the requests already registered must not be lost with the job.
  const done = entries.flatMap((entry) => (entry ? [entry] : []));
  const cut = sources.filter((_, index) => interrupted.has(index));
  const rest = sources.filter((_, index) => !entries[index] && !interrupted.has(index));
  const stopped = cancelledUploading(done, cut, rest, config);
  return {
    stopped,
    entries: sources.map(
      (source, index) =>
        entries[index] ??
        (interrupted.has(index)
          ? {
              source,
              timing: {},
              error: new TransferError(
                'CANCELLED',
                `The upload of ${sourceName(source)} was interrupted by the cancellation; the Transfer service may have registered it.`,
              ),
            }
          : { source, timing: {}, error: new TransferError('CANCELLED', 'Not uploaded: the job was cancelled.') }),
    ),
  };
}

/** Cancelled before this file's zip or upload began: nothing of it reached the service. */
class NotStarted extends Error {}

/** A queue of one: run() calls its task once the one before has ended. */
function lock(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = last.then(task, task);
    last = run.catch(() => undefined);
    return run;
  };
}

async function registerOne(
  source: UploadSource,
  config: TransferConfig,
  ctx: PublishContext,
  oneAtATime: <T>(task: () => Promise<T>) => Promise<T>,
): Promise<Entry> {
  const name = sourceName(source);
  const size = 'file' in source ? ` (${formatBytes(source.file.size)})` : '';
  ctx.log.info(`${config.validateOnly ? 'Validating' : 'Uploading'} ${name}${size} to data space ${config.dataspace}…`);
  let zipped: ZippedFile | undefined;
  const timing: { -readonly [K in keyof RequestTiming]: RequestTiming[K] } = {};
  try {
    if ('file' in source && shouldZip(source.file, config.compress, config.compressThresholdBytes)) {
      const file = source.file;
      zipped = await oneAtATime(async () => {
        // Cancelled while waiting for the zip before: this one is not zipped at all.
        if (ctx.retry.signal?.aborted) throw new NotStarted();
        // Timed from the zip's own start: waiting for the one before is not zipping.
        timing.zipStartedAt = Date.now();
        const result = await withProgress(ctx.progress, 'zip', name, (onProgress) => zipToTemp(file, ctx.tempDir, onProgress));
        timing.zipEndedAt = Date.now();
        return result;
      });
      const ratio = (source.file.size / Math.max(1, zipped.size)).toFixed(1);
      ctx.log.info(`Zipped ${name}: ${formatBytes(source.file.size)} → ${formatBytes(zipped.size)} (${ratio}×).`);
    }
    const sent: UploadSource = zipped ? { file: zipped } : source;
    if (ctx.retry.signal?.aborted) throw new NotStarted();
    timing.uploadStartedAt = Date.now();
    // The closing "Uploaded" line is this file's own: it keeps the files' order with the others.
    const { requestId, message } = await withProgress(
      ctx.progress,
      'upload',
      name,
      (onProgress) => registerRenewing(sent, config, ctx, onProgress),
      (text) => ctx.log.info(text),
    );
    timing.uploadEndedAt = Date.now();
    ctx.log.info(`Request ${requestId} registered for ${name}${message ? `: ${message}` : ''}`);
    return { source, sentSize: zipped?.size, timing, tracked: { requestId, name, registeredAt: timing.uploadEndedAt } };
  } catch (error) {
    if (ctx.retry.signal?.aborted || !(error instanceof DotstatError)) throw error;
    ctx.log.error(error.describe(), { title: `Upload failed: ${name}` });
    if (timing.uploadStartedAt !== undefined) timing.uploadEndedAt = Date.now();
    return { source, sentSize: zipped?.size, timing, error };
  } finally {
    await zipped?.cleanup();
  }
}

/** One upload, through the session's one renewal rule: a 401 (before the file is sent: see Expect in ../http/client.ts) gets one renewal. */
function registerRenewing(source: UploadSource, config: TransferConfig, ctx: PublishContext, onProgress?: UploadProgress) {
  const refused = (outcome: unknown) => outcome instanceof TransferError && outcome.code === 'UNAUTHORIZED';
  return ctx.auth.withToken(`by the upload of ${sourceName(source)}`, (token) => register(source, config, ctx, token, onProgress), refused);
}

function cancelledUploading(done: readonly Entry[], cut: readonly UploadSource[], rest: readonly UploadSource[], config: TransferConfig): TransferError {
  const registered = done.flatMap((e) => (e.tracked ? [e.tracked] : []));
  const list = registered.map((t) => `${t.requestId} (${t.name})`).join(', ');
  const parts = [
    registered.length > 0
      ? `Cancelled while uploading. Requests already registered on the Transfer service: ${list}.`
      : 'Cancelled while uploading, before any request was registered.',
  ];
  if (cut.length > 0)
    parts.push(`The upload of ${cut.map(sourceName).join(', ')} was interrupted (the service may have registered ${cut.length === 1 ? 'it' : 'them'}).`);
  if (rest.length > 0) parts.push(`Not uploaded: ${rest.map(sourceName).join(', ')}.`);
  const hint =
    registered.length > 0
      ? `The registered requests go on without this job. ${howToCheck(
          registered.map((t) => t.requestId),
          config,
        )}`
      : undefined;
  return new TransferError('CANCELLED', parts.join(' '), hint);
}

function resultOf(entry: Entry, config: TransferConfig): RequestResult {
  const file = sourceName(entry.source);
  const size = 'file' in entry.source ? entry.source.file.size : undefined;
  const sentSize = entry.sentSize;
  if (entry.error) return { file, size, sentSize, logs: [], verdict: 'failed', error: entry.error.describe(), timing: entry.timing };
  const tracked = entry.tracked as NonNullable<Entry['tracked']>;
  const status: RequestStatus | undefined = tracked.status;
  const timing = { ...entry.timing, startedAt: tracked.startedAt, finishedAt: tracked.finishedAt };
  const base = { file, size, sentSize, requestId: tracked.requestId, logs: status?.logs ?? [], logStats: status?.logStats, logFile: status?.logFile, timing };
  if (tracked.error)
    return {
      ...base,
      ...fields(status),
      verdict: 'failed',
      error: `Request ${tracked.requestId} (${file}): its status could not be read: ${tracked.error.describe()}`,
    };
  if (!config.wait) return { ...base, verdict: 'pending' };
  if (!status) return { ...base, verdict: 'pending', error: 'Not checked before waiting stopped.' };
  const verdict = verdictOf(status);
  const durationMs = tracked.finishedAt ? tracked.finishedAt - tracked.registeredAt : undefined;
  const error = verdict === 'failed' ? `Request ${tracked.requestId} (${file}): ${explainFailure(status)}.` : undefined;
  return { ...base, ...fields(status), verdict, error, durationMs };
}

function fields(status: RequestStatus | undefined) {
  return {
    executionStatus: status?.executionStatus,
    outcome: status?.outcome,
    executionStart: status?.executionStart,
    executionEnd: status?.executionEnd,
  };
}
